# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SupplierCommon


@tagged("post_install", "-at_install")
class TestCertificates(SupplierCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point.certificate_required = True
        cls.today = fields.Date.today()

    def _certificate(self, days_left, **values):
        return self.env["qms.supplier.certificate"].create(
            {
                "name": "EN 10204 3.1",
                "partner_id": self.vendor.id,
                "certificate_type": "material",
                "date_expiry": self.today + timedelta(days=days_left),
                **values,
            }
        )

    def _inspection(self):
        order = self._purchase([(self.product_lot, 5)])
        return self._receive(order, {self.product_lot: {"LOT-C": 5}}).qms_inspection_ids

    def test_acceptance_waits_for_a_valid_certificate(self):
        inspection = self._inspection()
        self._record(inspection)
        with self.assertRaisesRegex(UserError, "requires a valid supplier certificate"):
            inspection.with_user(self.inspector).action_done()
        inspection.certificate_ids = self._certificate(-1)
        with self.assertRaisesRegex(UserError, "requires a valid supplier certificate"):
            inspection.with_user(self.inspector).action_done()
        self.assertEqual(inspection.state, "todo")
        inspection.certificate_ids = self._certificate(200)
        inspection.with_user(self.inspector).action_done()
        self.assertEqual(inspection.decision, "accept")
        self.assertEqual(inspection.lot_id.qms_state, "released")

    def test_rejection_needs_no_certificate_but_a_concession_does(self):
        inspection = self._reject(self._inspection())
        self.assertEqual(inspection.decision, "reject")
        with self.assertRaisesRegex(UserError, "requires a valid supplier certificate"):
            inspection.with_user(self.manager).action_concession(
                "Deviation approved", password=self._pw(self.manager)
            )

    def test_states_and_expiry_activity_scheduled_once(self):
        expiring = self._certificate(10, user_id=self.buyer.id)
        later = self._certificate(200)
        expired = self._certificate(-3)
        self.assertEqual(
            (expiring.state, later.state, expired.state), ("expiring", "valid", "expired")
        )
        Certificate = self.env["qms.supplier.certificate"]
        self.assertEqual(Certificate.search([("state", "=", "expiring")]), expiring)
        Certificate._cron_schedule_expiry_activities()
        Certificate._cron_schedule_expiry_activities()
        self.assertEqual(len(expiring.activity_ids), 1)
        self.assertEqual(expiring.activity_ids.user_id, self.buyer)
        self.assertEqual(expiring.activity_ids.date_deadline, expiring.date_expiry)
        self.assertFalse(later.activity_ids | expired.activity_ids)
