# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import escape

from odoo import api, fields, models
from odoo.tools.mail import generate_tracking_message_id

HELD_STATES = ("pending", "blocked")


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "qms.protected.mixin"]
    _qms_protected_fields = frozenset({"qms_state", "qms_hold_reason", "qms_hold_manual"})

    qms_state = fields.Selection(
        [
            ("none", "Not inspected"),
            ("pending", "Pending inspection"),
            ("released", "Released"),
            ("blocked", "Blocked"),
        ],
        "Quality Status",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Pending and blocked lots can't be reserved, consumed or delivered; they may go to "
        "scrap, back to the vendor or to a quarantine location.",
    )
    qms_hold_reason = fields.Char("Hold Reason", readonly=True, copy=False, tracking=True)
    qms_hold_manual = fields.Boolean(
        "Held by a Manager",
        readonly=True,
        copy=False,
        tracking=True,
        help="Blocked by hand: only a manual release lifts the hold, not an inspection's decision.",
    )
    qms_inspection_ids = fields.One2many("qms.inspection", "lot_id", "Inspections")
    qms_inspection_count = fields.Integer(compute="_compute_qms_inspection_count")

    @api.depends("qms_inspection_ids")
    def _compute_qms_inspection_count(self):
        counts = dict(
            self.env["qms.inspection"]._read_group(
                [("lot_id", "in", self.ids)], ["lot_id"], ["__count"]
            )
        )
        for lot in self:
            lot.qms_inspection_count = counts.get(lot, 0)

    def _qms_actions_hint(self):
        return self.env._("Block / Release on the lot, inspection decisions")

    def action_qms_block(self, reason):
        """Put the lots on quality hold (Quality Manager)."""
        reason = self._qms_check_manager_reason(self, reason, self.env._("block lots"))
        self._qms_set_state("blocked", reason, manual=True)
        return True

    def action_qms_release(self, reason):
        """Release the lots from quality hold (Quality Manager)."""
        reason = self._qms_check_manager_reason(self, reason, self.env._("release lots"))
        self._qms_set_state("released", reason, manual=True)
        return True

    def _qms_companies(self):
        """Companies whose quality decides on the lots' hold.

        A lot of a company is that company's. A lot without company (Odoo shares lots of
        products without company) is the same goods wherever they lie: its hold applies in every
        company, so changing it by hand takes a Quality Manager working in every company that
        stocks or inspects it.
        """
        companies = self.sudo().company_id
        shared = self.filtered(lambda lot: not lot.company_id).sudo()
        if shared:
            quants = (
                self.env["stock.quant"]
                .sudo()
                .search(
                    [
                        ("lot_id", "in", shared.ids),
                        ("location_id.usage", "in", ("internal", "transit")),
                    ]
                )
            )
            inspections = self.env["qms.inspection"].sudo().search([("lot_id", "in", shared.ids)])
            companies |= quants.company_id | inspections.company_id
        return companies

    def action_qms_open_block_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "block")

    def action_qms_open_release_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "release")

    def _qms_set_state(self, state, reason, manual=False):
        """Write the hold state of the lots; held lots lose their reservations.

        Every change is tracked on the lot, with the reason. ``manual`` marks a decision taken
        by hand on the lot, which inspections then leave alone.
        """
        lots = self.sudo().filtered(
            lambda lot: (
                lot.qms_state != state or (manual and lot.qms_hold_manual != (state in HELD_STATES))
            )
        )
        if not lots:
            return
        vals = {"qms_state": state, "qms_hold_reason": reason if state in HELD_STATES else False}
        if manual:
            vals["qms_hold_manual"] = state in HELD_STATES
        before = {lot.id: {name: lot[name] for name in vals} for lot in lots}
        lots.with_context(tracking_disable=True)._qms_write(vals)
        lots._qms_log_changes(before, reason)
        if state in HELD_STATES:
            lots._qms_unreserve()
        else:
            lots._qms_offer_to_waiting_moves()

    def _qms_log_changes(self, before, reason):
        """Track the changed fields of the lots in their chatter (old → new, who, when), in one
        batch: a receipt or a recall changes hundreds or thousands of lots at once."""
        Tracking = self.env["mail.tracking.value"].sudo()
        names = list(next(iter(before.values())))
        infos = self.fields_get(names, attributes=("string", "type", "selection"))
        author = self.env.user.partner_id
        base = {
            # As mail.thread._message_log_batch: nothing to compute per message.
            "model": self._name,
            "body": escape(reason or ""),
            "author_id": author.id,
            "email_from": author.email_formatted,
            "message_type": "notification",
            "is_internal": True,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "record_alias_domain_id": False,
            "record_company_id": False,
            "record_name": False,
            "email_add_signature": False,
            "reply_to": self.env["mail.thread"]._notify_get_reply_to(
                default=author.email_formatted
            )[False],
        }
        changes = {
            lot: [name for name in names if before[lot.id][name] != lot[name]] for lot in self
        }
        changed = [lot for lot in self if changes[lot]]
        messages = self.sudo()._message_create(
            [
                dict(base, res_id=lot.id, message_id=generate_tracking_message_id("message-notify"))
                for lot in changed
            ]
        )
        Tracking.create(
            [
                dict(
                    Tracking._create_tracking_values(
                        before[lot.id][name], lot[name], name, infos[name], lot
                    ),
                    mail_message_id=message.id,
                )
                for lot, message in zip(changed, messages, strict=True)
                for name in changes[lot]
            ]
        )

    def _qms_offer_to_waiting_moves(self):
        """Let moves waiting for stock reserve the released lots, as when goods arrive."""
        arrivals = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", self.ids),
                ("state", "=", "done"),
                ("location_dest_id.usage", "=", "internal"),
            ]
        )
        arrivals.move_id._trigger_assign()

    def _qms_unreserve(self):
        """Drop reservations of held lots by moves that may not take them."""
        lines = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", self.ids),
                ("state", "not in", ("done", "cancel")),
                ("picked", "=", False),
                ("location_id.usage", "in", ("internal", "transit")),
            ]
        )
        lines = lines.filtered(lambda ml: not ml.location_dest_id._qms_accepts_held_lots())
        if lines:
            moves = lines.move_id
            lines.unlink()
            moves._recompute_state()
