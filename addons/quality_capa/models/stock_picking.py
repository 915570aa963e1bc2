# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "qms.nonconformity.source"]
    _qms_nonconformity_field = "picking_id"

    def _qms_nonconformity_defaults(self):
        origin = {"incoming": "supplier", "outgoing": "customer"}.get(
            self.picking_type_code, "internal"
        )
        return {
            **super()._qms_nonconformity_defaults(),
            "partner_id": self.partner_id.commercial_partner_id.id,
            "origin": origin,
            "company_id": self.company_id.id,
        }
