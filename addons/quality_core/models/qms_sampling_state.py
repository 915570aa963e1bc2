# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, create_unique_index

from ..tools import aql

SEVERITIES = [
    (aql.NORMAL, "Normal"),
    (aql.TIGHTENED, "Tightened"),
    (aql.REDUCED, "Reduced"),
    (aql.DISCONTINUED, "Discontinued"),
]
# The worst first: what a product or a vendor shows when several points sample it.
SEVERITY_RANK = (aql.DISCONTINUED, aql.TIGHTENED, aql.NORMAL, aql.REDUCED)


class QmsSamplingState(models.Model):
    """Where the lots of one product from one partner stand in a control point's sampling.

    The switching rules of ISO 2859-1 (normal, tightened, reduced, discontinued) and skip-lot
    read the inspections of (control point, product, partner) in the order they were decided.
    Nobody writes a state: the inspections move it (``_qms_consume``), a Quality Manager
    resumes a discontinued one (``action_resume``). Every change of severity is logged as a
    ``qms.sampling.transition`` with the inspections that caused it.
    """

    _name = "qms.sampling.state"
    _description = "Quality Sampling State"
    _inherit = ["mail.thread"]
    _order = "control_point_id, product_id, partner_id"
    _rec_names_search = ["product_id", "partner_id", "control_point_id"]

    control_point_id = fields.Many2one(
        "qms.control.point", required=True, readonly=True, ondelete="cascade", index=True
    )
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        readonly=True,
        ondelete="cascade",
        index="btree_not_null",
        help="The vendor on receipts, the customer on deliveries; empty for manufacturing.",
    )
    company_id = fields.Many2one(related="control_point_id.company_id", store=True, index=True)
    severity = fields.Selection(
        SEVERITIES, required=True, readonly=True, default=aql.NORMAL, tracking=True
    )
    switching_score = fields.Integer(
        readonly=True,
        help="ISO 2859-1 clause 9.3.3, on normal inspection: reduced inspection may start at 30 "
        "when the control point allows it.",
    )
    recent_results = fields.Char(
        readonly=True,
        help="Acceptance of the last lots (5 at most) since the current severity began, oldest "
        "first: A accepted, R not accepted.",
    )
    rejected_on_tightened = fields.Integer(
        "Not Accepted on Tightened",
        readonly=True,
        help="Lots not accepted since tightened inspection began; 5 discontinue inspection.",
    )
    accepted_run = fields.Integer(
        "Accepted in a Row", readonly=True, help="Inspected lots accepted in a row."
    )
    skip_lot_active = fields.Boolean(
        "Skip-Lot",
        readonly=True,
        tracking=True,
        help="Only every n-th lot is inspected; the others are released at once.",
    )
    skipped_since_inspected = fields.Integer(readonly=True)
    sequence_counter = fields.Integer(
        readonly=True, help="Decided inspections read so far: the next one gets this number + 1."
    )
    resume_sequence = fields.Integer(
        readonly=True,
        help="The sequence when a manager last resumed inspection: earlier inspections no "
        "longer count.",
    )
    transition_ids = fields.One2many("qms.sampling.transition", "state_id", "Transitions")
    inspection_ids = fields.One2many("qms.inspection", "sampling_state_id", "Inspections")

    def init(self):
        create_unique_index(
            self.env.cr,
            "qms_sampling_state_unique_key",
            self._table,
            ["control_point_id", "product_id", "COALESCE(partner_id, 0)"],
        )

    @api.depends("product_id", "partner_id", "control_point_id")
    def _compute_display_name(self):
        for state in self:
            parts = [state.product_id.display_name, state.partner_id.display_name]
            state.display_name = "%s (%s)" % (
                " / ".join(part for part in parts if part),
                state.control_point_id.name,
            )

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------
    @api.model
    def _qms_get(self, point, product, partner):
        """The state of (point, product, partner), created if missing, locked for this
        transaction: of two receipts of the same vendor validated at once, one waits for the
        other and then retries (Odoo's transactions are repeatable-read)."""
        partner_id = partner.commercial_partner_id.id or None
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO qms_sampling_state
                       (control_point_id, product_id, partner_id, company_id, severity,
                        switching_score, rejected_on_tightened, accepted_run,
                        skipped_since_inspected, sequence_counter, resume_sequence,
                        create_uid, write_uid, create_date, write_date)
                VALUES (%(point)s, %(product)s, %(partner)s, %(company)s, 'normal',
                        0, 0, 0, 0, 0, 0, %(uid)s, %(uid)s, %(now)s, %(now)s)
                ON CONFLICT DO NOTHING
                """,
                point=point.id,
                product=product.id,
                partner=partner_id,
                company=point.company_id.id,
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM qms_sampling_state
                 WHERE control_point_id = %s AND product_id = %s
                   AND COALESCE(partner_id, 0) = COALESCE(%s, 0)
                   FOR NO KEY UPDATE
                """,
                point.id,
                product.id,
                partner_id,
            )
        )
        state = self.sudo().browse(self.env.cr.fetchone()[0])
        state.invalidate_recordset()
        return state

    def _qms_lock(self):
        """Lock the states for this transaction (see ``_qms_get``); returns them."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM qms_sampling_state WHERE id = ANY(%s) ORDER BY id "
                "FOR NO KEY UPDATE",
                self.ids,
            )
        )
        self.invalidate_recordset()
        return self

    def _qms_switching(self):
        """The state as the engine sees it (``aql.Switching``)."""
        self.ensure_one()
        return aql.Switching(
            severity=self.severity,
            score=self.switching_score,
            recent=tuple(char == "A" for char in self.recent_results or ""),
            rejected_on_tightened=self.rejected_on_tightened,
            accepted_run=self.accepted_run,
        )

    def _qms_switching_values(self, switching):
        point = self.control_point_id
        skip = (
            point.skip_lot
            and switching.severity in (aql.NORMAL, aql.REDUCED)
            and switching.accepted_run >= point.skip_lot_after
        )
        return {
            "severity": switching.severity,
            "switching_score": switching.score,
            "recent_results": "".join("A" if accepted else "R" for accepted in switching.recent),
            "rejected_on_tightened": switching.rejected_on_tightened,
            "accepted_run": switching.accepted_run,
            "skip_lot_active": skip,
        }

    def _qms_plan_severity(self):
        """The severity of the plan for the next lot: resuming after a discontinuation is on
        tightened inspection."""
        self.ensure_one()
        if not self.control_point_id.aql_switching:
            return aql.NORMAL
        return aql.TIGHTENED if self.severity == aql.DISCONTINUED else self.severity

    def _qms_skip_next(self):
        """Whether the next lot is released without inspection (skip-lot), counting it."""
        self.ensure_one()
        point = self.control_point_id
        if not (point.skip_lot and self.skip_lot_active):
            return False
        skip = self.skipped_since_inspected + 1 < point.skip_lot_interval
        self.write({"skipped_since_inspected": self.skipped_since_inspected + 1 if skip else 0})
        return skip

    @api.model
    def _qms_event(self, inspection):
        """What an inspection tells the engine: (accepted, acceptance number, whether the AQL
        one step tighter would have accepted it)."""
        accepted = inspection.result == "pass"
        point = inspection.control_point_id
        tighter_accepted = accepted
        if point.sampling_method == "aql" and inspection.accept_number >= 2:
            tighter = aql.tighter_aql(point.aql_value)
            tighter_accepted = False
            if tighter is not None and accepted:
                plan = aql.sampling_plan(
                    max(int(math.ceil(inspection.qty)), 1), point.aql_level, tighter
                )
                tighter_accepted = inspection.defect_count <= plan.accept
        return accepted, inspection.accept_number, tighter_accepted

    def _qms_consume(self, inspections):
        """Read decided ``inspections`` (of this state, locked) in the order given."""
        self.ensure_one()
        switching = self._qms_switching()
        allowed = self.control_point_id.reduced_allowed
        counter = self.sequence_counter
        caused = inspections.browse()
        for inspection in inspections:
            counter += 1
            inspection._qms_write({"switching_sequence": counter})
            caused |= inspection
            before = switching.severity
            switching, reason = switching.apply(*self._qms_event(inspection), allowed)
            if reason:
                self._qms_log(before, switching.severity, reason, caused)
                caused = inspections.browse()
        self.write(self._qms_switching_values(switching) | {"sequence_counter": counter})

    def _qms_replay(self, cancelled):
        """Read again, from the last resumption, the inspections that still count, after
        ``cancelled`` stopped counting; log the change of severity if any."""
        self.ensure_one()
        start = aql.Switching(aql.TIGHTENED) if self.resume_sequence else aql.Switching()
        counted = self.env["qms.inspection"].search(
            [
                ("sampling_state_id", "=", self.id),
                ("state", "=", "done"),
                ("switching_sequence", ">", self.resume_sequence),
            ],
            order="switching_sequence",
        )
        switching = start
        allowed = self.control_point_id.reduced_allowed
        for inspection in counted:
            switching, _reason = switching.apply(*self._qms_event(inspection), allowed)
        if switching.severity != self.severity:
            self._qms_log(self.severity, switching.severity, "recomputed", cancelled)
        self.write(self._qms_switching_values(switching))

    def _qms_log(self, before, after, reason, inspections, note=False):
        self.env["qms.sampling.transition"].sudo().create(
            {
                "state_id": self.id,
                "severity_from": before,
                "severity_to": after,
                "reason": reason,
                "note": note,
                "inspection_ids": [fields.Command.set(inspections.ids)],
            }
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_resume(self, reason):
        """Resume inspection of a discontinued product and partner, on tightened inspection,
        once the supplier has acted on the quality (ISO 2859-1, clause 9.4). Quality Manager,
        with a reason; the lots decided before no longer count."""
        inspection = self.env["qms.inspection"]
        action = self.env._("resume inspection")
        reason = inspection._qms_check_manager_reason(self, reason, action)
        not_discontinued = self.filtered(lambda s: s.severity != aql.DISCONTINUED)
        if not_discontinued:
            raise UserError(
                self.env._(
                    "Only discontinued sampling can be resumed: %(names)s is not discontinued.",
                    names=", ".join(not_discontinued.mapped("display_name")),
                )
            )
        for state in self.sudo()._qms_lock():
            if state.severity != aql.DISCONTINUED:
                continue
            state._qms_log(aql.DISCONTINUED, aql.TIGHTENED, "resumed", inspection, reason)
            state.write(
                state._qms_switching_values(aql.Switching(aql.TIGHTENED))
                | {"resume_sequence": state.sequence_counter}
            )
            state.message_post(
                body=self.env._("Inspection resumed on tightened inspection: %s", reason)
            )
        return True

    def action_open_resume_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "resume")

    @api.model
    def _qms_check_discontinued(self, moves):
        """Refuse to process goods whose sampling is discontinued for their partner."""
        self._qms_refuse_discontinued(
            [
                (move.product_id, candidate.partner, candidate.picking_type)
                for move in moves
                for candidate in [move._qms_inspection_candidate(self.env["stock.lot"], False, 0.0)]
            ],
            self.env._("processed"),
        )

    @api.model
    def _qms_refuse_discontinued(self, goods, verb):
        """Raise when goods, given as (product, partner, operation type), are discontinued at
        an active control point of that operation type."""
        products = self.env["product.product"].union(*(product for product, _p, _t in goods))
        if not products:
            return
        states = self.sudo().search(
            [("severity", "=", aql.DISCONTINUED), ("product_id", "in", products.ids)]
        )
        for state in states:
            point = state.control_point_id
            for product, partner, picking_type in goods:
                if (
                    product == state.product_id
                    and partner.commercial_partner_id == state.partner_id
                    and picking_type in point.picking_type_ids
                    and point.active
                ):
                    raise UserError(
                        self.env._(
                            "%(product)s from %(partner)s can't be %(verb)s: sampling at control "
                            "point %(point)s is discontinued after 5 lots not accepted on "
                            "tightened inspection (ISO 2859-1). A Quality Manager resumes it, "
                            "with a reason, once the supplier has acted.",
                            product=state.product_id.display_name,
                            partner=state.partner_id.display_name or "-",
                            verb=verb,
                            point=point.display_name,
                        )
                    )


class QmsSamplingTransition(models.Model):
    _name = "qms.sampling.transition"
    _description = "Quality Sampling Transition"
    _order = "id desc"

    state_id = fields.Many2one(
        "qms.sampling.state", required=True, readonly=True, ondelete="cascade", index=True
    )
    control_point_id = fields.Many2one(related="state_id.control_point_id", store=True)
    product_id = fields.Many2one(related="state_id.product_id", store=True)
    partner_id = fields.Many2one(related="state_id.partner_id", store=True)
    company_id = fields.Many2one(related="state_id.company_id", store=True)
    severity_from = fields.Selection(SEVERITIES, "From", required=True, readonly=True)
    severity_to = fields.Selection(SEVERITIES, "To", required=True, readonly=True)
    reason = fields.Selection(
        [
            (aql.TWO_OF_FIVE_REJECTED, "2 of 5 or fewer consecutive lots not accepted"),
            (aql.SCORE_REACHED, "Switching score reached 30"),
            (aql.FIVE_ACCEPTED, "5 consecutive lots accepted"),
            (aql.FIVE_REJECTED_ON_TIGHTENED, "5 lots not accepted on tightened inspection"),
            (aql.REJECTED_ON_REDUCED, "A lot not accepted on reduced inspection"),
            ("recomputed", "Recomputed after a cancelled inspection"),
            ("resumed", "Resumed by a Quality Manager"),
        ],
        required=True,
        readonly=True,
    )
    note = fields.Text(readonly=True)
    inspection_ids = fields.Many2many(
        "qms.inspection", string="Inspections", readonly=True, help="The lots that caused it."
    )
    lot_names = fields.Char("Lots", compute="_compute_lot_names")
    user_id = fields.Many2one("res.users", "By", default=lambda s: s.env.user, readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, readonly=True)

    @api.depends("inspection_ids")
    def _compute_lot_names(self):
        for transition in self:
            transition.lot_names = ", ".join(
                filter(
                    None, transition.inspection_ids.mapped(lambda i: i.lot_id.name or i.lot_name)
                )
            )
