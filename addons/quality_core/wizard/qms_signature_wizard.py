# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class QmsSignatureWizard(models.TransientModel):
    """Ask the password that signs an action, then run it.

    The action is one of the methods the record's model lists in ``_qms_signed_methods``; it
    takes ``password`` as keyword argument and checks it (``qms.signature.mixin``).
    """

    _name = "qms.signature.wizard"
    _description = "Electronic Signature"

    res_model = fields.Char(required=True, readonly=True)
    res_ids = fields.Json(required=True, readonly=True)
    method = fields.Char(required=True, readonly=True)
    summary = fields.Text(readonly=True)
    password = fields.Char(
        string="Your Password",
        help="Signing electronically: your password, as when you log in. It is checked, not kept.",
    )

    @api.model
    def _qms_open(self, records, method, title, summary=""):
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": records._name,
                "default_res_ids": records.ids,
                "default_method": method,
                "default_summary": summary,
            },
        }

    def action_sign(self):
        self.env["qms.protected.mixin"]._qms_check_single(self, self.env._("Signing"))
        if self.res_model not in self.env or self.method not in getattr(
            self.env[self.res_model], "_qms_signed_methods", ()
        ):
            raise UserError(
                self.env._(
                    "%(model)s.%(method)s is not an action signed from this dialog.",
                    model=self.res_model,
                    method=self.method,
                )
            )
        records = self.env[self.res_model].browse(self.res_ids)
        result = getattr(records, self.method)(password=self.password)
        # As Odoo's own password confirmation does: the wizard forgets the password once used.
        self.password = False
        if isinstance(result, dict) and result.get("type"):
            return result
        return {"type": "ir.actions.act_window_close"}
