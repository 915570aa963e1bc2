# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every role tries the refused paths around payment holds, exceptions and scorecards."""

import re
import xmlrpc.client
from contextlib import contextmanager

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from odoo.addons.quality_core.tests.common import second_company_manager

from .common import SupplierCommon

HOLD_FIELDS = (
    "qms_payment_hold",
    "qms_payment_hold_released",
    "qms_payment_release_reason",
    "qms_payment_release_user_id",
)
BAD_REASONS = (None, "", "   ", 42, ["x"])


class IntegrityCommon(SupplierCommon):
    """A held vendor bill of company A, and one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env, login="qms_stock_user", groups="stock.group_stock_user"
        )
        # Invoicing only: pays bills, doesn't reconcile journal items.
        cls.billing = new_test_user(
            cls.env, login="qms_billing", groups="account.group_account_invoice"
        )
        cls.admin = cls.env.ref("base.user_admin")
        cls.company_b, cls.manager_b = second_company_manager(
            cls.env, "QMS Integrity Company B", "qms_manager_b"
        )
        cls.roles = {
            "inspector": cls.inspector,
            "quality manager": cls.manager,
            "inventory user": cls.stock_user,
            "purchase user": cls.buyer,
            "accountant": cls.accountant,
            "invoicing user": cls.billing,
            "admin": cls.admin,
            "company B manager": cls.manager_b,
        }

    def setUp(self):
        super().setUp()
        self.order = self._purchase([(self.product_lot, 10)])
        self.receipt = self._receive(self.order, {self.product_lot: {"LOT-INT": 10}})
        self.inspection = self.receipt.qms_inspection_ids
        self.bill = self._bill(self.order)
        self.assertTrue(self.bill.qms_payment_hold)

    def _hold(self, bill=None):
        """What the hold of the bill is in the database, read again."""
        bill = bill or self.bill
        bill.invalidate_recordset()
        return {name: bill[name].id if name.endswith("_id") else bill[name] for name in HOLD_FIELDS}

    def _held(self):
        return {
            "qms_payment_hold": True,
            "qms_payment_hold_released": False,
            "qms_payment_release_reason": False,
            "qms_payment_release_user_id": False,
        }

    def _payable(self, move):
        return move.line_ids.filtered(
            lambda line: line.account_id.account_type == "liability_payable"
        )

    def _vendor_payment(self, amount=None):
        """A posted payment to the vendor, not matched with any bill yet."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "outbound",
                "partner_type": "supplier",
                "partner_id": self.vendor.id,
                "amount": amount or self.bill.amount_total,
            }
        )
        payment.action_post()
        self.assertTrue(payment.move_id, "the payment has its journal entry")
        return payment

    def _bill_unpaid(self):
        self.bill.invalidate_recordset()
        self.assertEqual(self.bill.payment_state, "not_paid")
        self.assertEqual(self.bill.amount_residual, self.bill.amount_total)
        self.assertFalse(self._payable(self.bill).matched_debit_ids)


