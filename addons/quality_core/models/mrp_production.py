# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MrpProduction(models.Model):
    _name = "mrp.production"
    _inherit = ["mrp.production", "qms.inspection.source"]
    _qms_inspection_field = "production_id"

    qms_inspection_ids = fields.One2many("qms.inspection", "production_id", "Inspections")

    def action_confirm(self):
        res = super().action_confirm()
        self._qms_sync_before()
        return res

    def write(self, vals):
        res = super().write(vals)
        if {"lot_producing_id", "qty_producing", "product_qty"} & set(vals):
            self._qms_sync_before()
        return res

    def action_assign(self):
        res = super().action_assign()
        self._qms_sync_before()
        return res

    def pre_button_mark_done(self):
        res = self._qms_check_before()
        if res is not True:
            return res
        return super().pre_button_mark_done()

    def _qms_sync_before(self):
        """In-process inspections: one per order and finished product, following its lot."""
        watched = self.env["qms.control.point"]._qms_picking_type_ids("before")
        candidates = []
        for production in self.filtered(
            lambda p: p.picking_type_id.id in watched and p.state not in ("draft", "done", "cancel")
        ):
            move = production.move_finished_ids.filtered(
                lambda m: m.product_id == production.product_id and m.state != "cancel"
            )[:1]
            if not move:
                continue
            qty = production.product_uom_id._compute_quantity(
                production.qty_producing or production.product_qty, production.product_id.uom_id
            )
            candidates.append(
                move._qms_inspection_candidate(production.lot_producing_id, False, qty)
            )
        return self.env["qms.inspection"]._qms_sync(candidates, "before")

    def _qms_check_before(self):
        """Refuse to finish an order while a blocking in-process inspection is open or rejected
        (see ``_qms_hold``); True when nothing holds the orders."""
        watched = self.env["qms.control.point"]._qms_picking_type_ids("before")
        productions = self.filtered(lambda p: p.picking_type_id.id in watched)
        if not productions:
            return True
        created = productions._qms_sync_before()
        inspections = (
            self.env["qms.inspection"]
            .sudo()
            .search(
                [
                    ("production_id", "in", productions.ids),
                    ("timing", "=", "before"),
                    ("state", "!=", "cancel"),
                ]
            )
        )
        return productions._qms_hold(created, inspections)
