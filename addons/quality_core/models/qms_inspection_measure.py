# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .qms_protected_mixin import actions_writing
from .qms_test import MEASURE_DIGITS

# What an inspector records per unit while the inspection is to do.
RECORDED_FIELDS = frozenset({"value", "note", "lot_id", "sequence"})


class QmsInspectionMeasure(models.Model):
    """One value of a measured test on one sampled unit.

    The values of an inspection line are the subgroup that the control charts read; the line's
    value is their mean, and a unit out of tolerance counts as a defective unit of the sample
    (for the AQL decision).
    """

    _name = "qms.inspection.measure"
    _description = "Quality Measurement per Unit"
    _inherit = ["qms.protected.mixin"]
    _order = "line_id, sequence, id"

    line_id = fields.Many2one(
        "qms.inspection.line", "Test Result", required=True, ondelete="cascade", index=True
    )
    inspection_id = fields.Many2one(
        related="line_id.inspection_id", store=True, index=True, string="Inspection"
    )
    test_id = fields.Many2one(related="line_id.test_id", store=True, string="Test")
    product_id = fields.Many2one(related="inspection_id.product_id", store=True, string="Product")
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    sequence = fields.Integer("Unit", help="Number of the unit in the sample, from 1.")
    value = fields.Float("Measured Value", digits=MEASURE_DIGITS, required=True)
    lot_id = fields.Many2one(
        "stock.lot",
        "Serial Number",
        index="btree_not_null",
        help="The serial number of the unit measured, for serial-numbered goods.",
    )
    result = fields.Selection(
        [("pass", "Pass"), ("fail", "Fail")], compute="_compute_result", store=True
    )
    note = fields.Char("Remark")
    state = fields.Selection(related="inspection_id.state")

    _sql_constraints = [
        (
            "unit_unique",
            "UNIQUE(line_id, sequence)",
            "A unit is measured once per test: change its value instead.",
        ),
    ]

    def init(self):
        # The control charts read the values of one test and product in order.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS qms_inspection_measure_spc_idx "
            "ON qms_inspection_measure (test_id, product_id, inspection_id, sequence)"
        )

    @api.depends("value", "line_id.tolerance_min", "line_id.tolerance_max")
    def _compute_result(self):
        for measure in self:
            out = measure.line_id._qms_out_of_tolerance(measure.value)
            measure.result = "fail" if out else "pass"

    @api.constrains("sequence", "line_id", "lot_id")
    def _check_unit(self):
        for measure in self:
            line = measure.line_id
            sample = line.inspection_id.sample_size
            if measure.sequence < 1 or (sample and measure.sequence > sample):
                raise ValidationError(
                    self.env._(
                        "%(inspection)s, test %(test)s: unit %(unit)s is not in the sample of "
                        "%(sample)s units.",
                        inspection=line.inspection_id.name,
                        test=line.name,
                        unit=measure.sequence,
                        sample="%g" % sample,
                    )
                )
            serials = line.inspection_id.lot_ids
            if measure.lot_id and serials and measure.lot_id not in serials:
                raise ValidationError(
                    self.env._(
                        "%(inspection)s: serial number %(serial)s is not one of the units "
                        "inspected.",
                        inspection=line.inspection_id.name,
                        serial=measure.lot_id.name,
                    )
                )
            if line.test_type != "measure":
                raise ValidationError(
                    self.env._(
                        "%(inspection)s, test %(test)s is a pass/fail test: it has no measured "
                        "values per unit.",
                        inspection=line.inspection_id.name,
                        test=line.name,
                    )
                )

    def _qms_protected_field_names(self):
        return set(self._fields) - RECORDED_FIELDS

    def _qms_actions_hint(self):
        return self.env._("the results of an inspection to do")

    @api.model_create_multi
    def create(self, vals_list):
        lines = self.env["qms.inspection.line"].browse(
            {vals.get("line_id") for vals in vals_list if vals.get("line_id")}
        )
        # Checked even when a result line writes its values (one2many commands): nobody but
        # the inspector creates values, and only these fields.
        refused = set().union(*vals_list) - RECORDED_FIELDS - {"line_id"}
        if refused:
            raise UserError(
                self.env._(
                    "A measured value is recorded with its result line, unit, value, serial "
                    "number and remark only: %(fields)s can't be given.",
                    fields=", ".join(sorted(self._qms_field_labels(refused))),
                )
            )
        lines.inspection_id._qms_check_open()
        next_unit = {line.id: max(line.measure_ids.mapped("sequence"), default=0) for line in lines}
        for vals in vals_list:
            self._qms_check_measure(vals.get("value"), self.env._("Measured value"))
            if not vals.get("sequence") and vals.get("line_id"):
                next_unit[vals["line_id"]] += 1
                vals["sequence"] = next_unit[vals["line_id"]]
        with actions_writing():
            measures = super().create(vals_list)
        measures.line_id._qms_sync_measures()
        return measures

    def _qms_check_write(self, vals):
        self.inspection_id._qms_check_open()
        refused = set(vals) - RECORDED_FIELDS
        if refused:
            raise UserError(
                self.env._(
                    "Only the unit, value, serial number and remark of a measured value can be "
                    "changed, not %(fields)s.",
                    fields=", ".join(sorted(self._qms_field_labels(refused))),
                )
            )
        return super()._qms_check_write(vals)

    def write(self, vals):
        # Checked even under a result line's write (one2many commands).
        self._qms_refuse_unseen(self._qms_check_write, vals)
        if "value" in vals:
            self._qms_check_measure(vals["value"], self.env._("Measured value"))
        with actions_writing():
            res = super().write(vals)
        if {"value", "line_id"} & set(vals):
            self.line_id._qms_sync_measures()
        return res

    def _qms_check_unlink(self):
        self.inspection_id._qms_check_open()
        return super()._qms_check_unlink()

    def unlink(self):
        self._qms_refuse_unseen(self._qms_check_unlink)
        lines = self.line_id
        with actions_writing():
            res = super().unlink()
        lines.exists()._qms_sync_measures()
        return res
