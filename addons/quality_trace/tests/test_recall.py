# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TraceCommon


@tagged("post_install", "-at_install")
class TestRecall(TraceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = new_test_user(
            cls.env, login="recall_analyst", groups="quality_trace.group_qms_trace_user"
        )
        cls.manager = new_test_user(
            cls.env,
            login="recall_manager",
            groups="quality_core.group_qms_manager,stock.group_stock_manager",
        )
        cls.inspector = new_test_user(
            cls.env, login="recall_inspector", groups="quality_core.group_qms_user"
        )
        cls.env["stock.quant"]._update_available_quantity(cls.screw, cls.stock, 100)

    def _genealogy(self):
        """Bar 1 makes shafts S1 and S2, S1 makes gearbox G1 (shipped); bar 2 makes S3."""
        bar1 = self._lot(self.steel, "BAR-1", 10)
        bar2 = self._lot(self.steel, "BAR-2", 10)
        s1 = self._manufacture(self.bom_shaft, "S1", consume={self.steel: [(bar1, 2)]})
        s2 = self._manufacture(self.bom_shaft, "S2", consume={self.steel: [(bar1, 2)]})
        s3 = self._manufacture(self.bom_shaft, "S3", consume={self.steel: [(bar2, 2)]})
        shafts = s1.lot_producing_id, s2.lot_producing_id, s3.lot_producing_id
        g1 = self._manufacture(self.bom_gearbox, "G1", consume={self.shaft: [(shafts[0], 1)]})
        delivery = self._deliver(g1.lot_producing_id, 1)
        return bar1, bar2, shafts, g1.lot_producing_id, delivery

    def _shaft_delivery(self):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.customer_location.id,
                "partner_id": self.customer.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": self.shaft.name,
                            "product_id": self.shaft.id,
                            "product_uom_qty": 1,
                            "location_id": self.stock.id,
                            "location_dest_id": self.customer_location.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def test_compute_finds_the_stock_and_the_customers_of_the_affected_lots(self):
        bar1, bar2, (s1, s2, s3), g1, delivery = self._genealogy()
        recall = self.env["qms.recall"].with_user(self.analyst).create({"lot_ids": bar1.ids})
        self.assertTrue(recall.action_compute())
        self.assertEqual(recall.state, "computed")
        self.assertEqual(recall.affected_lot_ids, bar1 | s1 | s2 | g1)
        stock = {(line.lot_id, line.location_id): line.quantity for line in recall.stock_line_ids}
        self.assertEqual(stock, {(bar1, self.stock): 6.0, (s2, self.stock): 1.0})
        self.assertEqual(
            [
                (line.partner_id, line.picking_id, line.lot_id, line.quantity)
                for line in recall.delivery_line_ids
            ],
            [(self.customer, delivery, g1, 1.0)],
        )
        self.assertEqual(recall.partner_ids, self.customer)
        self.assertEqual(recall.delivery_ids, delivery)
        self.assertTrue(recall.date_computed)
        self.assertEqual(recall.computed_by_id, self.analyst)

    def test_open_manufacturing_orders_using_an_affected_lot_are_listed(self):
        bar1, *_rest = self._genealogy()
        open_order = self._production(self.bom_shaft)
        self._consume(open_order, self.steel, [(bar1, 2)])
        recall = self.env["qms.recall"].create({"lot_ids": bar1.ids})
        recall.action_compute()
        self.assertEqual(recall.production_ids, open_order)

    def test_quarantine_blocks_exactly_the_affected_stock_and_frees_the_rest(self):
        bar1, bar2, (s1, s2, s3), g1, delivery = self._genealogy()
        reserved = self._shaft_delivery()
        self.assertEqual(reserved.move_ids.move_line_ids.lot_id, s2, "FIFO reserves S2 first")
        recall = self.env["qms.recall"].with_user(self.analyst).create({"lot_ids": bar1.ids})
        recall.action_compute()
        recall.with_user(self.manager).action_quarantine()
        self.assertEqual(recall.state, "quarantined")
        self.assertEqual(recall.quarantined_lot_ids, bar1 | s2)
        self.assertEqual((bar1 | s2).mapped("qms_state"), ["blocked", "blocked"])
        self.assertEqual((bar2 | s3).mapped("qms_state"), ["none", "none"])
        self.assertEqual(s1.qms_state, "none", "consumed lots have nothing left to block")
        self.assertFalse(reserved.move_ids.move_line_ids, "the blocked shaft is unreserved")
        reserved.action_assign()
        self.assertEqual(reserved.move_ids.move_line_ids.lot_id, s3, "the unaffected shaft")

    def test_quarantine_refreshes_the_stock_snapshot(self):
        bar1, _bar2, (_s1, s2, _s3), _g1, _delivery = self._genealogy()
        self._shaft_delivery()
        recall = self.env["qms.recall"].create({"lot_ids": bar1.ids})
        recall.action_compute()
        reserved = recall.stock_line_ids.filtered(lambda line: line.lot_id == s2)
        self.assertEqual(reserved.reserved_quantity, 1.0, "the delivery reserved S2")
        recall.with_user(self.manager).action_quarantine()
        self.assertEqual(
            {
                line.lot_id: (line.location_id, line.quantity, line.reserved_quantity)
                for line in recall.stock_line_ids
            },
            {bar1: (self.stock, 6.0, 0.0), s2: (self.stock, 1.0, 0.0)},
            "the stock as it is now: held, reserved by nothing",
        )
        self.assertEqual(set(recall.stock_line_ids.mapped("lot_qms_state")), {"blocked"})
        self.assertEqual(recall.qty_in_stock, 7.0)

    def test_recall_list_export_is_one_row_per_shipped_lot(self):
        bar1, _bar2, _shafts, g1, delivery = self._genealogy()
        recall = self.env["qms.recall"].create({"lot_ids": bar1.ids})
        recall.action_compute()
        action = recall.action_export_xlsx()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "qms.recall"), ("res_id", "=", recall.id)]
        )
        self.assertIn(str(attachment.id), action["url"])
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(
            rows[0][:5], ("Customer", "Delivery", "Product", "Lot/Serial Number", "Quantity")
        )
        self.assertEqual(
            rows[1][:5],
            (self.customer.display_name, delivery.name, g1.product_id.display_name, "G1", 1),
        )
        self.assertEqual(len(rows), 2)

    def test_recall_report_renders(self):
        bar1, *_rest = self._genealogy()
        recall = self.env["qms.recall"].create({"lot_ids": bar1.ids})
        recall.action_compute()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "quality_trace.report_qms_recall", recall.ids
        )
        self.assertIn(b"G1", html)
        self.assertIn(recall.name.encode(), html)

    def test_only_managers_quarantine_and_inspectors_do_not_start_recalls(self):
        bar1, *_rest = self._genealogy()
        with self.assertRaises(AccessError):
            self.env["qms.recall"].with_user(self.inspector).create({"lot_ids": bar1.ids})
        recall = self.env["qms.recall"].with_user(self.analyst).create({"lot_ids": bar1.ids})
        recall.action_compute()
        with self.assertRaises(AccessError):
            recall.action_quarantine()
        self.assertEqual(bar1.qms_state, "none")
        self.assertEqual(recall.state, "computed")

    def test_quarantine_before_compute_and_compute_after_quarantine_are_refused(self):
        bar1, *_rest = self._genealogy()
        recall = self.env["qms.recall"].create({"lot_ids": bar1.ids})
        with self.assertRaisesRegex(UserError, recall.name):
            recall.action_quarantine()
        recall.action_compute()
        recall.action_quarantine()
        with self.assertRaisesRegex(UserError, recall.name):
            recall.action_compute()

    def test_other_company_does_not_see_the_recall(self):
        bar1, *_rest = self._genealogy()
        recall = self.env["qms.recall"].create({"lot_ids": bar1.ids})
        company_b = self.env["res.company"].create({"name": "Recall Company B"})
        outsider = new_test_user(
            self.env,
            login="recall_outsider",
            groups="quality_trace.group_qms_trace_user",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        self.assertFalse(self.env["qms.recall"].with_user(outsider).search([]))
        self.assertFalse(
            self.env["qms.recall.delivery.line"]
            .with_user(outsider)
            .search([("recall_id", "=", recall.id)])
        )
