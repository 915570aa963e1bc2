# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .test_capa import CapaCommon


@tagged("post_install", "-at_install")
class TestScarPortal(HttpCase, CapaCommon):
    """A supplier corrective action request goes to the vendor by email and is answered on
    the portal, in a real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor.email = "quality@vendor.example.com"
        cls.vendor_user = new_test_user(
            cls.env,
            login="qms_vendor_portal",
            groups="base.group_portal",
            name="Vera Vendor",
        )
        cls.vendor_user.partner_id.parent_id = cls.vendor
        cls.other_vendor = cls.env["res.partner"].create(
            {"name": "Other Mould Co", "is_company": True}
        )
        cls.other_user = new_test_user(
            cls.env, login="qms_other_portal", groups="base.group_portal"
        )
        cls.other_user.partner_id.parent_id = cls.other_vendor

    def _scar(self, partner=None, title="Cracked housings"):
        return self._capa(
            capa_type="scar",
            title=title,
            partner_id=(partner or self.vendor).id,
            problem_what="Housings crack at the screw boss",
            problem_how_many="12 of 400",
        )

    def test_the_vendor_answers_its_request_on_the_portal(self):
        scar = self._scar()
        self._scar(self.other_vendor, title="Scratched covers")
        scar.with_user(self.owner).action_send_scar()
        self.assertTrue(scar.date_scar_sent)
        message = scar.message_ids.filtered(
            lambda m: "corrective action request" in (m.subject or "")
        )
        self.assertEqual(message.partner_ids, self.vendor, "the email goes to the vendor")
        self.assertIn("/my/scar/%s" % scar.id, str(message.body))
        self.assertIn("access_token=", str(message.body))

        self.start_tour("/my/scars", "qms_scar_portal", login="qms_vendor_portal")

        self.assertEqual(scar.root_cause, "Heater of mould 3 failed without alarm")
        self.assertEqual(scar.root_cause_category, "machine")
        self.assertEqual(scar.why_1, "Mould temperature too low")
        self.assertEqual(scar.supplier_containment, "Stock at our site sorted, 2 lots blocked")
        self.assertEqual(scar.supplier_corrective, "Heater replaced, temperature alarm added")
        self.assertTrue(scar.date_supplier_answer)
        self.assertIn(scar.user_id, scar.activity_ids.user_id)

    def test_a_vendor_sees_only_its_own_requests(self):
        scar = self._scar()
        other = self._scar(self.other_vendor, title="Scratched covers")
        Capa = self.env["qms.capa"]
        self.assertEqual(Capa.with_user(self.vendor_user).search([]), scar)
        self.assertEqual(Capa.with_user(self.other_user).search([]), other)
        with self.assertRaises(AccessError):
            scar.with_user(self.other_user).read(["title"])
        with self.assertRaises(AccessError):
            scar.with_user(self.vendor_user).write({"root_cause": "forged"})
        # Over HTTP, another vendor's request isn't shown: back to the portal home.
        self.authenticate("qms_other_portal", "qms_other_portal")
        response = self.url_open("/my/scar/%s" % scar.id)
        self.assertNotIn("Cracked housings", response.text)
        self.assertTrue(response.url.endswith("/my"))
        # A corrective (not supplier) CAPA is not on the portal at all.
        internal = self._capa(partner_id=self.vendor.id)
        self.assertNotIn(internal, Capa.with_user(self.vendor_user).search([]))

    def test_an_answer_without_root_cause_is_refused(self):
        scar = self._scar()
        with self.assertRefused(UserError, "Give the root cause"):
            scar.sudo()._qms_supplier_answer({"root_cause": "  "}, [], self.vendor_user.partner_id)
        self.assertFalse(scar.date_supplier_answer)