@tagged("post_install", "-at_install")
class TestSupplierIntegrity(IntegrityCommon):
    # ------------------------------------------------------------------
    # The hold changes through its actions only
    # ------------------------------------------------------------------
    @contextmanager
    def _refused_write(self, role, fields_regex):
        # Every role that sees the bill gets the same refusal, even one that can't change
        # bills; the roles that don't see it (no right on bills, another company), Odoo's
        # access error, naming nothing of it.
        if role in ("inspector", "quality manager", "inventory user", "company B manager"):
            with self.assertRaises(AccessError) as refused:
                yield
            self.assertNotIn(self.bill.name, str(refused.exception))
        else:
            with self.assertRefused(
                UserError,
                r"^%s: %s can't be written directly; they change only through the quality "
                r"actions \(inspection decisions, Release Payment Hold\)\.$"
                % (re.escape(self.bill.name), fields_regex),
            ):
                yield
        self.assertEqual(self._hold(), self._held())

    def test_no_role_lifts_the_hold_by_writing_it(self):
        for role, user in self.roles.items():
            bill = self.bill.with_user(user)
            with self.subTest(role=role, write="hold"):
                with self._refused_write(role, "Quality Payment Hold"):
                    bill.write({"qms_payment_hold": False})
            with self.subTest(role=role, write="released"):
                with self._refused_write(
                    role, "Payment Hold Released, Payment Hold Released by, Payment Release Reason"
                ):
                    bill.write(
                        {
                            "qms_payment_hold_released": True,
                            "qms_payment_release_reason": "Paid anyway",
                            "qms_payment_release_user_id": user.id,
                        }
                    )
            with self.subTest(role=role, write="reason only"):
                with self._refused_write(role, "Payment Release Reason"):
                    bill.write({"qms_payment_release_reason": "Agreed"})

    def test_no_role_creates_a_bill_released_beforehand(self):
        moves = self.env["account.move"].search_count([])
        for role, user in self.roles.items():
            model = self.env["account.move"].with_user(user)
            vals = {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_date": fields.Date.today(),
            }
            with self.subTest(role=role, create="values"):
                with self.assertRefused(
                    UserError, r"Payment Hold Released can't be written directly"
                ):
                    model.create({**vals, "qms_payment_hold_released": True})
            with self.subTest(role=role, create="context default"):
                with self.assertRefused(
                    UserError, r"Payment Hold Released can't be written directly"
                ):
                    model.with_context(default_qms_payment_hold_released=True).create(vals)
        self.assertEqual(self.env["account.move"].search_count([]), moves)

    def test_the_hold_message_names_the_bill_for_whoever_can_read_it(self):
        with self.assertRefused(
            UserError,
            r"^%s: Quality Payment Hold can't be written directly" % re.escape(self.bill.name),
        ):
            self.bill.with_user(self.accountant).write({"qms_payment_hold": False})

    # ------------------------------------------------------------------
    # Release: the group, the company and the reason, checked before sudo()
    # ------------------------------------------------------------------
    def test_only_a_manager_of_the_bills_company_releases_the_hold(self):
        for role in ("inspector", "inventory user", "purchase user", "accountant"):
            with self.subTest(role=role):
                with self.assertRefused(
                    AccessError,
                    r"^Only a Quality Manager can release the payment hold \(%s\)\.$"
                    % re.escape(self.bill.name),
                ):
                    self.bill.with_user(self.roles[role]).action_qms_release_payment_hold(
                        "Pay the vendor", password=self._pw(self.roles[role])
                    )
                self.assertEqual(self._hold(), self._held())
        with self.assertRefused(
            AccessError,
            r"^You can't release the payment hold \(%s\): they belong to %s, which you are not "
            r"working in\.$" % (re.escape(self.bill.name), re.escape(self.company.name)),
        ):
            self.bill.with_user(self.manager_b).action_qms_release_payment_hold(
                "Pay the vendor", password=self._pw(self.manager_b)
            )
        self.assertEqual(self._hold(), self._held())

    def test_release_needs_a_reason_as_text(self):
        for user in (self.manager, self.admin):
            for reason in BAD_REASONS:
                with self.subTest(user=user.login, reason=reason):
                    with self.assertRefused(
                        UserError,
                        r"^Give the reason to release the payment hold \(%s\) as a non-empty "
                        r"text\.$" % re.escape(self.bill.name),
                    ):
                        self.bill.with_user(user).action_qms_release_payment_hold(
                            reason, password=self._pw(user)
                        )
                    self.assertEqual(self._hold(), self._held())
        self.bill.with_user(self.manager).action_qms_release_payment_hold(
            "  Refund agreed  ", password=self._pw(self.manager)
        )
        self.assertEqual(
            self._hold(),
            {
                "qms_payment_hold": False,
                "qms_payment_hold_released": True,
                "qms_payment_release_reason": "Refund agreed",
                "qms_payment_release_user_id": self.manager.id,
            },
        )

    # ------------------------------------------------------------------
    # No path pays a held bill
    # ------------------------------------------------------------------
    def test_register_payment_wizard_is_refused_while_held(self):
        payments = self.env["account.payment"].search_count([])
        for user in (self.accountant, self.billing, self.admin):
            with self.subTest(user=user.login):
                with self.assertRefused(
                    UserError,
                    r"Bills %s are on quality payment hold: inspections %s"
                    % (re.escape(self.bill.name), re.escape(self.inspection.name)),
                ):
                    self._pay(self.bill, user)
                self._bill_unpaid()
        self.assertEqual(self.env["account.payment"].search_count([]), payments)
        self.bill.with_user(self.manager).action_qms_release_payment_hold(
            "Refund agreed", password=self._pw(self.manager)
        )
        self._pay(self.bill, self.billing)
        self.assertIn(self.bill.payment_state, ("paid", "in_payment"))

    def test_outstanding_payment_is_not_assigned_while_held(self):
        payment = self._vendor_payment()
        line = self._payable(payment.move_id)
        widget = self.bill.invoice_outstanding_credits_debits_widget
        self.assertIn(line.id, [credit["id"] for credit in widget["content"]])
        for user in (self.accountant, self.billing, self.admin):
            with self.subTest(user=user.login):
                with self.assertRefused(
                    UserError, r"Bills %s are on quality payment hold" % re.escape(self.bill.name)
                ):
                    self.bill.with_user(user).js_assign_outstanding_line(line.id)
                self._bill_unpaid()
                self.assertFalse(line.reconciled)
        self.bill.with_user(self.manager).action_qms_release_payment_hold(
            "Refund agreed", password=self._pw(self.manager)
        )
        self.bill.with_user(self.accountant).js_assign_outstanding_line(line.id)
        self.assertIn(self.bill.payment_state, ("paid", "in_payment"))

    def test_journal_items_are_not_reconciled_by_hand_while_held(self):
        payment = self._vendor_payment()
        lines = self._payable(self.bill) | self._payable(payment.move_id)
        for user in (self.accountant, self.admin):
            with self.subTest(user=user.login):
                with self.assertRefused(
                    UserError, r"Bills %s are on quality payment hold" % re.escape(self.bill.name)
                ):
                    lines.with_user(user).reconcile()
                self._bill_unpaid()
                self.assertFalse(self._payable(payment.move_id).reconciled)
        # Neither in two steps: a partial payment first.
        partial = self._vendor_payment(amount=10.0)
        with self.assertRefused(UserError, r"on quality payment hold"):
            (self._payable(self.bill) | self._payable(partial.move_id)).reconcile()
        self._bill_unpaid()
        self.bill.with_user(self.manager).action_qms_release_payment_hold(
            "Refund agreed", password=self._pw(self.manager)
        )
        lines.with_user(self.accountant).reconcile()
        self.assertIn(self.bill.payment_state, ("paid", "in_payment"))

    def test_a_held_bill_may_be_reversed(self):
        self.bill.with_user(self.accountant)._reverse_moves(
            [{"ref": "Rejected lot returned", "invoice_date": fields.Date.today()}], cancel=True
        )
        self.assertEqual(self.bill.payment_state, "reversed")
        self.assertEqual(self.bill.reversal_move_ids.state, "posted")

    def test_a_held_bill_may_be_credited_with_the_reversal_wizard(self):
        action = (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=self.bill.ids)
            .create({"journal_id": self.bill.journal_id.id, "reason": "Rejected lot"})
            .refund_moves()
        )
        refund = self.env["account.move"].browse(action["res_id"])
        refund.with_user(self.accountant).action_post()
        self.assertEqual(self.bill.payment_state, "reversed", "posting matched the credit note")
        # Unmatched, the credit note of the held bill is no payment either: the widget applies it.
        line = self._payable(refund)
        line.remove_move_reconcile()
        self._bill_unpaid()
        self.bill.with_user(self.accountant).js_assign_outstanding_line(line.id)
        self.assertEqual(self.bill.payment_state, "reversed")
        self.assertTrue(self.bill.qms_payment_hold, "still held: nothing was paid")

    # ------------------------------------------------------------------
    # Approved supplier list exception
    # ------------------------------------------------------------------
    def _unapproved_order(self):
        self.product_lot.qms_asl_required = True
        return self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [Command.create({"product_id": self.product_lot.id})],
            }
        )

    def _exception(self, order):
        order.invalidate_recordset()
        return order.state, order.qms_asl_exception_reason, order.qms_asl_exception_user_id

    def test_asl_exception_refusals(self):
        order = self._unapproved_order()
        untouched = ("draft", False, self.env["res.users"])
        for role in ("inspector", "inventory user", "purchase user", "accountant"):
            with self.subTest(role=role):
                with self.assertRefused(
                    AccessError,
                    r"^Only a Quality Manager can allow an unapproved supplier \(%s\)\.$"
                    % re.escape(order.name),
                ):
                    order.with_user(self.roles[role]).action_qms_asl_exception("Urgent")
                self.assertEqual(self._exception(order), untouched)
        with self.assertRefused(
            AccessError,
            r"^You can't allow an unapproved supplier \(%s\): they belong to %s"
            % (re.escape(order.name), re.escape(self.company.name)),
        ):
            order.with_user(self.manager_b).action_qms_asl_exception("Urgent")
        self.assertEqual(self._exception(order), untouched)
        for reason in BAD_REASONS:
            with self.subTest(reason=reason):
                with self.assertRefused(
                    UserError,
                    r"^Give the reason to allow an unapproved supplier \(%s\) as a non-empty "
                    r"text\.$" % re.escape(order.name),
                ):
                    order.with_user(self.manager).action_qms_asl_exception(reason)
                self.assertEqual(self._exception(order), untouched)
        for role in ("purchase user", "quality manager", "admin"):
            with self.subTest(role=role, write="exception"):
                with self.assertRefused(
                    UserError,
                    r"Approved Supplier Exception, Exception Granted by can't be written "
                    r"directly; they change only through the quality actions \(Allow Unapproved "
                    r"Supplier\)",
                ):
                    order.with_user(self.roles[role]).write(
                        {
                            "qms_asl_exception_reason": "Urgent",
                            "qms_asl_exception_user_id": self.roles[role].id,
                        }
                    )
                self.assertEqual(self._exception(order), untouched)
        with self.assertRefused(UserError, r"not an approved supplier of QMS Rod"):
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(self._exception(order), untouched)
        order.with_user(self.manager).action_qms_asl_exception("Sole source this month")
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(
            self._exception(order), ("purchase", "Sole source this month", self.manager)
        )

    # ------------------------------------------------------------------
    # Scorecard arguments
    # ------------------------------------------------------------------
    def test_scorecard_refuses_dates_that_do_not_parse(self):
        vendor = self.vendor.with_user(self.buyer)
        for bad in ("2026-13-45", "yesterday", 42, None, False, "", ["2026-01-01"]):
            for start, end, label in ((bad, "2026-12-31", "start"), ("2026-01-01", bad, "end")):
                with self.subTest(start=start, end=end):
                    with self.assertRefused(
                        UserError,
                        r"^Scorecard of QMS Test Vendor: the %s date %s is not a date; give it "
                        r"as YYYY-MM-DD" % (label, re.escape(repr(bad))),
                    ):
                        vendor.qms_scorecard(start, end)
        with self.assertRefused(
            UserError, r"^Scorecard of QMS Test Vendor: give a start date on or before the end"
        ):
            vendor.qms_scorecard("2026-12-31", "2026-01-01")
        values = vendor.qms_scorecard("2026-01-01", "2026-12-31")
        self.assertEqual((values["date_from"], values["date_to"]), ("2026-01-01", "2026-12-31"))

    def test_scorecard_and_vendor_actions_work_on_one_vendor(self):
        vendors = (self.vendor | self.customer).with_user(self.buyer)
        expected = r"works on one Contact at a time, not 2 \(QMS Test Vendor, QMS Test Customer\)"
        with self.assertRefused(UserError, r"^The supplier scorecard " + expected):
            vendors.qms_scorecard("2026-01-01", "2026-12-31")
        with self.assertRefused(UserError, expected):
            vendors.with_user(self.inspector).action_qms_view_inspections()
        with self.assertRefused(UserError, expected):
            vendors.action_qms_view_scorecards()
        with self.assertRefused(UserError, r"not 0 \(-\)"):
            self.env["res.partner"].qms_scorecard("2026-01-01", "2026-12-31")

    def test_scorecard_recompute_needs_a_whole_number_of_months(self):
        scorecards = self.env["qms.supplier.scorecard"]
        for months in (0, -3, "12", 1.5, True, None):
            with self.subTest(months=months):
                with self.assertRefused(
                    UserError,
                    r"^Recompute at least one month of supplier scorecards: give the number of "
                    r"months as a whole number from 1 \(got %s\)\.$" % re.escape(repr(months)),
                ):
                    scorecards._qms_recompute(months=months)
        with self.assertRefused(
            UserError, r"the last day 'soon' is not a date; give it as YYYY-MM-DD"
        ):
            scorecards._qms_recompute(months=1, today="soon")
        self.assertGreaterEqual(scorecards._qms_recompute(months=1, today="2026-01-15"), 0)

    # ------------------------------------------------------------------
    # The closed loop of a rejection, decided by any inspector
    # ------------------------------------------------------------------
    def test_inspector_without_email_rejects_a_colleagues_inspection(self):
        nomail = new_test_user(
            self.env,
            login="qms_inspector_noemail",
            groups="stock.group_stock_user,quality_core.group_qms_user",
        )
        nomail.partner_id.email = False
        self.assertFalse(nomail.email)
        for company_email in ("quality@company.example.com", False):
            with self.subTest(company_email=company_email):
                self.company.email = company_email
                order = self._purchase([(self.product_lot, 3)])
                receipt = self._receive(order, {self.product_lot: {"LOT-NOMAIL": 3}})
                inspection = receipt.qms_inspection_ids
                # Assigned to a colleague by a manager; the inspector without email decides.
                inspection.with_user(self.manager).user_id = self.inspector
                self._reject(inspection, nomail)
                inspection.invalidate_recordset()
                self.assertEqual((inspection.state, inspection.decision), ("done", "reject"))
                self.assertEqual(inspection.user_id, self.inspector)
                returned = inspection.return_picking_id
                self.assertEqual(returned.move_ids.move_line_ids.lot_id.name, "LOT-NOMAIL")
                self.assertEqual(inspection.lot_id.qms_state, "blocked")
                self.assertTrue(inspection.lot_id.qms_hold_manual, "kept blocked")
                self.assertEqual(order.activity_ids.user_id, self.buyer, "the buyer is told")
                mail = self.env["mail.mail"].search(
                    [
                        ("res_id", "=", inspection.id),
                        ("model", "=", "qms.inspection"),
                        ("subject", "like", "Rejected at incoming inspection"),
                    ]
                )
                self.assertEqual(mail.recipient_ids, self.buyer.partner_id)


