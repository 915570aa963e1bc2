# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..hooks import post_init_hook
from .common import SupplierCommon


@tagged("post_install", "-at_install")
class TestPaymentHold(SupplierCommon):
    def setUp(self):
        super().setUp()
        self.order = self._purchase([(self.product_lot, 10)])
        self.receipt = self._receive(self.order, {self.product_lot: {"LOT-A": 10}})
        self.inspection = self.receipt.qms_inspection_ids
        self.bill = self._bill(self.order)

    def test_bill_of_goods_pending_inspection_is_held_and_cannot_be_paid(self):
        self.assertTrue(self.bill.qms_payment_hold)
        self.assertEqual(self.bill.qms_hold_inspection_ids, self.inspection)
        with self.assertRaisesRegex(UserError, "quality payment hold.*%s" % self.inspection.name):
            self.bill.with_user(self.accountant).action_register_payment()
        with self.assertRaisesRegex(UserError, "quality payment hold"):
            self._pay(self.bill)
        self.assertEqual(self.bill.payment_state, "not_paid")
        self.assertIn(
            self.bill,
            self.env["account.move"].search([("qms_payment_hold", "=", True)]),
            "the bills on hold are filterable",
        )

    def test_accepted_inspection_lifts_the_hold(self):
        self._decide(self.inspection, self.inspector)
        self.assertFalse(self.bill.qms_payment_hold)
        self._pay(self.bill)
        self.assertIn(self.bill.payment_state, ("paid", "in_payment"))

    def test_rejected_inspection_keeps_the_hold_until_a_manager_releases_it(self):
        self._reject(self.inspection)
        self.assertTrue(self.bill.qms_payment_hold)
        with self.assertRaisesRegex(AccessError, "Only a Quality Manager"):
            self.bill.with_user(self.accountant).action_qms_release_payment_hold(
                "Paid anyway", password=self._pw(self.accountant)
            )
        with self.assertRaisesRegex(UserError, "Give the reason"):
            self.bill.with_user(self.manager).action_qms_release_payment_hold(
                "  ", password=self._pw(self.manager)
            )
        self.assertTrue(self.bill.qms_payment_hold)
        self.bill.with_user(self.manager).action_qms_release_payment_hold(
            "Credit note for the returned lot agreed with the vendor",
            password=self._pw(self.manager),
        )
        self.assertFalse(self.bill.qms_payment_hold)
        self.assertEqual(self.bill.qms_payment_release_user_id, self.manager)
        self._pay(self.bill)
        self.assertIn(self.bill.payment_state, ("paid", "in_payment"))

    def test_several_bills_at_once_are_refused_while_one_is_held(self):
        other_order = self._purchase([(self.product_plain, 5)])
        self.env["qms.control.point"].search([]).product_ids = self.product_lot
        self._receive(other_order, {self.product_plain: 5})
        other_bill = self._bill(other_order)
        self.assertFalse(other_bill.qms_payment_hold)
        with self.assertRaisesRegex(UserError, self.bill.name):
            self._pay(self.bill | other_bill)
        self._pay(other_bill)
        self.assertIn(other_bill.payment_state, ("paid", "in_payment"))

    def test_bill_without_inspected_goods_is_not_held(self):
        self.point.active = False
        order = self._purchase([(self.product_lot, 3)])
        self._receive(order, {self.product_lot: {"LOT-Z": 3}})
        bill = self._bill(order)
        self.assertFalse(bill.qms_payment_hold)
        self.assertFalse(bill.qms_hold_inspection_ids)

    def test_install_puts_existing_bills_of_open_inspections_on_hold(self):
        # As on a database where the bill existed before the module: the column starts empty.
        self.env.cr.execute(
            "UPDATE account_move SET qms_payment_hold = NULL WHERE id = %s", [self.bill.id]
        )
        self.bill.invalidate_recordset()
        self.assertFalse(self.bill.qms_payment_hold)
        post_init_hook(self.env)
        self.bill.invalidate_recordset()
        self.assertTrue(self.bill.qms_payment_hold)
