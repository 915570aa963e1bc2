# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import xmlrpc.client

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.quality_core.tests.common import audit_pack_evidence

from .common import TraceCommon


@tagged("post_install", "-at_install")
class TestTraceApi(TraceCommon):
    """``stock.lot.qms_trace``: a bar bought on a purchase order, inspected, machined into a
    shaft on a work centre, assembled into a gearbox and delivered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = new_test_user(
            cls.env, login="trace_analyst", groups="quality_trace.group_qms_trace_user"
        )
        cls.operator = new_test_user(cls.env, login="trace_operator", groups="mrp.group_mrp_user")
        cls.vendor_contact = cls.env["res.partner"].create(
            {"name": "Mill Sales Desk", "parent_id": cls.vendor.id}
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Garage Workshop", "parent_id": cls.customer.id}
        )
        # Work orders are a setting of Manufacturing.
        cls.env.user.groups_id |= cls.env.ref("mrp.group_mrp_routings")
        cls.workcenter = cls.env["mrp.workcenter"].create({"name": "Trace Lathe"})
        cls.bom_shaft.operation_ids = [
            (0, 0, {"name": "Turning", "workcenter_id": cls.workcenter.id, "time_cycle": 10})
        ]
        test = cls.env["qms.test"].create({"name": "Trace visual", "test_type": "passfail"})
        cls.env["qms.control.point"].create(
            {
                "name": "Trace incoming bars",
                "picking_type_ids": [(6, 0, cls.warehouse.in_type_id.ids)],
                "product_ids": [(6, 0, cls.steel.ids)],
                "test_ids": [(6, 0, test.ids)],
                "timing": "after",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.screw, cls.stock, 100)

    def _flow(self):
        """Buy, inspect, machine, assemble and deliver; return the documents met."""
        purchase_form = Form(self.env["purchase.order"])
        purchase_form.partner_id = self.vendor_contact
        with purchase_form.order_line.new() as line:
            line.product_id = self.steel
            line.product_qty = 4
        purchase = purchase_form.save()
        purchase.button_confirm()
        receipt = purchase.picking_ids
        receipt.move_ids.move_line_ids.write({"lot_name": "BAR-PO-1", "quantity": 4})
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        bar = receipt.move_line_ids.lot_id
        inspection = bar.qms_inspection_ids
        inspection.line_ids.answer = "pass"
        inspection.action_done()
        self.assertEqual(bar.qms_state, "released")

        shaft_order = self._production(self.bom_shaft)
        shaft_order.workorder_ids.with_user(self.operator).button_start()
        shaft_order = self._mark_done(shaft_order, "SHAFT-1", consume={self.steel: [(bar, 2)]})
        gearbox_order = self._manufacture(
            self.bom_gearbox,
            "GEARBOX-1",
            consume={self.shaft: [(shaft_order.lot_producing_id, 1)]},
        )
        delivery = self._deliver(gearbox_order.lot_producing_id, 1, self.customer_contact)
        return {
            "purchase": purchase,
            "bar": bar,
            "inspection": inspection,
            "shaft_order": shaft_order,
            "gearbox_order": gearbox_order,
            "delivery": delivery,
        }

    def test_the_audit_pack_drills_a_recall_on_the_last_lot_made(self):
        flow = self._flow()
        today = fields.Date.context_today(self.env["qms.audit.pack"])
        pack = (
            self.env["qms.audit.pack"]
            .with_user(self.manager)
            .create({"date_from": today, "date_to": today, "standard": "iatf16949"})
        )
        pack.action_generate()
        section = pack.section_ids.filtered(lambda section: section.clause == "8.5.2")
        self.assertEqual((section.status, section.iatf_clause), ("done", "8.5.2.1"))
        figures = dict(section.figures)
        self.assertEqual(figures["Lot traced"], flow["gearbox_order"].lot_producing_id.name)
        self.assertEqual(figures["Lots upstream"], "2", "the shaft and the bar")
        self.assertEqual(figures["Suppliers found"], "1")
        self.assertEqual(figures["Customers found"], "1")
        self.assertRegex(figures["Backward trace (ms)"], r"^[\d,.]+$")
        lots = audit_pack_evidence(pack, "trace", "Recall Drill Lots")
        self.assertIn(["Backward", 2, "BAR-PO-1", "Trace Steel Bar"], lots)
        documents = audit_pack_evidence(pack, "trace", "Recall Drill Documents")
        self.assertIn(["Backward", "Purchase Order", flow["purchase"].name], documents)
        self.assertIn(["Forward", "Delivery", flow["delivery"].name], documents)

    def test_forward_trace_from_a_supplier_lot(self):
        flow = self._flow()
        shaft_order, gearbox_order = flow["shaft_order"], flow["gearbox_order"]
        result = flow["bar"].with_user(self.analyst).qms_trace("forward")
        self.assertEqual(
            result["lots"],
            [
                {"lot_id": flow["bar"].id, "product_id": self.steel.id, "depth": 0},
                {
                    "lot_id": shaft_order.lot_producing_id.id,
                    "product_id": self.shaft.id,
                    "depth": 1,
                },
                {
                    "lot_id": gearbox_order.lot_producing_id.id,
                    "product_id": self.gearbox.id,
                    "depth": 2,
                },
            ],
        )
        self.assertEqual(result["productions"], (shaft_order | gearbox_order).ids)
        self.assertEqual(result["purchase_orders"], flow["purchase"].ids)
        self.assertEqual(result["suppliers"], self.vendor.ids, "the vendor's company")
        self.assertEqual(result["deliveries"], flow["delivery"].ids)
        self.assertEqual(result["customers"], self.customer.ids, "the customer's company")
        self.assertEqual(result["inspections"], flow["inspection"].ids)
        self.assertEqual(result["workcenters"], self.workcenter.ids)
        self.assertIn(self.operator.id, result["operators"])
        self.assertEqual(result["unbuilds"], [])

    def test_backward_trace_from_a_delivered_lot(self):
        flow = self._flow()
        shaft_order, gearbox_order = flow["shaft_order"], flow["gearbox_order"]
        result = gearbox_order.lot_producing_id.with_user(self.analyst).qms_trace("backward")
        self.assertEqual(
            [(lot["lot_id"], lot["depth"]) for lot in result["lots"]],
            [
                (gearbox_order.lot_producing_id.id, 0),
                (shaft_order.lot_producing_id.id, 1),
                (flow["bar"].id, 2),
            ],
        )
        self.assertEqual(result["productions"], (shaft_order | gearbox_order).ids)
        self.assertEqual(result["purchase_orders"], flow["purchase"].ids)
        self.assertEqual(result["suppliers"], self.vendor.ids)
        self.assertEqual(result["deliveries"], flow["delivery"].ids)
        self.assertEqual(result["customers"], self.customer.ids)
        self.assertEqual(result["inspections"], flow["inspection"].ids)

    def test_trace_lists_only_the_orders_of_the_genealogy(self):
        """Backward, not the other orders using a component; forward, not the order that
        made the lot."""
        flow = self._flow()
        other_shaft_order = self._manufacture(
            self.bom_shaft, "SHAFT-2", consume={self.steel: [(flow["bar"], 2)]}
        )
        shaft = flow["shaft_order"].lot_producing_id
        self.assertEqual(shaft.qms_trace("backward")["productions"], flow["shaft_order"].ids)
        self.assertEqual(shaft.qms_trace("forward")["productions"], flow["gearbox_order"].ids)
        self.assertEqual(
            flow["bar"].qms_trace("forward")["productions"],
            (flow["shaft_order"] | flow["gearbox_order"] | other_shaft_order).ids,
        )

    def test_result_is_plain_data(self):
        flow = self._flow()
        for direction in ("backward", "forward"):
            result = flow["bar"].qms_trace(direction)
            xmlrpc.client.dumps((result,), allow_none=False)
            self.assertEqual(
                set(result),
                {
                    "lots",
                    "productions",
                    "unbuilds",
                    "purchase_orders",
                    "suppliers",
                    "deliveries",
                    "customers",
                    "inspections",
                    "workcenters",
                    "operators",
                }
                # and what the installed modules add through the hook (quality_capa's
                # nonconformities and complaints), lists of ids as well
                | set(self.env["stock.lot"]._qms_trace_extra({}, [])),
            )

    def test_unknown_direction_is_refused(self):
        lot = self._lot(self.steel, "BAR-X")
        with self.assertRaisesRegex(UserError, "BAR-X.*upstream"):
            lot.with_user(self.analyst).qms_trace("upstream")

    def test_quality_users_only(self):
        lot = self._lot(self.steel, "BAR-X")
        storekeeper = new_test_user(
            self.env, login="trace_storekeeper", groups="stock.group_stock_user"
        )
        with self.assertRaisesRegex(AccessError, "BAR-X"):
            lot.with_user(storekeeper).qms_trace("forward")
        self.assertTrue(lot.with_user(self.analyst).qms_trace("forward")["lots"])

    def test_other_company_sees_nothing_of_company_a(self):
        company_b = self.env["res.company"].create({"name": "Trace Company B"})
        warehouse_b = self.env["stock.warehouse"].search([("company_id", "=", company_b.id)])
        analyst_b = new_test_user(
            self.env,
            login="trace_analyst_b",
            groups="quality_trace.group_qms_trace_user",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        # A bar lot shared by both companies (no company) is machined in each.
        shared_bar = self._lot(self.steel, "BAR-SHARED", 2)
        self.assertFalse(shared_bar.company_id)
        self.env["stock.quant"].with_company(company_b)._update_available_quantity(
            self.steel, warehouse_b.lot_stock_id, 2, lot_id=shared_bar
        )
        shaft_a = self._manufacture(
            self.bom_shaft, "SHAFT-A", consume={self.steel: [(shared_bar, 2)]}
        ).lot_producing_id
        bom_b = self._bom(self.shaft, [(self.steel, 2)])
        bom_b.company_id = company_b
        production_b = self._mark_done(
            self._production(bom_b, company=company_b),
            "SHAFT-B",
            consume={self.steel: [(shared_bar, 2)]},
        )
        shaft_b = production_b.lot_producing_id
        self.assertEqual((shaft_a.company_id, shaft_b.company_id), (self.company, company_b))

        result = shared_bar.with_user(analyst_b).qms_trace("forward")
        self.assertEqual([lot["lot_id"] for lot in result["lots"]], [shared_bar.id, shaft_b.id])
        self.assertEqual(result["productions"], production_b.ids)
        with self.assertRaises(AccessError):
            shaft_a.with_user(analyst_b).qms_trace("backward")
        self.assertEqual(
            self.env["qms.trace.edge"].with_user(analyst_b).search([]).production_id,
            production_b,
        )

    def test_rebuild_is_for_quality_managers(self):
        self._flow()
        with self.assertRaises(AccessError):
            self.env["qms.trace.edge"].with_user(self.analyst).action_qms_rebuild()
        manager = new_test_user(
            self.env, login="trace_manager", groups="quality_core.group_qms_manager"
        )
        action = self.env.ref("quality_trace.qms_trace_edge_action_rebuild")
        result = action.with_user(manager).run()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(self.env["qms.trace.edge"].search_count([]), 2)
