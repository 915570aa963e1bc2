# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextvars
import math
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

MANAGER_GROUP = "quality_core.group_qms_manager"
USER_GROUP = "quality_core.group_qms_user"
# Largest measured value or tolerance accepted: far beyond any gauge, far below an overflow in
# the rounding of float_compare.
MAX_MEASURE = 1e12

# Set while one of the suite's own methods writes protected fields. A context key would not do:
# an XML-RPC caller chooses the context of its call, but can't reach this variable.
_ACTIONS_WRITING = contextvars.ContextVar("qms_actions_writing", default=False)


@contextmanager
def actions_writing():
    """Let the suite's own methods write the fields that the records protect."""
    token = _ACTIONS_WRITING.set(True)
    try:
        yield
    finally:
        _ACTIONS_WRITING.reset(token)


class QmsProtectedMixin(models.AbstractModel):
    """Records whose decision, state, hold or specification change only through their actions.

    ``readonly=`` binds the form only: the guards here hold for ``create`` and ``write`` from any
    caller, administrators and XML-RPC scripts included. Models list their protected fields in
    ``_qms_protected_fields`` or override ``_qms_protected_field_names``; the suite's methods
    write them with ``_qms_write``/``_qms_create``. The helpers checking the manager group, the
    companies and the reason of a decision are shared by every module of the suite.
    """

    _name = "qms.protected.mixin"
    _description = "Quality Record Changed by its Actions Only"
    _qms_protected_fields = frozenset()

    def _qms_protected_field_names(self):
        return self._qms_protected_fields

    @api.model
    def _qms_actions_writing(self):
        return _ACTIONS_WRITING.get()

    def _qms_check_protected_vals(self, vals_list, creating=False):
        """Refuse values (or context defaults) for protected fields outside the suite's actions."""
        if self._qms_actions_writing():
            return
        protected = self._qms_protected_field_names()
        names = set()
        for vals in vals_list:
            names |= protected & set(vals)
        if creating:  # defaults given in the context would fill the fields too
            names |= protected & {key[8:] for key in self.env.context if key.startswith("default_")}
        if names:
            raise UserError(
                self.env._(
                    "%(records)s: %(fields)s can't be written directly; they change only through "
                    "the quality actions (%(actions)s).",
                    # Named for whoever writes, even without the right to read them.
                    records=self.sudo()._qms_names() or self._description,
                    fields=", ".join(sorted(self._qms_field_labels(names))),
                    actions=self._qms_actions_hint(),
                )
            )

    def _qms_field_labels(self, names):
        return {self._fields[name]._description_string(self.env) for name in names}

    def _qms_actions_hint(self):
        """The buttons and methods that change the protected fields, for error messages."""
        return self.env._("their buttons")

    def _qms_names(self):
        return ", ".join(self.mapped("display_name"))

    @api.model_create_multi
    def create(self, vals_list):
        self._qms_check_protected_vals(vals_list, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        if not self._qms_actions_writing():
            self._qms_refuse_unseen(self._qms_check_write, vals)
        return super().write(vals)

    def unlink(self):
        if not self._qms_actions_writing():
            self._qms_refuse_unseen(self._qms_check_unlink)
        return super().unlink()

    def _qms_check_write(self, vals):
        """Refuse ``vals`` written outside the suite's actions. Models add their own refusals
        here rather than in ``write``, so that they come after the access check."""
        self._qms_check_protected_vals([vals])

    def _qms_check_unlink(self):
        """Refuse deleting these records outside the suite's actions (models add theirs)."""

    def _qms_refuse_unseen(self, check, *args):
        """Run ``check(*args)``; when it refuses, a caller who can't see these records (another
        company's, or a model he has no right on) gets Odoo's access error instead, which names
        none of them. One who sees them gets the refusal, whatever his rights. The access is
        checked only on refusal: writes that pass pay nothing."""
        try:
            check(*args)
        except UserError as error:
            refusal = error
        else:
            return
        # Outside the except block: the access error carries no trace of the refusal.
        self.check_access("read")
        raise refusal

    def _qms_name_from_sequence(self, code):
        """Give the new records their reference, the next of sequence ``code`` in their
        company. Called once they are created: the reference is a protected field, so nobody
        chooses or changes it."""
        for record in self.filtered(lambda r: r.name == "New"):
            company = record["company_id"] if "company_id" in record._fields else False
            name = (
                self.env["ir.sequence"].with_company(company or self.env.company).next_by_code(code)
            )
            record._qms_write({"name": name or "New"})
        # Written now: a reference unique per company would let the next record created in the
        # transaction collide with "New" still in the database.
        self.flush_recordset(["name"])

    def _qms_check_lot_of_product(self):
        """A record's lot belongs to its product (``lot_id``, ``product_id``)."""
        for record in self.filtered("lot_id"):
            if record.lot_id.product_id != record.product_id:
                raise ValidationError(
                    self.env._(
                        "%(record)s: lot %(lot)s is of %(lot_product)s, not of %(product)s.",
                        record=record.display_name,
                        lot=record.lot_id.name,
                        lot_product=record.lot_id.product_id.display_name,
                        product=record.product_id.display_name or "-",
                    )
                )

    def _qms_write(self, vals):
        """Write protected fields: for the suite's own methods only."""
        with actions_writing():
            return self.write(vals)

    def _qms_create(self, vals_list):
        with actions_writing():
            return self.create(vals_list)

    # ------------------------------------------------------------------
    # Checks shared by every action that decides (here and in the other modules)
    # ------------------------------------------------------------------
    @api.model
    def _qms_check_manager(self, records, action):
        """Refuse unless the user is a Quality Manager working in the companies of ``records``.

        Call it before any ``sudo()``; server code running as superuser passes it.
        """
        if self.env.su:
            return
        names = ", ".join(records.sudo().mapped("display_name"))
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a Quality Manager can %(action)s (%(records)s).",
                    action=action,
                    records=names,
                )
            )
        if hasattr(type(records), "_qms_companies"):
            companies = records._qms_companies()
        else:
            companies = records.sudo().company_id
        foreign = companies - self.env.companies
        if foreign:
            raise AccessError(
                self.env._(
                    "You can't %(action)s (%(records)s): they belong to %(companies)s, which "
                    "you are not working in.",
                    action=action,
                    records=names,
                    companies=", ".join(foreign.mapped("name")),
                )
            )

    @api.model
    def _qms_check_reason(self, reason, records, action):
        """The reason of a decision, stripped; refuse anything but a non-empty text."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                self.env._(
                    "Give the reason to %(action)s (%(records)s) as a non-empty text.",
                    action=action,
                    records=", ".join(records.sudo().mapped("display_name")),
                )
            )
        return reason.strip()

    @api.model
    def _qms_check_manager_reason(self, records, reason, action):
        """Both checks of a manager's decision; returns the stripped reason."""
        self._qms_check_manager(records, action)
        return self._qms_check_reason(reason, records, action)

    @api.model
    def _qms_check_single(self, records, action):
        """Say that ``action`` works on one record at a time, instead of "Expected singleton"."""
        if len(records) != 1:
            raise UserError(
                self.env._(
                    "%(action)s works on one %(model)s at a time, not %(count)s (%(records)s).",
                    action=action,
                    model=records._description,
                    count=len(records),
                    records=", ".join(records.mapped("display_name")) or "-",
                )
            )

    @api.model
    def _qms_check_date(self, value, label):
        """``value`` (a date or a YYYY-MM-DD text) as a date; a clear error otherwise."""
        try:
            date = None if isinstance(value, bool) else fields.Date.to_date(value)
        except (TypeError, ValueError):
            date = None
        if not date:
            raise UserError(
                self.env._(
                    "%(label)s %(value)r is not a date; give it as YYYY-MM-DD (e.g. 2026-01-31).",
                    label=label,
                    value=value,
                )
            )
        return date

    @api.model
    def _qms_check_measure(self, value, label):
        """Refuse a measured value, norm or tolerance that is not a finite, plausible number."""
        if value is False or value is None:
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or abs(value) >= MAX_MEASURE
        ):
            raise ValidationError(
                self.env._(
                    "%(label)s: %(value)r is not a measurable value (a finite number below "
                    "%(max).0e in magnitude).",
                    label=label,
                    value=value,
                    max=MAX_MEASURE,
                )
            )
