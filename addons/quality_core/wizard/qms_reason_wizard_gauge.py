# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class QmsReasonWizard(models.TransientModel):
    _inherit = "qms.reason.wizard"

    action = fields.Selection(
        selection_add=[("hold_suspect", "Hold suspect lots")],
        ondelete={"hold_suspect": "cascade"},
    )

    @api.model
    def _qms_actions(self):
        return {
            **super()._qms_actions(),
            "hold_suspect": ("maintenance.equipment", "action_qms_hold_suspect_lots"),
        }
