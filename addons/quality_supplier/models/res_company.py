# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import scorecard


class ResCompany(models.Model):
    _inherit = "res.company"

    qms_score_quality_weight = fields.Float("Quality Weight (%)", default=70.0)
    qms_score_delivery_weight = fields.Float("Delivery Weight (%)", default=30.0)
    qms_ppm_bands = fields.Char(
        "PPM Bands",
        default=scorecard.DEFAULT_PPM_BANDS,
        help="Quality points by PPM: '50:100, 200:90' gives 100 points up to 50 PPM, 90 points "
        "up to 200 PPM; above the last band, 0 points.",
    )
    qms_grade_a = fields.Float("Grade A from", default=90.0)
    qms_grade_b = fields.Float("Grade B from", default=80.0)
    qms_grade_c = fields.Float("Grade C from", default=70.0)
    qms_otd_days_early = fields.Integer(
        "Days Early Allowed",
        default=0,
        help="A receipt this many days before the promised date still counts as on time.",
    )
    qms_otd_days_late = fields.Integer(
        "Days Late Allowed",
        default=3,
        help="A receipt up to this many days after the promised date still counts as on time.",
    )

    qms_certificate_notice_days = fields.Integer(
        "Certificate Expiry Notice (days)",
        default=30,
        help="An activity is scheduled for the responsible this many days before a supplier "
        "certificate expires.",
    )

    @api.constrains(
        "qms_score_quality_weight",
        "qms_score_delivery_weight",
        "qms_ppm_bands",
        "qms_grade_a",
        "qms_grade_b",
        "qms_grade_c",
        "qms_otd_days_early",
        "qms_otd_days_late",
    )
    def _check_qms_scorecard_rules(self):
        for company in self:
            problem = None
            weights = (company.qms_score_quality_weight, company.qms_score_delivery_weight)
            if min(weights) < 0 or round(sum(weights), 6) != 100:
                problem = self.env._("the quality and delivery weights must add up to 100 %.")
            elif not 100 >= company.qms_grade_a > company.qms_grade_b > company.qms_grade_c >= 0:
                problem = self.env._("the grade limits must decrease from A to C within 0-100.")
            elif company.qms_otd_days_early < 0 or company.qms_otd_days_late < 0:
                problem = self.env._("the on-time window can't have negative days.")
            else:
                try:
                    scorecard.parse_ppm_bands(company.qms_ppm_bands)
                except ValueError as error:
                    problem = self.env._("PPM bands: %(error)s.", error=error)
            if problem:
                raise ValidationError(
                    self.env._(
                        "Supplier scorecard of %(company)s: %(problem)s",
                        company=company.name,
                        problem=problem,
                    )
                )

    def _qms_score_rules(self):
        self.ensure_one()
        return scorecard.ScoreRules(
            quality_weight=self.qms_score_quality_weight,
            delivery_weight=self.qms_score_delivery_weight,
            ppm_bands=scorecard.parse_ppm_bands(self.qms_ppm_bands),
            grade_a=self.qms_grade_a,
            grade_b=self.qms_grade_b,
            grade_c=self.qms_grade_c,
        )
