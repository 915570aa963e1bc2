# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero, html2plaintext

DISPOSITIONS = [
    ("use_as_is", "Use as Is"),
    ("rework", "Rework"),
    ("repair", "Repair"),
    ("scrap", "Scrap"),
    ("return", "Return to Vendor"),
]


class QmsNonconformity(models.Model):
    """A nonconformity (NCR): goods or a process found out of specification, what is done
    with the goods (the dispositions, which create Odoo's own documents), and what it cost."""

    _name = "qms.nonconformity"
    _description = "Nonconformity"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "qms.protected.mixin",
        "qms.signature.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _qms_protected_fields = frozenset(
        {"name", "state", "cost_scrap", "cost_rework", "cost_return", "complaint_id"}
    )
    # What approving the dispositions signs.
    _qms_signed_fields = ("name", "product_id", "lot_id", "qty", "disposition_signature_text")
    # Signed from qms.signature.wizard.
    _qms_signed_methods = frozenset({"action_apply_disposition"})

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="New", index=True
    )
    origin = fields.Selection(
        [
            ("inspection", "Inspection"),
            ("customer", "Customer"),
            ("supplier", "Supplier"),
            ("internal", "Internal"),
            ("audit", "Audit"),
        ],
        required=True,
        default="internal",
        tracking=True,
    )
    severity = fields.Selection(
        [("minor", "Minor"), ("major", "Major"), ("critical", "Critical")],
        required=True,
        default="major",
        tracking=True,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("open", "Open"), ("closed", "Closed"), ("cancel", "Cancelled")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    date = fields.Datetime(string="Found On", required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    description = fields.Html()
    inspection_id = fields.Many2one(
        "qms.inspection", index="btree_not_null", check_company=True, tracking=True
    )
    complaint_id = fields.Many2one(
        "qms.complaint", index="btree_not_null", check_company=True, readonly=True
    )
    product_id = fields.Many2one("product.product", check_company=True, tracking=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    lot_id = fields.Many2one(
        "stock.lot",
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        tracking=True,
    )
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        tracking=True,
        help="The vendor or customer concerned.",
    )
    picking_id = fields.Many2one(
        "stock.picking", string="Transfer", index="btree_not_null", check_company=True
    )
    production_id = fields.Many2one(
        "mrp.production", string="Manufacturing Order", index="btree_not_null",
        check_company=True,
    )  # fmt: skip
    workcenter_id = fields.Many2one(
        "mrp.workcenter", string="Work Center", index="btree_not_null", check_company=True,
        help="Where the nonconformity arose, for the cost of poor quality by work center.",
    )  # fmt: skip
    picking_type_id = fields.Many2one(
        "stock.picking.type",
        string="Operation Type",
        compute="_compute_picking_type_id",
        store=True,
        index="btree_not_null",
        help="The operation type of the inspection, else of the transfer, else of the "
        "manufacturing order (the Quality overview counts the nonconformity on its card).",
    )
    capa_id = fields.Many2one(
        "qms.capa", string="CAPA", index="btree_not_null", check_company=True, tracking=True
    )
    root_cause_category = fields.Selection(
        related="capa_id.root_cause_category", store=True, string="Cause Category (6M)"
    )
    disposition = fields.Selection(
        DISPOSITIONS,
        tracking=True,
        help="What is done with the whole quantity. To split it (e.g. 20 scrapped, 80 "
        "reworked), fill in the disposition lines instead.",
    )
    disposition_note = fields.Text(
        string="Disposition Reason", help="Why this disposition; kept with the approval."
    )
    disposition_line_ids = fields.One2many(
        "qms.nonconformity.disposition", "nonconformity_id", string="Dispositions", copy=False
    )
    disposition_signature_text = fields.Text(
        compute="_compute_disposition_signature_text",
        help="The dispositions as approved: what each line does with which quantity.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    cost_scrap = fields.Monetary(string="Scrapped Value", readonly=True, copy=False)
    cost_rework = fields.Monetary(string="Rework Cost", readonly=True, copy=False)
    cost_return = fields.Monetary(string="Returned Value", readonly=True, copy=False)
    cost_extra = fields.Monetary(
        string="Other Costs", help="Sorting, freight, travel, customer charges... entered by hand."
    )
    cost = fields.Monetary(
        string="Cost of Poor Quality",
        compute="_compute_cost",
        store=True,
        help="Scrapped value, rework cost, returned value and other costs.",
    )

    disposition_pending = fields.Boolean(
        compute="_compute_disposition_pending",
        help="A disposition is chosen that no document carries out yet.",
    )
    scrap_count = fields.Integer(compute="_compute_document_counts")
    rework_count = fields.Integer(compute="_compute_document_counts")
    return_count = fields.Integer(compute="_compute_document_counts")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "An NCR reference is unique."),
    ]

    @api.depends("cost_scrap", "cost_rework", "cost_return", "cost_extra")
    def _compute_cost(self):
        for ncr in self:
            ncr.cost = ncr.cost_scrap + ncr.cost_rework + ncr.cost_return + ncr.cost_extra

    @api.depends("disposition_line_ids.disposition", "disposition_line_ids.qty")
    def _compute_disposition_signature_text(self):
        labels = dict(DISPOSITIONS)
        for ncr in self:
            ncr.disposition_signature_text = "; ".join(
                "%s %s" % (labels[line.disposition], line.qty)
                for line in ncr.disposition_line_ids.sorted("id")
            )

    @api.constrains("qty", "cost_extra")
    def _check_quantities(self):
        for ncr in self:
            if ncr.qty < 0 or ncr.cost_extra < 0:
                raise ValidationError(
                    self.env._(
                        "%(ncr)s: the quantity and the other costs can't be negative.",
                        ncr=ncr.name,
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        self._qms_check_lot_of_product()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._qms_name_from_sequence("qms.nonconformity")
        return records

    def _qms_check_write(self, vals):
        frozen = self.filtered(lambda ncr: ncr.state in ("closed", "cancel"))
        editable = {"description", "message_main_attachment_id", "capa_id"}
        if frozen and set(vals) - editable:
            raise UserError(
                self.env._(
                    "%(ncrs)s are closed or cancelled: they can't be changed.",
                    ncrs=", ".join(frozen.mapped("name")),
                )
            )
        applied = self.filtered(lambda ncr: ncr.disposition_line_ids.filtered("document_ref"))
        locked = {"product_id", "lot_id", "qty", "disposition", "company_id"} & set(vals)
        if applied and locked:
            raise UserError(
                self.env._(
                    "%(ncrs)s: dispositions were applied, so %(fields)s can't change any more.",
                    ncrs=", ".join(applied.mapped("name")),
                    fields=", ".join(sorted(self._qms_field_labels(locked))),
                )
            )
        return super()._qms_check_write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        kept = self.filtered(lambda ncr: ncr.state != "draft" or ncr.disposition_line_ids)
        if kept:
            raise UserError(
                self.env._(
                    "Only draft nonconformities without dispositions can be deleted; cancel "
                    "%(ncrs)s instead.",
                    ncrs=", ".join(kept.mapped("name")),
                )
            )

    def _qms_actions_hint(self):
        return self.env._("Confirm, Apply Dispositions, Close, Cancel")

    @api.depends(
        "inspection_id.picking_type_id",
        "picking_id.picking_type_id",
        "production_id.picking_type_id",
    )
    def _compute_picking_type_id(self):
        for ncr in self:
            ncr.picking_type_id = (
                ncr.inspection_id.picking_type_id
                or ncr.picking_id.picking_type_id
                or ncr.production_id.picking_type_id
            )

    # ------------------------------------------------------------------
    # Onchanges
    # ------------------------------------------------------------------
    @api.onchange("inspection_id")
    def _onchange_inspection_id(self):
        inspection = self.inspection_id
        if inspection:
            self.update(self._qms_values_from_inspection(inspection))

    @api.model
    def _qms_values_from_inspection(self, inspection):
        production = inspection.production_id
        return {
            "origin": "inspection",
            "inspection_id": inspection.id,
            "product_id": inspection.product_id.id,
            "lot_id": inspection.lot_id.id,
            "qty": inspection.qty,
            "partner_id": inspection.partner_id.id,
            "picking_id": inspection.picking_id.id,
            "production_id": production.id,
            "workcenter_id": inspection.workcenter_id.id,
            "company_id": inspection.company_id.id,
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Draft → open: the nonconformity is recorded and its goods wait for a disposition."""
        not_draft = self.filtered(lambda ncr: ncr.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "Only draft nonconformities can be confirmed: %(ncrs)s are not.",
                    ncrs=", ".join(not_draft.mapped("name")),
                )
            )
        self._qms_write({"state": "open"})
        return True

    def action_close(self):
        """Open → closed, once every disposition is done (Quality Manager)."""
        self._qms_check_manager(self, self.env._("close nonconformities"))
        for ncr in self:
            if ncr.state != "open":
                raise UserError(
                    self.env._("%(ncr)s is not open, so it can't be closed.", ncr=ncr.name)
                )
            pending = ncr.disposition_line_ids.filtered(lambda line: line.state != "done")
            if ncr.lot_id and not ncr.disposition_line_ids:
                raise UserError(
                    self.env._(
                        "%(ncr)s: decide what happens to lot %(lot)s (Apply Dispositions) "
                        "before closing.",
                        ncr=ncr.name,
                        lot=ncr.lot_id.name,
                    )
                )
            if pending:
                raise UserError(
                    self.env._(
                        "%(ncr)s can't be closed while dispositions are not done: %(lines)s.",
                        ncr=ncr.name,
                        lines=", ".join(pending.mapped("display_name")),
                    )
                )
        self._qms_write({"state": "closed"})
        return True

    def action_cancel(self, reason=None):
        """Cancel nonconformities whose dispositions were not applied (Quality Manager)."""
        action = self.env._("cancel nonconformities")
        reason = self._qms_check_manager_reason(self, reason, action)
        applied = self.filtered(lambda ncr: ncr.disposition_line_ids.filtered("document_ref"))
        if applied:
            raise UserError(
                self.env._(
                    "%(ncrs)s: dispositions were applied to the goods, so the nonconformity "
                    "can't be cancelled; close it when they are done.",
                    ncrs=", ".join(applied.mapped("name")),
                )
            )
        self._qms_write({"state": "cancel"})
        for ncr in self:
            ncr.message_post(body=self.env._("Cancelled: %(reason)s", reason=reason))
        return True

    def action_apply_disposition(self, password=None):
        """Make the ERP act on the goods, as the dispositions say (Quality Manager, signed).

        Without disposition lines, ``disposition`` applies to the whole quantity. Each line
        not yet applied creates its document: a validated scrap order, a rework manufacturing
        order (its output is inspected again once done), the return to the vendor, or a
        concession on the inspection (use as is, repair). Returns ``{'model', 'id'}`` of the
        first document created, and ``documents``, all of them.
        """
        self._qms_check_single(self, self.env._("Applying dispositions"))
        action = self.env._("approve the dispositions")
        self._qms_check_manager(self, action)
        self._qms_check_can_dispose()
        self._qms_check_signer(password, action)
        if not self.disposition_line_ids:
            self.env["qms.nonconformity.disposition"].create(
                {"nonconformity_id": self.id, "disposition": self.disposition, "qty": self.qty}
            )
        lines = self.disposition_line_ids.filtered(lambda line: not line.document_ref)
        documents = []
        for line in lines.sorted("id"):
            documents.append(line._qms_apply(password))
        self._qms_update_costs()
        self._qms_add_signatures(action, self.disposition_note, "approval")
        self.message_post(
            body=self.env._(
                "Dispositions applied: %(lines)s.",
                lines=", ".join(lines.mapped("display_name")),
            )
        )
        first = documents[0] if documents else {"model": False, "id": False}
        return {**first, "documents": documents}

    def _qms_check_can_dispose(self):
        self.ensure_one()
        if self.state != "open":
            raise UserError(
                self.env._(
                    "%(ncr)s is %(state)s: dispositions apply to open nonconformities.",
                    ncr=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
        if not self.product_id:
            raise UserError(
                self.env._("%(ncr)s: say which product the dispositions apply to.", ncr=self.name)
            )
        if not self.disposition_line_ids and not self.disposition:
            raise UserError(
                self.env._(
                    "%(ncr)s: choose a disposition, or fill in the disposition lines.",
                    ncr=self.name,
                )
            )
        rounding = self.product_id.uom_id.rounding
        total = sum(self.disposition_line_ids.mapped("qty")) or self.qty
        if float_is_zero(total, precision_rounding=rounding):
            raise UserError(
                self.env._("%(ncr)s: give the quantity the disposition applies to.", ncr=self.name)
            )
        if float_compare(total, self.qty, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "%(ncr)s: the dispositions cover %(total)s %(unit)s, more than the "
                    "%(qty)s %(unit)s found nonconforming.",
                    ncr=self.name,
                    total=total,
                    qty=self.qty,
                    unit=self.product_uom_id.name,
                )
            )
        if self.product_id.tracking != "none" and not self.lot_id:
            raise UserError(
                self.env._(
                    "%(ncr)s: %(product)s is tracked by lot; say which lot is nonconforming.",
                    ncr=self.name,
                    product=self.product_id.display_name,
                )
            )

    def _qms_update_costs(self):
        """Write the scrapped value, rework cost and returned value from the dispositions."""
        for ncr in self:
            by_type = {"scrap": 0.0, "rework": 0.0, "return": 0.0}
            for line in ncr.disposition_line_ids:
                if line.disposition in by_type:
                    by_type[line.disposition] += line.cost
            ncr._qms_write(
                {
                    "cost_scrap": by_type["scrap"],
                    "cost_rework": by_type["rework"],
                    "cost_return": by_type["return"],
                }
            )

    def _qms_check_dispositions_editable(self):
        closed = self.filtered(lambda ncr: ncr.state in ("closed", "cancel"))
        if closed:
            raise UserError(
                self.env._(
                    "%(ncrs)s are closed or cancelled: their dispositions can't change.",
                    ncrs=", ".join(closed.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    @api.depends("disposition", "disposition_line_ids.document_ref")
    def _compute_disposition_pending(self):
        for ncr in self:
            lines = ncr.disposition_line_ids
            ncr.disposition_pending = (
                bool(lines.filtered(lambda line: not line.document_ref))
                if lines
                else bool(ncr.disposition)
            )

    @api.depends("disposition_line_ids.scrap_id", "disposition_line_ids.production_id")
    def _compute_document_counts(self):
        for ncr in self:
            lines = ncr.disposition_line_ids
            ncr.scrap_count = len(lines.scrap_id)
            ncr.rework_count = len(lines.production_id)
            ncr.return_count = len(lines.picking_id)

    def _qms_action_documents(self, records, name):
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": records._name,
            "context": {"create": False},
        }
        if len(records) == 1:
            return {**action, "view_mode": "form", "res_id": records.id}
        return {**action, "view_mode": "list,form", "domain": [("id", "in", records.ids)]}

    def action_open_disposition_wizard(self):
        self.ensure_one()
        self._qms_check_can_dispose()
        lines = self.disposition_line_ids.filtered(lambda line: not line.document_ref)
        summary = ", ".join(lines.mapped("display_name")) or "%s %s %s" % (
            dict(self._fields["disposition"]._description_selection(self.env))[self.disposition],
            self.qty,
            self.product_uom_id.name,
        )
        return self.env["qms.signature.wizard"]._qms_open(
            self,
            "action_apply_disposition",
            self.env._("Approve the dispositions of %(ncr)s", ncr=self.name),
            self.env._("%(ncr)s: %(dispositions)s", ncr=self.name, dispositions=summary),
        )

    def action_open_cancel_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "ncr_cancel")

    def action_create_capa(self):
        """Open a corrective action (8D) on these nonconformities (CAPA Owner); returns its
        form. Nonconformities already under a CAPA keep theirs."""
        self.env["qms.capa"]._qms_check_owner(self.env._("open CAPAs"))
        free = self.filtered(lambda ncr: not ncr.capa_id)
        if not free:
            raise UserError(
                self.env._(
                    "%(ncrs)s are already under a CAPA.", ncrs=", ".join(self.mapped("name"))
                )
            )
        first = free[0]
        partners = free.partner_id.commercial_partner_id
        capa = self.env["qms.capa"].create(
            {
                "title": first.product_id.display_name
                and self.env._(
                    "%(product)s: %(ncrs)s",
                    product=first.product_id.display_name,
                    ncrs=", ".join(free.mapped("name")),
                )
                or ", ".join(free.mapped("name")),
                "company_id": first.company_id.id,
                "partner_id": partners.id if len(partners) == 1 else False,
                "problem_what": "\n".join(
                    filter(None, (html2plaintext(ncr.description or "") for ncr in free))
                )
                or False,
                "problem_how_many": ", ".join(
                    "%s %s %s" % (ncr.qty, ncr.product_uom_id.name or "", ncr.lot_id.name or "")
                    for ncr in free
                ),
            }
        )
        free.write({"capa_id": capa.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "qms.capa",
            "res_id": capa.id,
            "view_mode": "form",
        }

    def action_view_scraps(self):
        self.ensure_one()
        return self._qms_action_documents(
            self.disposition_line_ids.scrap_id, self.env._("Scrap Orders")
        )

    def action_view_reworks(self):
        self.ensure_one()
        return self._qms_action_documents(
            self.disposition_line_ids.production_id, self.env._("Rework Orders")
        )

    def action_view_returns(self):
        self.ensure_one()
        return self._qms_action_documents(
            self.disposition_line_ids.picking_id, self.env._("Returns")
        )
