# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    qms_inspection_ids = fields.One2many("qms.inspection", "purchase_line_id", "Inspections")

    @api.onchange("product_id")
    def _onchange_qms_approved_supplier(self):
        """Warn as soon as a product the vendor isn't approved for is put on the order."""
        if not self.product_id or not self.order_id:
            return {}
        return self.order_id._qms_asl_warning(self)
