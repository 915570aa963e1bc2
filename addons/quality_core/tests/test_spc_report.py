# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..report.qms_spc_report import FIGURE_DIGITS
from ..tools import spc_svg
from .common import SpcCommon

PHASE_I = [74.0, 74.002, 73.998, 74.001, 73.999, 74.003, 73.997, 74.0, 74.001, 73.999]
REPORT = "quality_core.action_report_qms_spc"


@tagged("post_install", "-at_install")
class TestSpcReport(SpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ring.name = "Ring <script>alert(1)</script>"
        for value in PHASE_I:
            cls._spc_inspection([value])
        cls.ring.with_user(cls.manager).action_qms_spc_freeze(
            cls.product_plain.id, "imr", "Phase I after the new tooling"
        )
        cls.outlier = cls._spc_inspection([74.03])

    def _html(self, **data):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, self.ring.ids, data={"product_id": self.product_plain.id, **data}
        )
        return html.decode()

    def test_report_shows_the_charts_and_the_figures(self):
        data = self.ring.qms_spc_data(self.product_plain.id)
        self.assertEqual(data["violations"][0]["point_indexes"], [10])
        html = self._html(chart="imr", limit=100)
        self.assertEqual(html.count("<svg "), 3, "control chart, moving ranges, histogram")
        self.assertIn('class="point flagged"', html)
        self.assertEqual(html.count('class="point flagged"'), 1)
        self.assertIn('class="normal"', html, "the fitted normal curve")
        self.assertIn("QMS Washer", html)
        self.assertIn("Individuals and moving range (I-MR)", html)
        self.assertIn("Moving range (MR)", html)
        for key in ("cp", "cpk", "pp", "ppk", "sigma_within", "sigma_overall"):
            self.assertIn(
                f'data-figure="{key}">{spc_svg.format_value(data[key], FIGURE_DIGITS[key])}<',
                html,
                key,
            )
        self.assertIn(f'data-figure="mean">{spc_svg.format_value(data["mean"])}<', html)
        self.assertIn("N1", html)
        self.assertIn(data["violations"][0]["label"], html)
        self.assertIn('<td class="o_qms_spc_point_count">11</td>', html)
        self.assertIn("Frozen on", html)
        self.assertNotIn("<script>alert(1)</script>", html, "the test name is escaped")
        self.assertIn("&lt;script&gt;", html)

    def test_attribute_chart_has_no_companion_nor_histogram(self):
        html = self._html(chart="p")
        self.assertEqual(html.count("<svg "), 1)
        self.assertIn("Proportion defective (p)", html)

    def test_wizard_prints_the_chosen_product_and_chart(self):
        wizard = Form(
            self.env["qms.spc.report.wizard"]
            .with_user(self.inspector)
            .with_context(active_model="qms.test", active_id=self.ring.id)
        )
        self.assertEqual(wizard.chart, "imr", "the chart of the test")
        wizard.product_id = self.product_plain
        wizard.limit = 5
        action = wizard.save().action_print()
        self.assertEqual(action["report_name"], "quality_core.report_qms_spc")
        self.assertEqual(action["context"]["active_ids"], self.ring.ids)
        self.assertEqual(action["data"]["limit"], 5)
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.inspector)
            ._render_qweb_html(REPORT, self.ring.ids, data=action["data"])
        )
        self.assertIn('<td class="o_qms_spc_point_count">5</td>', html.decode())

    def test_a_test_without_inspections_is_refused(self):
        with self.assertRefused(UserError, "has no decided inspection"):
            self.env["ir.actions.report"]._render_qweb_html(REPORT, self.test_diameter.ids)
