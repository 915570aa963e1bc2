# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import fields, models
from odoo.exceptions import AccessDenied, AccessError, UserError


class QmsSignatureMixin(models.AbstractModel):
    """Records whose decisions are signed electronically.

    A signed action calls ``_qms_check_signer(password, action)`` before it writes anything
    (a missing or wrong password refuses it with nothing written), then
    ``_qms_add_signatures(action, reason, meaning)`` once its changes are made: each record gets
    a ``qms.signature`` holding its ``_qms_signed_fields`` as they are then. The password is
    checked by Odoo's own ``res.users._check_credentials`` (as Odoo's "confirm your password"
    dialog does), so LDAP and other authentication modules apply, with the login cooldown
    against guessing.
    """

    _name = "qms.signature.mixin"
    _description = "Electronically Signed Record"
    # The fields a signature covers; ``qms_verify_chain`` reports a record whose fields no
    # longer match its last signature. Only fields that nothing changes after signing.
    _qms_signed_fields = ()

    qms_signature_ids = fields.One2many(
        "qms.signature",
        compute="_compute_qms_signature_ids",
        string="Electronic Signatures",
    )
    qms_signature_count = fields.Integer(compute="_compute_qms_signature_ids", string="Signatures")

    def _compute_qms_signature_ids(self):
        signatures = (
            self.env["qms.signature"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )
        by_record = {}
        for signature in signatures:
            by_record.setdefault(signature.res_id, []).append(signature.id)
        for record in self:
            ids = by_record.get(record.id, [])
            record.qms_signature_ids = self.env["qms.signature"].browse(ids)
            record.qms_signature_count = len(ids)

    # ------------------------------------------------------------------
    # Signing
    # ------------------------------------------------------------------
    def _qms_check_signer(self, password, action):
        """Refuse ``action`` on these records unless ``password`` is the user's own.

        Call it before the action writes anything. Code running as superuser (no person, so
        no signature) is not asked.
        """
        if self.env.su:
            return
        names = ", ".join(self.sudo().mapped("display_name"))
        if not password or not isinstance(password, str):
            raise UserError(
                self.env._(
                    "To %(action)s (%(records)s) you sign electronically: give your password.",
                    action=action,
                    records=names,
                )
            )
        user = self.env.user
        try:
            with user._assert_can_auth(user=user.id):
                user._check_credentials(
                    {"login": user.login, "password": password, "type": "password"},
                    {"interactive": True},
                )
        except AccessDenied:
            raise AccessError(
                self.env._(
                    "Signature refused: the password of %(user)s is wrong. Nothing was done "
                    "(%(action)s: %(records)s).",
                    user=user.name,
                    action=action,
                    records=names,
                )
            ) from None

    def _qms_add_signatures(self, action, reason=None, meaning="approval"):
        """Sign each record as the current user, after ``_qms_check_signer``."""
        if self.env.su or not self:
            return self.env["qms.signature"]
        user = self.env.user
        now = fields.Datetime.now()
        self.env.flush_all()
        vals_list = []
        for record in self.sudo():
            vals_list.append(
                {
                    "res_model": record._name,
                    "res_id": record.id,
                    "record_name": record.display_name,
                    "action": action,
                    "reason": reason or False,
                    "meaning": meaning,
                    "user_id": user.id,
                    "signer_name": user.name,
                    "signer_login": user.login,
                    "signed_at": now,
                    "content": record._qms_signature_content(),
                    "company_id": record._qms_signature_company().id,
                }
            )
        signatures = self.env["qms.signature"]._qms_create_signatures(vals_list)
        self.invalidate_recordset(["qms_signature_ids", "qms_signature_count"])
        return signatures

    def _qms_signature_company(self):
        self.ensure_one()
        return self["company_id"] if "company_id" in self._fields else self.env["res.company"]

    def _qms_signature_values(self):
        """The signed fields of the record as plain JSON values (relations as ids)."""
        self.ensure_one()
        values = {}
        for name in self._qms_signed_fields:
            field = self._fields[name]
            value = self[name]
            if field.type == "many2one":
                value = value.id or False
            elif field.type in ("one2many", "many2many"):
                value = value.ids
            elif field.type in ("date", "datetime"):
                value = field.to_string(value) if value else False
            values[name] = value
        return values

    def _qms_signature_content(self):
        """The signed fields as canonical JSON: the same values give the same text."""
        return json.dumps(
            self._qms_signature_values(), sort_keys=True, separators=(",", ":"), default=str
        )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_qms_open_signatures(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Electronic Signatures"),
            "res_model": "qms.signature",
            "view_mode": "list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {"create": False},
        }
