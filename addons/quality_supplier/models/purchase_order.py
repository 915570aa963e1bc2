# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .qms_supplier_scorecard import GRADES


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "qms.inspection.source", "qms.protected.mixin"]
    _qms_inspection_field = "purchase_id"
    # The exception lets the order past the approved supplier list: a Quality Manager's decision.
    _qms_protected_fields = frozenset({"qms_asl_exception_reason", "qms_asl_exception_user_id"})

    qms_inspection_ids = fields.One2many("qms.inspection", "purchase_id", "Inspections")
    # Accountants open purchase orders from bills without any right on inspections.
    qms_inspection_count = fields.Integer(compute_sudo=True)
    qms_inspection_todo_count = fields.Integer(compute_sudo=True)
    qms_inspection_failed_count = fields.Integer(
        "Rejected Inspections", compute="_compute_qms_inspection_failed_count", compute_sudo=True
    )
    qms_vendor_grade = fields.Selection(
        GRADES,
        "Vendor Grade (12 months)",
        compute="_compute_qms_vendor_grade",
        help="The vendor's supplier grade over the last 12 months, this month included.",
    )
    qms_asl_exception_reason = fields.Text(
        "Approved Supplier Exception",
        readonly=True,
        copy=False,
        tracking=True,
        help="Why a Quality Manager allowed this order although the vendor is not approved for "
        "some of its products.",
    )
    qms_asl_exception_user_id = fields.Many2one(
        "res.users", "Exception Granted by", readonly=True, copy=False
    )

    @api.depends("qms_inspection_ids.decision")
    def _compute_qms_inspection_failed_count(self):
        for order in self:
            order.qms_inspection_failed_count = len(
                order.qms_inspection_ids.filtered(lambda i: i.decision == "reject")
            )

    @api.depends("partner_id")
    @api.depends_context("company")
    def _compute_qms_vendor_grade(self):
        for order in self:
            order.qms_vendor_grade = order.partner_id.commercial_partner_id.qms_grade

    # ------------------------------------------------------------------
    # Approved supplier list
    # ------------------------------------------------------------------
    def button_confirm(self):
        self._qms_check_approved_suppliers()
        for order in self:
            self.env["qms.sampling.state"]._qms_refuse_discontinued(
                [
                    (line.product_id, order.partner_id, order.picking_type_id)
                    for line in order.order_line
                ],
                self.env._("ordered"),
            )
        return super().button_confirm()

    def _qms_unapproved_lines(self, lines=None):
        """Lines of products requiring an approved supplier that the vendor may not supply.

        Only ``lines`` of the order are checked if given.
        """
        self.ensure_one()
        lines = (self.order_line if lines is None else lines).filtered(
            lambda line: line.product_id.qms_asl_required
        )
        if not lines:
            return lines
        allowed = self.env["qms.supplier.approval"]._qms_approved_pairs(
            self.partner_id,
            lines.product_id.product_tmpl_id,
            fields.Date.context_today(self),
            self.company_id,
        )
        vendor = self.partner_id.commercial_partner_id.id
        return lines.filtered(
            lambda line: (vendor, line.product_id.product_tmpl_id.id) not in allowed
        )

    def _qms_asl_refusal(self, lines=None):
        """Why the approved supplier list refuses the order (or ``lines`` of it), or False."""
        self.ensure_one()
        if self.state not in ("draft", "sent") or self.qms_asl_exception_user_id:
            return False
        refused = self._qms_unapproved_lines(lines)
        if not refused:
            return False
        return self.env._(
            "%(vendor)s is not an approved supplier of %(products)s today (approved supplier "
            "list). Approve the vendor for these products, or ask a Quality Manager to record an "
            "exception on the order.",
            vendor=self.partner_id.commercial_partner_id.display_name,
            products=", ".join(refused.product_id.mapped("display_name")),
        )

    def _qms_check_approved_suppliers(self):
        for order in self:
            refusal = order._qms_asl_refusal()
            if refusal:
                raise UserError(
                    self.env._(
                        "Purchase order %(order)s can't be confirmed: %(refusal)s",
                        order=order.name,
                        refusal=refusal,
                    )
                )

    def _qms_asl_warning(self, lines=None):
        refusal = self.partner_id and self._qms_asl_refusal(lines)
        if not refusal:
            return {}
        return {"warning": {"title": self.env._("Unapproved supplier"), "message": refusal}}

    @api.onchange("partner_id")
    def _onchange_qms_approved_suppliers(self):
        """Warn while the order is typed, not only when it is confirmed."""
        return self._qms_asl_warning()

    def action_qms_asl_exception(self, reason):
        """Allow confirming the orders despite the approved supplier list (Quality Manager)."""
        reason = self.env["qms.protected.mixin"]._qms_check_manager_reason(
            self, reason, self.env._("allow an unapproved supplier")
        )
        # Quality Managers decide on the exception without having to be buyers.
        orders = self.sudo()
        confirmed = orders.filtered(lambda o: o.state not in ("draft", "sent"))
        if confirmed:
            raise UserError(
                self.env._(
                    "Purchase orders %(orders)s are already confirmed.",
                    orders=", ".join(confirmed.mapped("name")),
                )
            )
        for order in orders:
            products = order._qms_unapproved_lines().product_id
            order._qms_write(
                {"qms_asl_exception_reason": reason, "qms_asl_exception_user_id": self.env.uid}
            )
            order.message_post(
                body=self.env._(
                    "Exception to the approved supplier list granted by %(user)s for "
                    "%(products)s: %(reason)s",
                    user=self.env.user.name,
                    products=", ".join(products.mapped("display_name")) or "-",
                    reason=reason,
                )
            )
        return True

    def _qms_actions_hint(self):
        return self.env._("Allow Unapproved Supplier")

    def action_qms_open_asl_exception_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "asl_exception")
