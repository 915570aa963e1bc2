# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import TraceCommon


@tagged("post_install", "-at_install")
class TestTraceRecallTour(TraceCommon, HttpCase):
    """In a real browser, a quality manager traces a suspect finished lot and quarantines it
    and what was made from it."""

    def test_trace_and_quarantine_tour(self):
        manager = new_test_user(
            self.env,
            login="trace_tour_manager",
            groups="stock.group_stock_manager,stock.group_production_lot,"
            "quality_core.group_qms_manager,quality_trace.group_qms_trace_user",
        )
        bar = self._lot(self.steel, "BAR-TOUR", 10)
        shaft = self._manufacture(
            self.bom_shaft, "S-TOUR", qty=2, consume={self.steel: [(bar, 4)]}
        ).lot_producing_id
        self.env["stock.quant"]._update_available_quantity(self.screw, self.stock, 4)
        gearbox = self._manufacture(
            self.bom_gearbox, "G-TOUR", consume={self.shaft: [(shaft, 1)]}
        ).lot_producing_id
        self.start_tour(
            f"/odoo/action-stock.action_production_lot_form/{shaft.id}",
            "qms_trace_recall_tour",
            login=manager.login,
        )
        recall = self.env["qms.recall"].search([("lot_ids", "=", shaft.id)])
        self.assertEqual(recall.state, "quarantined")
        self.assertEqual(recall.quarantined_by_id, manager)
        self.assertEqual((shaft | gearbox).mapped("qms_state"), ["blocked", "blocked"])
        self.assertEqual(bar.qms_state, "none", "the bar the shaft came from is not recalled")
