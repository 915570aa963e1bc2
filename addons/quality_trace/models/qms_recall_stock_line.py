# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QmsRecallStockLine(models.Model):
    _name = "qms.recall.stock.line"
    _description = "Recall: Affected Stock"
    # A snapshot written in bulk by its recall, which records when and by whom.
    _log_access = False
    _order = "recall_id, product_id, lot_id, location_id"

    recall_id = fields.Many2one("qms.recall", required=True, ondelete="cascade", index=True)
    lot_id = fields.Many2one("stock.lot", required=True, readonly=True, index=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    location_id = fields.Many2one("stock.location", required=True, readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    reserved_quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    lot_qms_state = fields.Selection(related="lot_id.qms_state", string="Quality Status")
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
