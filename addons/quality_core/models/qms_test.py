# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Digits of norms, tolerances and measured values. A fixed precision rather than a named
# decimal.precision: inspections copy these values in bulk, and every named-precision float
# written costs a lookup.
MEASURE_DIGITS = (16, 3)
MEASURE_FIELDS = frozenset({"norm", "tolerance_min", "tolerance_max"})


class QmsTest(models.Model):
    _name = "qms.test"
    _description = "Quality Test"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    test_type = fields.Selection(
        [("passfail", "Pass / Fail"), ("measure", "Measurement")],
        string="Type",
        required=True,
        default="passfail",
        tracking=True,
    )
    norm = fields.Float(
        digits=MEASURE_DIGITS, tracking=True, help="Nominal value of the measurement."
    )
    tolerance_min = fields.Float(
        "Min. Tolerance", digits=MEASURE_DIGITS, tracking=True, help="Lowest acceptable value."
    )
    tolerance_max = fields.Float(
        "Max. Tolerance", digits=MEASURE_DIGITS, tracking=True, help="Highest acceptable value."
    )
    uom_id = fields.Many2one("uom.uom", "Unit of Measure")
    instructions = fields.Html(translate=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)

    @api.constrains("test_type", "norm", "tolerance_min", "tolerance_max")
    def _check_tolerances(self):
        for test in self.filtered(lambda t: t.test_type == "measure"):
            if test.tolerance_min > test.tolerance_max:
                raise ValidationError(
                    self.env._(
                        "Test %(test)s: the minimum tolerance (%(min)s) is above the maximum "
                        "tolerance (%(max)s).",
                        test=test.display_name,
                        min=test.tolerance_min,
                        max=test.tolerance_max,
                    )
                )
            if not test.tolerance_min <= test.norm <= test.tolerance_max:
                raise ValidationError(
                    self.env._(
                        "Test %(test)s: the norm %(norm)s lies outside its tolerances "
                        "%(min)s – %(max)s.",
                        test=test.display_name,
                        norm=test.norm,
                        min=test.tolerance_min,
                        max=test.tolerance_max,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._qms_check_measures(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._qms_check_measures(vals)
        return super().write(vals)

    def _qms_check_measures(self, vals):
        """Refuse a norm or tolerance that is no finite number before it is rounded."""
        for name in MEASURE_FIELDS & set(vals):
            self.env["qms.protected.mixin"]._qms_check_measure(
                vals[name],
                "%s, %s"
                % (
                    vals.get("name") or self._qms_names_or_new(),
                    self._fields[name]._description_string(self.env),
                ),
            )

    def _qms_names_or_new(self):
        return ", ".join(self.mapped("display_name")) or self.env._("New test")
