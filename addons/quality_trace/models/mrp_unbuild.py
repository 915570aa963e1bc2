# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MrpUnbuild(models.Model):
    _inherit = "mrp.unbuild"

    def action_unbuild(self):
        res = super().action_unbuild()
        self.env["qms.trace.edge"]._qms_refresh(unbuilds=self)
        return res
