# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .qms_test import MEASURE_DIGITS


class QmsInspectionLine(models.Model):
    _name = "qms.inspection.line"
    _description = "Quality Inspection Result"
    _order = "inspection_id, sequence, id"

    inspection_id = fields.Many2one("qms.inspection", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    test_id = fields.Many2one("qms.test", "Quality Test", required=True, ondelete="restrict")
    name = fields.Char("Test", required=True)
    test_type = fields.Selection(
        [("passfail", "Pass / Fail"), ("measure", "Measurement")], required=True, readonly=True
    )
    norm = fields.Float(digits=MEASURE_DIGITS, readonly=True)
    tolerance_min = fields.Float("Min. Tolerance", digits=MEASURE_DIGITS, readonly=True)
    tolerance_max = fields.Float("Max. Tolerance", digits=MEASURE_DIGITS, readonly=True)
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    value = fields.Float("Measured Value", digits=MEASURE_DIGITS)
    is_measured = fields.Boolean(
        "Measured", readonly=True, help="Set once a value is recorded: 0.0 can be a real value."
    )
    answer = fields.Selection([("pass", "Pass"), ("fail", "Fail")])
    result = fields.Selection(
        [("pass", "Pass"), ("fail", "Fail")], compute="_compute_result", store=True
    )
    note = fields.Char("Remark")
    state = fields.Selection(related="inspection_id.state")
    company_id = fields.Many2one(related="inspection_id.company_id", store=True, index=True)

    @api.depends("test_type", "answer", "value", "is_measured", "tolerance_min", "tolerance_max")
    def _compute_result(self):
        precision = MEASURE_DIGITS[1]
        for line in self:
            if line.test_type == "passfail":
                line.result = line.answer
            elif not line.is_measured:
                line.result = False
            elif (
                float_compare(line.value, line.tolerance_min, precision_digits=precision) < 0
                or float_compare(line.value, line.tolerance_max, precision_digits=precision) > 0
            ):
                line.result = "fail"
            else:
                line.result = "pass"

    @api.constrains("test_type", "is_measured", "answer")
    def _check_result_kind(self):
        for line in self:
            if line.test_type == "passfail" and line.is_measured:
                raise ValidationError(
                    self.env._(
                        "%(inspection)s, test %(test)s is a pass/fail test: record an answer, not "
                        "a measured value.",
                        inspection=line.inspection_id.name,
                        test=line.name,
                    )
                )
            if line.test_type == "measure" and line.answer:
                raise ValidationError(
                    self.env._(
                        "%(inspection)s, test %(test)s is a measurement: record the measured "
                        "value, "
                        "not a pass/fail answer.",
                        inspection=line.inspection_id.name,
                        test=line.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._qms_flag_measured(vals)
        return super().create(vals_list)

    def write(self, vals):
        if {"value", "answer"} & set(vals):
            self.inspection_id._qms_check_editable()
        self._qms_flag_measured(vals)
        return super().write(vals)

    @api.model
    def _qms_flag_measured(self, vals):
        if "value" in vals and vals["value"] is not False and vals["value"] is not None:
            vals["is_measured"] = True
