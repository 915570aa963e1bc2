# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "qms.inspection.source"]
    _qms_inspection_field = "picking_id"

    qms_inspection_ids = fields.One2many("qms.inspection", "picking_id", "Inspections")

    def action_confirm(self):
        res = super().action_confirm()
        self._qms_sync_before()
        return res

    def action_assign(self):
        res = super().action_assign()
        self._qms_sync_before()
        return res

    def _pre_action_done_hook(self):
        res = self._qms_check_before()
        if res is not True:
            return res
        return super()._pre_action_done_hook()

    def _action_done(self):
        # Reached without the hook (by code validating transfers directly): only a refusal
        # can stop it, so inspections this check creates are named after they exist.
        if self._qms_check_before() is not True:
            raise UserError(
                self.env._(
                    "%(transfers)s can't be validated yet: their control points ask for "
                    "inspections before validation. Validate them from the transfer form.",
                    transfers=", ".join(self.mapped("display_name")),
                )
            )
        return super()._action_done()

    def _qms_moves_to_process(self):
        """Moves that a validation would process now (picked ones, or all if none is)."""
        moves = self.env["stock.move"]
        for picking in self:
            candidates = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
            picked = candidates.filtered("picked")
            moves |= picked or candidates
        return moves

    def _qms_sync_before(self):
        """Create or update the inspections done before validation on what is being processed."""
        watched = self.env["qms.control.point"]._qms_picking_type_ids("before")
        moves = self.filtered(
            lambda p: p.picking_type_id.id in watched and p.state not in ("draft", "done", "cancel")
        )._qms_moves_to_process()
        if not moves:
            return self.env["qms.inspection"]
        lines = moves.move_line_ids.filtered(
            lambda ml: ml.quantity and (ml.picked or not ml.move_id.picked)
        )
        candidates = moves._qms_line_candidates(lines)
        for move in moves.filtered(
            lambda m: not m.move_line_ids and m.product_id.tracking == "none"
        ):
            candidates.append(
                move._qms_inspection_candidate(self.env["stock.lot"], False, move.product_qty)
            )
        return self.env["qms.inspection"]._qms_sync(candidates, "before", prune=True)

    def _qms_check_before(self):
        """Refuse validation while a blocking inspection is open or rejected (see ``_qms_hold``);
        True when nothing holds the transfers.

        Only operation types with an active point before validation are checked: archiving the
        point lifts its hold.
        """
        watched = self.env["qms.control.point"]._qms_picking_type_ids("before")
        pickings = self.filtered(lambda p: p.picking_type_id.id in watched)
        if not pickings:
            return True
        created = pickings._qms_sync_before()
        moves = pickings._qms_moves_to_process()
        if not moves:
            return True
        inspections = (
            self.env["qms.inspection"]
            .sudo()
            .search(
                [("move_id", "in", moves.ids), ("timing", "=", "before"), ("state", "!=", "cancel")]
            )
        )
        return pickings._qms_hold(created, inspections)
