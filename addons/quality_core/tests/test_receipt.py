# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QmsCommon


@tagged("post_install", "-at_install")
class TestReceiptInspection(QmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point = cls._control_point(cls.type_in, timing="after")

    def test_two_lots_make_two_inspections_and_hold_both(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5, "LOT-B": 7})])
        inspections = receipt.qms_inspection_ids
        self.assertEqual(len(inspections), 2)
        self.assertEqual(sorted(inspections.lot_id.mapped("name")), ["LOT-A", "LOT-B"])
        self.assertEqual(sorted(inspections.mapped("qty")), [5, 7])
        self.assertEqual(set(inspections.lot_id.mapped("qms_state")), {"pending"})
        self.assertEqual(sorted(inspections.line_ids.mapped("norm")), [0.0, 0.0, 10.0, 10.0])

    def test_pending_lot_is_not_reserved_by_a_delivery(self):
        self._receipt([(self.product_lot, {"LOT-A": 5})])
        delivery = self._delivery([(self.product_lot, 5)])
        delivery.action_assign()
        self.assertFalse(delivery.move_ids.move_line_ids)
        self.assertEqual(delivery.state, "confirmed")

    def test_failed_measure_blocks_and_concession_releases(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        inspection = receipt.qms_inspection_ids
        self._record(inspection.with_user(self.inspector), value=10.5)
        self.assertEqual(inspection.result, "fail")
        inspection.with_user(self.inspector).action_done()
        self.assertEqual(inspection.decision, "reject")
        self.assertEqual(inspection.lot_id.qms_state, "blocked")
        inspection.with_user(self.manager).action_concession("Customer accepts 10.5 mm")
        self.assertEqual(inspection.decision, "concession")
        self.assertEqual(inspection.lot_id.qms_state, "released")
        delivery = self._delivery([(self.product_lot, 5)])
        delivery.action_assign()
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, inspection.lot_id)

    def test_validating_a_held_lot_delivery_is_refused(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        lot = receipt.qms_inspection_ids.lot_id
        delivery = self._delivery([(self.product_lot, 5)])
        delivery.move_ids.move_line_ids = [
            (0, 0, {"lot_id": lot.id, "quantity": 5, "product_id": self.product_lot.id})
        ]
        with self.assertRaisesRegex(UserError, "LOT-A"):
            delivery.button_validate()
