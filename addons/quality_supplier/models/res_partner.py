# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import scorecard
from .qms_supplier_scorecard import GRADES

# Months of snapshots behind the current figures of a vendor (this month included).
CURRENT_MONTHS = 12


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The vendor's figures grade the summed counts of its monthly scorecards (qms.supplier.
    # scorecard) of the last 12 months with the definitions of tools/scorecard.py.
    qms_score_date_from = fields.Date(
        "Scorecard Since (12 months)",
        compute="_compute_qms_scores",
        help="First day of the vendor's figures: the last 12 months, this month included. "
        "They are refreshed when an incoming inspection of the vendor is decided, and every "
        "night.",
    )
    qms_score = fields.Float(
        "Supplier Score (12 months)",
        compute="_compute_qms_scores",
        digits=(16, 2),
        help="Weighted quality and delivery score (0-100) of the receipts of the last 12 "
        "months, this month included: the score of the summed monthly counts, not an average "
        "of monthly scores.",
    )
    qms_grade = fields.Selection(
        GRADES,
        "Supplier Grade (12 months)",
        compute="_compute_qms_scores",
        search="_search_qms_grade",
        help="Grade of the supplier score of the last 12 months, this month included.",
    )
    qms_ppm = fields.Float(
        "PPM (12 months)",
        compute="_compute_qms_scores",
        digits=(16, 1),
        help="Quantity rejected ÷ quantity received × 1,000,000, over the receipts of the last "
        "12 months, this month included.",
    )
    qms_lot_acceptance_rate = fields.Float(
        "Lot Acceptance (%, 12 months)",
        compute="_compute_qms_scores",
        digits=(16, 2),
        help="Lots inspected and accepted ÷ lots inspected, over the receipts of the last 12 "
        "months, this month included.",
    )
    qms_otd_rate = fields.Float(
        "On-Time Lines (%, 12 months)",
        compute="_compute_qms_scores",
        digits=(16, 2),
        help="The quality scorecard's on-time delivery: receipt lines of the last 12 months, "
        "this month included, received within the company's window around the promised date "
        "(days early and late allowed, in the settings) ÷ receipt lines. Odoo's own On-time "
        "Rate (Purchase) differs by design: ordered quantity received by the promised date ÷ "
        "ordered quantity, over the orders of the past 365 days.",
    )
    qms_lots_received = fields.Integer(
        "Lots Received (12 months)",
        compute="_compute_qms_scores",
        help="Lots received over the last 12 months, this month included.",
    )
    qms_lots_rejected = fields.Integer(
        "Lots Rejected (12 months)",
        compute="_compute_qms_scores",
        help="Lots rejected or accepted under concession over the last 12 months, this month "
        "included.",
    )
    on_time_rate = fields.Float(
        help="Odoo's on-time rate: ordered quantity received by the promised date ÷ ordered "
        "quantity, over the orders of the past 365 days (system parameter "
        "purchase_stock.on_time_delivery_days). The quality scorecard's On-Time Lines counts "
        "receipt lines within the company's on-time window over the last 12 months instead."
    )
    qms_certificate_ids = fields.One2many(
        "qms.supplier.certificate", "partner_id", "Supplier Certificates"
    )
    qms_approval_ids = fields.One2many("qms.supplier.approval", "partner_id", "Approved Products")
    qms_inspection_count = fields.Integer(
        "Incoming Inspections", compute="_compute_qms_inspection_count", compute_sudo=True
    )

    @api.model
    def _qms_score_fields(self):
        return [
            name for name, field in self._fields.items() if field.compute == "_compute_qms_scores"
        ]

    @api.model
    def _qms_current_period(self):
        first = fields.Date.context_today(self).replace(day=1)
        return first - relativedelta(months=CURRENT_MONTHS - 1)

    def _qms_current_counts(self):
        """Summed snapshot counts of the last 12 months, per commercial partner id."""
        groups = (
            self.env["qms.supplier.scorecard"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "=", self.env.company.id),
                    ("period_start", ">=", self._qms_current_period()),
                ],
                ["partner_id"],
                ["%s:sum" % name for name in scorecard.COUNTS],
            )
        )
        return {
            partner.id: dict(zip(scorecard.COUNTS, sums, strict=True)) for partner, *sums in groups
        }

    @api.depends_context("company")
    def _compute_qms_scores(self):
        counts = self._qms_current_counts()
        rules = self.env.company._qms_score_rules()
        date_from = self._qms_current_period()
        for partner in self:
            partner.qms_score_date_from = date_from
            partner_counts = counts.get(partner.commercial_partner_id.id)
            values = scorecard.evaluate(partner_counts or {}, rules)
            partner.qms_score = values["score"]
            partner.qms_grade = values["grade"]
            partner.qms_ppm = values["ppm"]
            partner.qms_lot_acceptance_rate = values["lot_acceptance_rate"]
            partner.qms_otd_rate = values["otd_rate"]
            partner.qms_lots_received = values["lots_received"]
            partner.qms_lots_rejected = values["lots_rejected"]

    def _search_qms_grade(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Supplier grades can only be compared for equality."))
        grades = {value} if isinstance(value, str) or value is False else set(value)
        vendors = self.browse(
            self.env["qms.supplier.scorecard"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.env.company.id),
                    ("period_start", ">=", self._qms_current_period()),
                ]
            )
            .partner_id.ids
        )
        matching = vendors.filtered(lambda partner: partner.qms_grade in grades)
        positive = operator in ("=", "in")
        if False in grades:
            # Vendors without a grade are every partner but the graded ones.
            graded = vendors - matching
            return [("commercial_partner_id", "not in" if positive else "in", graded.ids)]
        return [("commercial_partner_id", "in" if positive else "not in", matching.ids)]

    def _compute_qms_inspection_count(self):
        counts = dict(
            self.env["qms.inspection"]._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("picking_type_code", "=", "incoming"),
                    ("company_id", "in", self.env.companies.ids),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.qms_inspection_count = counts.get(partner.commercial_partner_id, 0)

    def qms_scorecard(self, date_from, date_to):
        """The vendor's scorecard between two dates (inclusive), computed from the receipts."""
        self.env["qms.protected.mixin"]._qms_check_single(
            self, self.env._("The supplier scorecard")
        )
        Guard = self.env["qms.protected.mixin"]
        date_from = Guard._qms_check_date(
            date_from,
            self.env._("Scorecard of %(vendor)s: the start date", vendor=self.display_name),
        )
        date_to = Guard._qms_check_date(
            date_to, self.env._("Scorecard of %(vendor)s: the end date", vendor=self.display_name)
        )
        if date_from > date_to:
            raise UserError(
                self.env._(
                    "Scorecard of %(vendor)s: give a start date on or before the end date "
                    "(got %(start)s to %(end)s).",
                    vendor=self.display_name,
                    start=date_from,
                    end=date_to,
                )
            )
        self.check_access("read")
        if not (
            self.env.user.has_group("quality_core.group_qms_user")
            or self.env.user.has_group("purchase.group_purchase_user")
        ):
            raise AccessError(
                self.env._(
                    "Only quality and purchase users can read the scorecard of %(vendor)s.",
                    vendor=self.display_name,
                )
            )
        company = self.env.company
        rows = (
            self.env["qms.supplier.scorecard"]
            .sudo()
            ._qms_fetch_counts(company, date_from, date_to, partners=self, monthly=False)
        )
        values = scorecard.evaluate(rows[0] if rows else {}, company._qms_score_rules())
        values.update(
            partner_id=self.commercial_partner_id.id,
            company_id=company.id,
            date_from=fields.Date.to_string(date_from),
            date_to=fields.Date.to_string(date_to),
        )
        return values

    def action_qms_view_inspections(self):
        self.env["qms.protected.mixin"]._qms_check_single(
            self, self.env._("Viewing the incoming inspections of a vendor")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_supplier.qms_inspection_incoming_action"
        )
        action["domain"] = [
            ("partner_id", "=", self.commercial_partner_id.id),
            ("picking_type_code", "=", "incoming"),
        ]
        action["context"] = {}
        return action

    def action_qms_view_scorecards(self):
        self.env["qms.protected.mixin"]._qms_check_single(
            self, self.env._("Viewing the scorecards of a vendor")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_supplier.qms_supplier_scorecard_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action
