# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MrpBom(models.Model):
    _inherit = "mrp.bom"

    qms_rework_method = fields.Selection(
        [("order", "Rework order"), ("unbuild", "Unbuild and rebuild")],
        string="Rework Method",
        default="order",
        required=True,
        help="How a nonconformity's rework disposition treats goods made by this bill of "
        "materials. Rework order: an order that takes the nonconforming lot and gives it back "
        "reworked. Unbuild and rebuild: Odoo's unbuild order takes the lot apart (its "
        "components back in stock, with their lots), then a manufacturing order by this bill "
        "of materials builds the lot again, with good components where they were bad.",
    )
