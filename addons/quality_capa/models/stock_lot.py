# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "qms.nonconformity.source"]
    _qms_nonconformity_field = "lot_id"

    def _qms_nonconformity_defaults(self):
        return {
            **super()._qms_nonconformity_defaults(),
            "product_id": self.product_id.id,
            "qty": self.product_qty,
        }
