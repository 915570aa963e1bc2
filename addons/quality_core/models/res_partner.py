# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    qms_coa_required = fields.Boolean(
        "Certificate of Analysis with Deliveries",
        help="When a delivery to this customer is validated, its Certificate of Analysis is "
        "attached to the delivery and sent to the customer from its chatter. Set on the "
        "company: its contacts follow.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["qms_coa_required"]
