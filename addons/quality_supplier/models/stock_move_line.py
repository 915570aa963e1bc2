# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    qms_vendor_lot = fields.Char(
        "Vendor Lot", help="The vendor's own lot number, kept on the lot when the receipt is done."
    )

    @api.constrains("lot_id", "move_id")
    def _check_qms_restrict_lot(self):
        wrong = self.filtered(
            lambda ml: (
                ml.lot_id
                and ml.move_id.qms_restrict_lot_id
                and ml.lot_id != ml.move_id.qms_restrict_lot_id
            )
        )
        for line in wrong:
            raise ValidationError(
                self.env._(
                    "%(picking)s may only move lot %(lot)s of %(product)s, not lot %(other)s.",
                    picking=line.move_id.picking_id.name or line.move_id.display_name,
                    lot=line.move_id.qms_restrict_lot_id.name,
                    product=line.product_id.display_name,
                    other=line.lot_id.name,
                )
            )

    def _action_done(self):
        res = super()._action_done()
        for line in self.exists().filtered(lambda ml: ml.qms_vendor_lot and ml.lot_id):
            if not line.lot_id.qms_vendor_lot:
                line.lot_id.qms_vendor_lot = line.qms_vendor_lot
        return res
