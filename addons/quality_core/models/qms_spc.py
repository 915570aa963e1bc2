# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Control charts of the measured and attribute tests: the data is gathered with SQL, the
statistics are those of ``tools/spc.py``."""

import random

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import spc

CHARTS = [
    ("imr", "Individuals and moving range (I-MR)"),
    ("xbar_r", "Average and range (X̄-R)"),
    ("xbar_s", "Average and standard deviation (X̄-S)"),
    ("p", "Proportion defective (p)"),
    ("np", "Number defective (np)"),
    ("c", "Defects (c)"),
    ("u", "Defects per unit (u)"),
]
VARIABLE_CHARTS = ("imr", "xbar_r", "xbar_s")
DEFAULT_RULES = ",".join(spc.NELSON_RULES)
SPC_CLIENT_ACTION = "quality_core.qms_spc_chart"
# Points read when a new measurement is checked against the run rules.
CHECK_WINDOW = 100


class QmsTest(models.Model):
    _inherit = "qms.test"

    spc_enabled = fields.Boolean(
        "Control Chart",
        tracking=True,
        help="Check every decided inspection against the run rules of the control chart: a "
        "breach flags the result, posts on the inspection and schedules an activity.",
    )
    spc_chart = fields.Selection(
        CHARTS,
        "Chart",
        default="imr",
        tracking=True,
        help="Variable charts read the values per unit of measured tests; attribute charts "
        "read the defective units and sample size of the inspections.",
    )
    spc_subgroup_size = fields.Integer(
        "Subgroup Size",
        default=5,
        tracking=True,
        help="X̄-R: 2 to 10 units; X̄-S: 2 to 25 units, the first units measured of each inspection.",
    )
    spc_rules = fields.Char(
        "Run Rules",
        default=DEFAULT_RULES,
        tracking=True,
        help="Nelson rules N1 to N8 or Western Electric rules WE1 to WE4, separated by commas.",
    )
    spc_user_id = fields.Many2one(
        "res.users",
        "SPC Responsible",
        tracking=True,
        help="Gets the activity when a measurement breaks a run rule (else the inspector).",
    )
    spc_limit_ids = fields.One2many("qms.spc.limit", "test_id", "Control Limits")

    @api.constrains("spc_chart", "spc_subgroup_size", "spc_rules", "test_type")
    def _check_spc(self):
        for test in self:
            if test.spc_chart in ("xbar_r", "xbar_s"):
                self._qms_spc_check_subgroup(test, test.spc_chart, test.spc_subgroup_size)
            if (
                test.spc_chart in VARIABLE_CHARTS
                and test.spc_enabled
                and test.test_type != "measure"
            ):
                raise ValidationError(
                    self.env._(
                        "Test %(test)s is a pass/fail test: chart it with a p, np, c or u chart.",
                        test=test.display_name,
                    )
                )
            test._qms_spc_rules()

    @api.model
    def _qms_spc_check_subgroup(self, test, chart, size):
        low, high = (2, 10) if chart == "xbar_r" else (2, 25)
        if not low <= size <= high:
            raise ValidationError(
                self.env._(
                    "Test %(test)s: a subgroup of %(size)s units is outside %(low)s–%(high)s, "
                    "the sizes of a %(chart)s chart.",
                    test=test.display_name,
                    size=size,
                    low=low,
                    high=high,
                    chart=dict(CHARTS)[chart],
                )
            )

    def _qms_spc_rules(self):
        self.ensure_one()
        rules = tuple(rule.strip().upper() for rule in (self.spc_rules or "").split(",") if rule)
        unknown = [rule for rule in rules if rule not in spc.RULE_LABELS]
        if unknown:
            raise ValidationError(
                self.env._(
                    "Test %(test)s: unknown run rules %(rules)s; use N1 to N8 or WE1 to WE4.",
                    test=self.display_name,
                    rules=", ".join(unknown),
                )
            )
        return rules

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def qms_spc_data(
        self, product_id, chart=None, limit=500, partner_id=None, workcenter_id=None, **kwargs
    ):
        """The control chart of this test for one product (XML-RPC: ``qms.test.qms_spc_data``).

        What ``_qms_spc_data`` returns, with False for every missing figure: XML-RPC carries
        no None (the first moving range, Cp without two specification limits, ...).
        """
        data = self._qms_spc_data(
            product_id,
            chart=chart,
            limit=limit,
            partner_id=partner_id,
            workcenter_id=workcenter_id,
            **kwargs,
        )
        data = {key: False if value is None else value for key, value in data.items()}
        if data["companion"]:
            companion = {
                key: False if value is None else value for key, value in data["companion"].items()
            }
            companion["points"] = [
                False if value is None else value for value in companion["points"]
            ]
            data["companion"] = companion
        return data

    def _qms_spc_data(
        self, product_id, chart=None, limit=500, partner_id=None, workcenter_id=None, **kwargs
    ):
        """The control chart of this test for one product, None where a figure is missing.

        :param chart: one of ``imr``, ``xbar_r``, ``xbar_s``, ``p``, ``np``, ``c``, ``u``
            (the test's chart by default)
        :param limit: the last points (subgroups) read
        :param partner_id: only inspections of this vendor or customer
        :param workcenter_id: only inspections of manufacturing orders worked at this centre
        :returns: a dict: ``points`` (``inspection_id``, ``date``, ``value``, ``violations``),
            ``center``, ``ucl``, ``lcl``, ``lsl``, ``usl``, ``cp``, ``cpk``, ``pp``, ``ppk``,
            ``violations`` (``rule``, ``label``, ``point_indexes``), the companion chart (MR, R
            or S), whether the limits are frozen, and the rules read.
        """
        self.ensure_one()
        self.check_access("read")
        chart = chart or self.spc_chart or "imr"
        if chart not in spc.CHARTS:
            raise UserError(
                self.env._(
                    "Unknown chart %(chart)r; expected one of %(charts)s.",
                    chart=chart,
                    charts=", ".join(spc.CHARTS),
                )
            )
        limit = int(limit or 500)
        if limit < 2:
            raise UserError(self.env._("A control chart needs at least 2 points (limit)."))
        product = self.env["product.product"].browse(int(product_id)).exists()
        if not product:
            raise UserError(self.env._("Product %(id)s doesn't exist.", id=product_id))
        scope = {"partner_id": partner_id or None, "workcenter_id": workcenter_id or None}
        size = int(kwargs.get("subgroup_size") or self.spc_subgroup_size or 5)
        if chart in ("xbar_r", "xbar_s"):
            self._qms_spc_check_subgroup(self, chart, size)
        rows = self._qms_spc_rows(product, chart, limit, size, scope)
        result = {
            "test_id": self.id,
            "test": self.display_name,
            "product_id": product.id,
            "product": product.display_name,
            "chart": chart,
            "subgroup_size": size if chart in ("xbar_r", "xbar_s") else None,
            "uom": self.uom_id.name or "",
            "lsl": self.tolerance_min if self.test_type == "measure" else None,
            "usl": self.tolerance_max if self.test_type == "measure" else None,
            "rules": [
                {"rule": rule, "label": spc.RULE_LABELS[rule]} for rule in self._qms_spc_rules()
            ],
            "frozen": False,
            "companion": None,
            "points": [],
            "violations": [],
            "center": None,
            "ucl": None,
            "lcl": None,
            "cp": None,
            "cpk": None,
            "pp": None,
            "ppk": None,
        }
        if len(rows) < 2:
            return result
        data = [row[3] for row in rows]
        frozen = self.env["qms.spc.limit"]._qms_current(self, product, chart, scope)
        analysis = spc.analyse(
            chart,
            data,
            lsl=result["lsl"],
            usl=result["usl"],
            rules=self._qms_spc_rules(),
            limits=frozen._qms_limits() if frozen else None,
        )
        flagged = {}
        for violation in analysis.violations:
            for index in violation.point_indexes:
                flagged.setdefault(index, []).append(violation.rule)
        limits = analysis.limits
        capability = analysis.capability
        result.update(
            frozen=bool(frozen),
            frozen_date=frozen.create_date if frozen else None,
            center=limits.center,
            ucl=limits.ucl,
            lcl=limits.lcl,
            ucl_points=list(limits.ucl_points) if limits.ucl_points else None,
            lcl_points=list(limits.lcl_points) if limits.lcl_points else None,
            sigma=limits.sigma,
            companion={
                "points": analysis.companion,
                "center": limits.range_center,
                "ucl": limits.range_ucl,
                "lcl": limits.range_lcl,
            }
            if analysis.companion is not None
            else None,
            points=[
                {
                    "inspection_id": inspection_id,
                    "inspection": name,
                    "date": date,
                    "value": value,
                    "violations": flagged.get(index, ()),
                }
                for index, ((inspection_id, name, date, _data), value) in enumerate(
                    zip(rows, analysis.points, strict=True)
                )
            ],
            violations=[
                {
                    "rule": violation.rule,
                    "label": spc.RULE_LABELS[violation.rule],
                    "point_indexes": list(violation.point_indexes),
                }
                for violation in analysis.violations
            ],
        )
        if capability:
            result.update(
                cp=capability.cp,
                cpk=capability.cpk,
                pp=capability.pp,
                ppk=capability.ppk,
                mean=capability.mean,
                sigma_within=capability.sigma_within,
                sigma_overall=capability.sigma_overall,
            )
        return result

    def _qms_spc_rows(self, product, chart, limit, size, scope):
        """The last ``limit`` points of the chart, oldest first: per point a tuple (inspection
        id, inspection reference, decision date, the data ``tools.spc`` reads: a value, a
        subgroup or counts)."""
        self.env["qms.inspection"].flush_model()
        self.env["qms.inspection.line"].flush_model()
        self.env["qms.inspection.measure"].flush_model()
        conditions = [
            SQL("i.product_id = %s", product.id),
            SQL("i.state = 'done'"),
            SQL("NOT COALESCE(i.skipped, FALSE)"),
            SQL("i.company_id = ANY(%s)", self.env.companies.ids),
        ]
        if scope["partner_id"]:
            conditions.append(SQL("i.partner_id = %s", int(scope["partner_id"])))
        if scope["workcenter_id"]:
            conditions.append(
                SQL(
                    "EXISTS (SELECT 1 FROM mrp_workorder w WHERE w.production_id = i.production_id"
                    " AND w.workcenter_id = %s)",
                    int(scope["workcenter_id"]),
                )
            )
        where = SQL(" AND ").join(conditions)
        if chart in VARIABLE_CHARTS:
            return self._qms_spc_variable_rows(product, chart, limit, size, where)
        self.env.cr.execute(
            SQL(
                """
                SELECT i.id, i.name, i.date_done, i.defect_count, i.sample_size
                  FROM qms_inspection i
                 WHERE %(where)s
                   AND EXISTS (SELECT 1 FROM qms_inspection_line l
                                WHERE l.inspection_id = i.id AND l.test_id = %(test)s)
                   AND i.sample_size > 0
              ORDER BY i.date_done DESC, i.id DESC
                 LIMIT %(limit)s
                """,
                where=where,
                test=self.id,
                limit=limit,
            )
        )
        return [
            (inspection_id, name, date, defects if chart == "c" else (defects, sample))
            for inspection_id, name, date, defects, sample in reversed(self.env.cr.fetchall())
        ]

    def _qms_spc_variable_rows(self, product, chart, limit, size, where):
        # The last lines of the test (one per inspection result) with their values per unit;
        # a line measured once, without values per unit, counts as one value. An I-MR chart
        # takes lines until they hold ``limit`` values. A short chart reads the values of its
        # lines through the index; a long one aggregates all the values of the test once.
        if limit <= 50_000:
            values = SQL(
                """
                CROSS JOIN LATERAL (
                    SELECT ARRAY_AGG(m.value ORDER BY m.sequence, m.id) AS vals
                      FROM qms_inspection_measure m
                     WHERE m.line_id = last.id
                ) vals
                """
            )
        else:
            values = SQL(
                """
                LEFT JOIN (
                    SELECT m.line_id, ARRAY_AGG(m.value ORDER BY m.sequence, m.id) AS vals
                      FROM qms_inspection_measure m
                     WHERE m.test_id = %(test)s AND m.product_id = %(product)s
                  GROUP BY m.line_id
                ) vals ON vals.line_id = last.id
                """,
                test=self.id,
                product=product.id,
            )
        self.env.cr.execute(
            SQL(
                """
                WITH last AS (
                    SELECT l.id, l.value, i.id AS inspection_id, i.name, i.date_done,
                           SUM(GREATEST(l.measure_count, 1)) OVER (
                               ORDER BY i.date_done DESC, i.id DESC, l.id DESC
                           ) - GREATEST(l.measure_count, 1) AS before
                      FROM qms_inspection_line l
                      JOIN qms_inspection i ON i.id = l.inspection_id
                     WHERE l.test_id = %(test)s AND l.is_measured AND %(where)s
                  ORDER BY i.date_done DESC, i.id DESC, l.id DESC
                     LIMIT %(limit)s
                )
                SELECT last.inspection_id, last.name, last.date_done,
                       COALESCE(vals.vals, ARRAY[last.value])
                  FROM last %(values)s
                 WHERE %(imr)s IS NOT TRUE OR last.before < %(limit)s
              ORDER BY last.date_done, last.inspection_id, last.id
                """,
                test=self.id,
                where=where,
                limit=limit,
                imr=chart == "imr",
                values=values,
            )
        )
        if chart == "imr":
            rows = [
                (inspection_id, name, date, value)
                for inspection_id, name, date, vals in self.env.cr.fetchall()
                for value in vals
            ]
            return rows[-limit:]
        return [
            (inspection_id, name, date, vals[:size])
            for inspection_id, name, date, vals in self.env.cr.fetchall()
            if len(vals) >= size
        ]

    # ------------------------------------------------------------------
    # Limits
    # ------------------------------------------------------------------
    def action_qms_spc_freeze(
        self, product_id, chart, reason, date_from=None, date_to=None, partner_id=None, **kwargs
    ):
        """Compute the control limits from a phase-I window and freeze them (Quality Manager,
        with a reason): later points are judged against them. The limits they replace are
        archived, not deleted."""
        self.ensure_one()
        protected = self.env["qms.protected.mixin"]
        action = self.env._("freeze control limits")
        reason = protected._qms_check_manager_reason(self, reason, action)
        product = self.env["product.product"].browse(int(product_id))
        scope = {"partner_id": partner_id or None, "workcenter_id": kwargs.get("workcenter_id")}
        size = int(kwargs.get("subgroup_size") or self.spc_subgroup_size or 5)
        if chart in ("xbar_r", "xbar_s"):
            self._qms_spc_check_subgroup(self, chart, size)
        rows = self._qms_spc_rows(product, chart, 1_000_000, size, scope)
        start = protected._qms_check_date(date_from, self.env._("From")) if date_from else None
        end = protected._qms_check_date(date_to, self.env._("To")) if date_to else None
        rows = [
            row
            for row in rows
            if (not start or row[2].date() >= start) and (not end or row[2].date() <= end)
        ]
        try:
            limits = spc.compute_limits(chart, [row[3] for row in rows])
        except ValueError as error:
            raise UserError(
                self.env._(
                    "Control limits of %(test)s for %(product)s can't be computed: %(error)s",
                    test=self.display_name,
                    product=product.display_name,
                    error=error,
                )
            ) from error
        Limit = self.env["qms.spc.limit"].sudo()
        Limit._qms_current(self, product, chart, scope).active = False
        frozen = Limit.create(
            {
                "test_id": self.id,
                "product_id": product.id,
                "partner_id": scope["partner_id"],
                "workcenter_id": scope["workcenter_id"],
                "chart": chart,
                "subgroup_size": limits.subgroup_size,
                "center": limits.center,
                "ucl": limits.ucl,
                "lcl": limits.lcl,
                "sigma": limits.sigma,
                "range_center": limits.range_center,
                "range_ucl": limits.range_ucl,
                "range_lcl": limits.range_lcl,
                "point_count": len(rows),
                "date_from": start,
                "date_to": end,
                "reason": reason,
            }
        )
        self.message_post(
            body=self.env._(
                "Control limits of the %(chart)s chart for %(product)s frozen from %(count)s "
                "points: centre %(center).4g, limits %(lcl).4g – %(ucl).4g. Reason: %(reason)s",
                chart=chart,
                product=product.display_name,
                count=len(rows),
                center=limits.center,
                lcl=limits.lcl,
                ucl=limits.ucl,
                reason=reason,
            )
        )
        return frozen.id

    @api.model
    def _qms_spc_charted_domain(self):
        """The tests that have a control chart: charted ones, and every measured test."""
        return ["|", ("spc_enabled", "=", True), ("test_type", "=", "measure")]

    @api.model
    def qms_spc_tests(self):
        """The tests the chart screen offers: ``id``, ``name``, ``chart``, ``measured``."""
        return [
            {
                "id": test.id,
                "name": test.display_name,
                "chart": test.spc_chart or "imr",
                "measured": test.test_type == "measure",
            }
            for test in self.search(self._qms_spc_charted_domain())
        ]

    def _qms_spc_inspection_domain(self, product_ids=None):
        self.ensure_one()
        domain = [
            ("line_ids.test_id", "=", self.id),
            ("state", "=", "done"),
            ("skipped", "=", False),
        ]
        if product_ids is not None:
            domain.append(("product_id", "in", product_ids))
        return domain

    def qms_spc_products(self):
        """The products with decided inspections of this test, most inspected first:
        ``id``, ``name``, ``count``."""
        groups = self.env["qms.inspection"]._read_group(
            self._qms_spc_inspection_domain(), ["product_id"], ["__count"]
        )
        return [
            {"id": product.id, "name": product.display_name, "count": count}
            for product, count in sorted(groups, key=lambda group: -group[1])
        ]

    def qms_spc_partners(self, product_id):
        """The vendors or customers of the decided inspections of this test on a product."""
        groups = self.env["qms.inspection"]._read_group(
            self._qms_spc_inspection_domain([int(product_id)]) + [("partner_id", "!=", False)],
            ["partner_id"],
            ["__count"],
        )
        return [
            {"id": partner.id, "name": partner.display_name, "count": count}
            for partner, count in sorted(groups, key=lambda group: -group[1])
        ]

    def qms_spc_charts(self):
        """The charts this test can draw: variable charts need measured values."""
        self.ensure_one()
        charts = self._fields["spc_chart"]._description_selection(self.env)
        if self.test_type != "measure":
            charts = [chart for chart in charts if chart[0] not in VARIABLE_CHARTS]
        return [{"id": key, "name": label} for key, label in charts]

    @api.model
    def _qms_spc_chart_action(self, test=None, product=None):
        """The client action of the control chart, on ``test`` and ``product`` when given: in
        its params, which the web client keeps in the URL."""
        params = {}
        if test:
            params["test_id"] = test.id
        if product:
            params["product_id"] = product.id
        return {
            "type": "ir.actions.client",
            "tag": SPC_CLIENT_ACTION,
            "name": test.display_name if test else self.env._("Control Charts"),
            "params": params,
            "context": {"qms_spc_" + key: value for key, value in params.items()},
        }

    def action_qms_spc_chart(self):
        """Open the control chart of this test, on its most inspected product."""
        self.ensure_one()
        products = self.qms_spc_products()
        product = self.env["product.product"].browse(products[0]["id"]) if products else None
        return self._qms_spc_chart_action(self, product)

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    def _qms_demo_control_chart(self, product_id, partner_id, receipts=25):
        """Demo data: receipts of ``product_id`` from ``partner_id`` inspected with this test,
        5 values per unit each (seeded), the limits frozen after 20 of them; the last receipt
        comes out of control."""
        self.ensure_one()
        rng = random.Random(2026)
        product = self.env["product.product"].browse(product_id)
        picking_type = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", self.env.company.id)], limit=1)
            .in_type_id
        )
        for index in range(receipts):
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": partner_id,
                    "move_ids": [
                        fields.Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": 200,
                                "location_id": picking_type.default_location_src_id.id,
                                "location_dest_id": picking_type.default_location_dest_id.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.button_validate()
            shift = 0.06 if index == receipts - 1 else 0.0
            for inspection in picking.qms_inspection_ids.filtered(lambda i: i.state == "todo"):
                for line in inspection.line_ids:
                    if line.test_id == self:
                        line.write(
                            {
                                "measure_ids": [
                                    fields.Command.create(
                                        {"value": round(line.norm + shift + rng.gauss(0, 0.02), 3)}
                                    )
                                    for _unit in range(int(inspection.sample_size) or 1)
                                ]
                            }
                        )
                    elif line.test_type == "passfail":
                        line.answer = "pass"
                    else:
                        line.value = line.norm
                inspection.action_done()
            if index == 19:
                self.action_qms_spc_freeze(
                    product.id, self.spc_chart, "Phase I: the first 20 receipts of the demo"
                )
        return True


class QmsSpcLimit(models.Model):
    """Control limits frozen by a Quality Manager from a phase-I window of points."""

    _name = "qms.spc.limit"
    _description = "Quality Control Limits"
    _order = "create_date desc, id desc"

    test_id = fields.Many2one("qms.test", required=True, readonly=True, ondelete="cascade")
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", readonly=True, ondelete="cascade")
    workcenter_id = fields.Many2one("mrp.workcenter", readonly=True, ondelete="cascade")
    chart = fields.Selection(CHARTS, required=True, readonly=True)
    subgroup_size = fields.Integer(readonly=True)
    center = fields.Float(readonly=True, digits=(16, 6))
    ucl = fields.Float("UCL", readonly=True, digits=(16, 6))
    lcl = fields.Float("LCL", readonly=True, digits=(16, 6))
    sigma = fields.Float(readonly=True, digits=(16, 6))
    range_center = fields.Float(readonly=True, digits=(16, 6))
    range_ucl = fields.Float(readonly=True, digits=(16, 6))
    range_lcl = fields.Float(readonly=True, digits=(16, 6))
    point_count = fields.Integer("Points", readonly=True)
    date_from = fields.Date("Phase I From", readonly=True)
    date_to = fields.Date("Phase I To", readonly=True)
    reason = fields.Text(readonly=True)
    active = fields.Boolean(default=True, readonly=True)
    company_id = fields.Many2one(related="test_id.company_id", store=True)

    @api.model
    def _qms_current(self, test, product, chart, scope):
        return self.sudo().search(
            [
                ("test_id", "=", test.id),
                ("product_id", "=", product.id),
                ("chart", "=", chart),
                ("partner_id", "=", scope.get("partner_id") or False),
                ("workcenter_id", "=", scope.get("workcenter_id") or False),
            ],
            limit=1,
        )

    def _qms_limits(self):
        self.ensure_one()
        return spc.Limits(
            chart=self.chart,
            center=self.center,
            ucl=self.ucl,
            lcl=self.lcl,
            sigma=self.sigma or None,
            range_center=self.range_center if self.chart in VARIABLE_CHARTS else None,
            range_ucl=self.range_ucl if self.chart in VARIABLE_CHARTS else None,
            range_lcl=self.range_lcl if self.chart in VARIABLE_CHARTS else None,
            subgroup_size=self.subgroup_size or None,
        )
