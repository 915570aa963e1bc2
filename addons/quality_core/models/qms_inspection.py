# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from itertools import groupby

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .qms_control_point import SAMPLING_METHODS, TIMINGS
from .qms_sampling_state import SEVERITIES
from .qms_spc import CHECK_WINDOW, VARIABLE_CHARTS

# What an inspector may change on an inspection still to do; every other field is written by the
# suite's actions only, and nothing of a decided inspection changes.
RESULT_FIELDS = frozenset({"defect_count", "note", "user_id", "line_ids"})


@dataclass
class InspectionCandidate:
    """Goods that a move or a manufacturing order asks to inspect: one lot, or untracked goods.

    Built by ``stock.move._qms_inspection_candidate``; the records are recordsets (possibly
    empty: no lot yet, no manufacturing order, no partner).
    """

    product: models.BaseModel
    lot: models.BaseModel
    lot_name: str | bool
    qty: float
    move: models.BaseModel
    production: models.BaseModel
    picking_type: models.BaseModel
    partner: models.BaseModel
    company: models.BaseModel
    # Serial numbers of the units, for serial-numbered goods (inspected per move).
    serials: models.BaseModel = None

    def key(self, point):
        """Identity of the inspection that ``point`` asks for (see ``qms.inspection._qms_key``)."""
        return point.env["qms.inspection"]._qms_key(
            point, self.production, self.move, self.product, self.lot, self.lot_name
        )


