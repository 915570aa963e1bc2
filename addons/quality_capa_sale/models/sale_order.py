# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    qms_complaint_count = fields.Integer(
        "Complaints",
        compute="_compute_qms_complaint_count",
        groups="quality_core.group_qms_user",
    )

    def _compute_qms_complaint_count(self):
        counts = dict(
            self.env["qms.complaint"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.qms_complaint_count = counts.get(order, 0)

    def action_qms_view_complaints(self):
        """The order's customer complaints; a new one is filled in from the order."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_capa.qms_complaint_action")
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
