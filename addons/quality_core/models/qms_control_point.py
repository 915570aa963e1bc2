# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import aql

OPERATION_CODES = ("incoming", "outgoing", "internal", "mrp_operation")
# Key of the transaction-level cache of the operation types watched by control points.
WATCHED_TYPES_CACHE = "qms_control_point_picking_types"
TIMINGS = [("before", "Before validation"), ("after", "After validation")]
SAMPLING_METHODS = [
    ("all", "Whole quantity"),
    ("fixed", "Fixed quantity"),
    ("percent", "Percentage"),
    ("aql", "AQL (ISO 2859-1)"),
]


class QmsControlPoint(models.Model):
    _name = "qms.control.point"
    _description = "Quality Control Point"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    picking_type_ids = fields.Many2many(
        "stock.picking.type",
        string="Operation Types",
        required=True,
        check_company=True,
        domain=[("code", "in", OPERATION_CODES)],
        help="Receipts, deliveries, internal transfers or manufacturing operations that are "
        "inspected.",
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        check_company=True,
        help="Leave empty to inspect every product of the operation types.",
    )
    product_categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Products of these categories and their sub-categories are inspected.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Partners",
        check_company=True,
        help="Only transfers with these vendors or customers are inspected.",
    )
    test_ids = fields.Many2many(
        "qms.test", string="Tests", required=True, check_company=True, tracking=True
    )
    timing = fields.Selection(
        TIMINGS,
        required=True,
        default="after",
        tracking=True,
        help="Before: the inspection is done while the goods are processed; a blocking point "
        "prevents validating the transfer or finishing the manufacturing order until it is "
        "decided.\nAfter: validating puts the received or produced lots on hold (pending) until "
        "the inspection is decided.",
    )
    blocking = fields.Boolean(
        default=True,
        tracking=True,
        help="For points inspected before validation: refuse validation while the inspection is "
        "open or rejected without a concession.",
    )
    sampling_method = fields.Selection(
        SAMPLING_METHODS,
        string="Sampling",
        required=True,
        default="all",
        tracking=True,
    )
    sample_qty = fields.Float("Sample Quantity", default=1.0, digits="Product Unit of Measure")
    sample_percent = fields.Float("Sample %", default=10.0)
    aql_level = fields.Selection(
        [
            ("S1", "S-1"),
            ("S2", "S-2"),
            ("S3", "S-3"),
            ("S4", "S-4"),
            ("I", "I"),
            ("II", "II (general)"),
            ("III", "III"),
        ],
        string="Inspection Level",
        default="II",
    )
    aql_value = fields.Float("AQL", default=2.5, help="Acceptance quality limit, e.g. 1.0 or 2.5.")
    aql_switching = fields.Boolean(
        "Switching Rules",
        tracking=True,
        help="ISO 2859-1: per product and partner, go from normal to tightened inspection after "
        "2 of 5 or fewer consecutive lots not accepted, back after 5 accepted in a row, and "
        "discontinue after 5 lots not accepted on tightened: the goods are refused until a "
        "Quality Manager resumes.",
    )
    reduced_allowed = fields.Boolean(
        "Allow Reduced Inspection",
        tracking=True,
        help="Production is steady and the responsible authority approves: reduced inspection "
        "starts when the switching score reaches 30.",
    )
    skip_lot = fields.Boolean(
        "Skip-Lot",
        tracking=True,
        help="After a run of accepted lots, inspect only every n-th lot and release the others "
        "at once (recorded as skipped); any lot not accepted ends it.",
    )
    skip_lot_after = fields.Integer(
        "Skip-Lot After", default=10, tracking=True, help="Accepted lots in a row that start it."
    )
    skip_lot_interval = fields.Integer(
        "Inspect Every", default=3, tracking=True, help="While skipping, inspect every n-th lot."
    )
    lead_time_hours = fields.Float(
        "Time to Inspect (hours)",
        default=24.0,
        tracking=True,
        help="An inspection is late when still to do this many hours after the scheduled date "
        "of its transfer or the planned end of its manufacturing order (or after its creation, "
        "if it came later). Shown on the Quality overview.",
    )
    sampling_state_ids = fields.One2many(
        "qms.sampling.state", "control_point_id", "Sampling States"
    )
    note = fields.Html("Instructions", translate=True)
    inspection_ids = fields.One2many("qms.inspection", "control_point_id")
    inspection_count = fields.Integer(compute="_compute_inspection_count")

    @api.depends("inspection_ids")
    def _compute_inspection_count(self):
        counts = dict(
            self.env["qms.inspection"]._read_group(
                [("control_point_id", "in", self.ids)], ["control_point_id"], ["__count"]
            )
        )
        for point in self:
            point.inspection_count = counts.get(point, 0)

    @api.constrains("lead_time_hours")
    def _check_lead_time(self):
        for point in self:
            if point.lead_time_hours < 0:
                raise ValidationError(
                    self.env._(
                        "Control point %(point)s: the time to inspect can't be negative "
                        "(%(hours)s hours).",
                        point=point.display_name,
                        hours=point.lead_time_hours,
                    )
                )

    @api.constrains("sampling_method", "sample_qty", "sample_percent", "aql_level", "aql_value")
    def _check_sampling(self):
        for point in self:
            if point.sampling_method == "fixed" and point.sample_qty <= 0:
                raise ValidationError(
                    self.env._(
                        "Control point %(point)s: the fixed sample quantity must be positive.",
                        point=point.display_name,
                    )
                )
            if point.sampling_method == "percent" and not 0 < point.sample_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "Control point %(point)s: the sample percentage must lie between 0 "
                        "and 100.",
                        point=point.display_name,
                    )
                )
            if point.sampling_method == "aql":
                if not point.aql_level:
                    raise ValidationError(
                        self.env._(
                            "Control point %(point)s: choose an inspection level for AQL sampling.",
                            point=point.display_name,
                        )
                    )
                try:
                    aql.sampling_plan(1000, point.aql_level, point.aql_value)
                except ValueError as error:
                    raise ValidationError(
                        self.env._(
                            "Control point %(point)s: %(error)s",
                            point=point.display_name,
                            error=error,
                        )
                    ) from error

    @api.constrains(
        "sampling_method", "aql_switching", "skip_lot", "skip_lot_after", "skip_lot_interval"
    )
    def _check_switching(self):
        for point in self:
            if point.aql_switching and point.sampling_method != "aql":
                raise ValidationError(
                    self.env._(
                        "Control point %(point)s: switching rules need AQL sampling.",
                        point=point.display_name,
                    )
                )
            if point.skip_lot and (point.skip_lot_after < 1 or point.skip_lot_interval < 2):
                raise ValidationError(
                    self.env._(
                        "Control point %(point)s: skip-lot starts after at least 1 accepted lot "
                        "and inspects every n-th lot with n of 2 or more (got %(after)s and "
                        "%(interval)s).",
                        point=point.display_name,
                        after=point.skip_lot_after,
                        interval=point.skip_lot_interval,
                    )
                )

    @api.constrains("picking_type_ids", "test_ids")
    def _check_operations_and_tests(self):
        for point in self:
            if not point.picking_type_ids or not point.test_ids:
                raise ValidationError(
                    self.env._(
                        "Control point %(point)s needs at least one operation type and one test.",
                        point=point.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.cr.cache.pop(WATCHED_TYPES_CACHE, None)
        return super().create(vals_list)

    def write(self, vals):
        if {"active", "timing", "picking_type_ids", "company_id"} & set(vals):
            self.env.cr.cache.pop(WATCHED_TYPES_CACHE, None)
        return super().write(vals)

    def unlink(self):
        self.env.cr.cache.pop(WATCHED_TYPES_CACHE, None)
        return super().unlink()

    @api.model
    def _qms_picking_type_ids(self, timing):
        """Operation types that active points of ``timing`` inspect, in any company.

        Read once per transaction (stock operations write move lines many times), so that
        operations pay one query where no control point is configured.
        """
        watched = self.env.cr.cache.get(WATCHED_TYPES_CACHE)
        if watched is None:
            self.env["qms.control.point"].flush_model(["active", "timing", "picking_type_ids"])
            self.env.cr.execute(
                SQL(
                    """
                    SELECT point.timing, ARRAY_AGG(DISTINCT rel.stock_picking_type_id)
                      FROM qms_control_point point
                      JOIN qms_control_point_stock_picking_type_rel rel
                        ON rel.qms_control_point_id = point.id
                     WHERE point.active
                  GROUP BY point.timing
                    """
                )
            )
            watched = {timing: frozenset(ids) for timing, ids in self.env.cr.fetchall()}
            cache = self.env.cr.cache
            cache[WATCHED_TYPES_CACHE] = watched
            # Valid for this transaction only: a cursor may outlive it (crons commit as they go).
            self.env.cr.postcommit.add(lambda: cache.pop(WATCHED_TYPES_CACHE, None))
            self.env.cr.postrollback.add(lambda: cache.pop(WATCHED_TYPES_CACHE, None))
        return watched.get(timing, frozenset())

    def _qms_sampling_values(self, qty, severity=aql.NORMAL):
        """Sample size (and AQL acceptance numbers) for a lot of ``qty`` units."""
        self.ensure_one()
        values = {"sample_size": self._qms_sample_size(qty, severity)}
        if self.sampling_method == "aql":
            plan = self._qms_sampling_plan(qty, severity)
            values.update(accept_number=plan.accept, reject_number=plan.reject)
        return values

    def _qms_sample_size(self, qty, severity=aql.NORMAL):
        """Number of units to inspect in a lot of ``qty`` units."""
        self.ensure_one()
        if qty <= 0:
            return 0.0
        if self.sampling_method == "fixed":
            return min(self.sample_qty, qty)
        if self.sampling_method == "percent":
            return min(math.ceil(qty * self.sample_percent / 100.0), qty)
        if self.sampling_method == "aql":
            return float(self._qms_sampling_plan(qty, severity).sample_size)
        return qty

    def _qms_sampling_plan(self, qty, severity=aql.NORMAL):
        self.ensure_one()
        return aql.sampling_plan(
            max(int(math.ceil(qty)), 1), self.aql_level, self.aql_value, severity
        )

    def _qms_matches(self, product, partner):
        """Whether this point applies to ``product`` moved with ``partner``."""
        self.ensure_one()
        if self.product_ids and product not in self.product_ids:
            return False
        if self.product_categ_ids:
            categ_ids = {int(i) for i in product.categ_id.parent_path.split("/") if i}
            if not categ_ids & set(self.product_categ_ids.ids):
                return False
        if self.partner_ids:
            partner = partner.commercial_partner_id
            if not partner or partner not in self.partner_ids.commercial_partner_id:
                return False
        return True
