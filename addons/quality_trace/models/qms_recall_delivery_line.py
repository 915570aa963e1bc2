# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QmsRecallDeliveryLine(models.Model):
    _name = "qms.recall.delivery.line"
    _description = "Recall: Shipped Lots"
    _log_access = False
    _order = "recall_id, partner_id, date, id"

    recall_id = fields.Many2one("qms.recall", required=True, ondelete="cascade", index=True)
    picking_id = fields.Many2one("stock.picking", "Delivery", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True, index=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    lot_id = fields.Many2one("stock.lot", required=True, readonly=True)
    quantity = fields.Float(
        "Shipped",
        digits="Product Unit of Measure",
        readonly=True,
        help="Quantity of the lot shipped to the customer on this delivery.",
    )
    qty_returned = fields.Float(
        "Returned",
        digits="Product Unit of Measure",
        readonly=True,
        help="Quantity the customer sent back from this delivery.",
    )
    qty_net = fields.Float(
        "Net",
        digits="Product Unit of Measure",
        readonly=True,
        help="Quantity still at the customer: shipped less returned.",
    )
    date = fields.Datetime(readonly=True, help="Date of the last shipment.")
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
