# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools.sql import create_index


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def init(self):
        super().init()
        # Vanilla 18.0 has no index on stock_move_line.lot_id. Tracing reads the done lines of
        # the lots found that come from or go to partners and production: with the location in
        # the index, a lot's many other lines (a bulk raw material is consumed thousands of
        # times) are never read. The first one also serves lookups by lot alone.
        for name, location in (
            ("qms_trace_sml_lot_source_done_idx", "location_id"),
            ("qms_trace_sml_lot_dest_done_idx", "location_dest_id"),
        ):
            create_index(
                self.env.cr, name, self._table, ["lot_id", location], where="state = 'done'"
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # A line added to a done manufacturing order is linked to its finished lines by mrp.
        lines.filtered(lambda line: line.state == "done")._qms_refresh_genealogy()
        return lines

    def write(self, vals):
        # Correcting the lot of a done line of a done order changes the genealogy.
        corrected = self.filtered(lambda line: line.state == "done") if "lot_id" in vals else None
        res = super().write(vals)
        if corrected:
            corrected._qms_refresh_genealogy()
        return res

    def _qms_refresh_genealogy(self):
        moves = self.move_id
        productions = moves.production_id | moves.raw_material_production_id
        self.env["qms.trace.edge"]._qms_refresh(
            productions=productions.filtered(lambda production: production.state == "done"),
            unbuilds=moves.unbuild_id.filtered(lambda unbuild: unbuild.state == "done"),
        )
