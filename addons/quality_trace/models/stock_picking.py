# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def action_qms_trace(self):
        """Open the traceability tree of the lots the transfers moved.

        Forward from receipts (where the material went), backward from any other transfer
        (where the goods shipped came from).
        """
        # A line may lack its transfer (picking_id) when written on the move: go through moves.
        lines = self.move_ids.move_line_ids | self.move_line_ids
        lots = lines.filtered(lambda line: line.state == "done").lot_id
        if not lots:
            raise UserError(
                self.env._(
                    "Transfer %(names)s has moved no lot or serial number to trace.",
                    names=", ".join(self.mapped("name")),
                )
            )
        receipts = self.filtered(lambda picking: picking.picking_type_code == "incoming")
        direction = "forward" if receipts == self else "backward"
        return self.env["qms.trace"]._qms_open_trace(lots, direction)
