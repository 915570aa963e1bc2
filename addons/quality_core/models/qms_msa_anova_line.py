# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..tools import msa


class QmsMsaAnovaLine(models.Model):
    """One row of the ANOVA table of a computed study, written by ``action_compute`` only."""

    _name = "qms.msa.anova.line"
    _description = "Gauge R&R ANOVA Row"
    _order = "study_id, sequence, id"

    study_id = fields.Many2one("qms.msa.study", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    source = fields.Selection(
        [
            (msa.SOURCE_OPERATOR, "Operator"),
            (msa.SOURCE_PART, "Part"),
            (msa.SOURCE_INTERACTION, "Part × Operator"),
            (msa.SOURCE_EQUIPMENT, "Equipment (Repeatability)"),
            (msa.SOURCE_TOTAL, "Total"),
        ],
        required=True,
    )
    df = fields.Integer("DF")
    ss = fields.Float("SS", digits=(16, 6))
    ms = fields.Float("MS", digits=(16, 6))
    f = fields.Float(digits=(16, 4))
    has_f = fields.Boolean()
    p = fields.Float(digits=(16, 4))
    has_p = fields.Boolean()
    company_id = fields.Many2one(related="study_id.company_id", store=True, index=True)