@tagged("post_install", "-at_install")
class TestSupplierIntegrityXmlRpc(HttpCase, IntegrityCommon):
    """A purchase user's script can't lift a hold, whatever context it sends."""

    def test_purchase_user_cannot_lift_the_hold_over_xmlrpc(self):
        db = get_db_name()
        uid = self.xmlrpc_common.authenticate(db, "qms_buyer", "qms_buyer", {})
        self.assertTrue(uid)

        def call(method, args, kwargs=None):
            return self.xmlrpc_object.execute_kw(
                db, uid, "qms_buyer", "account.move", method, args, kwargs or {}
            )

        forged = {
            "context": {"qms_actions_writing": True, "default_qms_payment_hold_released": True}
        }
        attempts = [
            ("write", [[self.bill.id], {"qms_payment_hold": False}], None),
            ("write", [[self.bill.id], {"qms_payment_hold": False}], forged),
            (
                "write",
                [[self.bill.id], {"qms_payment_hold_released": True}],
                forged,
            ),
            (
                "create",
                [{"move_type": "in_invoice", "partner_id": self.vendor.id}],
                forged,
            ),
        ]
        for method, args, kwargs in attempts:
            with self.subTest(method=method, kwargs=kwargs):
                with self.assertRaises(xmlrpc.client.Fault) as refusal:
                    call(method, args, kwargs)
                self.assertRegex(
                    refusal.exception.faultString,
                    r"Payment Hold Released can't be written directly|Quality Payment Hold "
                    r"can't be written directly",
                )
                self.assertEqual(self._hold(), self._held())
        self.assertEqual(
            call("read", [[self.bill.id], ["qms_payment_hold"]])[0]["qms_payment_hold"], True
        )
