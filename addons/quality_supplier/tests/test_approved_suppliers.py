# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SupplierCommon


@tagged("post_install", "-at_install")
class TestApprovedSuppliers(SupplierCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_lot.qms_asl_required = True
        cls.today = fields.Date.today()

    def _draft_order(self, partner=None):
        return self.env["purchase.order"].create(
            {
                "partner_id": (partner or self.vendor).id,
                "order_line": [
                    Command.create({"product_id": self.product_lot.id, "product_qty": 5}),
                    Command.create({"product_id": self.product_plain.id, "product_qty": 5}),
                ],
            }
        )

    def _approve(self, state="approved", start=None, end=None, partner=None):
        return self.env["qms.supplier.approval"].create(
            {
                "partner_id": (partner or self.vendor).id,
                "product_tmpl_id": self.product_lot.product_tmpl_id.id,
                "state": state,
                "date_start": start or self.today - timedelta(days=30),
                "date_end": end,
            }
        )

    def test_unapproved_vendor_is_refused_with_product_and_vendor_named(self):
        order = self._draft_order()
        with self.assertRaisesRegex(UserError, r"QMS Test Vendor is not an approved supplier of "
                                               r"QMS Rod"):  # fmt: skip
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)

    def test_approved_and_conditional_vendors_may_be_ordered_from(self):
        for state in ("approved", "conditional"):
            approval = self._approve(state)
            order = self._draft_order()
            order.with_user(self.buyer).button_confirm()
            self.assertEqual(order.state, "purchase")
            self.assertTrue(approval.is_valid)
            approval.unlink()

    def test_expired_future_and_disqualified_entries_refuse(self):
        cases = {
            "expired": dict(end=self.today - timedelta(days=1)),
            "future": dict(start=self.today + timedelta(days=5)),
            "disqualified": dict(state="disqualified"),
        }
        for case, values in cases.items():
            with self.subTest(case=case):
                approval = self._approve(**values)
                self.assertFalse(approval.is_valid)
                with self.assertRaisesRegex(UserError, "not an approved supplier"):
                    self._draft_order().with_user(self.buyer).button_confirm()
                approval.unlink()

    def test_disqualification_wins_over_an_older_approval(self):
        self._approve("approved")
        self._approve("disqualified", start=self.today)
        with self.assertRaisesRegex(UserError, "not an approved supplier"):
            self._draft_order().with_user(self.buyer).button_confirm()

    def test_approval_of_a_contact_company_covers_its_contacts(self):
        contact = self.env["res.partner"].create({"name": "Jo", "parent_id": self.vendor.id})
        self._approve()
        order = self._draft_order(partner=contact)
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_quality_manager_records_an_exception(self):
        order = self._draft_order()
        with self.assertRaisesRegex(AccessError, "Only a Quality Manager"):
            order.with_user(self.buyer).action_qms_asl_exception("Urgent")
        with self.assertRaisesRegex(UserError, "Give the reason"):
            order.with_user(self.manager).action_qms_asl_exception("")
        wizard_action = order.with_user(self.manager).action_qms_open_asl_exception_wizard()
        wizard = (
            self.env["qms.reason.wizard"]
            .with_user(self.manager)
            .with_context(**wizard_action["context"])
            .create({"reason": "Line stop: single source while the audit is planned"})
        )
        wizard.action_confirm()
        self.assertEqual(order.qms_asl_exception_user_id, self.manager)
        self.assertIn("single source", order.message_ids[0].body)
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_approval_of_another_company_does_not_count(self):
        other = self.env["res.company"].create({"name": "QMS Other Plant"})
        approval = self._approve()
        approval.company_id = other
        with self.assertRaisesRegex(UserError, "not an approved supplier"):
            self._draft_order().with_user(self.buyer).button_confirm()
        self.assertFalse(
            self.env["qms.supplier.approval"].with_user(self.buyer).search([]),
            "the buyer of this company doesn't see the other plant's list",
        )

    def test_dates_must_be_ordered(self):
        with self.assertRaisesRegex(ValidationError, "can't end .* before it starts"):
            self._approve(start=self.today, end=self.today - timedelta(days=1))

    def test_typing_an_rfq_warns_of_an_unapproved_vendor_before_confirming(self):
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            order_form = Form(self.env["purchase.order"].with_user(self.buyer))
            order_form.partner_id = self.vendor
            with order_form.order_line.new() as line:
                line.product_id = self.product_lot
        self.assertEqual(len(logs.output), 1, "the plain product needs no approval")
        self.assertIn("QMS Test Vendor is not an approved supplier of", logs.output[0])
        self.assertIn("QMS Rod", logs.output[0])
        # Changing to a vendor of the list for a product already on the order warns too.
        contact = self.env["res.partner"].create({"name": "Jo", "parent_id": self.vendor.id})
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            order_form.partner_id = contact
        self.assertIn("not an approved supplier of QMS Rod", logs.output[0])
        order = order_form.save()
        warning = order._onchange_qms_approved_suppliers()["warning"]
        self.assertIn("QMS Test Vendor", warning["message"])
        self.assertTrue(warning["title"])

    def test_an_approved_vendor_or_an_exception_raises_no_warning(self):
        self._approve()
        order = self._draft_order()
        self.assertFalse(order._onchange_qms_approved_suppliers())
        self.assertFalse(order.order_line._onchange_qms_approved_supplier())
        other = self.env["res.partner"].create({"name": "QMS Other Vendor"})
        order.partner_id = other
        self.assertTrue(order._onchange_qms_approved_suppliers())
        order.with_user(self.manager).action_qms_asl_exception("Line stop")
        self.assertFalse(order._onchange_qms_approved_suppliers())
