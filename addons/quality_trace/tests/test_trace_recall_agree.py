# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo.tests import Form, new_test_user, tagged

from .common import TraceCommon


@tagged("post_install", "-at_install")
class TestTraceRecallAgree(TraceCommon):
    """A trace and a recall of the same lot read one genealogy: they agree lot by lot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = new_test_user(
            cls.env, login="agree_analyst", groups="quality_trace.group_qms_trace_user"
        )
        cls.company_b = cls.env["res.company"].create({"name": "Agree Company B"})
        cls.warehouse_b = cls.env["stock.warehouse"].search([("company_id", "=", cls.company_b.id)])
        cls.customer_2 = cls.env["res.partner"].create({"name": "Agree Fleet", "is_company": True})
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Agree B Dealer", "is_company": True}
        )

    def _return(self, picking, lot, qty):
        """Validate a customer return of ``qty`` of ``lot`` from ``picking``."""
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = qty
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        return self._validate_lot(returned, lot, qty)

    def test_trace_and_recall_agree_on_lots_quantities_and_customers(self):
        # A bar lot shared by both companies: company A machines it into shaft lot S1 (2 units)
        # and ships bars and shafts; the customer sends one shaft back; company B ships bars too.
        bar = self._lot(self.steel, "AGREE-BAR", 10)
        self.env["stock.quant"].with_company(self.company_b)._update_available_quantity(
            self.steel, self.warehouse_b.lot_stock_id, 4, lot_id=bar
        )
        s1 = self._manufacture(
            self.bom_shaft, "AGREE-S1", qty=2, consume={self.steel: [(bar, 4)]}
        ).lot_producing_id
        shaft_delivery = self._deliver(s1, 2)
        shaft_return = self._return(shaft_delivery, s1, 1)
        bar_delivery = self._deliver(bar, 3, customer=self.customer_2)
        delivery_b = self._deliver(bar, 2, customer=self.customer_b, warehouse=self.warehouse_b)
        self.assertEqual(delivery_b.company_id, self.company_b)

        recall = self.env["qms.recall"].create({"lot_ids": bar.ids})
        recall.action_compute()
        result = bar.with_user(self.analyst).qms_trace("forward")
        analyst_bar = bar.with_user(self.analyst)
        action = analyst_bar.env["qms.trace"]._qms_open_trace(analyst_bar, "forward")
        trace = self.env["qms.trace"].browse(action["res_id"])

        # Same lots.
        self.assertEqual(
            {lot["lot_id"] for lot in result["lots"]}, set(recall.affected_lot_ids.ids)
        )
        self.assertEqual(trace.line_ids.lot_id, recall.affected_lot_ids)
        self.assertEqual(recall.affected_lot_ids, bar | s1)

        # Same quantities per lot: shipped (gross), returned and net of the returns.
        recalled = defaultdict(lambda: [0.0, 0.0, 0.0])
        for line in recall.delivery_line_ids:
            totals = recalled[line.lot_id]
            totals[0] += line.quantity
            totals[1] += line.qty_returned
            totals[2] += line.qty_net
        traced = {
            line.lot_id: [line.qty_shipped, line.qty_returned, line.qty_delivered]
            for line in trace.line_ids
        }
        self.assertEqual(dict(recalled), traced)
        self.assertEqual(traced, {bar: [3.0, 0.0, 3.0], s1: [2.0, 1.0, 1.0]})

        # Same deliveries and customers, of company A only; the return counts against the
        # delivery it came back from.
        self.assertEqual(
            [
                (line.partner_id, line.picking_id, line.lot_id, line.quantity, line.qty_returned)
                for line in recall.delivery_line_ids.sorted(lambda line: line.lot_id.name)
            ],
            [
                (self.customer_2, bar_delivery, bar, 3.0, 0.0),
                (self.customer, shaft_delivery, s1, 2.0, 1.0),
            ],
        )
        self.assertNotIn(shaft_return, recall.delivery_ids)
        self.assertEqual(result["deliveries"], recall.delivery_ids.sorted("id").ids)
        self.assertEqual(trace.delivery_ids, recall.delivery_ids)
        self.assertEqual(result["customers"], recall.partner_ids.sorted("id").ids)
        self.assertEqual(trace.customer_ids, recall.partner_ids)
        self.assertNotIn(self.customer_b, recall.partner_ids)
