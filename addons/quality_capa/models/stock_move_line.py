# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _qms_may_move_held_lot(self):
        """A rework order, or the unbuild order of a rework, takes its nonconformity's lot,
        on hold as it is."""
        reworking = (
            self.move_id.raw_material_production_id.qms_nonconformity_id
            or self.move_id.unbuild_id.qms_nonconformity_id
        )
        return (
            bool(reworking and self.lot_id == reworking.lot_id) or super()._qms_may_move_held_lot()
        )
