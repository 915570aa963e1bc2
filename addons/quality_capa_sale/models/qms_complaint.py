# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class QmsComplaint(models.Model):
    _inherit = "qms.complaint"

    sale_order_id = fields.Many2one(
        "sale.order",
        compute="_compute_sale_order_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('partner_id', 'child_of', partner_id)]",
        help="The order the complained goods were sold on: the delivery's, or chosen when the "
        "complaint names no delivery.",
    )

    @api.depends("picking_id")
    def _compute_sale_order_id(self):
        for complaint in self:
            complaint.sale_order_id = complaint.picking_id.sale_id or complaint.sale_order_id

    @api.onchange("sale_order_id")
    def _onchange_qms_sale_order(self):
        if self.sale_order_id and not self.partner_id:
            self.partner_id = self.sale_order_id.partner_id

    @api.constrains("sale_order_id", "partner_id", "picking_id")
    def _check_sale_order(self):
        for complaint in self.filtered("sale_order_id"):
            order = complaint.sale_order_id
            if order.partner_id.commercial_partner_id != (
                complaint.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(complaint)s: sale order %(order)s is %(customer)s's, not %(partner)s's.",
                        complaint=complaint.display_name,
                        order=order.name,
                        customer=order.partner_id.display_name,
                        partner=complaint.partner_id.display_name,
                    )
                )
            delivered_by = complaint.picking_id.sale_id
            if delivered_by and delivered_by != order:
                raise ValidationError(
                    self.env._(
                        "%(complaint)s: delivery %(delivery)s is of sale order %(delivered_by)s, "
                        "not of %(order)s.",
                        complaint=complaint.display_name,
                        delivery=complaint.picking_id.name,
                        delivered_by=delivered_by.name,
                        order=order.name,
                    )
                )
