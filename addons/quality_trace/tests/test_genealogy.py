# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import TraceCommon


@tagged("post_install", "-at_install")
class TestGenealogy(TraceCommon):
    """Lot genealogy kept from manufacturing and unbuild orders, and its walks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.steel_1 = cls._lot(cls.steel, "BAR-1", 10)
        cls.steel_2 = cls._lot(cls.steel, "BAR-2", 10)
        cls.env["stock.quant"]._update_available_quantity(cls.screw, cls.stock, 100)

    def _three_levels(self):
        """BAR-1 -> SHAFT-1 -> GEARBOX-1 (with untracked screws)."""
        shaft_order = self._manufacture(
            self.bom_shaft, "SHAFT-1", consume={self.steel: [(self.steel_1, 2)]}
        )
        shaft = shaft_order.lot_producing_id
        gearbox_order = self._manufacture(
            self.bom_gearbox, "GEARBOX-1", consume={self.shaft: [(shaft, 1)]}
        )
        return shaft_order, gearbox_order

    def test_multi_level(self):
        shaft_order, gearbox_order = self._three_levels()
        shaft, gearbox = shaft_order.lot_producing_id, gearbox_order.lot_producing_id
        self.assertEqual(
            self._edges(),
            {
                (self.steel_1.id, None, shaft.id, None, shaft_order.id, None, self.company.id),
                (shaft.id, None, gearbox.id, None, gearbox_order.id, None, self.company.id),
            },
            "the untracked screws, bought, make no link",
        )
        self.assertEqual(
            self._closure(gearbox, "backward"), {gearbox: 0, shaft: 1, self.steel_1: 2}
        )
        self.assertEqual(
            self._closure(self.steel_1, "forward"), {self.steel_1: 0, shaft: 1, gearbox: 2}
        )
        self.assertEqual(self._closure(self.steel_2, "forward"), {self.steel_2: 0})
        self.assertEqual(
            self._closure(self.steel_1 | shaft, "forward"),
            {self.steel_1: 0, shaft: 0, gearbox: 1},
            "each lot at its smallest depth",
        )

    def test_backward_is_the_inverse_of_forward(self):
        shaft_1 = self._manufacture(
            self.bom_shaft,
            "SHAFT-1",
            consume={self.steel: [(self.steel_1, 1), (self.steel_2, 1)]},
        ).lot_producing_id
        shaft_2 = self._manufacture(
            self.bom_shaft, "SHAFT-2", consume={self.steel: [(self.steel_2, 2)]}
        ).lot_producing_id
        gearbox_1 = self._manufacture(
            self.bom_gearbox, "GEARBOX-1", consume={self.shaft: [(shaft_1, 1)]}
        ).lot_producing_id
        gearbox_2 = self._manufacture(
            self.bom_gearbox, "GEARBOX-2", consume={self.shaft: [(shaft_2, 1)]}
        ).lot_producing_id
        lots = self.steel_1 | self.steel_2 | shaft_1 | shaft_2 | gearbox_1 | gearbox_2
        for lot in lots:
            for other, depth in self._closure(lot, "forward").items():
                self.assertEqual(self._closure(other, "backward").get(lot), depth)
            for other, depth in self._closure(lot, "backward").items():
                self.assertEqual(self._closure(other, "forward").get(lot), depth)
        self.assertEqual(
            self._closure(gearbox_2, "backward"), {gearbox_2: 0, shaft_2: 1, self.steel_2: 2}
        )
        self.assertEqual(
            self._closure(self.steel_2, "forward"),
            {self.steel_2: 0, shaft_1: 1, shaft_2: 1, gearbox_1: 2, gearbox_2: 2},
        )

    def test_serial_numbers(self):
        pump = self._product("Trace Pump", tracking="serial")
        bom_pump = self._bom(pump, [(self.shaft, 1)])
        shaft_1 = self._lot(self.shaft, "SHAFT-A", 1)
        shaft_2 = self._lot(self.shaft, "SHAFT-B", 1)
        production = self._production(bom_pump, qty=2)
        production.action_generate_serial()
        self._consume(production, self.shaft, [(shaft_1, 1)])
        action = production.button_mark_done()
        Form.from_action(self.env, action).save().action_backorder()
        backorder = production.procurement_group_id.mrp_production_ids - production
        backorder.action_generate_serial()
        self._consume(backorder, self.shaft, [(shaft_2, 1)])
        backorder.button_mark_done()
        self.assertEqual((production + backorder).mapped("state"), ["done", "done"])
        serial_1, serial_2 = production.lot_producing_id, backorder.lot_producing_id
        self.assertNotEqual(serial_1, serial_2)
        self.assertEqual(self._closure(serial_1, "backward"), {serial_1: 0, shaft_1: 1})
        self.assertEqual(self._closure(serial_2, "backward"), {serial_2: 0, shaft_2: 1})
        self.assertEqual(self._closure(shaft_2, "forward"), {shaft_2: 0, serial_2: 1})

    def test_byproduct_lot_comes_from_the_components(self):
        swarf = self._product("Trace Swarf")
        production = self._manufacture(
            self._bom(self.shaft, [(self.steel, 2)], byproducts=[(swarf, 1)]),
            "SHAFT-1",
            consume={self.steel: [(self.steel_1, 2)]},
            byproducts={swarf: "SWARF-1"},
        )
        shaft = production.lot_producing_id
        swarf_lot = production.move_byproduct_ids.move_line_ids.lot_id
        self.assertEqual(
            self._closure(self.steel_1, "forward"), {self.steel_1: 0, shaft: 1, swarf_lot: 1}
        )
        self.assertEqual(self._closure(swarf_lot, "backward"), {swarf_lot: 0, self.steel_1: 1})
        self.assertEqual(
            self.env["qms.trace.edge"]
            .search([("produced_lot_id", "=", swarf_lot.id)])
            .production_id,
            production,
        )

    def test_unbuild_recovers_components_from_the_finished_lot(self):
        production = self._manufacture(
            self.bom_shaft, "SHAFT-1", consume={self.steel: [(self.steel_1, 2)]}
        )
        shaft = production.lot_producing_id
        unbuild = self._unbuild(production)
        # Odoo links nothing in stock_move_line_consume_rel for an unbuild without by-products.
        self.assertEqual(
            self.env["qms.trace.edge"]
            .search([("unbuild_id", "=", unbuild.id)])
            .mapped(lambda edge: (edge.component_lot_id, edge.produced_lot_id)),
            [(shaft, self.steel_1)],
            "the bars recovered come from the shaft taken apart",
        )
        self.assertEqual(self._closure(shaft, "forward"), {shaft: 0, self.steel_1: 1})
        # The bars went into the shaft and came back out of it: the loop ends.
        self.assertEqual(self._closure(self.steel_1, "forward"), {self.steel_1: 0, shaft: 1})
        self.assertEqual(self._closure(self.steel_1, "backward"), {self.steel_1: 0, shaft: 1})
        # The recovered bars are used again.
        shaft_2 = self._manufacture(
            self.bom_shaft, "SHAFT-2", consume={self.steel: [(self.steel_1, 2)]}
        ).lot_producing_id
        self.assertEqual(self._closure(shaft, "forward"), {shaft: 0, self.steel_1: 1, shaft_2: 2})

    def test_untracked_intermediate_links_through_its_order(self):
        self.env.ref("stock.route_warehouse0_mto").active = True
        routes = self.env.ref("stock.route_warehouse0_mto") | self.env.ref(
            "mrp.route_warehouse0_manufacture"
        )
        housing = self._product("Trace Housing", tracking="none", route_ids=[(6, 0, routes.ids)])
        casing = self._product("Trace Casing")
        self._bom(housing, [(self.steel, 2)])
        bom_casing = self._bom(casing, [(housing, 1)])
        casing_order = self._production(bom_casing)
        housing_order = casing_order._get_children()
        self.assertEqual(len(housing_order), 1, "make to order: the housing is made for the casing")
        self._mark_done(housing_order, consume={self.steel: [(self.steel_1, 2)]})
        casing_order.action_assign()
        casing = self._mark_done(casing_order, "CASING-1").lot_producing_id
        self.assertEqual(
            self._edges(),
            {
                (
                    self.steel_1.id,
                    None,
                    None,
                    housing_order.id,
                    housing_order.id,
                    None,
                    self.company.id,
                ),
                (None, housing_order.id, casing.id, None, casing_order.id, None, self.company.id),
            },
        )
        self.assertEqual(self._closure(self.steel_1, "forward"), {self.steel_1: 0, casing: 2})
        self.assertEqual(self._closure(casing, "backward"), {casing: 0, self.steel_1: 2})
        self.assertEqual(
            set(casing.qms_trace("backward")["productions"]), {casing_order.id, housing_order.id}
        )

    def test_loops_end(self):
        lot_a, lot_b, lot_c = (
            self._lot(self.shaft, name) for name in ("LOOP-A", "LOOP-B", "LOOP-C")
        )
        self.env["qms.trace.edge"].sudo().create(
            [
                {
                    "component_lot_id": component.id,
                    "produced_lot_id": produced.id,
                    "company_id": self.company.id,
                }
                for component, produced in (
                    (lot_a, lot_b),
                    (lot_b, lot_c),
                    (lot_c, lot_a),
                    (lot_b, lot_b),
                )
            ]
        )
        self.assertEqual(self._closure(lot_a, "forward"), {lot_a: 0, lot_b: 1, lot_c: 2})
        self.assertEqual(self._closure(lot_a, "backward"), {lot_a: 0, lot_c: 1, lot_b: 2})

    def test_rebuild_gives_the_maintained_genealogy(self):
        swarf = self._product("Trace Swarf")
        self._three_levels()
        production = self._manufacture(
            self._bom(self.shaft, [(self.steel, 2)], byproducts=[(swarf, 1)]),
            "SHAFT-2",
            consume={self.steel: [(self.steel_2, 2)]},
            byproducts={swarf: "SWARF-1"},
        )
        self._unbuild(production)
        maintained = self._edges()
        self.assertEqual(len(maintained), 6)
        count = self.env["qms.trace.edge"]._qms_rebuild()
        self.assertEqual(self._edges(), maintained)
        self.assertEqual(count, len(maintained))

    def test_lot_corrected_on_a_done_order(self):
        production = self._manufacture(
            self.bom_shaft, "SHAFT-1", consume={self.steel: [(self.steel_1, 2)]}
        )
        shaft = production.lot_producing_id
        production.action_toggle_is_locked()
        production.move_raw_ids.move_line_ids.lot_id = self.steel_2
        self.assertEqual(self._closure(shaft, "backward"), {shaft: 0, self.steel_2: 1})
        self.assertEqual(self._closure(self.steel_1, "forward"), {self.steel_1: 0})

    def test_moving_a_lot_keeps_its_genealogy(self):
        shaft_order, gearbox_order = self._three_levels()
        gearbox = gearbox_order.lot_producing_id
        warehouse_2 = self.env["stock.warehouse"].create({"name": "Trace Depot", "code": "TRD"})
        transfer = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.int_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": warehouse_2.lot_stock_id.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Move to depot",
                            "product_id": self.gearbox.id,
                            "product_uom_qty": 1,
                            "product_uom": self.gearbox.uom_id.id,
                            "location_id": self.stock.id,
                            "location_dest_id": warehouse_2.lot_stock_id.id,
                        },
                    )
                ],
            }
        )
        transfer.action_confirm()
        transfer.action_assign()
        transfer.move_ids.picked = True
        transfer.button_validate()
        self.assertEqual(transfer.move_line_ids.lot_id, gearbox)
        delivery = self._deliver(gearbox, 1, warehouse=warehouse_2)
        self.assertEqual(
            self._closure(self.steel_1, "forward"),
            {self.steel_1: 0, shaft_order.lot_producing_id: 1, gearbox: 2},
        )
        self.assertEqual(self.steel_1.qms_trace("forward")["deliveries"], delivery.ids)

    def test_same_lots_as_odoo_traceability_report(self):
        swarf = self._product("Trace Swarf")
        production = self._manufacture(
            self._bom(self.shaft, [(self.steel, 2)], byproducts=[(swarf, 1)]),
            "SHAFT-1",
            consume={self.steel: [(self.steel_1, 1), (self.steel_2, 1)]},
            byproducts={swarf: "SWARF-1"},
        )
        shaft = production.lot_producing_id
        swarf_lot = production.move_byproduct_ids.move_line_ids.lot_id
        gearbox = self._manufacture(
            self.bom_gearbox, "GEARBOX-1", consume={self.shaft: [(shaft, 1)]}
        ).lot_producing_id
        for lot in (gearbox, shaft, swarf_lot, self.steel_1):
            self.assertEqual(
                set(self._closure(lot, "backward")), self._odoo_report_lots(lot), lot.name
            )

    def _odoo_report_lots(self, lot):
        """Lots of Odoo's traceability report of ``lot``, every line unfolded."""
        report = self.env["stock.traceability.report"].with_context(
            active_id=lot.id, model="stock.lot"
        )
        lines = report.get_lines()
        lots = self.env["stock.lot"]
        unfolded = set()
        while lines:
            line = lines.pop()
            lots |= self.env["stock.lot"].browse(line["lot_id"] or [])
            if line["unfoldable"] and line["model_id"] not in unfolded:
                unfolded.add(line["model_id"])
                lines += report.get_lines(
                    line["id"],
                    model_id=line["model_id"],
                    model_name=line["model"],
                    level=line["level"] + 30,
                )
        return set(lots)

    def test_direction_is_checked(self):
        with self.assertRaisesRegex(UserError, "sideways"):
            self.steel_1._qms_closure("sideways")
