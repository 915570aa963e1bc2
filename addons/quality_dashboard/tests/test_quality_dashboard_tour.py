# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestQualityDashboardTour(HttpCase):
    """The Quality dashboard in a real browser: listed under its group, loaded and drawn with
    its scorecards and charts, as a quality user sees it."""

    def test_quality_dashboard_tour(self):
        new_test_user(
            self.env,
            login="qms_dashboard_tour",
            groups="quality_core.group_qms_user",
        )
        scorecards = len(
            [
                figure
                for figure in self.env["spreadsheet.dashboard"]._qms_dashboard_data(
                    self.env["spreadsheet.dashboard"]._qms_dashboard_kpis()
                )["sheets"][0]["figures"]
                if figure["data"]["type"] == "scorecard"
            ]
        )
        self.assertGreaterEqual(scorecards, 2)
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "quality_dashboard_tour",
            login="qms_dashboard_tour",
        )
