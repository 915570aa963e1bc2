# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .qms_protected_mixin import actions_writing
from .qms_test import MEASURE_DIGITS


class QmsMsaMeasurement(models.Model):
    """One reading of a gauge R&R study: a part, measured by an operator, in a trial."""

    _name = "qms.msa.measurement"
    _description = "Gauge R&R Measurement"
    _inherit = ["qms.protected.mixin"]
    _order = "study_id, part, operator, trial, id"
    _qms_protected_fields = frozenset({"is_measured", "company_id"})

    study_id = fields.Many2one("qms.msa.study", required=True, ondelete="cascade", index=True)
    part = fields.Integer(required=True, default=1)
    operator = fields.Integer(required=True, default=1, help="Number of the operator (appraiser).")
    trial = fields.Integer(required=True, default=1)
    value = fields.Float(digits=MEASURE_DIGITS)
    is_measured = fields.Boolean(
        "Measured", readonly=True, help="Set once a value is recorded: 0.0 can be a real value."
    )
    company_id = fields.Many2one(related="study_id.company_id", store=True, index=True)
    state = fields.Selection(related="study_id.state")

    _sql_constraints = [
        (
            "cell_unique",
            "UNIQUE(study_id, part, operator, trial)",
            "A study has one measurement per part, operator and trial.",
        ),
        (
            "cell_positive",
            "CHECK(part >= 1 AND operator >= 1 AND trial >= 1)",
            "Parts, operators and trials are numbered from 1.",
        ),
    ]

    def _qms_cell(self):
        self.ensure_one()
        return self.part, self.operator, self.trial

    @api.model
    def _qms_cell_label(self, part, operator, trial):
        return self.env._(
            "part %(part)s, operator %(operator)s, trial %(trial)s",
            part=part,
            operator=operator,
            trial=trial,
        )

    def _qms_cell_name(self):
        return self._qms_cell_label(*self._qms_cell())

    @api.depends("study_id.name", "part", "operator", "trial")
    def _compute_display_name(self):
        for measurement in self:
            measurement.display_name = "%s, %s" % (
                measurement.study_id.name,
                measurement._qms_cell_name(),
            )

    def _qms_actions_hint(self):
        return self.env._("entering the value")

    @api.model_create_multi
    def create(self, vals_list):
        if not self._qms_actions_writing():
            studies = self.env["qms.msa.study"].browse({vals.get("study_id") for vals in vals_list})
            studies._qms_check_draft(self.env._("adding measurements"))
            self._qms_check_protected_vals(vals_list, creating=True)
        vals_list = [self._qms_flag_measured(dict(vals)) for vals in vals_list]
        with actions_writing():  # is_measured follows the value, checked above
            return super().create(vals_list)

    def _qms_check_write(self, vals):
        self.study_id._qms_check_draft(self.env._("changing their measurements"))
        if "study_id" in vals:
            self.env["qms.msa.study"].browse(vals["study_id"])._qms_check_draft(
                self.env._("changing their measurements")
            )
        return super()._qms_check_write(vals)

    def write(self, vals):
        if not self._qms_actions_writing():
            self._qms_refuse_unseen(self._qms_check_write, vals)
        with actions_writing():  # is_measured follows the value, checked above
            return super().write(self._qms_flag_measured(dict(vals)))

    def _qms_check_unlink(self):
        self.study_id._qms_check_draft(self.env._("deleting their measurements"))
        return super()._qms_check_unlink()

    @api.model
    def _qms_flag_measured(self, vals):
        if "value" in vals:
            self._qms_check_measure(vals["value"], self.env._("Measured value"))
            vals["is_measured"] = vals["value"] is not False and vals["value"] is not None
        return vals
