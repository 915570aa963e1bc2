# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.quality_capa.tests.test_capa import CapaCommon


@tagged("post_install", "-at_install")
class TestScarScorecard(CapaCommon):
    """The vendor's corrective action requests feed its supplier scorecard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor.write({"is_company": True, "email": "quality@vendor.example.com"})
        cls.buyer = new_test_user(
            cls.env, login="qms_scar_buyer", groups="purchase.group_purchase_user"
        )
        cls.today = fields.Date.today()

    def _scar(self, deadline_days, partner=None, capa_type="scar"):
        return self._capa(
            capa_type=capa_type,
            partner_id=(partner or self.vendor).id,
            date_deadline=self.today + timedelta(days=deadline_days),
            problem_what="Housings crack at the screw boss",
            problem_how_many="12 of 400",
        )

    def _close(self, capa, days):
        """Through the 8D steps, then checked and closed (signed) ``days`` from today."""
        self._to(capa, "d8")
        with freeze_time(self.today + timedelta(days=days)):
            capa.with_user(self.manager).action_check_effectiveness("effective", "No repeat")
            capa.action_ids.filtered(lambda a: a.state != "done").with_user(
                self.owner
            ).action_done()
            capa.with_user(self.manager).action_close(password=self._pw(self.manager))
        self.assertEqual(capa.state, "done")

    def _scorecard(self, user, days_to):
        return self.vendor.with_user(user).qms_scorecard(
            fields.Date.to_string(self.today),
            fields.Date.to_string(self.today + timedelta(days=days_to)),
        )

    def test_open_late_and_closed_scars_in_the_scorecard(self):
        on_time, late = self._scar(40), self._scar(10)
        overdue, later = self._scar(-1), self._scar(90)
        on_time.with_user(self.owner).action_send_scar()
        # Not counted: a cancelled request, a corrective action, another vendor's request and
        # another company's.
        self._scar(5).with_user(self.manager).action_cancel("Raised twice")
        self._scar(-1, capa_type="corrective")
        self._scar(-1, partner=self.env["res.partner"].create({"name": "Other Mould Co"}))
        other_company = self.env["res.company"].create({"name": "QMS SCAR Other Co"})
        self.env["qms.capa"].create(
            {
                "title": "Elsewhere",
                "capa_type": "scar",
                "partner_id": self.vendor.id,
                "company_id": other_company.id,
                "date_deadline": self.today - timedelta(days=1),
            }
        )
        self.assertEqual((self.vendor.qms_scar_open_count, self.vendor.qms_scar_late_count), (4, 1))
        self.assertEqual(self.vendor.qms_scar_on_time_rate, 100.0, "none closed yet")
        self._close(on_time, 31)
        self._close(late, 31)

        for user in (self.manager, self.buyer):
            with self.subTest(user=user.login):
                card = self._scorecard(user, 60)
                self.assertEqual(
                    {key: card[key] for key in card if "scar" in key},
                    {
                        "scars_sent": 1,
                        "scars_open": 2,  # overdue and later
                        "scars_late": 1,  # overdue
                        "scars_closed": 2,
                        "scars_closed_on_time": 1,
                        "scar_on_time_rate": 50.0,
                    },
                )
        # At the end of a period before the closures, all four were open, two past deadline.
        card = self._scorecard(self.manager, 20)
        self.assertEqual((card["scars_open"], card["scars_late"]), (4, 2))
        self.assertEqual((card["scars_closed"], card["scar_on_time_rate"]), (0, 100.0))

        with freeze_time(self.today + timedelta(days=61)):
            self.vendor.invalidate_recordset()
            vendor = self.vendor.with_user(self.buyer)
            self.assertEqual((vendor.qms_scar_open_count, vendor.qms_scar_late_count), (2, 1))
            self.assertEqual(vendor.qms_scar_on_time_rate, 50.0)
        self.assertTrue(overdue.state == later.state == "open")
