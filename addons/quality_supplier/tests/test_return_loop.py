# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import SupplierCommon


@tagged("post_install", "-at_install")
class TestReturnLoop(SupplierCommon):
    """PO -> receipt -> inspection -> rejection -> return, block, buyer notified -> bill."""

    def setUp(self):
        super().setUp()
        self.order = self._purchase([(self.product_lot, 10)])
        self.receipt = self._receive(self.order, {self.product_lot: {"LOT-A": 6, "LOT-B": 4}})
        self.inspection_a = self.receipt.qms_inspection_ids.filtered(
            lambda i: i.lot_id.name == "LOT-A"
        )

    def _rule(self, name):
        return self.env.ref("quality_supplier.automation_qms_%s" % name)

    def test_inspections_carry_the_purchase_order_and_show_on_it_and_the_vendor(self):
        inspections = self.receipt.qms_inspection_ids
        self.assertEqual(len(inspections), 2)
        self.assertEqual(inspections.purchase_id, self.order)
        self.assertEqual(inspections.purchase_line_id, self.order.order_line)
        self.assertEqual(inspections.partner_id, self.vendor)
        self.assertEqual(self.order.qms_inspection_count, 2)
        action = self.order.action_qms_view_inspections()
        self.assertEqual(self.env["qms.inspection"].search(action["domain"]), inspections)
        self.assertEqual(self.vendor.qms_inspection_count, 2)
        action = self.vendor.action_qms_view_inspections()
        self.assertEqual(self.env["qms.inspection"].search(action["domain"]), inspections)

    def test_rejected_lot_is_returned_blocked_and_the_buyer_notified(self):
        self._reject(self.inspection_a)
        returned = self.inspection_a.return_picking_id
        self.assertTrue(returned, "the automation rule created the return")
        self.assertEqual(returned.return_id, self.receipt)
        self.assertEqual(returned.location_dest_id, self.supplier_location)
        self.assertEqual(returned.move_ids.product_uom_qty, 6)
        self.assertEqual(returned.move_ids.move_line_ids.lot_id.name, "LOT-A")
        self.assertEqual(returned.move_ids.move_line_ids.quantity, 6)
        self.assertEqual(returned.state, "assigned")
        lot = self.inspection_a.lot_id
        self.assertEqual(lot.qms_state, "blocked")
        self.assertTrue(lot.qms_hold_manual)
        self.assertIn("awaiting return to vendor", lot.qms_hold_reason)
        activity = self.order.activity_ids
        self.assertEqual(activity.user_id, self.buyer)
        self.assertIn("LOT-A", activity.summary)
        mail = self.env["mail.mail"].search([("res_id", "=", self.inspection_a.id),
                                             ("model", "=", "qms.inspection")])  # fmt: skip
        self.assertEqual(mail.recipient_ids, self.buyer.partner_id)
        self.assertIn("LOT-A", mail.subject)
        self.assertNotIn(self.vendor, mail.recipient_ids, "the vendor is not told internal news")
        self.assertIn(returned.name, self.inspection_a.message_ids.mapped("body")[0])

    def test_return_lowers_received_quantity_and_the_bill(self):
        self._reject(self.inspection_a)
        returned = self.inspection_a.return_picking_id
        returned.button_validate()
        self.assertEqual(returned.state, "done")
        self.assertEqual(self.order.order_line.qty_received, 4)
        self.assertEqual(self._on_hand(self.product_lot, self.stock, self.inspection_a.lot_id), 0)
        bill = self._bill(self.order)
        self.assertEqual(bill.invoice_line_ids.quantity, 4)
        self.assertEqual(self.order.order_line.qty_invoiced, 4)

    def test_return_after_billing_leaves_a_refund_to_receive(self):
        bill = self._bill(self.order)
        self.assertEqual(bill.invoice_line_ids.quantity, 10)
        self._reject(self.inspection_a)
        self.inspection_a.return_picking_id.button_validate()
        line = self.order.order_line
        self.assertEqual((line.qty_received, line.qty_invoiced), (4, 10))
        self.assertEqual(line.qty_to_invoice, -6)
        self.assertEqual(self.order.invoice_status, "to invoice")

    def test_return_action_is_idempotent_and_refuses_accepted_inspections(self):
        self._reject(self.inspection_a)
        returned = self.inspection_a.return_picking_id
        self.assertEqual(
            self.inspection_a.with_user(self.inspector).action_qms_return_to_vendor(), returned.id
        )
        inspection_b = self.receipt.qms_inspection_ids - self.inspection_a
        self._decide(inspection_b, self.inspector)
        with self.assertRaisesRegex(UserError, "not rejected inspections of purchased goods"):
            inspection_b.with_user(self.inspector).action_qms_return_to_vendor()
        with self.assertRaisesRegex(AccessError, "Only quality users"):
            self.inspection_a.with_user(self.buyer).action_qms_return_to_vendor()

    def test_switched_off_return_rule_creates_no_return(self):
        self._rule("return_to_vendor").active = False
        self._reject(self.inspection_a)
        self.assertFalse(self.inspection_a.return_picking_id)
        self.assertFalse(self.receipt.return_ids)
        # The other rules still run, and the return can be created by hand.
        self.assertTrue(self.order.activity_ids)
        returned = self.env["stock.picking"].browse(
            self.inspection_a.with_user(self.inspector).action_qms_return_to_vendor()
        )
        self.assertEqual(returned.move_ids.move_line_ids.lot_id, self.inspection_a.lot_id)

    def test_switched_off_notify_rule_schedules_no_activity(self):
        self._rule("notify_buyer").active = False
        self._reject(self.inspection_a)
        self.assertFalse(self.order.activity_ids)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("res_id", "=", self.inspection_a.id), ("model", "=", "qms.inspection")]
            )
        )
        self.assertTrue(self.inspection_a.return_picking_id)

    def test_keep_blocked_rule_outlasts_a_concession_unless_switched_off(self):
        self._reject(self.inspection_a)
        self.inspection_a.with_user(self.manager).action_concession(
            "Sorted by the vendor on site", password=self._pw(self.manager)
        )
        self.assertEqual(self.inspection_a.lot_id.qms_state, "blocked")
        inspection_b = self.receipt.qms_inspection_ids - self.inspection_a
        self._rule("keep_lot_blocked").active = False
        self._reject(inspection_b)
        self.assertEqual(inspection_b.lot_id.qms_state, "blocked")
        self.assertFalse(inspection_b.lot_id.qms_hold_manual)
        inspection_b.with_user(self.manager).action_concession(
            "Sorted by the vendor on site", password=self._pw(self.manager)
        )
        self.assertEqual(inspection_b.lot_id.qms_state, "released")

    def test_buyerless_order_notifies_the_purchase_managers(self):
        purchase_manager = new_test_user(
            self.env, login="qms_purchase_manager", groups="purchase.group_purchase_manager"
        )
        self.order.user_id = False
        self._reject(self.inspection_a)
        self.assertIn(self.order.activity_ids.user_id, self.env.ref(
            "purchase.group_purchase_manager").users)  # fmt: skip
        mail = self.env["mail.mail"].search(
            [("res_id", "=", self.inspection_a.id), ("model", "=", "qms.inspection")]
        )
        self.assertIn(purchase_manager.partner_id, mail.recipient_ids)

    def test_partial_receipt_with_backorder_inspects_and_returns_each_delivery(self):
        order = self._purchase([(self.product_lot, 20)])
        receipt = self._fill_receipt(order, {self.product_lot: {"LOT-P1": 8}})
        backorder = self._validate_with_backorder(receipt)
        self.assertEqual(order.order_line.qty_received, 8)
        first = receipt.qms_inspection_ids
        self.assertEqual((first.lot_id.name, first.qty), ("LOT-P1", 8))
        self._reject(first)
        self.assertEqual(first.return_picking_id.move_ids.product_uom_qty, 8)
        first.return_picking_id.button_validate()
        self.assertEqual(order.order_line.qty_received, 0)
        self._receive(order, {self.product_lot: {"LOT-P2": 12}})
        second = backorder.qms_inspection_ids
        self.assertEqual(
            (second.lot_id.name, second.qty, second.purchase_id), ("LOT-P2", 12, order)
        )
        self._decide(second, self.inspector)
        self.assertEqual(second.lot_id.qms_state, "released")
        self.assertFalse(second.return_picking_id)
        self.assertEqual(order.order_line.qty_received, 12)
        self.assertEqual(order.qms_inspection_count, 2)

    def test_vendor_lot_typed_on_receipt_reaches_lot_and_inspection(self):
        order = self._purchase([(self.product_lot, 5)])
        receipt = self._fill_receipt(order, {self.product_lot: {"LOT-V": 5}})
        receipt.move_line_ids.qms_vendor_lot = "ACME-2611-07"
        receipt.button_validate()
        inspection = receipt.qms_inspection_ids
        self.assertEqual(inspection.lot_id.qms_vendor_lot, "ACME-2611-07")
        self.assertEqual(inspection.vendor_lot, "ACME-2611-07")

    def test_inspection_report_shows_the_purchase_order_and_the_vendor_lot(self):
        order = self._purchase([(self.product_lot, 5)])
        receipt = self._fill_receipt(order, {self.product_lot: {"LOT-R": 5}})
        receipt.move_line_ids.qms_vendor_lot = "ACME-2611-09"
        receipt.button_validate()
        inspection = receipt.qms_inspection_ids
        # Printed by the inspector, who needs no purchase rights.
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(self.inspector)
            ._render_qweb_html("quality_core.action_report_qms_inspection", inspection.ids)
        )
        html = html.decode()
        self.assertIn(order.name, html)
        self.assertIn("ACME-2611-09", html)
        self.assertIn("Vendor Lot", html)

    def test_rejection_before_the_receipt_is_done_returns_nothing(self):
        self.point.active = False
        self._control_point(self.type_in, timing="before")
        order = self._purchase([(self.product_lot, 5)])
        receipt = self._fill_receipt(order, {self.product_lot: {"LOT-E": 5}})
        inspection = receipt.qms_inspection_ids
        self.assertEqual(inspection.purchase_id, order)
        self._reject(inspection)
        self.assertEqual(inspection.decision, "reject")
        self.assertFalse(inspection.return_picking_id, "nothing was received yet")
        self.assertTrue(order.activity_ids, "the buyer still hears of it")
        with self.assertRaisesRegex(UserError, "isn't done"):
            inspection.with_user(self.inspector).action_qms_return_to_vendor()

    def test_buyer_and_accountant_open_their_forms_without_quality_rights(self):
        self._reject(self.inspection_a)
        order_form = Form(self.order.with_user(self.buyer))
        self.assertEqual(order_form.qms_inspection_failed_count, 1)
        bill = self._bill(self.order)
        bill_form = Form(bill.with_user(self.accountant))
        self.assertTrue(bill_form.qms_payment_hold)
        vendor_form = Form(self.vendor.with_user(self.buyer))
        self.assertEqual(vendor_form.qms_inspection_count, 2)
        bookkeeper = new_test_user(
            self.env, login="qms_bookkeeper", groups="account.group_account_invoice"
        )
        self.assertEqual(Form(self.order.with_user(bookkeeper)).qms_inspection_failed_count, 1)
        action = self.order.with_user(self.buyer).action_qms_view_inspections()
        self.assertEqual(
            self.env["qms.inspection"].with_user(self.buyer).search(action["domain"]),
            self.receipt.qms_inspection_ids,
        )

    def _assert_return_holds_its_lot(self, inspection):
        returned = inspection.return_picking_id
        lines = returned.move_ids.move_line_ids
        self.assertEqual(
            (lines.lot_id, sum(lines.mapped("quantity")), returned.state),
            (inspection.lot_id, inspection.qty, "assigned"),
            "return %s holds exactly the lot rejected by %s" % (returned.name, inspection.name),
        )

    def _reject_both_and_shuffle_reservations(self, first, second):
        self._reject(first)
        self._assert_return_holds_its_lot(first)
        self._reject(second)
        for inspection in (first, second):
            self._assert_return_holds_its_lot(inspection)
        returns = first.return_picking_id | second.return_picking_id
        # Reservations dropped and taken again, the later return first.
        returns.do_unreserve()
        second.return_picking_id.action_assign()
        first.return_picking_id.action_assign()
        for inspection in (first, second):
            self._assert_return_holds_its_lot(inspection)
        returns.action_assign()
        for inspection in (first, second):
            self._assert_return_holds_its_lot(inspection)
        returns.button_validate()
        self.assertEqual(set(returns.mapped("state")), {"done"})
        self.assertEqual(self.order.order_line.qty_received, 0)

    def test_each_return_holds_its_own_lot_rejecting_the_bigger_lot_first(self):
        inspection_b = self.receipt.qms_inspection_ids - self.inspection_a
        self._reject_both_and_shuffle_reservations(self.inspection_a, inspection_b)

    def test_each_return_holds_its_own_lot_rejecting_the_smaller_lot_first(self):
        inspection_b = self.receipt.qms_inspection_ids - self.inspection_a
        self._reject_both_and_shuffle_reservations(inspection_b, self.inspection_a)

    def test_a_return_refuses_another_lot_by_hand(self):
        inspection_b = self.receipt.qms_inspection_ids - self.inspection_a
        self._reject(self.inspection_a)
        line = self.inspection_a.return_picking_id.move_line_ids
        with self.assertRaisesRegex(ValidationError, "may only move lot LOT-A .* not lot LOT-B"):
            line.lot_id = inspection_b.lot_id

    def test_nobody_lifts_or_moves_a_returns_lot_restriction(self):
        inspection_b = self.receipt.qms_inspection_ids - self.inspection_a
        self._reject(self.inspection_a)
        move = self.inspection_a.return_picking_id.move_ids
        self.assertEqual(move.qms_restrict_lot_id, self.inspection_a.lot_id)
        storekeeper = new_test_user(
            self.env, login="qms_return_storekeeper", groups="stock.group_stock_manager"
        )
        for user in (storekeeper, self.env.ref("base.user_admin")):
            for value in (False, inspection_b.lot_id.id):
                with self.subTest(user=user.login, value=value):
                    with self.assertRaises(UserError) as refused:
                        move.with_user(user).write({"qms_restrict_lot_id": value})
                    self.assertIn(move.picking_id.name, str(refused.exception))
        self.assertEqual(move.qms_restrict_lot_id, self.inspection_a.lot_id)
        # A partial return's backorder keeps the restriction.
        move.quantity = 1
        move.picked = True
        move.picking_id.with_context(cancel_backorder=False)._action_done()
        backorder = move.picking_id.backorder_ids.move_ids
        self.assertEqual(backorder.qms_restrict_lot_id, self.inspection_a.lot_id)
