# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools.sql import create_index


class StockMove(models.Model):
    _inherit = "stock.move"

    def init(self):
        super().init()
        # Vanilla 18.0 has no index on the moves of unbuild orders: the genealogy reads them
        # when an unbuild is done.
        create_index(
            self.env.cr,
            "qms_trace_stock_move_unbuild_idx",
            self._table,
            ["unbuild_id"],
            where="unbuild_id IS NOT NULL",
        )
