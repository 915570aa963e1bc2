# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .qms_nonconformity import DISPOSITIONS


class QmsNonconformityDisposition(models.Model):
    """What is done with part of a nonconformity's quantity, and the document that does it."""

    _name = "qms.nonconformity.disposition"
    _description = "Nonconformity Disposition"
    _inherit = ["qms.protected.mixin"]
    _order = "nonconformity_id, id"
    _qms_protected_fields = frozenset(
        {"state", "document_ref", "scrap_id", "production_id", "unbuild_id", "picking_id", "cost"}
    )

    nonconformity_id = fields.Many2one(
        "qms.nonconformity", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="nonconformity_id.company_id", store=True)
    disposition = fields.Selection(DISPOSITIONS, required=True)
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", required=True)
    state = fields.Selection(
        [("todo", "To Apply"), ("progress", "In Progress"), ("done", "Done")],
        default="todo",
        required=True,
        readonly=True,
    )
    document_ref = fields.Reference(
        selection=[
            ("stock.scrap", "Scrap Order"),
            ("mrp.production", "Manufacturing Order"),
            ("stock.picking", "Transfer"),
            ("qms.inspection", "Inspection"),
            ("stock.lot", "Lot"),
            ("qms.nonconformity", "Nonconformity"),
        ],
        string="Document",
        readonly=True,
    )
    scrap_id = fields.Many2one("stock.scrap", readonly=True, index="btree_not_null")
    production_id = fields.Many2one(
        "mrp.production", string="Rework Order", readonly=True, index="btree_not_null"
    )
    unbuild_id = fields.Many2one(
        "mrp.unbuild",
        string="Unbuild Order",
        readonly=True,
        index="btree_not_null",
        help="A rework by unbuilding and rebuilding: the unbuild order that took the goods apart "
        "before the rework order built them again.",
    )
    picking_id = fields.Many2one(
        "stock.picking", string="Return", readonly=True, index="btree_not_null"
    )
    currency_id = fields.Many2one(related="nonconformity_id.currency_id")
    cost = fields.Monetary(readonly=True)

    @api.depends("disposition", "qty", "nonconformity_id.product_uom_id")
    def _compute_display_name(self):
        labels = dict(self._fields["disposition"]._description_selection(self.env))
        for line in self:
            line.display_name = "%s %s %s" % (
                labels.get(line.disposition, ""),
                line.qty,
                line.nonconformity_id.product_uom_id.name or "",
            )

    @api.constrains("qty")
    def _check_qty(self):
        for line in self:
            if line.qty <= 0:
                raise ValidationError(
                    self.env._(
                        "%(ncr)s: a disposition applies to a positive quantity, not %(qty)s.",
                        ncr=line.nonconformity_id.name,
                        qty=line.qty,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.nonconformity_id._qms_check_dispositions_editable()
        return lines

    def _qms_check_write(self, vals):
        applied = self.filtered("document_ref")
        if applied:
            raise UserError(
                self.env._(
                    "%(ncr)s: applied dispositions can't be changed (%(lines)s).",
                    ncr=", ".join(applied.nonconformity_id.mapped("name")),
                    lines=", ".join(applied.mapped("display_name")),
                )
            )
        self.nonconformity_id._qms_check_dispositions_editable()
        return super()._qms_check_write(vals)

    def write(self, vals):
        res = super().write(vals)
        if "nonconformity_id" in vals:  # moved to another nonconformity: it must take it
            self.nonconformity_id._qms_check_dispositions_editable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_not_applied(self):
        applied = self.filtered("document_ref")
        if applied:
            raise UserError(
                self.env._(
                    "%(ncr)s: applied dispositions can't be deleted (%(lines)s).",
                    ncr=", ".join(applied.nonconformity_id.mapped("name")),
                    lines=", ".join(applied.mapped("display_name")),
                )
            )

    def _qms_actions_hint(self):
        return self.env._("Apply Dispositions on the nonconformity")

    # ------------------------------------------------------------------
    # Applying
    # ------------------------------------------------------------------
    def _qms_apply(self, password):
        """Create (and where it is immediate, validate) the document of this disposition.

        Runs as superuser after the manager's checks and signature: a Quality Manager scraps,
        reworks and returns without having to be a warehouse or manufacturing user.
        """
        self.ensure_one()
        apply = {
            "scrap": self._qms_apply_scrap,
            "rework": self._qms_apply_rework,
            "return": self._qms_apply_return,
            "use_as_is": self._qms_apply_concession,
            "repair": self._qms_apply_concession,
        }[self.disposition]
        if self.disposition in ("use_as_is", "repair"):
            vals = apply(password)
        else:
            vals = apply()
        record = vals.pop("document")
        self._qms_write({"document_ref": "%s,%s" % (record._name, record.id), **vals})
        return {"model": record._name, "id": record.id}

    def _qms_goods_location(self):
        """The internal location holding the most of the nonconformity's lot (or product)."""
        ncr = self.nonconformity_id
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("product_id", "=", ncr.product_id.id),
                    ("lot_id", "=", ncr.lot_id.id),
                    ("location_id.usage", "=", "internal"),
                    ("company_id", "=", ncr.company_id.id),
                    ("quantity", ">", 0),
                ]
            )
        )
        production = ncr.production_id
        if not quants and production.state not in (False, "done", "cancel"):
            if ncr.product_id in production.move_finished_ids.product_id:
                raise UserError(
                    self.env._(
                        "%(ncr)s: %(what)s is still being made by %(production)s. Mark the order "
                        "done, then apply the disposition (%(disposition)s): the goods are in "
                        "stock then.",
                        ncr=ncr.name,
                        what=ncr.lot_id.display_name or ncr.product_id.display_name,
                        production=production.name,
                        disposition=self.display_name,
                    )
                )
        if not quants:
            raise UserError(
                self.env._(
                    "%(ncr)s: there is no %(what)s in stock to %(disposition)s.",
                    ncr=ncr.name,
                    what=ncr.lot_id.display_name or ncr.product_id.display_name,
                    disposition=self.display_name,
                )
            )
        return max(quants, key=lambda quant: (quant.quantity, -quant.id)).location_id

    def _qms_unit_cost(self):
        return self.nonconformity_id.product_id.sudo().with_company(self.company_id).standard_price

    def _qms_apply_scrap(self):
        """A validated scrap order of the lot and quantity (the order's scrap on an MO)."""
        ncr = self.nonconformity_id
        production = ncr.production_id.sudo()
        location = self._qms_goods_location()
        vals = {
            "product_id": ncr.product_id.id,
            "product_uom_id": ncr.product_id.uom_id.id,
            "lot_id": ncr.lot_id.id,
            "scrap_qty": self.qty,
            "location_id": location.id,
            "company_id": ncr.company_id.id,
            "origin": ncr.name,
        }
        replenish = production and production.state not in ("done", "cancel")
        if replenish:
            # Odoo's scrap from the order: the order's material needs follow.
            vals["production_id"] = production.id
        scrap = self.env["stock.scrap"].sudo().with_company(ncr.company_id).create(vals)
        result = scrap.action_validate()
        if result is not True and scrap.state != "done":
            raise UserError(
                self.env._(
                    "%(ncr)s: %(qty)s %(unit)s of %(what)s are not available in %(location)s "
                    "to scrap.",
                    ncr=ncr.name,
                    qty=self.qty,
                    unit=ncr.product_uom_id.name,
                    what=ncr.lot_id.display_name or ncr.product_id.display_name,
                    location=location.display_name,
                )
            )
        if replenish:
            self._qms_replenish(scrap, production)
        value = self._qms_scrapped_value(scrap)
        return {"document": scrap, "scrap_id": scrap.id, "state": "done", "cost": value}

    def _qms_replenish(self, scrap, production):
        """Odoo's replenishment of what was scrapped from an order, as the scrap's *Replenish
        Quantities* runs it. Where Odoo can't (no route, no vendor price), the bad goods are
        scrapped all the same: the reason goes to the nonconformity and the order, with an
        activity for the order's responsible to replenish by hand."""
        try:
            with self.env.cr.savepoint():
                scrap.do_replenish()
                scrap.should_replenish = True
        except UserError as error:
            message = self.env._(
                "%(scrap)s: the scrapped %(qty)s %(unit)s of %(product)s were not replenished: "
                "%(reason)s",
                scrap=scrap.name,
                qty=scrap.scrap_qty,
                unit=scrap.product_uom_id.name,
                product=scrap.product_id.display_name,
                reason=error.args[0],
            )
            self.nonconformity_id.message_post(body=message)
            production.message_post(body=message)
            production.activity_schedule(
                "mail.mail_activity_data_warning",
                summary=self.env._("Replenish what quality scrapped"),
                note=message,
                user_id=(production.user_id or self.env.user).id,
            )

    def _qms_scrapped_value(self, scrap):
        """Odoo's valuation of the scrap when stock_account is installed, else the cost."""
        moves = scrap.move_ids
        if "stock_valuation_layer_ids" in moves._fields and moves.stock_valuation_layer_ids:
            return abs(sum(moves.stock_valuation_layer_ids.mapped("value")))
        return self.qty * self._qms_unit_cost()

    def _qms_rework_picking_type(self, location):
        warehouse = location.warehouse_id
        picking_type = warehouse.manu_type_id
        if not picking_type:
            raise UserError(
                self.env._(
                    "%(ncr)s: warehouse %(warehouse)s has no manufacturing operation type for "
                    "the rework order.",
                    ncr=self.nonconformity_id.name,
                    warehouse=warehouse.display_name or location.display_name,
                )
            )
        return picking_type

    def _qms_apply_rework(self):
        """A confirmed rework order: it takes the nonconforming lot and gives it back reworked.

        The order's components hold the lot itself (reserved by hand: the lot is on hold);
        more components and operations may be added before it is done. Once done, the lot is
        inspected again (``_qms_rework_done``). Where the product's bill of materials says
        so, the lot is unbuilt and rebuilt instead (``_qms_apply_rebuild``).
        """
        ncr = self.nonconformity_id
        bom = (
            self.env["mrp.bom"]
            .sudo()
            ._bom_find(ncr.product_id, company_id=ncr.company_id.id, bom_type="normal")
            .get(ncr.product_id)
        )
        if bom and bom.qms_rework_method == "unbuild":
            return self._qms_apply_rebuild(bom)
        location = self._qms_goods_location()
        picking_type = self._qms_rework_picking_type(location)
        product = ncr.product_id
        production_location = product.with_company(ncr.company_id).property_stock_production
        Production = self.env["mrp.production"].sudo().with_company(ncr.company_id)
        production = Production.create(
            {
                "product_id": product.id,
                "product_qty": self.qty,
                "product_uom_id": product.uom_id.id,
                "bom_id": False,
                "picking_type_id": picking_type.id,
                "location_src_id": location.id,
                "location_dest_id": location.id,
                "origin": ncr.name,
                "company_id": ncr.company_id.id,
                "qms_nonconformity_id": ncr.id,
                "move_raw_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": self.qty,
                            "product_uom": product.uom_id.id,
                            "location_id": location.id,
                            "location_dest_id": production_location.id,
                        }
                    )
                ],
            }
        )
        production.action_confirm()
        if ncr.lot_id:
            production.lot_producing_id = ncr.lot_id
            move = production.move_raw_ids
            move.move_line_ids.unlink()
            self.env["stock.move.line"].sudo().create(
                {
                    "move_id": move.id,
                    "product_id": product.id,
                    "lot_id": ncr.lot_id.id,
                    "quantity": self.qty,
                    "product_uom_id": product.uom_id.id,
                    "location_id": location.id,
                    "location_dest_id": production_location.id,
                }
            )
        return {"document": production, "production_id": production.id, "state": "progress"}

    def _qms_apply_rebuild(self, bom):
        """Odoo's unbuild order of the lot and quantity (its components back in stock with
        their lots, from the order that made the lot), then a confirmed manufacturing order by
        ``bom`` that builds the same lot again; once done, the lot is inspected again."""
        ncr = self.nonconformity_id
        product = ncr.product_id
        location = self._qms_goods_location()
        picking_type = self._qms_rework_picking_type(location)
        made_by = (
            self.env["mrp.production"]
            .sudo()
            .search(
                [
                    ("product_id", "=", product.id),
                    ("lot_producing_id", "=", ncr.lot_id.id),
                    ("state", "=", "done"),
                    ("company_id", "=", ncr.company_id.id),
                ],
                order="date_finished desc, id desc",
                limit=1,
            )
            if ncr.lot_id
            else self.env["mrp.production"]
        )
        tracked = bom.bom_line_ids.product_id.filtered(lambda p: p.tracking != "none")
        if tracked and not made_by:
            raise UserError(
                self.env._(
                    "%(ncr)s: %(what)s can't be unbuilt: no done manufacturing order made it, and "
                    "its components %(components)s are tracked by lot. Rework it with a rework "
                    "order (Rework Method of bill of materials %(bom)s).",
                    ncr=ncr.name,
                    what=ncr.lot_id.display_name or product.display_name,
                    components=", ".join(tracked.mapped("display_name")),
                    bom=bom.display_name,
                )
            )
        Unbuild = self.env["mrp.unbuild"].sudo().with_company(ncr.company_id)
        unbuild = Unbuild.create(
            {
                "product_id": product.id,
                "product_qty": self.qty,
                "product_uom_id": product.uom_id.id,
                "bom_id": (made_by.bom_id or bom).id,
                "mo_id": made_by.id,
                "lot_id": ncr.lot_id.id,
                "location_id": location.id,
                "location_dest_id": location.id,
                "company_id": ncr.company_id.id,
                "qms_nonconformity_id": ncr.id,
            }
        )
        unbuild.action_unbuild()
        Production = self.env["mrp.production"].sudo().with_company(ncr.company_id)
        production = Production.create(
            {
                "product_id": product.id,
                "product_qty": self.qty,
                "product_uom_id": product.uom_id.id,
                "bom_id": bom.id,
                "picking_type_id": picking_type.id,
                "location_src_id": location.id,
                "location_dest_id": location.id,
                "origin": "%s, %s" % (ncr.name, unbuild.name),
                "company_id": ncr.company_id.id,
                "qms_nonconformity_id": ncr.id,
            }
        )
        production.action_confirm()
        if ncr.lot_id:
            production.lot_producing_id = ncr.lot_id
        return {
            "document": production,
            "production_id": production.id,
            "unbuild_id": unbuild.id,
            "state": "progress",
        }

    def _qms_rework_done(self):
        """The rework order is done: its cost is known and its output is inspected again."""
        for line in self:
            production = line.production_id.sudo()
            line._qms_write({"state": "done", "cost": line._qms_rework_cost(production)})
            ncr = line.nonconformity_id
            inspection = ncr.inspection_id.sudo()
            if inspection and inspection.state == "done":
                reason = self.env._(
                    "Reworked by %(production)s (%(ncr)s)", production=production.name, ncr=ncr.name
                )
                # A control point on the rework order's operation inspects its output already:
                # that inspection replaces the rejected one rather than a second one.
                inspecting = production.qms_inspection_ids.filtered(
                    lambda i, lot=ncr.lot_id: i.state == "todo" and i.lot_id == lot
                )
                if inspecting:
                    inspection.action_cancel(
                        self.env._(
                            "%(reason)s, inspected again by %(inspections)s",
                            reason=reason,
                            inspections=", ".join(inspecting.mapped("name")),
                        )
                    )
                else:
                    inspection.action_reinspect(reason)
            ncr._qms_update_costs()
            ncr.message_post(
                body=self.env._(
                    "Rework order %(production)s is done; the lot is inspected again before "
                    "release.",
                    production=production.name,
                )
            )

    def _qms_rework_cost(self, production):
        """Components other than the reworked goods, less those the unbuild gave back (they
        are built in again), and work-center time."""
        reworked = self.nonconformity_id.product_id

        def value(moves):
            return sum(
                move.quantity * move.product_id.with_company(production.company_id).standard_price
                for move in moves
                if move.state == "done" and move.product_id != reworked
            )

        material = value(production.move_raw_ids) - value(self.unbuild_id.sudo().produce_line_ids)
        labour = sum(
            workorder.duration / 60.0 * workorder.workcenter_id.costs_hour
            for workorder in production.workorder_ids
        )
        return material + labour

    def _qms_apply_return(self):
        """The vendor return of the rejected lot, through quality_supplier's loop."""
        ncr = self.nonconformity_id
        inspection = ncr.inspection_id.sudo()
        if "action_qms_return_to_vendor" not in dir(inspection) or not inspection:
            raise UserError(
                self.env._(
                    "%(ncr)s: returning goods to the vendor goes through the incoming "
                    "inspection of their receipt (Quality Supplier); this nonconformity has "
                    "none.",
                    ncr=ncr.name,
                )
            )
        picking = self.env["stock.picking"].sudo().browse(inspection.action_qms_return_to_vendor())
        return {
            "document": picking,
            "picking_id": picking.id,
            "state": "done",
            "cost": self.qty * self._qms_purchase_price(inspection),
        }

    def _qms_purchase_price(self, inspection):
        """The unit price paid for the returned goods (the cost when no order says)."""
        line = inspection["purchase_line_id"] if "purchase_line_id" in inspection._fields else False
        if not line:
            return self._qms_unit_cost()
        company = self.company_id
        return line.currency_id._convert(
            line.price_unit, company.currency_id, company, fields.Date.context_today(self)
        )

    def _qms_apply_concession(self, password):
        """Use as is / repair: a signed concession on the inspection, or the lot released."""
        ncr = self.nonconformity_id
        labels = dict(self._fields["disposition"]._description_selection(self.env))
        reason = self.env._(
            "%(disposition)s (%(ncr)s): %(note)s",
            disposition=labels[self.disposition],
            ncr=ncr.name,
            note=ncr.disposition_note or "-",
        )
        inspection = ncr.inspection_id
        if inspection and inspection.state == "done" and inspection.decision == "reject":
            inspection.action_concession(reason, password=password)
            return {"document": inspection, "state": "done"}
        if ncr.lot_id and ncr.lot_id.qms_state in ("pending", "blocked"):
            ncr.lot_id.action_qms_release(reason, password=password)
        return {"document": ncr.lot_id or ncr, "state": "done"}
