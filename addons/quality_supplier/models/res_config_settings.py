# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    qms_score_quality_weight = fields.Float(
        related="company_id.qms_score_quality_weight", readonly=False
    )
    qms_score_delivery_weight = fields.Float(
        related="company_id.qms_score_delivery_weight", readonly=False
    )
    qms_ppm_bands = fields.Char(related="company_id.qms_ppm_bands", readonly=False)
    qms_grade_a = fields.Float(related="company_id.qms_grade_a", readonly=False)
    qms_grade_b = fields.Float(related="company_id.qms_grade_b", readonly=False)
    qms_grade_c = fields.Float(related="company_id.qms_grade_c", readonly=False)
    qms_otd_days_early = fields.Integer(related="company_id.qms_otd_days_early", readonly=False)
    qms_otd_days_late = fields.Integer(related="company_id.qms_otd_days_late", readonly=False)
    qms_certificate_notice_days = fields.Integer(
        related="company_id.qms_certificate_notice_days", readonly=False
    )
