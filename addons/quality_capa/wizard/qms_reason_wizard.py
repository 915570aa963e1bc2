# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class QmsReasonWizard(models.TransientModel):
    _inherit = "qms.reason.wizard"

    action = fields.Selection(
        selection_add=[
            ("ncr_cancel", "Cancel nonconformities"),
            ("capa_cancel", "Cancel CAPAs"),
            ("capa_effective", "Actions effective"),
            ("capa_not_effective", "Actions not effective"),
        ],
        ondelete={
            "ncr_cancel": "cascade",
            "capa_cancel": "cascade",
            "capa_effective": "cascade",
            "capa_not_effective": "cascade",
        },
    )

    @api.model
    def _qms_actions(self):
        return {
            **super()._qms_actions(),
            "ncr_cancel": ("qms.nonconformity", "action_cancel"),
            "capa_cancel": ("qms.capa", "action_cancel"),
            "capa_effective": ("qms.capa", "action_qms_effective"),
            "capa_not_effective": ("qms.capa", "action_qms_not_effective"),
        }
