# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def _post_inventory(self, cancel_backorder=False):
        res = super()._post_inventory(cancel_backorder=cancel_backorder)
        # The finished lines are linked to the consumed lines at the end of the super call.
        self.env["qms.trace.edge"]._qms_refresh(productions=self)
        return res
