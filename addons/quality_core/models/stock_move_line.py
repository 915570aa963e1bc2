# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError

from .stock_lot import HELD_STATES

# Fields of a move line that change what a transfer's inspections before validation cover.
INSPECTED_FIELDS = {"lot_id", "lot_name", "quantity", "picked", "move_id"}
# Fields of a move line that change whether it takes a lot out of stock.
OUTGOING_FIELDS = {"lot_id", "quantity", "location_id", "location_dest_id", "move_id"}


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._qms_check_held_lots()
        lines._qms_sync_before()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if OUTGOING_FIELDS & set(vals):
            # Done lines too: rewriting a done delivery's lot would ship the held lot.
            self._qms_check_held_lots()
        if INSPECTED_FIELDS & set(vals):
            self._qms_sync_before()
        return res

    def _qms_check_held_lots(self):
        """Refuse lines that reserve, consume or ship lots on quality hold.

        Held lots leave stock only to scrap, back to the vendor or to a quarantine location.
        """
        held = self.filtered(
            lambda ml: (
                ml.lot_id.qms_state in HELD_STATES
                and ml.quantity
                and ml.state != "cancel"
                and ml.location_id._qms_keeps_held_lots_from(ml.location_dest_id)
                and not ml._qms_may_move_held_lot()
            )
        )
        if not held:
            return
        state_labels = dict(held.lot_id._fields["qms_state"]._description_selection(self.env))
        raise UserError(
            self.env._(
                "%(document)s: lots on quality hold can't be reserved, consumed or delivered: "
                "%(lots)s. Wait for the inspection's decision, or move them to scrap, back to "
                "the vendor or to a quarantine location.",
                document=", ".join(
                    sorted(
                        {
                            (
                                ml.move_id.picking_id
                                or ml.move_id.raw_material_production_id
                                or ml.picking_id
                                or ml.move_id
                            ).display_name
                            for ml in held
                        }
                    )
                ),
                lots=", ".join(
                    "%s (%s, %s)"
                    % (
                        ml.lot_id.name,
                        ml.product_id.display_name,
                        state_labels[ml.lot_id.qms_state],
                    )
                    for ml in held
                ),
            )
        )

    def _qms_may_move_held_lot(self):
        """Whether this line may take its held lot anyway (e.g. to a rework order)."""
        return False

    @api.onchange("lot_id")
    def _onchange_qms_held_lot(self):
        """Warn as soon as a held lot is chosen to be reserved, consumed or delivered."""
        if self.lot_id.qms_state not in HELD_STATES or not (
            self.location_id._qms_keeps_held_lots_from(self.location_dest_id)
        ):
            return None
        return {"warning": self.lot_id._qms_hold_warning()}

    def unlink(self):
        pickings = self.picking_id | self.move_id.picking_id
        res = super().unlink()
        pickings._qms_sync_before()
        return res

    def _qms_sync_before(self):
        """Inspections before validation follow the lots and quantities as they are entered."""
        (self.picking_id | self.move_id.picking_id)._qms_sync_before()

    def _action_done(self):
        res = super()._action_done()
        self._qms_after_done()
        return res

    def _qms_after_done(self):
        """Inspect what was just received or produced, before anything can reserve it.

        Runs before the done moves trigger the reservation of waiting moves, so a lot that
        goes on hold is never reserved by a delivery or a manufacturing order.
        """
        lines = self.exists().filtered(
            lambda ml: (
                ml.quantity
                and not ml.move_id.scrapped
                and not ml.move_id.raw_material_production_id
                and (ml.move_id.picking_id or ml.move_id.production_id)
            )
        )
        if not lines:
            return
        self.env["qms.inspection"]._qms_sync(lines.move_id._qms_line_candidates(lines), "after")
        self.env["qms.inspection"]._qms_link_received_lots(lines)
