# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged

from odoo.addons.quality_core.tests.common import WebClientCase

from .common import TraceCommon

ROLES = {
    "traceability analyst": "quality_trace.group_qms_trace_user",
    "quality manager": "stock.group_stock_user,quality_core.group_qms_manager",
}
TRACE_DOCUMENTS = (
    "action_open_lots",
    "action_open_productions",
    "action_open_purchase_orders",
    "action_open_suppliers",
    "action_open_deliveries",
    "action_open_customers",
    "action_open_inspections",
)


@tagged("post_install", "-at_install")
class TestTraceRolesOpenTheirScreens(TraceCommon, WebClientCase):
    """Tracing a lot and running a recall open every screen they lead to, accounting installed."""

    def setUp(self):
        super().setUp()
        self.bar = self._lot(self.steel, "BAR-WEB", 10)
        production = self._manufacture(
            self.bom_shaft, "S-WEB", consume={self.steel: [(self.bar, 2)]}
        )
        self.shaft_lot = production.lot_producing_id
        self._deliver(self.shaft_lot, 1)
        self.recall = self.env["qms.recall"].create({"lot_ids": self.bar.ids})
        self.recall.action_compute()
        self.users = {
            role: new_test_user(self.env, login=f"qms_web_{role.replace(' ', '_')}", groups=groups)
            for role, groups in ROLES.items()
        }

    def test_each_role_traces_a_lot_both_ways_and_opens_the_recall(self):
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.authenticate(user.login, user.login)
                self._web_open("quality_trace.stock_lot_trace_action", res_id=self.shaft_lot.id)
                trace_action = self._web_call("stock.lot", "action_qms_trace", self.shaft_lot.ids)
                self._web_open(trace_action)
                trace = trace_action["res_id"]
                self._web_call("qms.trace", "action_trace_forward", [trace])
                self._web_open(trace_action)
                for method in TRACE_DOCUMENTS:
                    self._web_open(self._web_call("qms.trace", method, [trace]))
                self._web_open("quality_trace.qms_recall_action", res_id=self.recall.id)
