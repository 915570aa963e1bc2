# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _qms_may_move_held_lot(self):
        """A rework order takes its nonconformity's lot, on hold as it is."""
        production = self.move_id.raw_material_production_id
        return (
            bool(
                production.qms_nonconformity_id
                and self.lot_id == production.qms_nonconformity_id.lot_id
            )
            or super()._qms_may_move_held_lot()
        )
