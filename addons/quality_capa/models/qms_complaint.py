# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext


class QmsComplaint(models.Model):
    """A customer complaint: what the customer found on which delivery and lot, the answer
    it is owed by a deadline, and the nonconformity (and CAPA) it opens."""

    _name = "qms.complaint"
    _description = "Customer Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "qms.protected.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _qms_protected_fields = frozenset({"name", "state", "nonconformity_id"})

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="New", index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    date = fields.Date(string="Received On", required=True, default=fields.Date.context_today)
    date_deadline = fields.Date(
        string="Response Deadline",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=7),
        tracking=True,
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        index="btree_not_null",
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing')]",
    )
    product_id = fields.Many2one("product.product", check_company=True, tracking=True)
    lot_id = fields.Many2one(
        "stock.lot",
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        tracking=True,
    )
    qty = fields.Float(string="Quantity Concerned", digits="Product Unit of Measure")
    description = fields.Html(required=True)
    severity = fields.Selection(
        [("minor", "Minor"), ("major", "Major"), ("critical", "Critical")],
        required=True,
        default="major",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True
    )
    state = fields.Selection(
        [("new", "New"), ("investigating", "Investigating"), ("answered", "Answered")],
        required=True,
        default="new",
        readonly=True,
        tracking=True,
    )
    response = fields.Html(help="The answer given to the customer.")
    nonconformity_id = fields.Many2one(
        "qms.nonconformity", readonly=True, index="btree_not_null", copy=False
    )
    capa_id = fields.Many2one(related="nonconformity_id.capa_id", string="CAPA")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    is_late = fields.Boolean(compute="_compute_is_late", string="Late")

    @api.depends("date_deadline", "state")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for complaint in self:
            complaint.is_late = complaint.state != "answered" and complaint.date_deadline < today

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        self._qms_check_lot_of_product()

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id:
            self.product_id = self.lot_id.product_id

    @api.onchange("picking_id")
    def _onchange_picking_id(self):
        if self.picking_id:
            self.partner_id = self.picking_id.partner_id.commercial_partner_id
            lines = self.picking_id.move_line_ids
            if len(lines.product_id) == 1:
                self.product_id = lines.product_id
            if len(lines.lot_id) == 1:
                self.lot_id = lines.lot_id

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._qms_name_from_sequence("qms.complaint")
        return records

    def _qms_actions_hint(self):
        return self.env._("Create Nonconformity, Mark Answered")

    def action_create_nonconformity(self):
        """Open the customer nonconformity of the complaint (or keep the one it has); returns
        its id. The lot, product, quantity, customer and delivery come from the complaint."""
        self.ensure_one()
        if self.nonconformity_id:
            return self.nonconformity_id.id
        ncr = self.env["qms.nonconformity"]._qms_create(
            {
                "origin": "customer",
                "complaint_id": self.id,
                "partner_id": self.partner_id.id,
                "picking_id": self.picking_id.id,
                "product_id": self.product_id.id,
                "lot_id": self.lot_id.id,
                "qty": self.qty,
                "severity": self.severity,
                "description": self.description,
                "company_id": self.company_id.id,
            }
        )
        ncr.action_confirm()
        vals = {"nonconformity_id": ncr.id}
        if self.state == "new":
            vals["state"] = "investigating"
        self._qms_write(vals)
        return ncr.id

    def action_create_capa(self):
        """Open the CAPA of the complaint's nonconformity (opening the nonconformity first)."""
        self.ensure_one()
        ncr = self.env["qms.nonconformity"].browse(self.action_create_nonconformity())
        if ncr.capa_id:
            raise UserError(
                self.env._(
                    "%(complaint)s already has CAPA %(capa)s.",
                    complaint=self.name,
                    capa=ncr.capa_id.name,
                )
            )
        return ncr.action_create_capa()

    def action_mark_answered(self):
        """The customer has its answer (written in Response)."""
        for complaint in self:
            if not html2plaintext(complaint.response or "").strip():
                raise UserError(
                    self.env._(
                        "%(complaint)s: write the response given to the customer first.",
                        complaint=complaint.name,
                    )
                )
        self._qms_write({"state": "answered"})
        return True

    def action_trace_lot(self):
        """The lot's backward trace (quality_trace): where the complained goods came from."""
        self.ensure_one()
        if not self.lot_id:
            raise UserError(
                self.env._("%(complaint)s: say which lot to trace.", complaint=self.name)
            )
        if "qms.trace" not in self.env:
            raise UserError(
                self.env._("Tracing lots needs the Quality Traceability module (quality_trace).")
            )
        return self.env["qms.trace"]._qms_open_trace(self.lot_id, "backward")
