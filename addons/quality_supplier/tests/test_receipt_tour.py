# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SupplierCommon


@tagged("post_install", "-at_install")
class TestReceiptRejectTour(SupplierCommon, HttpCase):
    """In a real browser, an inspector receives a lot, measures it out of tolerance and
    rejects it: the return to the vendor is on the receipt, the activity on the order."""

    def test_receive_inspect_reject_tour(self):
        inspector = new_test_user(
            self.env,
            login="receipt_tour_inspector",
            groups="stock.group_stock_user,stock.group_production_lot,"
            "purchase.group_purchase_user,quality_core.group_qms_user",
        )
        self.point.test_ids = self.test_diameter
        order = self._purchase([(self.product_lot, 10)])
        # The lot as the vendor's label gives it, entered (or scanned) on the receipt.
        receipt = self._fill_receipt(order, {self.product_lot: {"LOT-TOUR": 10}})
        self.start_tour(
            f"/odoo/action-purchase.purchase_form_action/{order.id}",
            "qms_receipt_reject_tour",
            login=inspector.login,
        )
        self.assertEqual(receipt.state, "done")
        inspection = receipt.qms_inspection_ids
        self.assertEqual(inspection.decision, "reject")
        self.assertEqual(inspection.user_id, inspector)
        returned = inspection.return_picking_id
        self.assertEqual(returned.return_id, receipt)
        self.assertEqual(returned.location_dest_id, self.supplier_location)
        self.assertEqual(returned.move_ids.move_line_ids.lot_id.name, "LOT-TOUR")
        self.assertEqual(inspection.lot_id.qms_state, "blocked")
        activity = order.activity_ids
        self.assertEqual(activity.user_id, self.buyer)
        self.assertIn("LOT-TOUR", activity.summary)
