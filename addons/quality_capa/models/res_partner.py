# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "qms.nonconformity.source"]
    _qms_nonconformity_field = "partner_id"

    def _qms_nonconformity_domain(self):
        return [("partner_id", "child_of", self.ids)]

    def _compute_qms_nonconformity_count(self):
        # The nonconformities of a company and of its contacts.
        for partner in self:
            partner.qms_nonconformity_count = self.env["qms.nonconformity"].search_count(
                [("partner_id", "child_of", partner.id)]
            )
