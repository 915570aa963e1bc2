# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

HELD_STATES = ("pending", "blocked")


class StockLot(models.Model):
    _inherit = "stock.lot"

    qms_state = fields.Selection(
        [
            ("none", "Not inspected"),
            ("pending", "Pending inspection"),
            ("released", "Released"),
            ("blocked", "Blocked"),
        ],
        "Quality Status",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Pending and blocked lots can't be reserved, consumed or delivered; they may go to "
        "scrap, back to the vendor or to a quarantine location.",
    )
    qms_hold_reason = fields.Char("Hold Reason", readonly=True, copy=False, tracking=True)
    qms_hold_manual = fields.Boolean(
        "Held by a Manager",
        readonly=True,
        copy=False,
        help="Blocked by hand: only a manual release lifts the hold, not an inspection's decision.",
    )
    qms_inspection_ids = fields.One2many("qms.inspection", "lot_id", "Inspections")
    qms_inspection_count = fields.Integer(compute="_compute_qms_inspection_count")

    @api.depends("qms_inspection_ids")
    def _compute_qms_inspection_count(self):
        counts = dict(
            self.env["qms.inspection"]._read_group(
                [("lot_id", "in", self.ids)], ["lot_id"], ["__count"]
            )
        )
        for lot in self:
            lot.qms_inspection_count = counts.get(lot, 0)

    def action_qms_block(self, reason):
        """Put the lots on quality hold (Quality Manager)."""
        reason = self._qms_check_manual_change(reason)
        self._qms_set_state("blocked", reason, manual=True)
        return True

    def action_qms_release(self, reason):
        """Release the lots from quality hold (Quality Manager)."""
        reason = self._qms_check_manual_change(reason)
        self._qms_set_state("released", reason, manual=True)
        return True

    def _qms_check_manual_change(self, reason):
        if not self.env.user.has_group("quality_core.group_qms_manager"):
            raise AccessError(
                self.env._(
                    "Only a Quality Manager can block or release lots (%(lots)s).",
                    lots=", ".join(self.mapped("display_name")),
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give a reason to block or release lots %(lots)s.",
                    lots=", ".join(self.mapped("display_name")),
                )
            )
        return reason

    def action_qms_open_block_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "block")

    def action_qms_open_release_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "release")

    def _qms_set_state(self, state, reason, log=True, manual=False):
        """Write the hold state of the lots; held lots lose their reservations.

        ``log=False`` skips the tracking message per lot: lots put on hold in bulk when they are
        received or produced, where their inspections record why. ``manual`` marks a decision
        taken by hand on the lot, which inspections then leave alone.
        """
        if not self:
            return
        lots = self.sudo() if log else self.sudo().with_context(tracking_disable=True)
        vals = {"qms_state": state, "qms_hold_reason": reason if state in HELD_STATES else False}
        if manual:
            vals["qms_hold_manual"] = state in HELD_STATES
        lots.write(vals)
        if state in HELD_STATES:
            lots._qms_unreserve()
        else:
            lots._qms_offer_to_waiting_moves()

    def _qms_offer_to_waiting_moves(self):
        """Let moves waiting for stock reserve the released lots, as when goods arrive."""
        arrivals = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", self.ids),
                ("state", "=", "done"),
                ("location_dest_id.usage", "=", "internal"),
            ]
        )
        arrivals.move_id._trigger_assign()

    def _qms_unreserve(self):
        """Drop reservations of held lots by moves that may not take them."""
        lines = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", self.ids),
                ("state", "not in", ("done", "cancel")),
                ("picked", "=", False),
                ("location_id.usage", "in", ("internal", "transit")),
            ]
        )
        lines = lines.filtered(lambda ml: not ml.location_dest_id._qms_accepts_held_lots())
        if lines:
            moves = lines.move_id
            lines.unlink()
            moves._recompute_state()
