# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class QmsSupplierCertificate(models.Model):
    """A vendor's certificate: quality system (ISO 9001, IATF 16949) or material certificate."""

    _name = "qms.supplier.certificate"
    _description = "Supplier Certificate"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_expiry, id"
    _check_company_auto = True

    name = fields.Char("Title", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", "Vendor", required=True, index=True, tracking=True, check_company=True
    )
    certificate_type = fields.Selection(
        [
            ("iso9001", "ISO 9001"),
            ("iatf16949", "IATF 16949"),
            ("iso14001", "ISO 14001"),
            ("iso13485", "ISO 13485"),
            ("material", "Material certificate (EN 10204)"),
            ("coc", "Certificate of conformity"),
            ("other", "Other"),
        ],
        "Type",
        required=True,
        default="iso9001",
        tracking=True,
    )
    reference = fields.Char("Certificate No.", tracking=True)
    issuer = fields.Char("Issued by", help="Certification body or laboratory.")
    date_issue = fields.Date("Issued on")
    date_expiry = fields.Date("Expires on", tracking=True, index=True)
    product_tmpl_ids = fields.Many2many(
        "product.template",
        string="Products",
        check_company=True,
        help="Products the certificate covers; leave empty for the whole vendor.",
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Documents")
    user_id = fields.Many2one(
        "res.users",
        "Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Receives the activity before the certificate expires.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring soon"), ("expired", "Expired")],
        compute="_compute_state",
        search="_search_state",
    )

    @api.constrains("date_issue", "date_expiry")
    def _check_dates(self):
        for certificate in self:
            if (
                certificate.date_issue
                and certificate.date_expiry
                and certificate.date_expiry < certificate.date_issue
            ):
                raise ValidationError(
                    self.env._(
                        "Certificate %(name)s of %(vendor)s can't expire before it is issued.",
                        name=certificate.name,
                        vendor=certificate.partner_id.display_name,
                    )
                )

    @api.depends("date_expiry", "company_id.qms_certificate_notice_days")
    @api.depends_context("date")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for certificate in self:
            notice = today + relativedelta(days=certificate.company_id.qms_certificate_notice_days)
            if certificate.date_expiry and certificate.date_expiry < today:
                certificate.state = "expired"
            elif certificate.date_expiry and certificate.date_expiry <= notice:
                certificate.state = "expiring"
            else:
                certificate.state = "valid"

    def _search_state(self, operator, value):
        if operator not in ("=", "in"):
            return [("id", "in", self.search([]).filtered_domain([("state", operator, value)]).ids)]
        states = {value} if isinstance(value, str) else set(value)
        today = fields.Date.context_today(self)
        notice = today + relativedelta(days=self.env.company.qms_certificate_notice_days)
        domains = []
        if "expired" in states:
            domains.append([("date_expiry", "<", today)])
        if "expiring" in states:
            domains.append([("date_expiry", ">=", today), ("date_expiry", "<=", notice)])
        if "valid" in states:
            domains.append(["|", ("date_expiry", "=", False), ("date_expiry", ">", notice)])
        if not domains:
            return [("id", "=", False)]
        return ["|"] * (len(domains) - 1) + [leaf for domain in domains for leaf in domain]

    def _qms_is_valid_on(self, date):
        self.ensure_one()
        return not self.date_expiry or self.date_expiry >= date

    @api.model
    def _cron_schedule_expiry_activities(self):
        """Schedule one activity per certificate entering its notice period."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for company in self.env["res.company"].search([]):
            notice = today + relativedelta(days=company.qms_certificate_notice_days)
            certificates = self.search(
                [
                    ("company_id", "=", company.id),
                    ("date_expiry", ">=", today),
                    ("date_expiry", "<=", notice),
                ]
            )
            reminded = set(
                self.env["mail.activity"]
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", certificates.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ]
                )
                .mapped("res_id")
            )
            for certificate in certificates:
                if certificate.id in reminded:
                    continue
                certificate.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=certificate.date_expiry,
                    summary=self.env._("Certificate expires on %s", certificate.date_expiry),
                    note=self.env._(
                        "Ask %(vendor)s for the renewal of %(certificate)s.",
                        vendor=certificate.partner_id.display_name,
                        certificate=certificate.name,
                    ),
                    user_id=certificate.user_id.id or self.env.uid,
                )
