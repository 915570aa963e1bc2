# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.quality_core.tests.common import audit_pack_evidence

from .common import SupplierCommon


@tagged("post_install", "-at_install")
class TestSupplierAuditPack(SupplierCommon):
    def test_the_pack_holds_the_scorecards_the_approved_suppliers_and_the_certificates(self):
        today = fields.Date.context_today(self.env["qms.audit.pack"])
        order = self._purchase([(self.product_lot, 20)])
        receipt = self._receive(order, {self.product_lot: {"PACK-S1": 15, "PACK-S2": 5}})
        first, second = receipt.qms_inspection_ids.sorted("qty")
        self._reject(first)
        self._decide(second, self.inspector)
        self.env["qms.supplier.approval"].create(
            {
                "partner_id": self.vendor.id,
                "product_tmpl_id": self.product_lot.product_tmpl_id.id,
                "state": "conditional",
                "date_start": today - timedelta(days=30),
                "condition": "100 % inspection until the next audit",
            }
        )
        for name, days_left in (("ISO 9001 certificate", 300), ("Material certificate", -3)):
            self.env["qms.supplier.certificate"].create(
                {
                    "name": name,
                    "partner_id": self.vendor.id,
                    "date_expiry": today + timedelta(days=days_left),
                }
            )
        pack = (
            self.env["qms.audit.pack"]
            .with_user(self.manager)
            .create({"date_from": today.replace(day=1), "date_to": today})
        )
        pack.action_generate()
        section = pack.section_ids.filtered(lambda section: section.clause == "8.4")
        self.assertEqual(section.status, "done")
        self.assertEqual(section.iatf_clause, "8.4.2.4")
        figures = dict(section.figures)
        self.assertEqual(figures["Lots rejected"], "1")
        self.assertEqual(figures["PPM of the period"], "250,000")
        self.assertEqual(figures["Certificates expired at the end of the period"], "1")
        cards = audit_pack_evidence(pack, "supplier", "Scorecards")
        vendor_rows = [row for row in cards[1:] if row[1] == self.vendor.name]
        self.assertEqual(len(vendor_rows), 1)
        self.assertEqual(vendor_rows[0][4:7], [2, 2, 1], "lots received, inspected, rejected")
        approvals = audit_pack_evidence(pack, "supplier", "Approved Suppliers")
        self.assertIn(
            [
                self.vendor.name,
                self.product_lot.name,
                "Conditionally approved",
                approvals[1][3],
                None,
                "100 % inspection until the next audit",
            ],
            approvals[1:],
        )
        certificates = audit_pack_evidence(pack, "supplier", "Certificates")
        self.assertEqual(
            sorted((row[1], row[7]) for row in certificates[1:] if row[0] == self.vendor.name),
            [("ISO 9001 certificate", "Valid"), ("Material certificate", "Expired")],
        )
