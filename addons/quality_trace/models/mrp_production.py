# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def _post_inventory(self, cancel_backorder=False):
        res = super()._post_inventory(cancel_backorder=cancel_backorder)
        # The finished lines are linked to the consumed lines at the end of the super call.
        self.env["qms.trace.edge"]._qms_refresh(productions=self)
        return res

    def action_qms_trace(self):
        """Open the traceability tree of the lots the orders made, backward."""
        lots = self.lot_producing_id | self.move_finished_ids.move_line_ids.lot_id
        if not lots:
            raise UserError(
                self.env._(
                    "Manufacturing order %(names)s has no lot or serial number to trace.",
                    names=", ".join(self.mapped("name")),
                )
            )
        return self.env["qms.trace"]._qms_open_trace(lots, "backward")
