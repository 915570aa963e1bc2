# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .qms_protected_mixin import actions_writing
from .qms_test import MEASURE_DIGITS

# What an inspector records on a line; the rest is the specification copied from the test.
RECORDED_FIELDS = frozenset({"value", "answer", "note", "measure_ids", "equipment_id"})
# What a Quality Manager gives to add a test to an inspection still to do.
ADDED_FIELDS = frozenset({"inspection_id", "test_id", "sequence"})


class QmsInspectionLine(models.Model):
    _name = "qms.inspection.line"
    _description = "Quality Inspection Result"
    _inherit = ["qms.protected.mixin"]
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
    measure_ids = fields.One2many(
        "qms.inspection.measure",
        "line_id",
        "Values per Unit",
        help="One value per sampled unit: the line's value is their mean and a unit out of "
        "tolerance is a defective unit.",
    )
    measure_count = fields.Integer("Units Measured", compute="_compute_measure_stats", store=True)
    failed_unit_count = fields.Integer(
        "Units Out of Tolerance", compute="_compute_measure_stats", store=True
    )
    state = fields.Selection(related="inspection_id.state")
    company_id = fields.Many2one(related="inspection_id.company_id", store=True, index=True)

    @api.depends("measure_ids.result")
    def _compute_measure_stats(self):
        for line in self:
            line.measure_count = len(line.measure_ids)
            line.failed_unit_count = len(line.measure_ids.filtered(lambda m: m.result == "fail"))

    @api.depends(
        "test_type",
        "answer",
        "value",
        "is_measured",
        "tolerance_min",
        "tolerance_max",
        "measure_ids.result",
    )
    def _compute_result(self):
        for line in self:
            if line.test_type == "passfail":
                line.result = line.answer
            elif line.measure_ids:
                failed = "fail" in line.measure_ids.mapped("result")
                line.result = "fail" if failed else "pass"
            elif not line.is_measured:
                line.result = False
            else:
                line.result = "fail" if line._qms_out_of_tolerance(line.value) else "pass"

    def _qms_out_of_tolerance(self, value):
        """Whether ``value`` lies outside this line's tolerances, at the measures' precision."""
        self.ensure_one()
        precision = MEASURE_DIGITS[1]
        return (
            float_compare(value, self.tolerance_min, precision_digits=precision) < 0
            or float_compare(value, self.tolerance_max, precision_digits=precision) > 0
        )

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

    def _qms_protected_field_names(self):
        return set(self._fields) - RECORDED_FIELDS

    def _qms_actions_hint(self):
        return self.env._("the results of an inspection to do")

    @api.model
    def _qms_specification_fields(self):
        return (
            "test_id",
            "sequence",
            "name",
            "test_type",
            "norm",
            "tolerance_min",
            "tolerance_max",
            "uom_id",
        )

    @api.model
    def _qms_prepare_from_test(self, test):
        """The specification of ``test`` as the line copies it: frozen from then on."""
        return {
            "test_id": test.id,
            "name": test.name,
            "test_type": test.test_type,
            "norm": test.norm,
            "tolerance_min": test.tolerance_min,
            "tolerance_max": test.tolerance_max,
            "uom_id": test.uom_id.id,
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not self._qms_actions_writing():
            return self._qms_add_tests(vals_list)
        for vals in vals_list:
            self._qms_flag_measured(vals)
        return super().create(vals_list)

    def _qms_add_tests(self, vals_list):
        """A test added by hand to an inspection to do: its specification comes from the test."""
        refused = set().union(*vals_list) - ADDED_FIELDS
        if refused:
            raise UserError(
                self.env._(
                    "A test is added to an inspection with the inspection and the test only: "
                    "%(fields)s come from the test and the results are recorded afterwards.",
                    fields=", ".join(sorted(self._qms_field_labels(refused))),
                )
            )
        inspections = self.env["qms.inspection"].browse(
            {vals.get("inspection_id") for vals in vals_list}
        )
        inspections._qms_check_open()
        tests = self.env["qms.test"].browse([vals.get("test_id") for vals in vals_list])
        return self._qms_create(
            [
                {**vals, **self._qms_prepare_from_test(test)}
                for vals, test in zip(vals_list, tests, strict=True)
            ]
        )

    def _qms_check_write(self, vals):
        self.inspection_id._qms_check_open()
        return super()._qms_check_write(vals)

    def write(self, vals):
        if not self._qms_actions_writing():
            self._qms_refuse_unseen(self._qms_check_write, vals)
            with_units = self.filtered("measure_ids")
            if "value" in vals and with_units:
                raise UserError(
                    self.env._(
                        "%(inspection)s, test %(test)s: the value is the mean of the values per "
                        "unit; change those instead.",
                        inspection=with_units[0].inspection_id.name,
                        test=with_units[0].name,
                    )
                )
        vals = dict(vals)
        self._qms_flag_measured(vals)
        with actions_writing():  # is_measured follows the value
            return super().write(vals)

    def _qms_check_unlink(self):
        self.inspection_id._qms_check_open()
        recorded = self.filtered("result")
        if recorded:
            raise UserError(
                self.env._(
                    "%(inspection)s: tests %(tests)s have a result recorded and can't be removed.",
                    inspection=", ".join(recorded.inspection_id.mapped("name")),
                    tests=", ".join(recorded.mapped("name")),
                )
            )
        return super()._qms_check_unlink()

    def unlink(self):
        if not self._qms_actions_writing():
            self._qms_refuse_unseen(self._qms_check_unlink)
            for inspection in self.inspection_id:
                inspection.message_post(
                    body=self.env._(
                        "Tests removed: %(tests)s",
                        tests=", ".join(
                            self.filtered(lambda line: line.inspection_id == inspection).mapped(
                                "name"
                            )
                        ),
                    )
                )
        with actions_writing():  # checked above
            return super().unlink()

    def action_open_measures(self):
        """The grid of values per unit of this measured test."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Values per Unit: %(test)s", test=self.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("quality_core.qms_inspection_line_view_form_measures").id, "form")
            ],
            "target": "new",
        }

    def _qms_sync_measures(self):
        """The line's value follows the mean of its values per unit."""
        for line in self:
            values = line.measure_ids.mapped("value")
            if values:
                line._qms_write({"value": sum(values) / len(values)})
            elif line.is_measured:
                line._qms_write({"value": 0.0, "is_measured": False})

    @api.model
    def _qms_flag_measured(self, vals):
        if "value" in vals and vals["value"] is not False and vals["value"] is not None:
            self._qms_check_measure(vals["value"], self.env._("Measured value"))
            vals["is_measured"] = True

    # ------------------------------------------------------------------
    # Gauges
    # ------------------------------------------------------------------
    equipment_id = fields.Many2one(
        "maintenance.equipment",
        "Gauge",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('qms_is_gauge', '=', True), ('qms_calibration_state', '=', 'valid'), "
        "('company_id', 'in', [company_id, False])]",
        help="The measuring equipment used; only gauges with a valid calibration.",
    )

    @api.constrains("equipment_id")
    def _check_equipment_id(self):
        self._qms_check_gauges()

    def _qms_check_gauges(self):
        """Refuse results recorded with a gauge that is not measuring equipment of the
        inspection's company with a valid calibration."""
        for line in self.filtered("equipment_id"):
            where = self.env._(
                "%(inspection)s, test %(test)s", inspection=line.inspection_id.name, test=line.name
            )
            gauge = line.equipment_id.sudo()
            if gauge.company_id and gauge.company_id != line.company_id:
                raise ValidationError(
                    self.env._(
                        "%(where)s: gauge %(gauge)s belongs to %(company)s.",
                        where=where,
                        gauge=gauge.display_name,
                        company=gauge.company_id.name,
                    )
                )
            gauge._qms_check_usable(where)

    # ------------------------------------------------------------------
    # Control charts
    # ------------------------------------------------------------------
    spc_flag = fields.Boolean(
        "Out of Control",
        readonly=True,
        index="btree_not_null",
        help="A value of this result broke a run rule of the test's control chart. Automation "
        "rules can act on it (e.g. open a nonconformity).",
    )
    spc_violation = fields.Char("Run Rules Broken", readonly=True)

    def _qms_spc_flagged(self, violations):
        """Hook: called on the lines just flagged, with {line: [(rule, label, points)]}."""
        return True

    def action_qms_spc_chart(self):
        """Open the control chart of this result's test on the inspected product."""
        self.ensure_one()
        return self.env["qms.test"]._qms_spc_chart_action(
            self.test_id, self.inspection_id.product_id
        )
