# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    qms_lot_id = fields.Many2one(
        "stock.lot",
        "Lot to Return",
        help="Return this lot only: the return reserves and moves no other lot.",
    )

    def _prepare_move_default_values(self, new_picking):
        vals = super()._prepare_move_default_values(new_picking)
        if self.qms_lot_id:
            vals["qms_restrict_lot_id"] = self.qms_lot_id.id
        return vals
