# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class QmsReasonWizard(models.TransientModel):
    _name = "qms.reason.wizard"
    _description = "Quality Decision Reason"

    action = fields.Selection(
        [
            ("concession", "Grant concession"),
            ("cancel", "Cancel inspections"),
            ("reinspect", "Re-inspect"),
            ("block", "Block lots"),
            ("release", "Release lots"),
            ("resume", "Resume inspection"),
        ],
        required=True,
        readonly=True,
    )
    res_ids = fields.Json(required=True, readonly=True)
    reason = fields.Text(required=True)
    signed = fields.Boolean(
        compute="_compute_signed", help="The action is signed electronically with a password."
    )
    password = fields.Char(
        string="Your Password",
        help="Signing electronically: your password, as when you log in. It is checked, not kept.",
    )

    @api.model
    def _qms_signed_actions(self):
        """The actions that are signed electronically (modules add theirs)."""
        return {"concession", "release"}

    @api.depends("action")
    def _compute_signed(self):
        signed = self._qms_signed_actions()
        for wizard in self:
            wizard.signed = wizard.action in signed

    @api.model
    def _qms_actions(self):
        """Model and method that each action calls with the reason (modules add theirs)."""
        return {
            "concession": ("qms.inspection", "action_concession"),
            "cancel": ("qms.inspection", "action_cancel"),
            "reinspect": ("qms.inspection", "action_reinspect"),
            "block": ("stock.lot", "action_qms_block"),
            "release": ("stock.lot", "action_qms_release"),
            "resume": ("qms.sampling.state", "action_resume"),
        }

    @api.model
    def _qms_open(self, records, action):
        return {
            "type": "ir.actions.act_window",
            "name": dict(self._fields["action"]._description_selection(self.env))[action],
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_action": action, "default_res_ids": records.ids},
        }

    def action_confirm(self):
        self.env["qms.protected.mixin"]._qms_check_single(self, self.env._("Confirming a reason"))
        model, method = self._qms_actions()[self.action]
        kwargs = {"password": self.password} if self.signed else {}
        getattr(self.env[model].browse(self.res_ids), method)(self.reason, **kwargs)
        # As Odoo's own password confirmation does: the wizard forgets the password once used.
        self.password = False
        return {"type": "ir.actions.act_window_close"}
