# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    qms_vendor_lot = fields.Char(
        "Vendor Lot", help="The vendor's own lot number, kept on the lot when the receipt is done."
    )

    def _action_done(self):
        res = super()._action_done()
        for line in self.exists().filtered(lambda ml: ml.qms_vendor_lot and ml.lot_id):
            if not line.lot_id.qms_vendor_lot:
                line.lot_id.qms_vendor_lot = line.qms_vendor_lot
        return res
