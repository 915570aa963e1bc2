# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError

COA_REPORT = "quality_core.action_report_qms_coa"


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "qms.inspection.source"]
    _qms_inspection_field = "picking_id"

    qms_inspection_ids = fields.One2many("qms.inspection", "picking_id", "Inspections")

    def action_confirm(self):
        res = super().action_confirm()
        self._qms_sync_before()
        return res

    def action_assign(self):
        res = super().action_assign()
        self._qms_sync_before()
        return res

    def _pre_action_done_hook(self):
        res = self._qms_check_before()
        if res is not True:
            return res
        return super()._pre_action_done_hook()

    def _action_done(self):
        # Reached without the hook (by code validating transfers directly): only a refusal
        # can stop it, so inspections this check creates are named after they exist.
        if self._qms_check_before() is not True:
            raise UserError(
                self.env._(
                    "%(transfers)s can't be validated yet: their control points ask for "
                    "inspections before validation. Validate them from the transfer form.",
                    transfers=", ".join(self.mapped("display_name")),
                )
            )
        res = super()._action_done()
        self._qms_send_coa()
        return res

    def _qms_moves_to_process(self):
        """Moves that a validation would process now (picked ones, or all if none is)."""
        moves = self.env["stock.move"]
        for picking in self:
            candidates = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
            picked = candidates.filtered("picked")
            moves |= picked or candidates
        return moves

    def _qms_sync_before(self):
        """Create or update the inspections done before validation on what is being processed."""
        watched = self.env["qms.control.point"]._qms_picking_type_ids("before")
        moves = self.filtered(
            lambda p: p.picking_type_id.id in watched and p.state not in ("draft", "done", "cancel")
        )._qms_moves_to_process()
        if not moves:
            return self.env["qms.inspection"]
        lines = moves.move_line_ids.filtered(
            lambda ml: ml.quantity and (ml.picked or not ml.move_id.picked)
        )
        candidates = moves._qms_line_candidates(lines)
        for move in moves.filtered(
            lambda m: not m.move_line_ids and m.product_id.tracking == "none"
        ):
            candidates.append(
                move._qms_inspection_candidate(self.env["stock.lot"], False, move.product_qty)
            )
        return self.env["qms.inspection"]._qms_sync(candidates, "before", prune=True)

    def _qms_check_before(self):
        """Refuse validation while a blocking inspection is open or rejected (see ``_qms_hold``);
        True when nothing holds the transfers.

        Only operation types with an active point before validation are checked: archiving the
        point lifts its hold.
        """
        watched = self.env["qms.control.point"]._qms_picking_type_ids("before")
        pickings = self.filtered(lambda p: p.picking_type_id.id in watched)
        if not pickings:
            return True
        created = pickings._qms_sync_before()
        moves = pickings._qms_moves_to_process()
        if not moves:
            return True
        inspections = (
            self.env["qms.inspection"]
            .sudo()
            .search(
                [("move_id", "in", moves.ids), ("timing", "=", "before"), ("state", "!=", "cancel")]
            )
        )
        return pickings._qms_hold(created, inspections)

    # ------------------------------------------------------------------
    # Certificate of Analysis
    # ------------------------------------------------------------------
    def _qms_coa_customer(self):
        """The customer whose Certificate of Analysis the delivery carries, if it asks for one."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        if self.picking_type_code == "outgoing" and customer.qms_coa_required:
            return customer
        return self.env["res.partner"]

    def _qms_send_coa(self):
        """Attach the Certificate of Analysis to each validated delivery of a customer who asks
        for one and send it from the chatter. A rendering error stops the validation: a
        delivery leaves with its certificate or not at all."""
        for picking in self.filtered(lambda p: p.state == "done"):
            customer = picking._qms_coa_customer()
            if not customer:
                continue
            content, _type = self.env["ir.actions.report"]._render_qweb_pdf(COA_REPORT, picking.ids)
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.env._(
                        "Certificate of Analysis - %(transfer)s.pdf",
                        transfer=picking.name.replace("/", "-"),
                    ),
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": picking._name,
                    "res_id": picking.id,
                }
            )
            picking.message_post(
                body=self.env._(
                    "Certificate of Analysis of %(transfer)s, as %(customer)s asks with each "
                    "delivery.",
                    transfer=picking.name,
                    customer=customer.display_name,
                ),
                attachment_ids=attachment.ids,
                partner_ids=customer.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _qms_coa_sections(self):
        """What the Certificate of Analysis of the transfer certifies: one section per lot
        (summed over its move lines), and one per move of an untracked product with the
        inspections of that move."""
        self.ensure_one()
        lot_quantities = defaultdict(float)
        for line in self.move_line_ids.filtered("lot_id"):
            lot_quantities[line.lot_id] += line.quantity_product_uom
        sections = self.env["stock.lot"]._qms_coa_lot_sections(lot_quantities)
        untracked = self.move_ids.filtered(
            lambda m: m.product_id.tracking == "none" and m.state != "cancel"
        )
        decided = self.env["qms.inspection"].search(
            [("move_id", "in", untracked.ids), ("lot_id", "=", False), ("state", "=", "done")],
            order="date_done, id",
        )
        for move in untracked:
            sections.append(
                {
                    "product": move.product_id,
                    "lot": self.env["stock.lot"],
                    "qty": move.quantity,
                    "uom": move.product_uom,
                    "inspections": decided.filtered(lambda i, m=move: i.move_id == m),
                }
            )
        return sections
