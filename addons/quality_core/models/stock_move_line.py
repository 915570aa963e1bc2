# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# Fields of a move line that change what a transfer's inspections before validation cover.
INSPECTED_FIELDS = {"lot_id", "lot_name", "quantity", "picked", "move_id"}


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._qms_sync_before()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if INSPECTED_FIELDS & set(vals):
            self._qms_sync_before()
        return res

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
