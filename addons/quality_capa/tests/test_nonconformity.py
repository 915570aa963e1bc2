# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.quality_core.tests.common import QmsCommon
from odoo.addons.quality_supplier.tests.common import SupplierCommon


class NonconformityCommon(QmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_lot.standard_price = 4.0
        cls.point = cls._control_point(cls.type_in)
        cls.scrap_location = cls.env["stock.location"].search(
            [("scrap_location", "=", True), ("company_id", "in", (cls.company.id, False))],
            limit=1,
        )

    def _rejected(self, lot_name="NC-LOT", qty=100):
        receipt = self._receipt([(self.product_lot, {lot_name: qty})])
        return self._decide(receipt.qms_inspection_ids, self.inspector, value=10.5)

    def _apply(self, ncr, user=None):
        user = user or self.manager
        return ncr.with_user(user).action_apply_disposition(password=self._pw(user))


@tagged("post_install", "-at_install")
class TestNonconformity(NonconformityCommon):
    def test_a_rejected_inspection_opens_its_nonconformity(self):
        inspection = self._rejected()
        ncr = inspection.nonconformity_ids
        self.assertEqual(len(ncr), 1, "the shipped automation rule opened one NCR")
        self.assertRegex(ncr.name, r"^NC/\d{4}/\d{5}$")
        self.assertEqual(
            (ncr.state, ncr.origin, ncr.product_id, ncr.lot_id, ncr.qty, ncr.partner_id),
            ("open", "inspection", self.product_lot, inspection.lot_id, 100, self.vendor),
        )
        self.assertEqual(ncr.picking_id, inspection.picking_id)
        self.assertIn("Diameter", ncr.description)
        # Asking again gives the same nonconformity, and the lot shows it.
        self.assertEqual(inspection.action_qms_create_nonconformity(), ncr.ids)
        self.assertEqual(inspection.lot_id.qms_nonconformity_count, 1)
        self.assertEqual(inspection.picking_id.qms_nonconformity_count, 1)
        self.assertEqual(self.vendor.qms_nonconformity_count, 1)
        # A passed inspection opens none.
        passed = self._decide(
            self._receipt([(self.product_lot, {"NC-OK": 5})]).qms_inspection_ids, self.inspector
        )
        self.assertFalse(passed.nonconformity_ids)

    def test_scrap_validates_odoos_scrap_order_of_the_lot(self):
        inspection = self._rejected()
        ncr = inspection.nonconformity_ids
        self.assertFalse(ncr.disposition_pending, "nothing to apply before a disposition")
        ncr.write({"disposition": "scrap", "disposition_note": "Cracks through"})
        self.assertTrue(ncr.disposition_pending)
        result = self._apply(ncr)
        self.assertFalse(ncr.disposition_pending, "Apply Dispositions has nothing left to do")
        scrap = self.env["stock.scrap"].browse(result["id"])
        self.assertEqual(result["model"], "stock.scrap")
        self.assertEqual(
            (scrap.state, scrap.product_id, scrap.lot_id, scrap.scrap_qty, scrap.origin),
            ("done", self.product_lot, inspection.lot_id, 100, ncr.name),
        )
        self.assertEqual(self._on_hand(self.product_lot, self.stock, inspection.lot_id), 0)
        self.assertEqual(
            self._on_hand(self.product_lot, scrap.scrap_location_id, inspection.lot_id), 100
        )
        self.assertEqual((ncr.cost_scrap, ncr.cost), (400.0, 400.0))
        self.assertEqual(ncr.disposition_line_ids.state, "done")
        self.assertEqual(ncr.scrap_count, 1)
        signature = ncr.qms_signature_ids
        self.assertEqual((signature.user_id, signature.reason), (self.manager, "Cracks through"))
        self.assertIn('"disposition_signature_text":"Scrap 100.0"', signature.content)
        ncr.with_user(self.manager).action_close()
        self.assertEqual(ncr.state, "closed")

    def test_partial_dispositions_scrap_part_and_rework_the_rest(self):
        inspection = self._rejected()
        lot = inspection.lot_id
        ncr = inspection.nonconformity_ids
        ncr.disposition_line_ids = [
            (0, 0, {"disposition": "scrap", "qty": 20}),
            (0, 0, {"disposition": "rework", "qty": 80}),
        ]
        result = self._apply(ncr)
        self.assertEqual(
            [(d["model"]) for d in result["documents"]], ["stock.scrap", "mrp.production"]
        )
        self.assertEqual(self._on_hand(self.product_lot, self.stock, lot), 80)
        rework = self.env["mrp.production"].browse(result["documents"][1]["id"])
        self.assertEqual(
            (rework.state, rework.product_id, rework.product_qty, rework.qms_nonconformity_id),
            ("confirmed", self.product_lot, 80, ncr),
        )
        self.assertEqual(rework.lot_producing_id, lot)
        self.assertEqual(rework.move_raw_ids.move_line_ids.lot_id, lot)
        self.assertEqual(lot.qms_state, "blocked", "the lot stays held while it is reworked")
        with self.assertRefused(UserError, "dispositions are not done"):
            ncr.with_user(self.manager).action_close()

        # The rework order is done: the lot is inspected again before release.
        self.assertIs(rework.button_mark_done(), True)
        self.assertEqual(rework.state, "done")
        self.assertEqual(self._on_hand(self.product_lot, self.stock, lot), 80)
        line = ncr.disposition_line_ids.filtered(lambda d: d.disposition == "rework")
        self.assertEqual(line.state, "done")
        self.assertEqual(inspection.state, "cancel")
        again = inspection.reinspection_id
        self.assertEqual((again.state, again.lot_id), ("todo", lot))
        self.assertEqual(lot.qms_state, "blocked", "held until the new inspection passes")
        self._decide(again, self.inspector)
        self.assertEqual(lot.qms_state, "released")
        self.assertEqual(ncr.cost_scrap, 80.0)
        ncr.with_user(self.manager).action_close()
        self.assertEqual(ncr.state, "closed")

    def test_use_as_is_is_a_signed_concession(self):
        inspection = self._rejected()
        ncr = inspection.nonconformity_ids
        ncr.write({"disposition": "use_as_is", "disposition_note": "Customer deviation 12"})
        result = self._apply(ncr)
        self.assertEqual(result, {"model": "qms.inspection", "id": inspection.id, "documents": [
            {"model": "qms.inspection", "id": inspection.id}
        ]})  # fmt: skip
        self.assertEqual(inspection.decision, "concession")
        self.assertIn("Customer deviation 12", inspection.concession_reason)
        self.assertEqual(inspection.lot_id.qms_state, "released")
        self.assertEqual(len(inspection.qms_signature_ids), 1)
        self.assertEqual(len(ncr.qms_signature_ids), 1)

    def test_the_signature_dialog_applies_the_dispositions(self):
        ncr = self._rejected().nonconformity_ids
        ncr.disposition = "scrap"
        action = ncr.with_user(self.manager).action_open_disposition_wizard()
        wizard_form = Form.from_action(self.env(user=self.manager), action)
        self.assertIn("Scrap 100.0", wizard_form.summary)
        wizard_form.password = "wrong"
        wizard = wizard_form.save()
        with (
            mute_logger("odoo.addons.base.models.res_users"),
            self.assertRefused(AccessError, "Signature refused"),
        ):
            wizard.action_sign()
        self.assertFalse(self.env["stock.scrap"].search([("origin", "=", ncr.name)]))
        self.assertFalse(ncr.disposition_line_ids)
        wizard.password = self._pw(self.manager)
        wizard.action_sign()
        self.assertEqual(ncr.scrap_count, 1)
        # The dialog runs the signed actions only, not any method a caller names.
        forged = (
            self.env["qms.signature.wizard"]
            .with_user(self.manager)
            .create({"res_model": "qms.nonconformity", "res_ids": ncr.ids, "method": "unlink"})
        )
        with self.assertRefused(UserError, "is not an action signed from this dialog"):
            forged.action_sign()


@tagged("post_install", "-at_install")
class TestNonconformityRefusals(NonconformityCommon):
    def test_only_a_quality_manager_applies_dispositions_and_signs(self):
        ncr = self._rejected().nonconformity_ids
        ncr.disposition = "scrap"
        with self.assertRefused(AccessError, "Only a Quality Manager can approve the disposit"):
            self._apply(ncr, self.inspector)
        for password, exception in ((None, UserError), ("guess", AccessError)):
            with (
                self.subTest(password=password),
                mute_logger("odoo.addons.base.models.res_users"),
                self.assertRefused(exception, "sign electronically|Signature refused"),
            ):
                ncr.with_user(self.manager).action_apply_disposition(password=password)
        self.assertFalse(self.env["stock.scrap"].search([("origin", "=", ncr.name)]))
        self.assertFalse(ncr.disposition_line_ids)
        self.assertFalse(ncr.qms_signature_ids)
        self.assertEqual(self._on_hand(self.product_lot, self.stock, ncr.lot_id), 100)

    def test_dispositions_cannot_cover_more_than_the_nonconforming_quantity(self):
        ncr = self._rejected().nonconformity_ids
        ncr.disposition_line_ids = [
            (0, 0, {"disposition": "scrap", "qty": 60}),
            (0, 0, {"disposition": "rework", "qty": 50}),
        ]
        with self.assertRefused(UserError, r"cover 110.0 .* more than the 100.0"):
            self._apply(ncr)
        with self.assertRefused(ValidationError, "positive quantity"):
            ncr.disposition_line_ids[0].qty = -1
        self.assertFalse(self.env["stock.scrap"].search([("origin", "=", ncr.name)]))

    def test_state_costs_and_applied_dispositions_change_only_through_the_actions(self):
        ncr = self._rejected().nonconformity_ids
        for user in (self.inspector, self.manager):
            with self.subTest(user=user.login):
                for vals in ({"state": "closed"}, {"cost_scrap": 0.0}, {"name": "NC/FAKE"}):
                    with self.assertRefused(UserError, "can't be written directly"):
                        ncr.with_user(user).write(vals)
        ncr.disposition = "scrap"
        self._apply(ncr)
        line = ncr.disposition_line_ids
        with self.assertRefused(UserError, "applied dispositions can't be changed"):
            line.with_user(self.manager).write({"qty": 1})
        with self.assertRefused(UserError, "applied dispositions can't be deleted"):
            line.with_user(self.manager).unlink()
        with self.assertRefused(UserError, "dispositions were applied"):
            ncr.with_user(self.manager).write({"qty": 5})
        with self.assertRefused(UserError, "can't be cancelled"):
            ncr.with_user(self.manager).action_cancel("Duplicate")
        ncr.with_user(self.manager).action_close()
        with self.assertRefused(UserError, "closed or cancelled"):
            ncr.with_user(self.manager).write({"severity": "minor"})
        with self.assertRefused(UserError, "Only draft nonconformities"):
            ncr.with_user(self.manager).unlink()

    def test_a_manual_nonconformity_from_a_lot(self):
        lot = self._lot(self.product_lot, "NC-MANUAL", qty=12)
        action = lot.with_user(self.inspector).action_qms_view_nonconformities()
        ncr_form = Form(self.env["qms.nonconformity"].with_user(self.inspector).with_context(
            **action["context"]
        ))  # fmt: skip
        ncr_form.severity = "minor"
        ncr = ncr_form.save()
        self.assertEqual((ncr.lot_id, ncr.product_id, ncr.qty), (lot, self.product_lot, 12))
        self.assertEqual(ncr.state, "draft")
        ncr.action_confirm()
        ncr.disposition = "scrap"
        with self.assertRefused(ValidationError, "is of QMS Rod, not of QMS Washer"):
            ncr.sudo().write({"product_id": self.product_plain.id})

    def test_another_company_sees_no_nonconformity(self):
        ncr = self._rejected().nonconformity_ids
        other = self.env["res.company"].create({"name": "QMS Other Co"})
        outsider = new_test_user(
            self.env,
            login="qms_nc_outsider",
            groups="quality_core.group_qms_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        NonConformity = self.env["qms.nonconformity"].with_user(outsider)
        self.assertFalse(NonConformity.search([("id", "=", ncr.id)]))
        with self.assertRaises(AccessError):
            ncr.with_user(outsider).read(["name"])


@tagged("post_install", "-at_install")
class TestNonconformityReturn(SupplierCommon):
    """Return to vendor goes through quality_supplier's loop on the rejected receipt."""

    def test_return_disposition_is_the_vendor_return_of_the_rejected_lot(self):
        order = self._purchase([(self.product_lot, 6)])
        receipt = self._receive(order, {self.product_lot: {"NC-PO-1": 6}})
        inspection = self._reject(receipt.qms_inspection_ids)
        ncr = inspection.nonconformity_ids
        self.assertEqual((ncr.partner_id, ncr.qty), (self.vendor, 6))
        ncr.write({"disposition": "return", "disposition_note": "Wrong diameter"})
        result = ncr.with_user(self.manager).action_apply_disposition(
            password=self._pw(self.manager)
        )
        self.assertEqual(result["model"], "stock.picking")
        self.assertEqual(result["id"], inspection.return_picking_id.id)
        returned = self.env["stock.picking"].browse(result["id"])
        self.assertEqual(returned.move_ids.move_line_ids.lot_id, inspection.lot_id)
        self.assertEqual(returned.partner_id, self.vendor)
        self.assertEqual((ncr.return_count, ncr.cost_return), (1, 60.0))