class QmsInspection(models.Model):
    _name = "qms.inspection"
    _description = "Quality Inspection"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "qms.protected.mixin",
        "qms.signature.mixin",
    ]
    # What a concession signs: the results decided on and the concession itself.
    _qms_signed_fields = (
        "name",
        "product_id",
        "lot_id",
        "qty",
        "sample_size",
        "defect_count",
        "result",
        "decision",
        "concession_reason",
        "concession_user_id",
        "rejected_lot_ids",
    )
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
    lot_name = fields.Char(readonly=True, help="Lot being received, before its record exists.")
    lot_ids = fields.Many2many(
        "stock.lot",
        "qms_inspection_serial_rel",
        "inspection_id",
        "lot_id",
        "Serial Numbers",
        readonly=True,
        check_company=True,
        help="Serial-numbered goods are inspected per move: the serial numbers of its units, "
        "held and released together.",
    )
    rejected_lot_ids = fields.Many2many(
        "stock.lot",
        "qms_inspection_rejected_serial_rel",
        "inspection_id",
        "lot_id",
        "Rejected Serial Numbers",
        readonly=True,
        check_company=True,
        help="Set when a Quality Manager rejects only these serial numbers of a rejected "
        "inspection and releases the others.",
    )
    qty = fields.Float("Quantity", digits="Product Unit of Measure", readonly=True, tracking=True)
    sample_size = fields.Float(digits="Product Unit of Measure", readonly=True)
    defect_count = fields.Integer(
        "Defective Units",
        compute="_compute_defect_count",
        store=True,
        readonly=False,
        tracking=True,
        help="Number of defective units found in the sample. A failed test counts as one "
        "defective unit at least: raise the number when more units failed.",
    )
    accept_number = fields.Integer(
        "Ac", readonly=True, help="AQL plan: the lot is accepted with at most this many defects."
    )
    reject_number = fields.Integer(
        "Re", readonly=True, help="AQL plan: the lot is rejected with this many defects or more."
    )
    severity = fields.Selection(
        SEVERITIES[:3],
        readonly=True,
        help="Severity of the AQL plan used (ISO 2859-1): normal, tightened or reduced, as the "
        "switching rules of the control point stood for this product and partner.",
    )
    skipped = fields.Boolean(
        readonly=True,
        help="Skip-lot: released without inspection after a run of accepted lots.",
    )
    sampling_state_id = fields.Many2one(
        "qms.sampling.state",
        readonly=True,
        index="btree_not_null",
        help="Switching rules or skip-lot of the control point for this product and partner.",
    )
    switching_sequence = fields.Integer(
        readonly=True,
        copy=False,
        help="Order in which the decided inspection was read by the switching rules.",
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
    workcenter_id = fields.Many2one(
        "mrp.workcenter",
        "Work Center",
        readonly=True,
        index="btree_not_null",
        help="For an inspection of a manufacturing order: the work center of the order's last "
        "operation when the inspection was created, where the finished goods are inspected.",
    )
    date_deadline = fields.Datetime(
        "Deadline",
        readonly=True,
        index="btree_not_null",
        help="When the inspection is due, set at its creation: the control point's time to "
        "inspect after the scheduled date of the transfer or the planned end of the "
        "manufacturing order (after the creation if that date is past). An inspection still "
        "to do past its deadline is late.",
    )
    is_late = fields.Boolean(
        "Late",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Still to do and past its deadline.",
    )
    partner_id = fields.Many2one("res.partner", readonly=True, index="btree_not_null")
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
    cancel_reason = fields.Text(readonly=True, tracking=True, copy=False)
    origin_inspection_id = fields.Many2one(
        "qms.inspection",
        "Re-inspection of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The decided inspection that a Quality Manager had inspected again.",
    )
    reinspection_id = fields.Many2one(
        "qms.inspection",
        "Re-inspected by",
        readonly=True,
        copy=False,
        help="The inspection that replaced this one.",
    )

    _sql_constraints = [
        ("defect_count_positive", "CHECK(defect_count >= 0)", "Defective units can't be negative."),
    ]

    @api.depends("state", "date_deadline")
    def _compute_is_late(self):
        now = fields.Datetime.now()
        for inspection in self:
            inspection.is_late = bool(
                inspection.state == "todo"
                and inspection.date_deadline
                and inspection.date_deadline < now
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Late: search with = or != and True or False."))
        now = fields.Datetime.now()
        if (operator == "=") == value:
            return [("state", "=", "todo"), ("date_deadline", "<", now)]
        return [
            "|",
            "|",
            ("state", "!=", "todo"),
            ("date_deadline", "=", False),
            ("date_deadline", ">=", now),
        ]

    @api.depends("line_ids.result", "line_ids.measure_ids.result")
    def _compute_defect_count(self):
        for inspection in self:
            minimum = 1 if inspection._qms_failed_lines() else 0
            # Each unit out of tolerance in any test is a defective unit of the sample.
            failed_units = inspection.line_ids.measure_ids.filtered(lambda m: m.result == "fail")
            minimum = max(minimum, len(set(failed_units.mapped("sequence"))))
            inspection.defect_count = max(inspection.defect_count, minimum)

    def _qms_failed_lines(self):
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.result == "fail")

    @api.constrains("defect_count", "line_ids")
    def _check_defect_count(self):
        """At least one defective unit when a test failed, at most the units sampled."""
        for inspection in self:
            if inspection.sample_size and inspection.defect_count > inspection.sample_size:
                raise ValidationError(
                    self.env._(
                        "Inspection %(inspection)s: %(defects)s defective units can't be found "
                        "in a sample of %(sample)s.",
                        inspection=inspection.name,
                        defects=inspection.defect_count,
                        sample=inspection.sample_size,
                    )
                )
            failed = inspection._qms_failed_lines()
            if failed and not inspection.defect_count:
                raise ValidationError(
                    self.env._(
                        "Inspection %(inspection)s: %(tests)s failed, so at least one unit of "
                        "the sample is defective. Enter the number of defective units found.",
                        inspection=inspection.name,
                        tests=", ".join(failed.mapped("name")),
                    )
                )

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

    def _qms_protected_field_names(self):
        return set(self._fields) - self._qms_result_fields() - self._qms_mail_fields()

    @api.model
    def _qms_result_fields(self):
        """Fields an inspector fills in while the inspection is to do (modules add theirs)."""
        return RESULT_FIELDS

    @api.model
    def _qms_mail_fields(self):
        """Fields of the chatter and activities, which stay open on decided inspections too."""
        return set(self.env["mail.thread"]._fields) | set(self.env["mail.activity.mixin"]._fields)

    def _qms_actions_hint(self):
        return self.env._("Record Decision, Grant Concession, Cancel, Re-inspect")

    @api.model_create_multi
    def create(self, vals_list):
        if not self._qms_actions_writing():
            raise UserError(
                self.env._(
                    "Inspections are created by the control points of the operations they "
                    "inspect, not by hand; a Quality Manager re-inspects a decided inspection "
                    "with Re-inspect."
                )
            )
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(unnamed, self._qms_next_names(len(unnamed)), strict=True):
            vals["name"] = name
        return super().create(vals_list)

    def _qms_check_write(self, vals):
        self._qms_check_open(set(vals) - self._qms_mail_fields())
        return super()._qms_check_write(vals)

    def write(self, vals):
        if "user_id" in vals and not self.env.user.email:
            # Odoo emails the assigned inspector, from the user who assigns: one without an
            # email address assigns without the email.
            return super(
                QmsInspection, self.with_context(mail_auto_subscribe_no_notify=True)
            ).write(vals)
        return super().write(vals)

    def _qms_check_unlink(self):
        kept = self.filtered(lambda i: i.state != "cancel" or i.date_done)
        if kept:
            raise UserError(
                self.env._(
                    "Inspections %(names)s can't be deleted: they are quality records. A Quality "
                    "Manager cancels them or has them re-inspected, with a reason.",
                    names=", ".join(kept.mapped("name")),
                )
            )
        return super()._qms_check_unlink()

    def _qms_check_open(self, fields_written=True):
        """Refuse to change inspections that are decided or cancelled."""
        closed = self.filtered(lambda i: i.state != "todo")
        if closed and fields_written:
            raise UserError(
                self.env._(
                    "Inspections %(names)s are already decided or cancelled: their results and "
                    "decision can't be changed. A Quality Manager can re-inspect them.",
                    names=", ".join(closed.mapped("name")),
                )
            )

    def _qms_lock(self):
        """Lock the inspections for the decision: of two decisions at once, one waits and fails.

        Odoo's transactions are repeatable-read: the one that waited gets a serialization
        failure (retried by the RPC layer, when it then finds the inspection decided).
        """
        if self.ids:
            self.env.cr.execute(
                SQL("SELECT id FROM qms_inspection WHERE id = ANY(%s) FOR NO KEY UPDATE", self.ids)
            )
        self.invalidate_recordset(["state", "decision"])

    # ------------------------------------------------------------------
    # Usage decision
    # ------------------------------------------------------------------
    def action_done(self):
        """Record the results: compute the result and apply the default usage decision."""
        self.check_access("write")
        self._qms_lock()
        self._qms_check_open()
        for inspection in self:
            inspection._qms_check_complete()
        now = fields.Datetime.now()
        # Whoever decides an unassigned inspection becomes its inspector; nobody is notified
        # (an inspector without email address decides too).
        for inspection in self.with_context(mail_auto_subscribe_no_notify=True):
            vals = {
                "state": "done",
                "decision": "accept" if inspection.result == "pass" else "reject",
                "date_done": now,
            }
            if not inspection.user_id:
                vals["user_id"] = self.env.uid
            inspection._qms_write(vals)
        self._qms_update_lot_states()
        self._qms_switch()
        self._qms_spc_check()
        return True

    def _qms_switch(self):
        """Let the switching rules and skip-lot read the decided inspections, state by state."""
        for state in self.sampling_state_id.sudo()._qms_lock():
            state._qms_consume(
                self.filtered(lambda i, s=state: i.sampling_state_id == s).sorted("id")
            )

    def _qms_unswitch(self):
        """Switching rules and skip-lot read again without these cancelled inspections."""
        counted = self.filtered("switching_sequence")
        for state in counted.sampling_state_id.sudo()._qms_lock():
            state._qms_replay(counted.filtered(lambda i, s=state: i.sampling_state_id == s))

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
        # A gauge recorded on a line may have become overdue or failed since.
        self.line_ids._qms_check_gauges()

    def action_concession(self, reason, password=None):
        """Accept a failed inspection under concession and release its lot.

        Quality Manager only, signed electronically: ``password`` is the manager's own.
        """
        action = self.env._("grant a concession")
        reason = self._qms_check_manager_reason(self, reason, action)
        self._qms_check_signer(password, action)
        self._qms_lock()
        not_rejected = self.filtered(lambda i: i.state != "done" or i.decision != "reject")
        if not_rejected:
            raise UserError(
                self.env._(
                    "A concession applies to rejected inspections only: %(names)s are not.",
                    names=", ".join(not_rejected.mapped("name")),
                )
            )
        self._qms_write(
            {
                "decision": "concession",
                "concession_reason": reason,
                "concession_user_id": self.env.uid,
            }
        )
        self._qms_update_lot_states()
        self._qms_add_signatures(action, reason, "approval")
        return True

    def action_cancel(self, reason=None):
        """Cancel inspections (Quality Manager); a decided one needs a reason and stays visible.

        The lots are held again by what their other inspections decide.
        """
        action = self.env._("cancel inspections")
        self._qms_check_manager(self, action)
        self._qms_lock()
        if reason is not None or self.filtered(lambda i: i.state == "done"):
            reason = self._qms_check_reason(reason, self, action)
        cancelled = self.filtered(lambda i: i.state == "cancel")
        if cancelled:
            raise UserError(
                self.env._(
                    "Inspections %(names)s are already cancelled.",
                    names=", ".join(cancelled.mapped("name")),
                )
            )
        self._qms_write({"state": "cancel", "cancel_reason": reason or False})
        self._qms_update_lot_states()
        self._qms_unswitch()
        return True

    def action_reinspect(self, reason):
        """Inspect decided goods again (Quality Manager): the decided inspection is cancelled
        with the reason and stays visible; a new one, with the same tests and tolerances, is to
        do. Returns the ids of the new inspections.
        """
        action = self.env._("re-inspect")
        reason = self._qms_check_manager_reason(self, reason, action)
        self._qms_lock()
        undecided = self.filtered(lambda i: i.state != "done")
        if undecided:
            raise UserError(
                self.env._(
                    "Only decided inspections can be re-inspected: %(names)s are not.",
                    names=", ".join(undecided.mapped("name")),
                )
            )
        new = self.browse()
        for inspection in self:
            new |= inspection.sudo()._qms_create([inspection._qms_prepare_reinspection()])
        for inspection, reinspection in zip(self, new, strict=True):
            inspection._qms_write(
                {"state": "cancel", "cancel_reason": reason, "reinspection_id": reinspection.id}
            )
        new._qms_hold_lots_to_inspect()
        self._qms_update_lot_states()
        self._qms_unswitch()
        return new.ids

    def _qms_prepare_reinspection(self):
        """Values of an inspection to do again with the specification of this one."""
        self.ensure_one()
        vals = {
            name: self._fields[name].convert_to_write(self[name], self)
            for name in (
                "control_point_id",
                "timing",
                "blocking",
                "sampling_method",
                "product_id",
                "lot_id",
                "lot_name",
                "lot_ids",
                "qty",
                "sample_size",
                "accept_number",
                "reject_number",
                "severity",
                "sampling_state_id",
                "move_id",
                "production_id",
                "picking_type_id",
                "workcenter_id",
                "date_deadline",
                "partner_id",
                "company_id",
            )
        }
        vals["origin_inspection_id"] = self.id
        vals["line_ids"] = [
            fields.Command.create(
                {
                    name: line._fields[name].convert_to_write(line[name], line)
                    for name in line._qms_specification_fields()
                }
            )
            for line in self.line_ids
        ]
        return vals

    def action_open_concession_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "concession")

    def action_open_cancel_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "cancel")

    def action_open_reinspect_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "reinspect")

    def _qms_hold_lots_to_inspect(self):
        """Inspections after validation hold their lots (not yet held) until they are decided."""
        todo = self.filtered(lambda i: i.timing == "after" and i.state == "todo")
        (todo.lot_id | todo.lot_ids).filtered(
            lambda lot: lot.qms_state in ("none", "released") and not lot.qms_hold_manual
        )._qms_set_state("pending", self.env._("Pending inspection"))

    def _qms_update_lot_states(self):
        """Derive the hold state of the inspected lots from their decided inspections.

        A rejection blocks the lot (for serial numbers: those the rejection holds). A lot
        pending inspection is released once none of its inspections is still to do; a blocked
        lot is released by a concession once no other inspection keeps it rejected. A lot that
        a manager blocked by hand stays blocked.
        """
        lots = (self.lot_id | self.lot_ids).sudo()
        if not lots:
            return
        holding_by_lot = defaultdict(self.browse)
        rejecting_by_lot = defaultdict(self.browse)
        for inspection in self.sudo().search(
            [
                "|",
                ("lot_id", "in", lots.ids),
                ("lot_ids", "in", lots.ids),
                ("state", "in", ("todo", "done")),
            ]
        ):
            if inspection.state == "todo":
                for lot in inspection.lot_id | inspection.lot_ids:
                    holding_by_lot[lot] |= inspection
            elif inspection.decision == "reject":
                for lot in inspection._qms_rejected_lots():
                    holding_by_lot[lot] |= inspection
                    rejecting_by_lot[lot] |= inspection
        to_block, to_release = lots.browse(), lots.browse()
        for lot in lots:
            if rejecting_by_lot[lot]:
                to_block |= lot
            elif (
                not holding_by_lot[lot]
                and lot.qms_state in ("pending", "blocked")
                and not lot.qms_hold_manual
            ):
                to_release |= lot
        to_block.filtered(lambda lot: lot.qms_state != "blocked")._qms_set_state(
            "blocked", self.env._("Rejected by inspection %s", ", ".join(self.mapped("name")))
        )
        to_release._qms_set_state(
            "released", self.env._("Released by inspection %s", ", ".join(self.mapped("name")))
        )

    def _qms_rejected_lots(self):
        """The lots a rejection holds: its lot, or its serial numbers (those a manager kept
        rejected, if he released the others)."""
        self.ensure_one()
        return self.lot_id | (self.rejected_lot_ids or self.lot_ids)

    def action_reject_serials(self, lot_ids, reason, password=None):
        """Keep only the serial numbers ``lot_ids`` of a rejected inspection rejected and
        release the others (Quality Manager, with a reason, signed electronically)."""
        action = self.env._("reject only some serial numbers")
        reason = self._qms_check_manager_reason(self, reason, action)
        self._qms_check_single(self, action)
        self._qms_check_signer(password, action)
        self._qms_lock()
        if self.state != "done" or self.decision != "reject" or not self.lot_ids:
            raise UserError(
                self.env._(
                    "%(name)s is not a rejected inspection of serial numbers: only those can "
                    "release some of their serial numbers.",
                    name=self.name,
                )
            )
        rejected = self.env["stock.lot"].browse(lot_ids).exists()
        foreign = rejected - self.lot_ids
        if not rejected or foreign:
            raise UserError(
                self.env._(
                    "%(name)s: give the serial numbers to keep rejected among its own "
                    "(%(unknown)s are not).",
                    name=self.name,
                    unknown=", ".join(foreign.mapped("name")) or "-",
                )
            )
        released = self.lot_ids - rejected
        self._qms_write({"rejected_lot_ids": [fields.Command.set(rejected.ids)]})
        self.message_post(
            body=self.env._(
                "Serial numbers kept rejected: %(rejected)s; released: %(released)s. Reason: "
                "%(reason)s",
                rejected=", ".join(rejected.mapped("name")),
                released=", ".join(released.mapped("name")) or "-",
                reason=reason,
            )
        )
        self._qms_update_lot_states()
        self._qms_add_signatures(action, reason, "approval")
        return True

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

    def _qms_own_key(self):
        self.ensure_one()
        return self._qms_key(
            self.control_point_id,
            self.production_id,
            self.move_id,
            self.product_id,
            self.lot_id,
            self.lot_name,
        )

    @api.model
    def _qms_sync(self, candidates, timing, prune=False):
        """Create the inspections that the control points ask for on ``candidates``.

        ``candidates`` are ``InspectionCandidate`` built from moves or manufacturing orders.
        Three steps, each a hook: what the points want (``_qms_wanted``), what existing
        inspections already cover (``_qms_reconcile``: open ones follow the quantity and lot;
        with ``prune``, open inspections of the candidates' moves that no candidate asks for
        any more are cancelled), and the creation of the rest (``_qms_create_wanted``).
        Everything is read and written in batches. Returns the created inspections.
        """
        watched = self.env["qms.control.point"]._qms_picking_type_ids(timing)
        candidates = [
            candidate
            for candidate in candidates
            if candidate.picking_type.id in watched
            and candidate.move.location_dest_id.usage != "supplier"
        ]
        if not candidates:
            return self.browse()
        points = (
            self.env["qms.control.point"]
            .sudo()
            .search(
                [
                    ("timing", "=", timing),
                    ("picking_type_ids", "in", list({c.picking_type.id for c in candidates})),
                ]
            )
        )
        if not points:
            return self.browse()
        wanted = self._qms_wanted(points, candidates)
        self._qms_reconcile(wanted, points, candidates, prune)
        return self._qms_create_wanted(wanted)

    @api.model
    def _qms_wanted(self, points, candidates):
        """The inspections that ``points`` ask for: {key: (point, candidate)}, quantities of
        candidates sharing a key added up."""
        wanted = {}
        for candidate in candidates:
            for point in points:
                if (
                    point.company_id != candidate.company
                    or candidate.picking_type not in point.picking_type_ids
                    or not point._qms_matches(candidate.product, candidate.partner)
                ):
                    continue
                key = candidate.key(point)
                if key in wanted:
                    wanted[key][1].qty += candidate.qty
                else:
                    wanted[key] = (point, InspectionCandidate(**vars(candidate)))
        return wanted

    @api.model
    def _qms_reconcile(self, wanted, points, candidates, prune):
        """Match the existing inspections with ``wanted``, removing from it what they cover."""
        moves = self.env["stock.move"].union(*(c.move for c in candidates))
        productions = self.env["mrp.production"].union(*(c.production for c in candidates))
        existing = (
            self.sudo()
            .with_context(tracking_disable=True)
            .search(
                [
                    ("control_point_id", "in", points.ids),
                    ("state", "!=", "cancel"),
                    "|",
                    ("move_id", "in", moves.ids),
                    ("production_id", "in", productions.ids),
                ]
            )
        )
        stale = self.browse()
        for inspection in existing:
            found = wanted.pop(inspection._qms_own_key(), None)
            if inspection.state != "todo":
                if found and found[1].lot and not inspection.lot_id:
                    inspection._qms_write({"lot_id": found[1].lot.id})
                    inspection._qms_update_lot_states()
                if found and found[1].serials and found[1].serials != inspection.lot_ids:
                    inspection._qms_write({"lot_ids": [fields.Command.set(found[1].serials.ids)]})
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
            stale.with_context(tracking_disable=False)._qms_write(
                {
                    "state": "cancel",
                    "cancel_reason": self.env._("The lot is no longer in the transfer."),
                }
            )

    @api.model
    def _qms_create_wanted(self, wanted):
        # The new inspection is its own record: no creation message, nothing to track yet.
        vals_list = []
        for point, candidate in wanted.values():
            vals = self._qms_prepare_inspection(point, candidate)
            if point.aql_switching or point.skip_lot:
                vals.update(self._qms_prepare_sampling_state(point, candidate))
            vals_list.append(vals)
        created = (
            self.sudo()
            .with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
            )
            ._qms_create(vals_list)
        )
        created.with_context(tracking_disable=False)._qms_hold_lots_to_inspect()
        return created.with_context(tracking_disable=False)

    @api.model
    def _qms_prepare_sampling_state(self, point, candidate):
        """Values that the switching rules and skip-lot give a new inspection: the severity of
        its plan, or its release without inspection when skip-lot skips this lot."""
        state = self.env["qms.sampling.state"]._qms_get(point, candidate.product, candidate.partner)
        severity = state._qms_plan_severity()
        vals = {"sampling_state_id": state.id, "severity": severity}
        if state._qms_skip_next():
            return vals | {
                "skipped": True,
                "state": "done",
                "decision": "accept",
                "date_done": fields.Datetime.now(),
                "line_ids": [],
                "sample_size": 0.0,
                "accept_number": 0,
                "reject_number": 0,
            }
        return vals | point._qms_sampling_values(candidate.qty, severity)

    def _qms_follow(self, point, candidate):
        """Keep an open inspection in line with the quantity and lot being processed."""
        vals = {}
        if candidate.qty != self.qty:
            vals["qty"] = candidate.qty
            vals.update(point._qms_sampling_values(candidate.qty, self.severity or "normal"))
        if candidate.lot != self.lot_id:
            vals["lot_id"] = candidate.lot.id
        if candidate.serials is not None and candidate.serials != self.lot_ids:
            vals["lot_ids"] = [fields.Command.set(candidate.serials.ids)]
        if vals:
            self._qms_write(vals)

    @api.model
    def _qms_deadline(self, point, candidate):
        """When an inspection made now is due: the control point's time to inspect after the
        transfer's scheduled date or the order's planned end, or after now if that is past
        (goods that arrive late don't make their inspection late)."""
        planned = candidate.production.date_finished or candidate.move.picking_id.scheduled_date
        start = max(planned, fields.Datetime.now()) if planned else fields.Datetime.now()
        return start + timedelta(hours=point.lead_time_hours)

    @api.model
    def _qms_prepare_inspection(self, point, candidate):
        vals = {
            "control_point_id": point.id,
            "timing": point.timing,
            "blocking": point.blocking and point.timing == "before",
            "sampling_method": point.sampling_method,
            "severity": "normal" if point.sampling_method == "aql" else False,
            "product_id": candidate.product.id,
            "lot_id": candidate.lot.id,
            "lot_name": not candidate.lot and candidate.lot_name or False,
            "lot_ids": [fields.Command.set(candidate.serials.ids)] if candidate.serials else [],
            "qty": candidate.qty,
            "move_id": candidate.move.id,
            "production_id": candidate.production.id,
            "picking_type_id": candidate.picking_type.id,
            "workcenter_id": candidate.production.workorder_ids[-1:].workcenter_id.id,
            "date_deadline": self._qms_deadline(point, candidate),
            "partner_id": candidate.partner.commercial_partner_id.id,
            "company_id": candidate.company.id,
            "line_ids": [
                fields.Command.create(self._qms_prepare_line(point, test) | {"sequence": index})
                for index, test in enumerate(point.test_ids)
            ],
        }
        vals.update(point._qms_sampling_values(candidate.qty))
        return vals

    @api.model
    def _qms_prepare_line(self, point, test):
        """Values of the result line of ``test``: its specification, copied and then frozen."""
        return self.env["qms.inspection.line"]._qms_prepare_from_test(test)

    def _qms_holding(self):
        """The blocking inspections that hold their document: to do, or rejected."""
        return self.filtered(lambda i: i.blocking and (i.state == "todo" or i.decision == "reject"))

    def _qms_blocking_message(self, document):
        """Explain why ``document`` can't go on, or return False when nothing blocks it."""
        holding = self._qms_holding()
        if not holding:
            return False
        todo = holding.filtered(lambda i: i.state == "todo")
        rejected = holding - todo
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
        self._qms_check_single(self, self.env._("Opening the lot"))
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
                inspection._qms_write({"lot_id": lot.id})
        inspections.filtered("lot_id")._qms_update_lot_states()

    # ------------------------------------------------------------------
    # Control charts
    # ------------------------------------------------------------------
    def init(self):
        # The control charts read the last decided inspections of a product, newest first.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS qms_inspection_spc_idx ON qms_inspection "
            "(product_id, date_done DESC, id DESC) WHERE state = 'done'"
        )

    def _qms_spc_check(self):
        """Check the new results against the run rules of their tests' control charts: a
        point of these inspections in a breach flags its line, posts on the inspection and
        schedules an activity for the SPC responsible, naming the rules and the points."""
        lines = self.sudo().line_ids.filtered(
            lambda line: (
                line.test_id.spc_enabled
                and (line.test_type == "measure" or line.test_id.spc_chart not in VARIABLE_CHARTS)
            )
        )
        breaches = {}
        for (test, product), grouped in groupby(
            lines.sorted(lambda line: (line.test_id.id, line.inspection_id.product_id.id)),
            key=lambda line: (line.test_id, line.inspection_id.product_id),
        ):
            group = self.env["qms.inspection.line"].sudo().union(*grouped)
            data = test._qms_spc_data(product.id, test.spc_chart, CHECK_WINDOW)
            for violation in data["violations"]:
                for index in violation["point_indexes"]:
                    point = data["points"][index]
                    for line in group.filtered(
                        lambda line, point=point: line.inspection_id.id == point["inspection_id"]
                    ):
                        found = breaches.setdefault(line, {})
                        found.setdefault(violation["rule"], (violation["label"], []))[1].append(
                            index + 1
                        )
        if not breaches:
            return
        for line, rules in breaches.items():
            line._qms_write({"spc_flag": True, "spc_violation": ", ".join(sorted(rules))})
            inspection = line.inspection_id
            text = "; ".join(
                self.env._(
                    "%(rule)s (%(label)s) at points %(points)s",
                    rule=rule,
                    label=label,
                    points=", ".join(map(str, points[-10:])),
                )
                for rule, (label, points) in sorted(rules.items())
            )
            summary = self.env._("Out of control: %(test)s", test=line.name)
            inspection.message_post(
                body=self.env._(
                    "%(test)s is out of statistical control on %(product)s: %(rules)s.",
                    test=line.name,
                    product=inspection.product_id.display_name,
                    rules=text,
                )
            )
            user = line.test_id.spc_user_id or inspection.user_id or self.env.user
            inspection.activity_schedule(
                "mail.mail_activity_data_todo", summary=summary, note=text, user_id=user.id
            )
        flagged = self.env["qms.inspection.line"].sudo().union(*breaches)
        flagged._qms_spc_flagged(
            {
                line: [(rule, label, points) for rule, (label, points) in rules.items()]
                for line, rules in breaches.items()
            }
        )
