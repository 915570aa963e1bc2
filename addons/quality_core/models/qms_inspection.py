# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .qms_control_point import SAMPLING_METHODS, TIMINGS

MANAGER_GROUP = "quality_core.group_qms_manager"


class QmsInspection(models.Model):
    _name = "qms.inspection"
    _description = "Quality Inspection"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    control_point_id = fields.Many2one(
        "qms.control.point",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    timing = fields.Selection(
        TIMINGS,
        required=True,
        readonly=True,
        default="after",
        help="Copied from the control point when the inspection is created.",
    )
    blocking = fields.Boolean(readonly=True)
    sampling_method = fields.Selection(
        SAMPLING_METHODS,
        string="Sampling",
        readonly=True,
        default="all",
        help="Copied from the control point when the inspection is created.",
    )
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, index=True, check_company=True
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    lot_id = fields.Many2one(
        "stock.lot",
        "Lot/Serial Number",
        readonly=True,
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    lot_name = fields.Char(
        "Lot Name", readonly=True, help="Lot being received, before its record exists."
    )
    qty = fields.Float("Quantity", digits="Product Unit of Measure", readonly=True, tracking=True)
    sample_size = fields.Float(digits="Product Unit of Measure")
    defect_count = fields.Integer(
        "Defective Units", tracking=True, help="Number of defective units found in the sample."
    )
    accept_number = fields.Integer(
        "Ac", readonly=True, help="AQL plan: the lot is accepted with at most this many defects."
    )
    reject_number = fields.Integer(
        "Re", readonly=True, help="AQL plan: the lot is rejected with this many defects or more."
    )
    move_id = fields.Many2one("stock.move", readonly=True, index="btree_not_null")
    picking_id = fields.Many2one(
        related="move_id.picking_id", store=True, index="btree_not_null", string="Transfer"
    )
    production_id = fields.Many2one(
        "mrp.production",
        "Manufacturing Order",
        readonly=True,
        index="btree_not_null",
        check_company=True,
    )
    picking_type_id = fields.Many2one(
        "stock.picking.type", "Operation Type", readonly=True, index=True
    )
    picking_type_code = fields.Selection(related="picking_type_id.code", string="Operation")
    partner_id = fields.Many2one("res.partner", "Partner", readonly=True, index="btree_not_null")
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("cancel", "Cancelled")],
        required=True,
        default="todo",
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    result = fields.Selection(
        [("pass", "Pass"), ("fail", "Fail")],
        compute="_compute_result",
        store=True,
        tracking=True,
        help="Computed from the lines (and, for AQL sampling, from the defective units against "
        "the plan's reject number).",
    )
    decision = fields.Selection(
        [
            ("accept", "Accepted"),
            ("concession", "Accepted under concession"),
            ("reject", "Rejected"),
        ],
        "Usage Decision",
        readonly=True,
        tracking=True,
        copy=False,
    )
    concession_reason = fields.Text(readonly=True, tracking=True, copy=False)
    concession_user_id = fields.Many2one("res.users", readonly=True, copy=False)
    line_ids = fields.One2many("qms.inspection.line", "inspection_id", "Results", copy=True)
    user_id = fields.Many2one("res.users", "Inspector", tracking=True, copy=False)
    date_done = fields.Datetime("Decided on", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda s: s.env.company
    )
    note = fields.Html("Notes")
    instructions = fields.Html(related="control_point_id.note")

    _sql_constraints = [
        ("defect_count_positive", "CHECK(defect_count >= 0)", "Defective units can't be negative."),
    ]

    @api.depends("line_ids.result", "defect_count", "reject_number", "sampling_method")
    def _compute_result(self):
        for inspection in self:
            results = inspection.line_ids.mapped("result")
            if inspection.sampling_method == "aql" and inspection.reject_number:
                if inspection.defect_count >= inspection.reject_number:
                    inspection.result = "fail"
                elif results and all(results):
                    inspection.result = "pass"
                else:
                    inspection.result = False
            elif "fail" in results:
                inspection.result = "fail"
            elif results and all(results):
                inspection.result = "pass"
            else:
                inspection.result = False

    @api.constrains("sample_size", "qty")
    def _check_sample_size(self):
        for inspection in self:
            if inspection.sample_size < 0 or inspection.sample_size > inspection.qty:
                raise ValidationError(
                    self.env._(
                        "Inspection %(inspection)s: the sample size %(sample)s must lie between 0 "
                        "and the inspected quantity %(qty)s.",
                        inspection=inspection.name,
                        sample=inspection.sample_size,
                        qty=inspection.qty,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(unnamed, self._qms_next_names(len(unnamed)), strict=True):
            vals["name"] = name
        return super().create(vals_list)

    @api.model
    def _qms_next_names(self, count):
        """``count`` references from the inspection sequence, drawn in one query when it can."""
        if not count:
            return []
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "qms.inspection"),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            raise UserError(
                self.env._("The sequence of quality inspections (qms.inspection) is missing.")
            )
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _index in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                "ir_sequence_%03d" % sequence.id,
                count,
            )
        )
        # get_next_char() interpolated once: it formats the date parts again for every number.
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            "%s%0*d%s" % (prefix, sequence.padding, number, suffix)
            for (number,) in self.env.cr.fetchall()
        ]

    def write(self, vals):
        protected = {"defect_count", "sample_size", "line_ids"} & set(vals)
        if protected:
            self._qms_check_editable()
        return super().write(vals)

    def _qms_check_editable(self):
        decided = self.filtered(lambda i: i.state != "todo")
        if decided:
            raise UserError(
                self.env._(
                    "Inspections %(names)s are already decided: their results can't be changed.",
                    names=", ".join(decided.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Usage decision
    # ------------------------------------------------------------------
    def action_done(self):
        """Record the results: compute the result and apply the default usage decision."""
        self.check_access("write")
        self._qms_check_editable()
        for inspection in self:
            inspection._qms_check_complete()
        for inspection in self:
            decision = "accept" if inspection.result == "pass" else "reject"
            inspection.write(
                {
                    "state": "done",
                    "decision": decision,
                    "date_done": fields.Datetime.now(),
                    "user_id": inspection.user_id.id or self.env.uid,
                }
            )
        self._qms_update_lot_states()
        return True

    def _qms_check_complete(self):
        self.ensure_one()
        missing = self.line_ids.filtered(lambda line: not line.result)
        if missing:
            raise UserError(
                self.env._(
                    "Inspection %(inspection)s can't be completed: record a result for %(tests)s.",
                    inspection=self.name,
                    tests=", ".join(missing.mapped("name")),
                )
            )
        if not self.line_ids and self.sampling_method != "aql":
            raise UserError(
                self.env._("Inspection %(inspection)s has no test to record.", inspection=self.name)
            )
        if (
            self.sampling_method == "aql"
            and "fail" in self.line_ids.mapped("result")
            and not self.defect_count
        ):
            raise UserError(
                self.env._(
                    "Inspection %(inspection)s: a test failed but no defective unit is counted. "
                    "Enter the number of defective units found in the sample.",
                    inspection=self.name,
                )
            )

    def action_concession(self, reason):
        """Accept a failed inspection under concession and release its lot."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a Quality Manager can grant a concession (inspections %(names)s).",
                    names=", ".join(self.mapped("name")),
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give the reason for the concession on %(names)s.",
                    names=", ".join(self.mapped("name")),
                )
            )
        not_rejected = self.filtered(lambda i: i.state != "done" or i.decision != "reject")
        if not_rejected:
            raise UserError(
                self.env._(
                    "A concession applies to rejected inspections only: %(names)s are not.",
                    names=", ".join(not_rejected.mapped("name")),
                )
            )
        self.write(
            {
                "decision": "concession",
                "concession_reason": reason,
                "concession_user_id": self.env.uid,
            }
        )
        self._qms_update_lot_states()
        return True

    def action_cancel(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a Quality Manager can cancel inspections (%(names)s).",
                    names=", ".join(self.mapped("name")),
                )
            )
        decided = self.filtered(lambda i: i.state != "todo")
        if decided:
            raise UserError(
                self.env._(
                    "Inspections %(names)s are not to do any more and can't be cancelled.",
                    names=", ".join(decided.mapped("name")),
                )
            )
        self.write({"state": "cancel"})
        return True

    def action_open_concession_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "concession")

    def _qms_update_lot_states(self):
        """Derive the hold state of the inspected lots from their decided inspections.

        A rejection blocks the lot. A lot pending inspection is released once none of its
        inspections is still to do; a blocked lot is released by a concession once no other
        inspection keeps it rejected. A lot that a manager blocked by hand stays blocked.
        """
        lots = self.lot_id.sudo()
        if not lots:
            return
        open_by_lot = defaultdict(self.browse)
        for inspection in self.sudo().search(
            [("lot_id", "in", lots.ids), ("state", "in", ("todo", "done"))]
        ):
            if inspection.state == "todo" or inspection.decision == "reject":
                open_by_lot[inspection.lot_id] |= inspection
        to_block, to_release = lots.browse(), lots.browse()
        for lot in lots:
            holding = open_by_lot[lot]
            if holding.filtered(lambda i: i.decision == "reject"):
                to_block |= lot
            elif (
                not holding and lot.qms_state in ("pending", "blocked") and not lot.qms_hold_manual
            ):
                to_release |= lot
        to_block.filtered(lambda lot: lot.qms_state != "blocked")._qms_set_state(
            "blocked", self.env._("Rejected by inspection %s", ", ".join(self.mapped("name")))
        )
        to_release._qms_set_state(
            "released", self.env._("Released by inspection %s", ", ".join(self.mapped("name")))
        )

    # ------------------------------------------------------------------
    # Creation from control points
    # ------------------------------------------------------------------
    @api.model
    def _qms_key(self, point, production, move, product, lot, lot_name):
        """Identity of an inspection, so that nothing is inspected twice.

        In-process inspections of a manufacturing order follow the order (its lot may be set
        late); every other inspection is one per lot of a move (one per move for untracked
        products). Lots count by name, as a received lot is typed before it exists.
        """
        if production and point.timing == "before":
            return (point.id, "production", production.id, product.id)
        return (point.id, "move", move.id, lot.name or lot_name or False)

    @api.model
    def _qms_sync(self, candidates, timing, prune=False):
        """Create the inspections that the control points ask for on ``candidates``.

        ``candidates`` is a list of dicts (product, lot, lot_name, qty, move, production,
        picking_type, partner, company) built from moves or manufacturing orders. Open
        inspections of the same key follow the quantity and lot; with ``prune``, open
        inspections of the candidates' moves that no candidate asks for any more are cancelled.
        Everything is read and written in batches. Returns the created inspections.
        """
        if not candidates:
            return self.browse()
        watched = self.env["qms.control.point"]._qms_picking_type_ids(timing)
        candidates = [
            candidate
            for candidate in candidates
            if candidate["picking_type"].id in watched
            and candidate["move"].location_dest_id.usage != "supplier"
        ]
        if not candidates:
            return self.browse()
        Inspection = self.sudo().with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        )
        picking_types = self.env["stock.picking.type"].union(
            *(c["picking_type"] for c in candidates)
        )
        points = (
            self.env["qms.control.point"]
            .sudo()
            .search([("timing", "=", timing), ("picking_type_ids", "in", picking_types.ids)])
        )
        if not points:
            return self.browse()
        wanted = {}
        for candidate in candidates:
            for point in points:
                if (
                    point.company_id != candidate["company"]
                    or candidate["picking_type"] not in point.picking_type_ids
                    or not point._qms_matches(candidate["product"], candidate["partner"])
                ):
                    continue
                key = self._qms_key(
                    point,
                    candidate["production"],
                    candidate["move"],
                    candidate["product"],
                    candidate["lot"],
                    candidate["lot_name"],
                )
                if key in wanted:
                    wanted[key][1]["qty"] += candidate["qty"]
                else:
                    wanted[key] = (point, dict(candidate))
        moves = self.env["stock.move"].union(*(c["move"] for c in candidates))
        productions = self.env["mrp.production"].union(*(c["production"] for c in candidates))
        existing = Inspection.search(
            [
                ("control_point_id", "in", points.ids),
                ("state", "!=", "cancel"),
                "|",
                ("move_id", "in", moves.ids),
                ("production_id", "in", productions.ids),
            ]
        )
        stale = Inspection.browse()
        for inspection in existing:
            key = self._qms_key(
                inspection.control_point_id,
                inspection.production_id,
                inspection.move_id,
                inspection.product_id,
                inspection.lot_id,
                inspection.lot_name,
            )
            found = wanted.pop(key, None)
            if inspection.state != "todo":
                if found and found[1]["lot"] and not inspection.lot_id:
                    inspection.lot_id = found[1]["lot"]
                    inspection._qms_update_lot_states()
                continue
            if found is None:
                if (
                    prune
                    and inspection.move_id in moves
                    and not inspection.line_ids.filtered("result")
                ):
                    stale |= inspection
                continue
            inspection._qms_follow(*found)
        if stale:
            stale.write({"state": "cancel"})
            stale._message_log_batch(
                bodies=dict.fromkeys(
                    stale.ids, self.env._("Cancelled: the lot is no longer in the transfer.")
                )
            )
        created = Inspection.create(
            [self._qms_prepare_inspection(point, candidate) for point, candidate in wanted.values()]
        )
        if timing == "after":
            created.lot_id.filtered(
                lambda lot: lot.qms_state in ("none", "released")
            )._qms_set_state("pending", self.env._("Pending inspection"), log=False)
        return created

    def _qms_follow(self, point, candidate):
        """Keep an open inspection in line with the quantity and lot being processed."""
        vals = {}
        if candidate["qty"] != self.qty:
            vals["qty"] = candidate["qty"]
            vals.update(point._qms_sampling_values(candidate["qty"]))
        if candidate["lot"] != self.lot_id:
            vals["lot_id"] = candidate["lot"].id
        if vals:
            self.write(vals)

    @api.model
    def _qms_prepare_inspection(self, point, candidate):
        qty = candidate["qty"]
        vals = {
            "control_point_id": point.id,
            "timing": point.timing,
            "blocking": point.blocking and point.timing == "before",
            "sampling_method": point.sampling_method,
            "product_id": candidate["product"].id,
            "lot_id": candidate["lot"].id,
            "lot_name": not candidate["lot"] and candidate["lot_name"] or False,
            "qty": qty,
            "move_id": candidate["move"].id,
            "production_id": candidate["production"].id,
            "picking_type_id": candidate["picking_type"].id,
            "partner_id": candidate["partner"].commercial_partner_id.id,
            "company_id": candidate["company"].id,
            "line_ids": [(0, 0, vals) for vals in self._qms_prepare_lines(point)],
        }
        vals.update(point._qms_sampling_values(qty))
        return vals

    @api.model
    def _qms_prepare_lines(self, point):
        return [
            {
                "test_id": test.id,
                "sequence": index,
                "name": test.name,
                "test_type": test.test_type,
                "norm": test.norm,
                "tolerance_min": test.tolerance_min,
                "tolerance_max": test.tolerance_max,
                "uom_id": test.uom_id.id,
            }
            for index, test in enumerate(point.test_ids)
        ]

    def _qms_blocking_message(self, document):
        """Explain why ``document`` can't go on, or return False when nothing blocks it."""
        todo = self.filtered(lambda i: i.blocking and i.state == "todo")
        rejected = self.filtered(lambda i: i.blocking and i.decision == "reject")
        if not todo and not rejected:
            return False
        parts = [self.env._("%(document)s is held by its quality inspections.", document=document)]
        if todo:
            parts.append(self.env._("Still to do: %(list)s.", list=todo._qms_describe()))
        if rejected:
            parts.append(
                self.env._(
                    "Rejected without a concession: %(list)s.", list=rejected._qms_describe()
                )
            )
        return "\n".join(parts)

    def _qms_describe(self):
        return ", ".join(
            "%s (%s%s)"
            % (
                inspection.name,
                inspection.product_id.display_name,
                (", " + (inspection.lot_id.name or inspection.lot_name))
                if inspection.lot_id or inspection.lot_name
                else "",
            )
            for inspection in self
        )

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------
    def _qms_action_view(self, context):
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_core.qms_inspection_action")
        action["context"] = context
        if len(self) == 1:
            action.update(views=[(False, "form")], res_id=self.id)
        else:
            action["domain"] = [("id", "in", self.ids)]
        return action

    def action_view_lot(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.lot",
            "res_id": self.lot_id.id,
            "view_mode": "form",
        }

    @api.model
    def _qms_link_received_lots(self, lines):
        """Attach the lots created on receipt to the inspections made before they existed."""
        inspections = self.sudo().search(
            [
                ("move_id", "in", lines.move_id.ids),
                ("lot_id", "=", False),
                ("lot_name", "!=", False),
                ("state", "!=", "cancel"),
            ]
        )
        if not inspections:
            return
        lots = {(line.move_id.id, line.lot_id.name): line.lot_id for line in lines if line.lot_id}
        for inspection in inspections:
            lot = lots.get((inspection.move_id.id, inspection.lot_name))
            if lot:
                inspection.lot_id = lot
        inspections.filtered("lot_id")._qms_update_lot_states()
