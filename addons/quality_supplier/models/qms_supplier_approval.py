# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

VALID_STATES = ("approved", "conditional")


class QmsSupplierApproval(models.Model):
    """One line of the approved supplier list: may this vendor supply this product?"""

    _name = "qms.supplier.approval"
    _description = "Approved Supplier List Entry"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "product_tmpl_id, partner_id, date_start desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        "Vendor",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        "Product",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="cascade",
    )
    state = fields.Selection(
        [
            ("approved", "Approved"),
            ("conditional", "Conditionally approved"),
            ("disqualified", "Disqualified"),
        ],
        required=True,
        default="approved",
        tracking=True,
        help="Approved and conditionally approved vendors may be ordered from while the entry "
        "is valid; a disqualified vendor may not.",
    )
    date_start = fields.Date(
        "Valid From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date("Valid Until", tracking=True, help="Leave empty for no end.")
    condition = fields.Text(
        tracking=True, help="Conditions of a conditional approval, e.g. 100 % incoming inspection."
    )
    user_id = fields.Many2one(
        "res.users", "Approved by", default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    is_valid = fields.Boolean("Valid Today", compute="_compute_is_valid", search="_search_is_valid")

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for approval in self:
            if approval.date_end and approval.date_end < approval.date_start:
                raise ValidationError(
                    self.env._(
                        "Approval of %(vendor)s for %(product)s can't end (%(end)s) before it "
                        "starts (%(start)s).",
                        vendor=approval.partner_id.display_name,
                        product=approval.product_tmpl_id.display_name,
                        end=approval.date_end,
                        start=approval.date_start,
                    )
                )

    @api.depends("partner_id", "product_tmpl_id", "state")
    def _compute_display_name(self):
        states = dict(self._fields["state"]._description_selection(self.env))
        for approval in self:
            approval.display_name = "%s / %s (%s)" % (
                approval.partner_id.display_name or "",
                approval.product_tmpl_id.display_name or "",
                states.get(approval.state, ""),
            )

    @api.depends("state", "date_start", "date_end")
    @api.depends_context("date")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for approval in self:
            approval.is_valid = approval._qms_is_valid_on(today)

    def _search_is_valid(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("Search valid approvals with = or != only."))
        domain = self._qms_valid_domain(fields.Date.context_today(self))
        return domain if (operator == "=") == bool(value) else ["!", *domain]

    def _qms_is_valid_on(self, date):
        self.ensure_one()
        return (
            self.state in VALID_STATES
            and self.date_start <= date
            and (not self.date_end or self.date_end >= date)
        )

    @api.model
    def _qms_valid_domain(self, date):
        return [
            ("state", "in", VALID_STATES),
            ("date_start", "<=", date),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", date),
        ]

    @api.model
    def _qms_approved_pairs(self, partners, templates, date, company):
        """(commercial partner id, template id) pairs that may be ordered on ``date``.

        An approved or conditional entry in effect allows the pair, unless a disqualification
        is in effect too: disqualifying a vendor wins over an older approval.
        """
        entries = self.sudo().search(
            [
                ("partner_id", "in", partners.commercial_partner_id.ids),
                ("product_tmpl_id", "in", templates.ids),
                ("company_id", "=", company.id),
                ("date_start", "<=", date),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", date),
            ]
        )
        allowed, disqualified = set(), set()
        for entry in entries:
            pair = (entry.partner_id.commercial_partner_id.id, entry.product_tmpl_id.id)
            (allowed if entry.state in VALID_STATES else disqualified).add(pair)
        return allowed - disqualified
