# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class QmsReasonWizard(models.TransientModel):
    _inherit = "qms.reason.wizard"

    action = fields.Selection(
        selection_add=[
            ("payment_release", "Release payment hold"),
            ("asl_exception", "Allow unapproved supplier"),
        ],
        ondelete={"payment_release": "cascade", "asl_exception": "cascade"},
    )

    @api.model
    def _qms_actions(self):
        return {
            **super()._qms_actions(),
            "payment_release": ("account.move", "action_qms_release_payment_hold"),
            "asl_exception": ("purchase.order", "action_qms_asl_exception"),
        }

    @api.model
    def _qms_signed_actions(self):
        return super()._qms_signed_actions() | {"payment_release"}
