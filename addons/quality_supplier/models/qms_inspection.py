# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.quality_core.models.qms_protected_mixin import USER_GROUP


class QmsInspection(models.Model):
    _inherit = "qms.inspection"

    purchase_line_id = fields.Many2one(
        related="move_id.purchase_line_id", store=True, index="btree_not_null", string="PO Line"
    )
    purchase_id = fields.Many2one(
        related="purchase_line_id.order_id",
        store=True,
        index="btree_not_null",
        string="Purchase Order",
    )
    buyer_id = fields.Many2one(related="purchase_id.user_id", string="Buyer")
    vendor_lot = fields.Char(
        related="lot_id.qms_vendor_lot", string="Vendor Lot", help="The vendor's own lot number."
    )
    certificate_required = fields.Boolean(related="control_point_id.certificate_required")
    certificate_ids = fields.Many2many(
        "qms.supplier.certificate",
        string="Certificates",
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
        help="Certificates of the vendor backing this lot, e.g. the material certificate.",
    )
    return_picking_id = fields.Many2one(
        "stock.picking",
        "Return to Vendor",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )

    @api.model
    def _qms_result_fields(self):
        return super()._qms_result_fields() | {"certificate_ids"}

    # ------------------------------------------------------------------
    # Certificates
    # ------------------------------------------------------------------
    def action_done(self):
        self._qms_check_certificates(lambda i: i.result == "pass")
        res = super().action_done()
        self._qms_refresh_scorecards()
        return res

    def action_concession(self, reason, password=None):
        self._qms_check_certificates(lambda i: True)
        res = super().action_concession(reason, password=password)
        self._qms_refresh_scorecards()
        return res

    def action_cancel(self, reason=None):
        res = super().action_cancel(reason)
        self._qms_refresh_scorecards()
        return res

    def action_reinspect(self, reason):
        res = super().action_reinspect(reason)
        self._qms_refresh_scorecards()
        return res

    def _qms_refresh_scorecards(self):
        """Bring the scorecards of the vendors and months of these lots up to date at once."""
        self.env["qms.supplier.scorecard"]._qms_refresh_moves(self.sudo().move_id)

    def _qms_check_certificates(self, accepting):
        """Refuse to accept goods whose control point asks for a certificate that isn't there."""
        today = fields.Date.context_today(self)
        missing = self.filtered(
            lambda i: (
                i.control_point_id.certificate_required
                and accepting(i)
                and not any(c._qms_is_valid_on(today) for c in i.certificate_ids)
            )
        )
        if missing:
            raise UserError(
                self.env._(
                    "Inspections %(names)s can't accept their lots: control point %(points)s "
                    "requires a valid supplier certificate. Attach the vendor's certificate on the "
                    "inspection first.",
                    names=", ".join(missing.mapped("name")),
                    points=", ".join(missing.control_point_id.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Closed loop on rejection (called by the shipped automation rules)
    # ------------------------------------------------------------------
    def _qms_check_supplier_rejection(self, action):
        if not self.env.user.has_group(USER_GROUP):
            raise AccessError(
                self.env._(
                    "Only quality users can %(action)s (inspections %(names)s).",
                    action=action,
                    names=", ".join(self.mapped("name")),
                )
            )
        wrong = self.filtered(
            lambda i: not i.purchase_id or i.state != "done" or i.decision != "reject"
        )
        if wrong:
            raise UserError(
                self.env._(
                    "Inspections %(names)s are not rejected inspections of purchased goods: "
                    "can't %(action)s.",
                    names=", ".join(wrong.mapped("name")),
                    action=action,
                )
            )

    def action_qms_return_to_vendor(self):
        """Return the rejected lot to the vendor through Odoo's return wizard.

        The return lowers the quantity received on the purchase order line (``to_refund``), so
        that the next bill or a refund follows. The return picking reserves the rejected lot
        itself. Returns the id of the return picking (the existing one if already returned).
        """
        self._qms_check_single(self, self.env._("Returning goods to the vendor"))
        self._qms_check_supplier_rejection(self.env._("return goods to the vendor"))
        # Inspectors return goods without having to be warehouse users.
        inspection = self.sudo()
        if inspection.return_picking_id and inspection.return_picking_id.state != "cancel":
            return inspection.return_picking_id.id
        receipt = inspection.move_id.picking_id
        if not receipt or receipt.state != "done":
            raise UserError(
                self.env._(
                    "Inspection %(name)s: the receipt %(receipt)s isn't done, so nothing can be "
                    "returned yet.",
                    name=self.name,
                    receipt=receipt.name or "-",
                )
            )
        qty = inspection._qms_returnable_qty()
        if float_compare(qty, 0, precision_rounding=self.product_id.uom_id.rounding) <= 0:
            raise UserError(
                self.env._(
                    "Inspection %(name)s: nothing of %(lot)s is left to return from %(receipt)s.",
                    name=self.name,
                    lot=self.lot_id.name or self.product_id.display_name,
                    receipt=receipt.name,
                )
            )
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_company(self.company_id)
            .with_context(
                active_id=receipt.id, active_ids=receipt.ids, active_model="stock.picking"
            )
            .create({"picking_id": receipt.id})
        )
        for line in wizard.product_return_moves:
            if line.move_id == inspection.move_id:
                line.write({"quantity": qty, "to_refund": True, "qms_lot_id": self.lot_id.id})
            else:
                line.quantity = 0
        # The wizard drops the reservations of the moves that follow the receipt, earlier
        # returns included: they take their own lots again once this return holds its lot.
        reserved = inspection.move_id.move_dest_ids.filtered(
            lambda m: m.state in ("assigned", "partially_available")
        )
        return_picking = wizard._create_return()
        if self.lot_id:
            inspection._qms_reserve_lot(return_picking.move_ids, qty)
        reserved.filtered(lambda m: m.state not in ("done", "cancel"))._action_assign()
        inspection._qms_write({"return_picking_id": return_picking.id})
        return_picking.message_post(
            body=self.env._(
                "Return to vendor of %(lot)s, rejected by inspection %(inspection)s.",
                lot=self.lot_id.name or self.product_id.display_name,
                inspection=self._get_html_link(),
            )
        )
        self.message_post(
            body=self.env._(
                "Return to vendor %(picking)s created for %(qty)s %(uom)s.",
                picking=return_picking._get_html_link(),
                qty=qty,
                uom=self.product_id.uom_id.name,
            )
        )
        return return_picking.id

    def _qms_returnable_qty(self):
        """What the receipt brought of the lot, minus what earlier returns took back."""
        self.ensure_one()
        move = self.move_id
        received = sum(
            line.quantity_product_uom
            for line in move.move_line_ids
            if line.state == "done" and (not self.lot_id or line.lot_id == self.lot_id)
        )
        returned = sum(
            line.quantity_product_uom
            for line in move.returned_move_ids.move_line_ids
            if line.state != "cancel" and (not self.lot_id or line.lot_id == self.lot_id)
        )
        return received - returned

    def _qms_reserve_lot(self, moves, qty):
        """Reserve what the return still misses of the rejected lot, wherever it is in stock.

        The return is restricted to the lot (``qms_restrict_lot_id``): it reserves no other.
        """
        move = moves.filtered(lambda m: m.product_id == self.product_id)[:1]
        if not move:
            return
        missing = qty - move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
        if float_compare(missing, 0, precision_rounding=move.product_uom.rounding) <= 0:
            return
        move._update_reserved_quantity(missing, move.location_id, lot_id=self.lot_id, strict=False)
        move._recompute_state()

    def _qms_keep_lot_blocked(self):
        """Hold the rejected lot until a Quality Manager releases it by hand.

        Without this step a concession on the inspection releases the lot by itself.
        """
        self._qms_check_supplier_rejection(self.env._("keep the rejected lot blocked"))
        for inspection in self.filtered("lot_id"):
            inspection.lot_id._qms_set_state(
                "blocked",
                self.env._(
                    "Rejected by %(inspection)s (%(vendor)s, %(order)s): awaiting return to vendor",
                    inspection=inspection.name,
                    vendor=inspection.partner_id.display_name,
                    order=inspection.purchase_id.name,
                ),
                manual=True,
            )
        return True

    def _qms_buyers(self):
        """The buyer of the purchase order, or else the purchase managers of its company."""
        self.ensure_one()
        buyer = self.purchase_id.user_id
        if buyer and buyer.active and not buyer.share:
            return buyer
        return (
            self.env.ref("purchase.group_purchase_manager")
            .sudo()
            .users.filtered(
                lambda user: (
                    user.active
                    and not user.share
                    and self.company_id in user.company_ids
                    and user.id != self.env.ref("base.user_root").id
                )
            )
        )

    def _qms_notify_buyer(self):
        """Schedule an activity on the purchase order and email the buyer about the rejection."""
        self._qms_check_supplier_rejection(self.env._("notify the buyer"))
        template = self.env.ref("quality_supplier.mail_template_qms_rejected_lot")
        for inspection in self.sudo():
            buyers = inspection._qms_buyers()
            if not buyers:
                raise UserError(
                    self.env._(
                        "Inspection %(name)s: purchase order %(order)s has no buyer and no "
                        "purchase manager can be notified.",
                        name=inspection.name,
                        order=inspection.purchase_id.name,
                    )
                )
            inspection.purchase_id.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=buyers[0].id,
                summary=self.env._(
                    "Rejected at incoming inspection: %(lot)s",
                    lot=inspection.lot_id.name or inspection.product_id.display_name,
                ),
                note=self.env._(
                    "Inspection %(inspection)s rejected %(qty)s %(uom)s of %(product)s. Agree the "
                    "return, replacement or refund with %(vendor)s.",
                    inspection=inspection.name,
                    qty=inspection.qty,
                    uom=inspection.product_id.uom_id.name,
                    product=inspection.product_id.display_name,
                    vendor=inspection.partner_id.display_name,
                ),
            )
            template.send_mail(
                inspection.id,
                email_values={"recipient_ids": [(4, pid) for pid in buyers.partner_id.ids]},
            )
        return True
