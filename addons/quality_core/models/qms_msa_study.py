# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..tools import msa
from .qms_test import MEASURE_DIGITS

# How many missing cells a refusal names before summing up the rest.
MISSING_LISTED = 5
# Fields of the results, written by action_compute only.
RESULT_FIELDS = (
    "ev",
    "av",
    "interaction",
    "grr",
    "pv",
    "tv",
    "ev_percent",
    "av_percent",
    "interaction_percent",
    "grr_percent",
    "pv_percent",
    "grr_tolerance_percent",
    "ndc",
    "verdict",
    "interaction_pooled",
)
SIGMA_DIGITS = (16, 6)
PERCENT_DIGITS = (16, 2)


class QmsMsaStudy(models.Model):
    """A crossed gauge R&R study (AIAG MSA, 4th edition) computed by ``tools/msa.py``.

    The measurements are a grid of parts × operators × trials. A draft is filled in by the
    quality team; ``action_compute`` stores the results and makes the study done, after which
    only a recomputation changes it.
    """

    _name = "qms.msa.study"
    _description = "Gauge R&R Study"
    _inherit = ["mail.thread", "mail.activity.mixin", "qms.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="New")
    equipment_id = fields.Many2one(
        "maintenance.equipment",
        "Gauge",
        required=True,
        index=True,
        check_company=True,
        domain="[('qms_is_gauge', '=', True)]",
        tracking=True,
    )
    test_id = fields.Many2one(
        "qms.test",
        "Characteristic",
        check_company=True,
        domain="[('test_type', '=', 'measure')]",
        tracking=True,
        help="The measured characteristic: its tolerance is the default tolerance of the study.",
    )
    method = fields.Selection(
        [(msa.ANOVA, "ANOVA"), (msa.AVERAGE_RANGE, "Average and Range")],
        required=True,
        default=msa.ANOVA,
        tracking=True,
    )
    part_count = fields.Integer("Parts", required=True, default=10)
    operator_count = fields.Integer("Operators", required=True, default=3)
    trial_count = fields.Integer("Trials", required=True, default=3)
    tolerance = fields.Float(
        digits=MEASURE_DIGITS,
        compute="_compute_tolerance",
        store=True,
        readonly=False,
        help="Width of the tolerance (maximum minus minimum), for %GRR of the tolerance. "
        "Taken from the characteristic; leave 0 to compare with the total variation only.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    date_done = fields.Datetime("Computed on", readonly=True, copy=False)
    measurement_ids = fields.One2many("qms.msa.measurement", "study_id", "Measurements", copy=True)
    anova_line_ids = fields.One2many(
        "qms.msa.anova.line", "study_id", "ANOVA Table", readonly=True, copy=False
    )
    ev = fields.Float("EV (Repeatability)", digits=SIGMA_DIGITS, readonly=True, copy=False)
    av = fields.Float("AV (Reproducibility)", digits=SIGMA_DIGITS, readonly=True, copy=False)
    interaction = fields.Float("INT (Interaction)", digits=SIGMA_DIGITS, readonly=True, copy=False)
    grr = fields.Float("GRR", digits=SIGMA_DIGITS, readonly=True, copy=False)
    pv = fields.Float("PV (Part Variation)", digits=SIGMA_DIGITS, readonly=True, copy=False)
    tv = fields.Float("TV (Total Variation)", digits=SIGMA_DIGITS, readonly=True, copy=False)
    ev_percent = fields.Float("%EV", digits=PERCENT_DIGITS, readonly=True, copy=False)
    av_percent = fields.Float("%AV", digits=PERCENT_DIGITS, readonly=True, copy=False)
    interaction_percent = fields.Float("%INT", digits=PERCENT_DIGITS, readonly=True, copy=False)
    grr_percent = fields.Float(
        "%GRR", digits=PERCENT_DIGITS, readonly=True, copy=False, tracking=True
    )
    pv_percent = fields.Float("%PV", digits=PERCENT_DIGITS, readonly=True, copy=False)
    grr_tolerance_percent = fields.Float(
        "%GRR of Tolerance", digits=PERCENT_DIGITS, readonly=True, copy=False
    )
    ndc = fields.Integer(
        "Distinct Categories",
        readonly=True,
        copy=False,
        help="ndc = 1.41 PV / GRR, truncated; 0 when GRR is zero (no limit).",
    )
    interaction_pooled = fields.Boolean(
        readonly=True,
        copy=False,
        help="ANOVA: the part × operator interaction was not significant and was pooled into "
        "the repeatability.",
    )
    verdict = fields.Selection(
        [
            (msa.ACCEPTABLE, "Acceptable"),
            (msa.CONDITIONAL, "Conditional"),
            (msa.UNACCEPTABLE, "Unacceptable"),
        ],
        readonly=True,
        copy=False,
        tracking=True,
        help="AIAG: %GRR under 10 % acceptable, 10 to 30 % may be acceptable, over 30 % "
        "unacceptable.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    note = fields.Html("Notes")

    _sql_constraints = [
        ("part_count_min", "CHECK(part_count >= 2)", "A study needs at least 2 parts."),
        ("operator_count_min", "CHECK(operator_count >= 2)", "A study needs at least 2 operators."),
        ("trial_count_min", "CHECK(trial_count >= 2)", "A study needs at least 2 trials."),
        ("tolerance_positive", "CHECK(tolerance >= 0)", "The tolerance can't be negative."),
    ]

    @api.depends("test_id.tolerance_min", "test_id.tolerance_max")
    def _compute_tolerance(self):
        for study in self:
            if study.test_id:
                study.tolerance = study.test_id.tolerance_max - study.test_id.tolerance_min

    # ------------------------------------------------------------------
    # Protection: a done study changes only by recomputation
    # ------------------------------------------------------------------
    @api.model
    def _qms_input_fields(self):
        """What the quality team fills in on a draft (modules add theirs)."""
        return {
            "equipment_id",
            "test_id",
            "method",
            "part_count",
            "operator_count",
            "trial_count",
            "tolerance",
            "measurement_ids",
            "company_id",
            "note",
        }

    @api.model
    def _qms_mail_fields(self):
        return set(self.env["mail.thread"]._fields) | set(self.env["mail.activity.mixin"]._fields)

    def _qms_protected_field_names(self):
        return set(self._fields) - self._qms_input_fields() - self._qms_mail_fields()

    def _qms_actions_hint(self):
        return self.env._("Compute")

    def _qms_check_draft(self, action):
        done = self.filtered(lambda study: study.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Gauge R&R studies %(studies)s are done: %(action)s is no longer possible.",
                    studies=", ".join(done.mapped("name")),
                    action=action,
                )
            )

    def _qms_check_write(self, vals):
        if set(vals) - self._qms_mail_fields():
            self._qms_check_draft(self.env._("changing them"))
        return super()._qms_check_write(vals)

    def _qms_check_unlink(self):
        self._qms_check_draft(self.env._("deleting them"))
        return super()._qms_check_unlink()

    @api.model_create_multi
    def create(self, vals_list):
        studies = super().create(vals_list)
        studies._qms_name_from_sequence("qms.msa.study")
        return studies

    # ------------------------------------------------------------------
    # Grid
    # ------------------------------------------------------------------
    def _qms_cells(self):
        """Every (part, operator, trial) of the study, counting from 1, in entry order."""
        self.ensure_one()
        return [
            (part, operator, trial)
            for part in range(1, self.part_count + 1)
            for operator in range(1, self.operator_count + 1)
            for trial in range(1, self.trial_count + 1)
        ]

    def action_generate_grid(self):
        """Create the empty cells of the grid that are missing; values entered stay."""
        for study in self:
            study._qms_check_draft(self.env._("generating the grid"))
            cells = set(study._qms_cells())
            outside = study.measurement_ids.filtered(lambda m: m._qms_cell() not in cells)
            if outside.filtered("is_measured"):
                raise UserError(
                    self.env._(
                        "Study %(study)s: measurements lie outside %(parts)s parts, "
                        "%(operators)s operators and %(trials)s trials (%(cells)s). Delete them "
                        "or raise the numbers first.",
                        study=study.name,
                        parts=study.part_count,
                        operators=study.operator_count,
                        trials=study.trial_count,
                        cells="; ".join(m._qms_cell_name() for m in outside[:MISSING_LISTED]),
                    )
                )
            existing = {m._qms_cell() for m in study.measurement_ids - outside}
            study.write(
                {
                    "measurement_ids": [Command.unlink(m.id) for m in outside]
                    + [
                        Command.create({"part": part, "operator": operator, "trial": trial})
                        for part, operator, trial in study._qms_cells()
                        if (part, operator, trial) not in existing
                    ]
                }
            )
        return True

    def action_open_import_wizard(self):
        self._qms_check_single(self, self.env._("Importing measurements"))
        self._qms_check_draft(self.env._("importing measurements"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Measurements"),
            "res_model": "qms.msa.import.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_study_id": self.id},
        }

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    def _qms_data(self):
        """The measurements as ``data[part][operator][trial]`` for the engine; refuse missing
        or surplus cells, naming them."""
        self.ensure_one()
        data = [
            [[None] * self.trial_count for _operator in range(self.operator_count)]
            for _part in range(self.part_count)
        ]
        outside = self.env["qms.msa.measurement"]
        for measurement in self.measurement_ids:
            part, operator, trial = measurement._qms_cell()
            if not (
                1 <= part <= self.part_count
                and 1 <= operator <= self.operator_count
                and 1 <= trial <= self.trial_count
            ):
                outside |= measurement
            elif measurement.is_measured:
                data[part - 1][operator - 1][trial - 1] = measurement.value
        if outside:
            raise UserError(
                self.env._(
                    "Study %(study)s: %(cells)s lie outside the study of %(parts)s parts, "
                    "%(operators)s operators and %(trials)s trials.",
                    study=self.name,
                    cells="; ".join(m._qms_cell_name() for m in outside[:MISSING_LISTED]),
                    parts=self.part_count,
                    operators=self.operator_count,
                    trials=self.trial_count,
                )
            )
        Measurement = self.env["qms.msa.measurement"]
        missing = [
            Measurement._qms_cell_label(part, operator, trial)
            for part, operator, trial in self._qms_cells()
            if data[part - 1][operator - 1][trial - 1] is None
        ]
        if missing:
            listed = "; ".join(missing[:MISSING_LISTED])
            if len(missing) > MISSING_LISTED:
                listed = self.env._(
                    "%(listed)s and %(more)s more",
                    listed=listed,
                    more=len(missing) - MISSING_LISTED,
                )
            raise UserError(
                self.env._(
                    "Study %(study)s can't be computed: %(count)s measurements are missing: "
                    "%(cells)s.",
                    study=self.name,
                    count=len(missing),
                    cells=listed,
                )
            )
        return data

    def _qms_engine_result(self):
        """The engine's ``msa.Result`` for the study; its refusals as a UserError."""
        self.ensure_one()
        data = self._qms_data()
        compute = msa.grr_anova if self.method == msa.ANOVA else msa.grr_average_range
        try:
            return compute(data, tolerance=self.tolerance or None)
        except ValueError as error:
            raise UserError(
                self.env._(
                    "Study %(study)s can't be computed: %(error)s", study=self.name, error=error
                )
            ) from error

    @api.model
    def _qms_prepare_results(self, result):
        vals = {name: getattr(result, name) for name in RESULT_FIELDS}
        for name, value in vals.items():
            if value is None:
                vals[name] = False if name in ("verdict", "interaction_pooled") else 0
        vals["anova_line_ids"] = [Command.clear()] + [
            Command.create(
                {
                    "sequence": index,
                    "source": row.source,
                    "df": row.df,
                    "ss": row.ss,
                    "ms": row.ms or 0.0,
                    "f": row.f or 0.0,
                    "has_f": row.f is not None,
                    "p": row.p or 0.0,
                    "has_p": row.p is not None,
                }
            )
            for index, row in enumerate(result.anova or ())
        ]
        return vals

    def action_compute(self):
        """Validate the grid, compute the study with the engine, store the results and mark it
        done. Every study is computed before anything is written: a refusal writes nothing."""
        self.check_access("write")
        results = {study: study._qms_engine_result() for study in self}
        now = fields.Datetime.now()
        for study, result in results.items():
            vals = self._qms_prepare_results(result)
            study.sudo()._qms_write({**vals, "state": "done", "date_done": now})
            labels = dict(self._fields["verdict"]._description_selection(self.env))
            study.message_post(
                body=self.env._(
                    "Computed (%(method)s): %%GRR %(grr).2f, ndc %(ndc)s, %(verdict)s.",
                    method=dict(self._fields["method"]._description_selection(self.env))[
                        study.method
                    ],
                    grr=result.grr_percent,
                    ndc=result.ndc if result.ndc is not None else "-",
                    verdict=labels[result.verdict],
                )
            )
        return True

    def _qms_report_cells(self):
        """The readings by (part, operator, trial), formatted for the report's grid."""
        self.ensure_one()
        digits = MEASURE_DIGITS[1]
        return {
            m._qms_cell(): "%.*f" % (digits, m.value) for m in self.measurement_ids if m.is_measured
        }
