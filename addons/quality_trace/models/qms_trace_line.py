# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class QmsTraceLine(models.TransientModel):
    """One node of a traceability tree: a lot, or a manufacturing order standing for an
    untracked intermediate product. A snapshot taken when the trace is computed."""

    _name = "qms.trace.line"
    _description = "Traceability Tree Node"
    _order = "trace_id, sequence"

    trace_id = fields.Many2one("qms.trace", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(required=True, help="Position of the node in the tree, depth-first.")
    depth = fields.Integer(
        required=True, help="Levels between this node and the start lots, which are at 0."
    )
    name = fields.Char(
        "Tree",
        required=True,
        help="The lot (or order) indented by its depth, so the list reads as a tree.",
    )
    lot_id = fields.Many2one("stock.lot", "Lot/Serial Number")
    product_id = fields.Many2one("product.product")
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_on_hand = fields.Float(
        "On Hand",
        digits="Product Unit of Measure",
        help="Quantity in internal and transit locations.",
    )
    qty_delivered = fields.Float(
        "Delivered",
        digits="Product Unit of Measure",
        help="Quantity shipped to customers, less the returns from customers.",
    )
    qty_shipped = fields.Float(
        "Shipped", digits="Product Unit of Measure", help="Quantity shipped to customers."
    )
    qty_returned = fields.Float(
        "Returned", digits="Product Unit of Measure", help="Quantity customers sent back."
    )
    origin = fields.Char(
        help="Document that made the lot: manufacturing order, purchase order and receipt, "
        "or unbuild order."
    )
    production_id = fields.Many2one("mrp.production", "Made by")
    purchase_id = fields.Many2one("purchase.order", "Purchase Order")
    receipt_id = fields.Many2one("stock.picking")
    unbuild_id = fields.Many2one("mrp.unbuild", "Recovered by", groups="mrp.group_mrp_user")
    qms_state = fields.Selection(selection="_selection_qms_state", string="Quality Status")
    inspection_count = fields.Integer("Inspections")

    @api.model
    def _selection_qms_state(self):
        return self.env["stock.lot"]._fields["qms_state"]._description_selection(self.env)

    def action_open_node(self):
        """The lot of the node, or the manufacturing order standing for an untracked product."""
        self.env["qms.protected.mixin"]._qms_check_single(self, self.env._("Opening a node"))
        record = self.lot_id or self.production_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "current",
        }
