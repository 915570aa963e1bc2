# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class QmsReasonWizard(models.TransientModel):
    _inherit = "qms.reason.wizard"

    action = fields.Selection(
        selection_add=[("ncr_cancel", "Cancel nonconformities")],
        ondelete={"ncr_cancel": "cascade"},
    )

    @api.model
    def _qms_actions(self):
        return {
            **super()._qms_actions(),
            "ncr_cancel": ("qms.nonconformity", "action_cancel"),
        }
