# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    qms_vendor_lot = fields.Char(
        "Vendor Lot", tracking=True, index="btree_not_null", help="The vendor's own lot number."
    )
