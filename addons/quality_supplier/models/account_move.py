# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.sql import column_exists, create_column


class AccountMove(models.Model):
    _name = "account.move"
    # The guard first: account.move's own write reads the bills, which a caller without
    # accounting rights may not; the refusal must name the fields for everyone alike.
    _inherit = ["qms.protected.mixin", "qms.signature.mixin", "account.move"]
    # What releasing the payment hold signs.
    _qms_signed_fields = (
        "name",
        "partner_id",
        "amount_total",
        "qms_payment_hold_released",
        "qms_payment_release_reason",
        "qms_payment_release_user_id",
    )
    _qms_protected_fields = frozenset(
        {
            "qms_payment_hold",
            "qms_payment_hold_released",
            "qms_payment_release_reason",
            "qms_payment_release_user_id",
        }
    )

    qms_payment_hold = fields.Boolean(
        "Quality Payment Hold",
        compute="_compute_qms_payment_hold",
        store=True,
        tracking=True,
        help="The bill pays for received goods whose inspection is still to do or rejected: it "
        "can't be paid until the inspections are decided or a Quality Manager releases the hold.",
    )
    qms_hold_inspection_ids = fields.Many2many(
        "qms.inspection",
        string="Holding Inspections",
        compute="_compute_qms_hold_inspection_ids",
        compute_sudo=True,
        help="Inspections of the billed receipts that are still to do or rejected.",
    )
    qms_payment_hold_released = fields.Boolean(
        "Payment Hold Released", readonly=True, copy=False, tracking=True
    )
    qms_payment_release_reason = fields.Text(
        "Payment Release Reason", readonly=True, copy=False, tracking=True
    )
    qms_payment_release_user_id = fields.Many2one(
        "res.users", "Payment Hold Released by", readonly=True, copy=False
    )

    def _auto_init(self):
        # Journal entries can be millions: create the column empty rather than computing it for
        # every one of them at install (bills start without hold; decisions taken from now on
        # recompute it).
        if not column_exists(self.env.cr, "account_move", "qms_payment_hold"):
            create_column(self.env.cr, "account_move", "qms_payment_hold", "boolean")
        return super()._auto_init()

    @api.depends(
        "move_type",
        "state",
        "qms_payment_hold_released",
        "invoice_line_ids.purchase_line_id.qms_inspection_ids.state",
        "invoice_line_ids.purchase_line_id.qms_inspection_ids.decision",
    )
    def _compute_qms_payment_hold(self):
        for move in self:
            move.qms_payment_hold = bool(
                move._qms_holding_inspections()
                and move.move_type == "in_invoice"
                and move.state != "cancel"
                and not move.qms_payment_hold_released
            )

    @api.depends(
        "invoice_line_ids.purchase_line_id.qms_inspection_ids.state",
        "invoice_line_ids.purchase_line_id.qms_inspection_ids.decision",
    )
    def _compute_qms_hold_inspection_ids(self):
        for move in self:
            move.qms_hold_inspection_ids = move._qms_holding_inspections()

    def _qms_holding_inspections(self):
        """Inspections of the billed goods that are still to do or rejected."""
        self.ensure_one()
        return self.invoice_line_ids.purchase_line_id.qms_inspection_ids.filtered(
            lambda i: i.state == "todo" or (i.state == "done" and i.decision == "reject")
        )

    def _qms_raise_if_payment_held(self):
        held = self.filtered("qms_payment_hold")
        if held:
            raise UserError(
                self.env._(
                    "Bills %(bills)s are on quality payment hold: inspections %(inspections)s of "
                    "the billed goods are still to do or rejected. Decide the inspections, or ask "
                    "a Quality Manager to release the hold with a reason.",
                    bills=", ".join(held.mapped("display_name")),
                    inspections=", ".join(held.sudo().qms_hold_inspection_ids.mapped("name")),
                )
            )

    def action_force_register_payment(self):
        self._qms_raise_if_payment_held()
        return super().action_force_register_payment()

    def js_assign_outstanding_line(self, line_id):
        # A credit note reversing the held bill is no payment (as in _reconcile_plan).
        credit_note = self.env["account.move.line"].browse(line_id).exists().move_id
        self.filtered(
            lambda move: credit_note.reversed_entry_id != move
        )._qms_raise_if_payment_held()
        return super().js_assign_outstanding_line(line_id)

    def _qms_actions_hint(self):
        return self.env._("inspection decisions, Release Payment Hold")

    def action_qms_release_payment_hold(self, reason, password=None):
        """Let the bills be paid although their inspections hold them (Quality Manager,
        signed with ``password``)."""
        action = self.env._("release the payment hold")
        reason = self._qms_check_manager_reason(self, reason, action)
        self._qms_check_signer(password, action)
        # Quality Managers release holds without having to be accountants.
        bills = self.sudo()
        not_held = bills.filtered(lambda move: not move.qms_payment_hold)
        if not_held:
            raise UserError(
                self.env._(
                    "Bills %(bills)s are not on quality payment hold.",
                    bills=", ".join(not_held.mapped("display_name")),
                )
            )
        bills._qms_write(
            {
                "qms_payment_hold_released": True,
                "qms_payment_release_reason": reason,
                "qms_payment_release_user_id": self.env.uid,
            }
        )
        self._qms_add_signatures(action, reason, "approval")
        return True

    def action_qms_open_payment_release_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "payment_release")
