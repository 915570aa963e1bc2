# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from ..models import qms_trace
from .common import TraceCommon


@tagged("post_install", "-at_install")
class TestTraceView(TraceCommon):
    """The Traceability view: BAR-1 (stock) makes shafts S1 and S2, BAR-2 (bought and
    inspected) goes into S2 too, both shafts are assembled into gearbox G1, which is shipped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = new_test_user(
            cls.env, login="trace_view_analyst", groups="quality_trace.group_qms_trace_user"
        )
        cls.inspector = new_test_user(
            cls.env,
            login="trace_view_inspector",
            groups="quality_core.group_qms_user,stock.group_stock_user,mrp.group_mrp_user",
        )
        cls.bom_gearbox_pair = cls._bom(cls.gearbox, [(cls.shaft, 2), (cls.screw, 4)])
        test = cls.env["qms.test"].create({"name": "Trace view visual", "test_type": "passfail"})
        cls.env["qms.control.point"].create(
            {
                "name": "Trace view incoming bars",
                "picking_type_ids": [(6, 0, cls.warehouse.in_type_id.ids)],
                "product_ids": [(6, 0, cls.steel.ids)],
                "test_ids": [(6, 0, test.ids)],
                "timing": "after",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.screw, cls.stock, 100)

    def _receive(self, lot_name, qty):
        """Buy ``qty`` steel bars, receive them under ``lot_name`` and pass their inspection."""
        purchase_form = Form(self.env["purchase.order"])
        purchase_form.partner_id = self.vendor
        with purchase_form.order_line.new() as line:
            line.product_id = self.steel
            line.product_qty = qty
        purchase = purchase_form.save()
        purchase.button_confirm()
        receipt = purchase.picking_ids
        receipt.move_ids.move_line_ids.write({"lot_name": lot_name, "quantity": qty})
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        inspection = receipt.move_line_ids.lot_id.qms_inspection_ids
        inspection.line_ids.answer = "pass"
        inspection.action_done()
        return purchase, receipt

    def _genealogy(self):
        bar1 = self._lot(self.steel, "BAR-1", 10)
        purchase, receipt = self._receive("BAR-2", 10)
        bar2 = receipt.move_line_ids.lot_id
        s1_order = self._manufacture(self.bom_shaft, "S1", consume={self.steel: [(bar1, 2)]})
        s2_order = self._manufacture(
            self.bom_shaft, "S2", consume={self.steel: [(bar1, 1), (bar2, 1)]}
        )
        s1, s2 = s1_order.lot_producing_id, s2_order.lot_producing_id
        g1_order = self._manufacture(
            self.bom_gearbox_pair, "G1", consume={self.shaft: [(s1, 1), (s2, 1)]}
        )
        g1 = g1_order.lot_producing_id
        delivery = self._deliver(g1, 1)
        bar1._qms_set_state("blocked", "Cracks found at the mill")
        s1._qms_set_state("pending", "Hardness to check")
        return {
            "bar1": bar1,
            "bar2": bar2,
            "s1": s1,
            "s2": s2,
            "g1": g1,
            "s1_order": s1_order,
            "s2_order": s2_order,
            "g1_order": g1_order,
            "purchase": purchase,
            "receipt": receipt,
            "delivery": delivery,
        }

    def _trace(self, action):
        self.assertEqual(action["res_model"], "qms.trace")
        self.assertEqual(action["type"], "ir.actions.act_window")
        return self.env["qms.trace"].with_user(self.analyst).browse(action["res_id"])

    def _names(self, trace):
        return trace.line_ids.mapped("name")

    def test_tree_lists_the_lots_depth_first_with_their_data(self):
        flow = self._genealogy()
        trace = self._trace(flow["g1"].with_user(self.analyst).action_qms_trace())
        self.assertEqual(trace.direction, "backward")
        self.assertEqual(trace.lot_ids, flow["g1"])
        receipt_origin = "%s / %s" % (flow["purchase"].name, flow["receipt"].name)
        self.assertEqual(
            [
                (
                    line.name,
                    line.depth,
                    line.lot_id,
                    line.product_id,
                    line.qty_on_hand,
                    line.qty_delivered,
                    line.origin,
                    line.qms_state,
                    line.inspection_count,
                )
                for line in trace.line_ids
            ],
            [
                ("G1", 0, flow["g1"], self.gearbox, 0, 1, flow["g1_order"].name, "none", 0),
                ("├ S1", 1, flow["s1"], self.shaft, 0, 0, flow["s1_order"].name, "pending", 0),
                ("│ └ BAR-1", 2, flow["bar1"], self.steel, 7, 0, False, "blocked", 0),
                ("└ S2", 1, flow["s2"], self.shaft, 0, 0, flow["s2_order"].name, "none", 0),
                ("│ └ BAR-2", 2, flow["bar2"], self.steel, 9, 0, receipt_origin, "released", 1),
            ],
            "BAR-1, in both shafts, is listed once, under the first of them",
        )
        self.assertEqual(trace.line_ids.mapped("sequence"), [1, 2, 3, 4, 5])
        line_bar2 = trace.line_ids[4]
        self.assertEqual(
            (line_bar2.purchase_id, line_bar2.receipt_id, line_bar2.production_id),
            (flow["purchase"], flow["receipt"], self.env["mrp.production"]),
        )
        self.assertEqual(trace.line_ids[1].production_id, flow["s1_order"])
        self.assertEqual(
            (
                trace.lot_count,
                trace.production_count,
                trace.purchase_order_count,
                trace.supplier_count,
                trace.delivery_count,
                trace.customer_count,
                trace.inspection_count,
                trace.node_count,
            ),
            (5, 3, 1, 1, 1, 1, 1, 5),
        )
        self.assertFalse(trace.truncated)
        self.assertEqual(trace.display_name, "Backward trace of G1")
        self.assertEqual(
            trace.action_open_deliveries()["domain"], [("id", "in", flow["delivery"].ids)]
        )
        self.assertEqual(
            self.env["res.partner"].search(trace.action_open_suppliers()["domain"]), self.vendor
        )
        productions = trace.action_open_productions()
        self.assertEqual(productions["res_model"], "mrp.production")
        self.assertEqual(
            self.env["mrp.production"].search(productions["domain"]),
            flow["s1_order"] | flow["s2_order"] | flow["g1_order"],
        )

    def test_switching_direction_recomputes_in_place(self):
        flow = self._genealogy()
        trace = self._trace(flow["s2"].with_user(self.analyst).action_qms_trace())
        self.assertEqual(self._names(trace), ["S2", "├ BAR-1", "└ BAR-2"])
        old_lines = trace.line_ids
        self.assertIs(trace.action_trace_forward(), True)
        self.assertEqual(trace.direction, "forward")
        self.assertEqual(self._names(trace), ["S2", "└ G1"])
        self.assertFalse(old_lines.exists(), "the lines of the backward tree are replaced")
        self.assertEqual((trace.delivery_count, trace.purchase_order_count), (1, 0))
        self.assertEqual(trace.display_name, "Forward trace of S2")
        trace.action_trace_backward()
        self.assertEqual(self._names(trace), ["S2", "├ BAR-1", "└ BAR-2"])

    def test_several_start_lots_share_their_components(self):
        flow = self._genealogy()
        trace = (
            self.env["qms.trace"]
            .with_user(self.analyst)
            .create(
                {"lot_ids": [(6, 0, (flow["bar1"] | flow["bar2"]).ids)], "direction": "forward"}
            )
        )
        trace.action_trace_forward()
        self.assertEqual(
            self._names(trace),
            ["BAR-1", "├ S1", "│ └ G1", "└ S2", "BAR-2"],
            "S2 comes from both bars: it is listed once, under BAR-1",
        )
        self.assertEqual(trace.line_ids.mapped("depth"), [0, 1, 2, 1, 0])

    def test_untracked_intermediate_is_a_node_of_its_order(self):
        self.env.ref("stock.route_warehouse0_mto").active = True
        routes = self.env.ref("stock.route_warehouse0_mto") | self.env.ref(
            "mrp.route_warehouse0_manufacture"
        )
        housing = self._product("Trace Housing", tracking="none", route_ids=[(6, 0, routes.ids)])
        casing = self._product("Trace Casing")
        self._bom(housing, [(self.steel, 2)])
        bom_casing = self._bom(casing, [(housing, 1)])
        bar = self._lot(self.steel, "BAR-H", 2)
        casing_order = self._production(bom_casing)
        housing_order = casing_order._get_children()
        self._mark_done(housing_order, consume={self.steel: [(bar, 2)]})
        casing_order.action_assign()
        self._mark_done(casing_order, "CASING-1")
        trace = self._trace(casing_order.with_user(self.analyst).action_qms_trace())
        self.assertEqual(
            [(line.name, line.depth, line.product_id) for line in trace.line_ids],
            [
                ("CASING-1", 0, casing),
                ("└ %s" % housing_order.name, 1, housing),
                ("│ └ BAR-H", 2, self.steel),
            ],
        )
        self.assertEqual(trace.line_ids[1].production_id, housing_order)
        self.assertFalse(trace.line_ids[1].lot_id)
        self.assertEqual(trace.line_ids[1].action_open_node()["res_model"], "mrp.production")

    def test_entry_points_trace_the_right_lots(self):
        flow = self._genealogy()
        from_order = self._trace(flow["g1_order"].with_user(self.analyst).action_qms_trace())
        self.assertEqual((from_order.lot_ids, from_order.direction), (flow["g1"], "backward"))
        from_delivery = self._trace(flow["delivery"].with_user(self.analyst).action_qms_trace())
        self.assertEqual((from_delivery.lot_ids, from_delivery.direction), (flow["g1"], "backward"))
        from_receipt = self._trace(flow["receipt"].with_user(self.analyst).action_qms_trace())
        self.assertEqual((from_receipt.lot_ids, from_receipt.direction), (flow["bar2"], "forward"))
        self.assertEqual(self._names(from_receipt), ["BAR-2", "└ S2", "│ └ G1"])
        action = flow["bar1"].with_user(self.analyst).action_qms_trace()
        self.assertEqual(
            action["views"], [(self.env.ref("quality_trace.qms_trace_view_form").id, "form")]
        )
        self.assertEqual(self._trace(action).lot_ids, flow["bar1"])

    def test_entry_points_without_lots_are_refused(self):
        open_order = self._production(self.bom_shaft)
        with self.assertRaisesRegex(UserError, open_order.name):
            open_order.with_user(self.analyst).action_qms_trace()
        screws = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.customer_location.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": self.screw.name,
                            "product_id": self.screw.id,
                            "product_uom_qty": 4,
                            "location_id": self.stock.id,
                            "location_dest_id": self.customer_location.id,
                        },
                    )
                ],
            }
        )
        with self.assertRaisesRegex(UserError, screws.name):
            screws.with_user(self.analyst).action_qms_trace()
        empty = self.env["qms.trace"].with_user(self.analyst).create({})
        with self.assertRaisesRegex(UserError, "Pick the lots"):
            empty.action_trace_backward()

    def test_xlsx_export_has_one_row_per_node(self):
        flow = self._genealogy()
        trace = self._trace(flow["g1"].with_user(self.analyst).action_qms_trace())
        action = trace.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "qms.trace"), ("res_id", "=", trace.id)]
        )
        self.assertIn("/web/content/%s" % attachment.id, action["url"])
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(
            rows[0],
            (
                "Depth",
                "Tree",
                "Lot/Serial Number",
                "Product",
                "On Hand",
                "Delivered",
                "Unit",
                "Origin",
                "Quality Status",
                "Inspections",
            ),
        )
        self.assertEqual(len(rows), 1 + len(trace.line_ids))
        self.assertEqual([row[1] for row in rows[1:]], self._names(trace))
        self.assertEqual(
            rows[3],
            (2, "│ └ BAR-1", "BAR-1", self.steel.display_name, 7, 0, "Units", None, "Blocked", 0),
        )
        self.assertEqual(rows[5][7], "%s / %s" % (flow["purchase"].name, flow["receipt"].name))

    def test_open_as_list_shows_the_nodes(self):
        flow = self._genealogy()
        trace = self._trace(flow["g1"].with_user(self.analyst).action_qms_trace())
        action = trace.action_open_lines()
        self.assertEqual(action["res_model"], "qms.trace.line")
        lines = self.env["qms.trace.line"].with_user(self.analyst).search(action["domain"])
        self.assertEqual(lines, trace.line_ids)
        groups = (
            self.env["qms.trace.line"]
            .with_user(self.analyst)
            ._read_group(action["domain"], ["qms_state"], ["__count"])
        )
        self.assertEqual(dict(groups), {"none": 2, "pending": 1, "blocked": 1, "released": 1})

    def test_start_recall_from_the_start_lots(self):
        flow = self._genealogy()
        trace = self._trace(flow["bar1"].with_user(self.analyst).action_qms_trace())
        action = trace.action_start_recall()
        recall = self.env["qms.recall"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "qms.recall")
        self.assertEqual(recall.lot_ids, flow["bar1"])
        self.assertEqual(recall.state, "computed")
        self.assertEqual(
            recall.affected_lot_ids, flow["bar1"] | flow["s1"] | flow["s2"] | flow["g1"]
        )
        self.assertEqual(recall.delivery_ids, flow["delivery"])

    def test_long_tree_is_cut_with_a_notice(self):
        flow = self._genealogy()
        with patch.object(qms_trace, "QMS_TRACE_MAX_LINES", 3):
            trace = self._trace(flow["g1"].with_user(self.analyst).action_qms_trace())
        self.assertEqual(self._names(trace), ["G1", "├ S1", "│ └ BAR-1"])
        self.assertEqual((trace.line_count, trace.node_count, trace.lot_count), (3, 5, 5))
        self.assertTrue(trace.truncated)

    def test_views_render(self):
        trace_views = (
            self.env["qms.trace"].with_user(self.analyst).get_views([(False, "form")])["views"]
        )
        self.assertIn("action_trace_forward", trace_views["form"]["arch"])
        line_views = (
            self.env["qms.trace.line"]
            .with_user(self.analyst)
            .get_views([(False, "list"), (False, "form"), (False, "search")])["views"]
        )
        self.assertIn("qms_state", line_views["list"]["arch"])
        for model in ("stock.lot", "mrp.production", "stock.picking"):
            arch = self.env[model].with_user(self.analyst).get_views([(False, "form")])["views"]
            self.assertIn('name="action_qms_trace"', arch["form"]["arch"], model)
            arch = self.env[model].with_user(self.inspector).get_views([(False, "form")])["views"]
            self.assertNotIn('name="action_qms_trace"', arch["form"]["arch"], model)
        menu = self.env.ref("quality_trace.qms_trace_menu")
        self.assertEqual(menu.with_user(self.analyst)._filter_visible_menus(), menu)
        self.assertFalse(menu.with_user(self.inspector)._filter_visible_menus())

    def test_only_traceability_analysts_trace(self):
        flow = self._genealogy()
        with self.assertRaises(AccessError):
            self.env["qms.trace"].with_user(self.inspector).create(
                {"lot_ids": [(6, 0, flow["g1"].ids)]}
            )
        with self.assertRaises(AccessError):
            flow["g1"].with_user(self.inspector).action_qms_trace()
        trace = self._trace(flow["g1"].with_user(self.analyst).action_qms_trace())
        other = new_test_user(
            self.env, login="trace_view_other", groups="quality_trace.group_qms_trace_user"
        )
        self.assertFalse(self.env["qms.trace"].with_user(other).search([("id", "=", trace.id)]))
        with self.assertRaises(AccessError):
            trace.with_user(other).line_ids.mapped("name")
