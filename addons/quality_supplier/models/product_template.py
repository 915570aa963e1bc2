# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    qms_asl_required = fields.Boolean(
        "Approved Supplier Required",
        tracking=True,
        help="Purchase orders of this product can only be confirmed with a vendor that the "
        "approved supplier list approves (or conditionally approves) on that day.",
    )
    qms_approval_ids = fields.One2many(
        "qms.supplier.approval", "product_tmpl_id", "Approved Suppliers"
    )
