# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .qms_inspection import InspectionCandidate
from .stock_lot import HELD_STATES


class StockMove(models.Model):
    _inherit = "stock.move"

    def _qms_reservation_context(self):
        """Reserve lots on quality hold only where they may go (scrap, vendor, quarantine)."""
        self.ensure_one()
        if self.location_dest_id._qms_accepts_held_lots():
            return self
        return self.with_context(qms_exclude_held_lots=True)

    def _update_reserved_quantity(
        self, need, location_id, lot_id=None, package_id=None, owner_id=None, strict=True
    ):
        return super(StockMove, self._qms_reservation_context())._update_reserved_quantity(
            need,
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
        )

    def _get_available_quantity(
        self,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        allow_negative=False,
    ):
        return super(StockMove, self._qms_reservation_context())._get_available_quantity(
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
            allow_negative=allow_negative,
        )

    @api.onchange("lot_ids")
    def _onchange_qms_held_lots(self):
        """Warn as soon as held lots are chosen for a move that may not take them."""
        held = self.lot_ids.filtered(lambda lot: lot.qms_state in HELD_STATES)
        if not held or not self.location_id._qms_keeps_held_lots_from(self.location_dest_id):
            return None
        return {"warning": held._qms_hold_warning()}

    def _action_done(self, cancel_backorder=False):
        self._qms_check_held_lots()
        self.env["qms.sampling.state"]._qms_check_discontinued(
            self.filtered(lambda m: m.state not in ("done", "cancel"))
        )
        return super()._action_done(cancel_backorder=cancel_backorder)

    def _action_cancel(self):
        res = super()._action_cancel()
        cancelled = self.filtered(lambda m: m.state == "cancel")
        if cancelled:
            inspections = (
                self.env["qms.inspection"]
                .sudo()
                .search([("move_id", "in", cancelled.ids), ("state", "=", "todo")])
            )
            inspections._qms_write(
                {"state": "cancel", "cancel_reason": self.env._("The stock move was cancelled.")}
            )
            inspections._qms_update_lot_states()
        return res

    def _qms_check_held_lots(self):
        """Refuse to take held lots out of stock, except to scrap, vendor or quarantine."""
        self.move_line_ids.filtered(
            lambda ml: ml.picked or not ml.move_id.picked
        )._qms_check_held_lots()

    def _qms_inspection_candidate(self, lot, lot_name, qty):
        self.ensure_one()
        production = self.production_id
        picking = self.picking_id
        return InspectionCandidate(
            product=self.product_id,
            lot=lot,
            lot_name=lot_name,
            qty=qty,
            move=self,
            production=production,
            picking_type=production.picking_type_id if production else self.picking_type_id,
            partner=picking.partner_id if picking else self.env["res.partner"],
            company=self.company_id,
            serials=self.env["stock.lot"],
        )

    def _qms_line_candidates(self, lines):
        """Inspection candidates of ``lines`` grouped per move and lot.

        Serial numbers are not inspected one by one: the units of a move are one inspection lot
        (ISO 2859-1 samples them), which lists its serial numbers.
        """
        candidates = {}
        for line in lines:
            if line.product_id.tracking != "none" and not (line.lot_id or line.lot_name):
                continue
            move = line.move_id
            serial = line.product_id.tracking == "serial"
            lot = line.lot_id if not serial else self.env["stock.lot"]
            lot_name = False if line.lot_id or serial else line.lot_name
            key = (move.id, lot.id, lot_name)
            qty = line.product_uom_id._compute_quantity(line.quantity, move.product_id.uom_id)
            if key in candidates:
                candidates[key].qty += qty
            else:
                candidates[key] = move._qms_inspection_candidate(lot, lot_name, qty)
            if serial:
                candidates[key].serials |= line.lot_id
        return list(candidates.values())
