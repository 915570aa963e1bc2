# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextvars
import hashlib
import json
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# The parameter holding the hash of the last signature. Every signing updates its row: two
# transactions signing at once conflict on it (the second is retried by Odoo and chains to
# the first) instead of both chaining to the same predecessor; and the verifier compares it
# with the last signature, so a signature deleted at the end of the chain is found too.
CHAIN_HEAD = "quality_core.signature_chain_head"
GENESIS = "0" * 64

# Set while ``_qms_sign`` creates signatures. A context key would not do: an XML-RPC caller
# chooses the context of its call, but can't reach this variable.
_SIGNING = contextvars.ContextVar("qms_signing", default=False)


@contextmanager
def _signing():
    token = _SIGNING.set(True)
    try:
        yield
    finally:
        _SIGNING.reset(token)


class QmsSignature(models.Model):
    """An electronic signature (21 CFR Part 11 style) of one record, for one action.

    It shows who signed (printed name and login), when (UTC), what for (the meaning and the
    action, with the reason given) and what was signed (the record's signed fields at that
    moment, as canonical JSON). Its hash covers all of that and the hash of the signature
    before it, so the signatures form one chain: a signature changed, inserted or deleted in
    SQL breaks it, and ``qms_verify_chain`` names it. Nobody edits or deletes a signature;
    only ``qms.signature.mixin._qms_sign`` creates them, after checking the signer's password.
    """

    _name = "qms.signature"
    _description = "Electronic Signature"
    _order = "id desc"
    _rec_name = "name"

    name = fields.Char(string="Signature", compute="_compute_name")
    res_model = fields.Char(string="Document Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", required=True, readonly=True, index=True
    )
    record_name = fields.Char(string="Signed Record", required=True, readonly=True)
    action = fields.Char(string="Signed Action", required=True, readonly=True)
    reason = fields.Text(readonly=True)
    meaning = fields.Selection(
        [
            ("review", "Review"),
            ("approval", "Approval"),
            ("responsibility", "Responsibility"),
        ],
        required=True,
        readonly=True,
        help="What the signer states by signing (21 CFR 11.50).",
    )
    user_id = fields.Many2one(
        "res.users", string="Signer", required=True, readonly=True, ondelete="restrict"
    )
    signer_name = fields.Char(
        string="Printed Name",
        required=True,
        readonly=True,
        help="The signer's name when signing, kept as printed even if the user is renamed.",
    )
    signer_login = fields.Char(string="Login", required=True, readonly=True)
    signed_at = fields.Datetime(string="Signed On (UTC)", required=True, readonly=True)
    content = fields.Text(
        string="Signed Content",
        required=True,
        readonly=True,
        help="The signed fields of the record when it was signed, as canonical JSON.",
    )
    previous_hash = fields.Char(required=True, readonly=True)
    content_hash = fields.Char(string="Hash", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True, ondelete="restrict")

    @api.depends("signer_name", "meaning", "signed_at")
    def _compute_name(self):
        meanings = dict(self._fields["meaning"]._description_selection(self.env))
        for signature in self:
            signature.name = "%s, %s, %s UTC" % (
                signature.signer_name,
                meanings.get(signature.meaning, ""),
                signature.signed_at,
            )

    # ------------------------------------------------------------------
    # Nobody changes a signature
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not _SIGNING.get():
            raise UserError(
                self.env._(
                    "Electronic signatures are made by signing a record with your password "
                    "(the quality actions that need one ask for it), not created directly."
                )
            )
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        # No write reaches the table: a signature is never changed, by any code path.
        raise UserError(
            self.env._(
                "Electronic signatures can't be changed: %(signatures)s. A signed record "
                "changes through a new signed action.",
                signatures=", ".join(self.sudo().mapped("name")),
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Electronic signatures can't be deleted: %(signatures)s.",
                signatures=", ".join(self.sudo().mapped("name")),
            )
        )

    # ------------------------------------------------------------------
    # The chain
    # ------------------------------------------------------------------
    @api.model
    def _qms_digest(self, vals, previous_hash):
        """The hash of a signature: SHA-256 of its canonical JSON, chained to the previous."""
        payload = {
            "res_model": vals["res_model"],
            "res_id": vals["res_id"],
            "record_name": vals["record_name"],
            "action": vals["action"],
            "reason": vals.get("reason") or "",
            "meaning": vals["meaning"],
            "user_id": vals["user_id"],
            "signer_name": vals["signer_name"],
            "signer_login": vals["signer_login"],
            "signed_at": fields.Datetime.to_string(vals["signed_at"]),
            "content": vals["content"],
            "company_id": vals.get("company_id") or False,
            "previous_hash": previous_hash,
        }
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    @api.model
    def _qms_lock_chain_head(self):
        """Lock the head of the chain and return the hash of the last signature.

        The UPDATE makes a transaction that signs at the same time as another wait for it, then
        fail to serialize, and Odoo retries its request: signatures never fork the chain.
        """
        self.env.cr.execute(
            SQL(
                "UPDATE ir_config_parameter SET value = value WHERE key = %s RETURNING value",
                CHAIN_HEAD,
            )
        )
        row = self.env.cr.fetchone()
        if row is None:
            raise UserError(
                self.env._(
                    "The system parameter %(key)s, the head of the chain of electronic "
                    "signatures, is missing: update the Quality Core module to restore it, then "
                    "verify the signatures.",
                    key=CHAIN_HEAD,
                )
            )
        return row[0]

    @api.model
    def _qms_create_signatures(self, vals_list):
        """Chain and create signatures (``vals_list`` without hashes), sudo; the caller has
        checked the signer's password."""
        previous_hash = self._qms_lock_chain_head()
        for vals in vals_list:
            vals["previous_hash"] = previous_hash
            vals["content_hash"] = previous_hash = self._qms_digest(vals, previous_hash)
        with _signing():
            signatures = self.sudo().create(vals_list)
        self.env.cr.execute(
            SQL(
                "UPDATE ir_config_parameter SET value = %s WHERE key = %s",
                previous_hash,
                CHAIN_HEAD,
            )
        )
        # The head is read and written in SQL only, never through get_param and its cache.
        self.env["ir.config_parameter"].invalidate_model(["value"])
        return signatures

    @api.model
    def qms_verify_chain(self):
        """Check every signature and the records they signed (Quality Manager).

        Returns ``{ok, checked, broken, changed_records, messages}``: ``broken`` the ids of the
        signatures whose hash or link to the previous one doesn't hold (changed, inserted or
        deleted in SQL), ``changed_records`` the records whose signed fields no longer match
        their last signature (``{model, id, name, signature_id}``), ``messages`` what was found,
        in words.
        """
        self.env["qms.protected.mixin"]._qms_check_manager(
            self, self.env._("verify the electronic signatures")
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT id, res_model, res_id, record_name, action, reason, meaning, user_id,
                       signer_name, signer_login, signed_at, content, company_id,
                       previous_hash, content_hash
                  FROM qms_signature ORDER BY id
                """
            )
        )
        columns = [column.name for column in self.env.cr.description]
        rows = [dict(zip(columns, row, strict=True)) for row in self.env.cr.fetchall()]
        broken, messages = [], []
        expected_previous = GENESIS
        for row in rows:
            problems = []
            if row["previous_hash"] != expected_previous:
                problems.append(self.env._("its link to the signature before it is broken"))
            if self._qms_digest(row, row["previous_hash"]) != row["content_hash"]:
                problems.append(self.env._("its content no longer matches its hash"))
            if problems:
                broken.append(row["id"])
                messages.append(
                    self.env._(
                        "Signature %(id)s (%(record)s, %(action)s, by %(signer)s on %(date)s): "
                        "%(problems)s.",
                        id=row["id"],
                        record=row["record_name"],
                        action=row["action"],
                        signer=row["signer_name"],
                        date=row["signed_at"],
                        problems="; ".join(problems),
                    )
                )
            expected_previous = row["content_hash"]
        # Read in SQL: get_param is cached, and signing updates the row in SQL.
        self.env.cr.execute(SQL("SELECT value FROM ir_config_parameter WHERE key = %s", CHAIN_HEAD))
        row = self.env.cr.fetchone()
        head = row[0] if row else GENESIS
        if head != expected_previous:
            messages.append(
                self.env._(
                    "The chain ends at another signature than the last one recorded: a "
                    "signature was deleted at its end."
                )
            )
        changed = self._qms_changed_records(rows)
        for change in changed:
            messages.append(
                self.env._(
                    "%(record)s was changed after signature %(id)s: its signed fields no longer "
                    "match what was signed.",
                    record=change["name"],
                    id=change["signature_id"],
                )
            )
        return {
            "ok": not messages,
            "checked": len(rows),
            "broken": broken,
            "changed_records": changed,
            "messages": messages,
        }

    @api.model
    def _qms_changed_records(self, rows):
        """The signed records whose content differs from their last signature's."""
        last = {}
        for row in rows:
            last[(row["res_model"], row["res_id"])] = row
        changed = []
        for (model, res_id), row in sorted(last.items()):
            if model not in self.env:
                continue
            record = self.env[model].sudo().browse(res_id).exists()
            if not record:
                changed.append(
                    {
                        "model": model,
                        "id": res_id,
                        "name": row["record_name"],
                        "signature_id": row["id"],
                    }
                )
                continue
            if record._qms_signature_content() != row["content"]:
                changed.append(
                    {
                        "model": model,
                        "id": res_id,
                        "name": row["record_name"],
                        "signature_id": row["id"],
                    }
                )
        return changed

    def action_qms_verify_chain(self):
        """The verification as a notification (Verify Signatures button)."""
        result = self.qms_verify_chain()
        if result["ok"]:
            message = self.env._(
                "%(count)s electronic signatures checked: the chain is intact and every signed "
                "record matches its last signature.",
                count=result["checked"],
            )
        else:
            message = "\n".join(result["messages"])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Electronic signatures"),
                "message": message,
                "type": "success" if result["ok"] else "danger",
                "sticky": not result["ok"],
            },
        }
