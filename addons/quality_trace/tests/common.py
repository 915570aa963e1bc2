# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form

from odoo.addons.quality_core.tests.common import QmsCommon


class TraceCommon(QmsCommon):
    """QmsCommon's company, warehouse, partners and users, plus products, bills of materials
    and helpers to manufacture, unbuild and trace lots."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Three levels: steel bars are machined into shafts, shafts and screws make gearboxes.
        cls.steel = cls._product("Trace Steel Bar")
        cls.screw = cls._product("Trace Screw", tracking="none")
        cls.shaft = cls._product("Trace Shaft")
        cls.gearbox = cls._product("Trace Gearbox")
        cls.bom_shaft = cls._bom(cls.shaft, [(cls.steel, 2)])
        cls.bom_gearbox = cls._bom(cls.gearbox, [(cls.shaft, 1), (cls.screw, 4)])

    @classmethod
    def _product(cls, name, tracking="lot", **vals):
        return cls.env["product.product"].create(
            {"name": name, "is_storable": True, "tracking": tracking, **vals}
        )

    @classmethod
    def _bom(cls, product, components, byproducts=()):
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    (0, 0, {"product_id": component.id, "product_qty": qty})
                    for component, qty in components
                ],
                "byproduct_ids": [
                    (0, 0, {"product_id": byproduct.id, "product_qty": qty})
                    for byproduct, qty in byproducts
                ],
            }
        )

    def _production(self, bom, qty=1, company=None):
        """A confirmed manufacturing order, entered on the form."""
        model = self.env["mrp.production"]
        if company:
            model = model.with_company(company)
        mo_form = Form(model)
        mo_form.product_id = bom.product_tmpl_id.product_variant_id
        mo_form.bom_id = bom
        mo_form.product_qty = qty
        production = mo_form.save()
        production.action_confirm()
        return production

    def _consume(self, production, product, lots):
        """Pick the component lots by hand: ``lots`` is a list of (lot, qty)."""
        move = production.move_raw_ids.filtered(lambda m: m.product_id == product)
        move.move_line_ids.unlink()
        move.move_line_ids = [
            (
                0,
                0,
                {
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "quantity": qty,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                },
            )
            for lot, qty in lots
        ]
        move.picked = True

    def _produce_byproduct(self, production, product, lot_name):
        """Record the lot of a tracked by-product, as the operator does in its operations."""
        move = production.move_byproduct_ids.filtered(lambda m: m.product_id == product)
        lot = self.env["stock.lot"].create(
            {"name": lot_name, "product_id": product.id, "company_id": production.company_id.id}
        )
        move.move_line_ids.unlink()
        move.move_line_ids = [
            (
                0,
                0,
                {
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "quantity": move.product_uom_qty,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                },
            )
        ]
        move.picked = True
        return lot

    def _mark_done(self, production, lot_name=None, consume=None, byproducts=None):
        """Produce the whole order (under lot ``lot_name``) and mark it done.

        ``consume`` maps a component to the (lot, qty) picked by hand, ``byproducts`` a tracked
        by-product to the name of its lot.
        """
        mo_form = Form(production)
        mo_form.qty_producing = production.product_qty
        if lot_name:
            mo_form.lot_producing_id = self.env["stock.lot"].create(
                {
                    "name": lot_name,
                    "product_id": production.product_id.id,
                    "company_id": production.company_id.id,
                }
            )
        production = mo_form.save()
        for product, lots in (consume or {}).items():
            self._consume(production, product, lots)
        for product, byproduct_lot_name in (byproducts or {}).items():
            self._produce_byproduct(production, product, byproduct_lot_name)
        self.assertIs(production.button_mark_done(), True)
        self.assertEqual(production.state, "done")
        return production

    def _manufacture(self, bom, lot_name=None, qty=1, consume=None, byproducts=None):
        """Manufacture ``qty`` of ``bom`` under lot ``lot_name``; return the order."""
        return self._mark_done(self._production(bom, qty), lot_name, consume, byproducts)

    def _unbuild(self, production, qty=1):
        unbuild_form = Form(self.env["mrp.unbuild"])
        unbuild_form.mo_id = production
        unbuild_form.product_qty = qty
        unbuild = unbuild_form.save()
        unbuild.action_unbuild()
        self.assertEqual(unbuild.state, "done")
        return unbuild

    def _deliver(self, lot, qty, customer=None, warehouse=None):
        """Validate a delivery of ``qty`` of ``lot`` to ``customer``."""
        warehouse = warehouse or self.warehouse
        picking = (
            self.env["stock.picking"]
            .with_company(warehouse.company_id)
            .create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": self.customer_location.id,
                    "partner_id": (customer or self.customer).id,
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "name": lot.product_id.name,
                                "product_id": lot.product_id.id,
                                "product_uom_qty": qty,
                                "product_uom": lot.product_id.uom_id.id,
                                "location_id": warehouse.lot_stock_id.id,
                                "location_dest_id": self.customer_location.id,
                            },
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        return self._validate_lot(picking, lot, qty)

    def _validate_lot(self, picking, lot, qty):
        """Validate ``picking`` moving ``qty`` of ``lot``, whatever it had reserved."""
        picking.move_ids.move_line_ids.unlink()
        picking.move_ids.move_line_ids = [
            (
                0,
                0,
                {
                    "product_id": lot.product_id.id,
                    "lot_id": lot.id,
                    "quantity": qty,
                    "location_id": picking.location_id.id,
                    "location_dest_id": picking.location_dest_id.id,
                },
            )
        ]
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _closure(self, lots, direction):
        """``{lot: depth}`` reached from ``lots``."""
        return {
            self.env["stock.lot"].browse(lot_id): depth
            for lot_id, depth in lots._qms_closure(direction)
        }

    def _edges(self):
        """The genealogy as a set of tuples, to compare maintenance with a rebuild."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT component_lot_id, component_production_id, produced_lot_id,
                   produced_production_id, production_id, unbuild_id, company_id
              FROM qms_trace_edge
            """
        )
        return set(self.env.cr.fetchall())
