# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import SpcCommon

CLIENT_ACTION = "quality_core.qms_spc_chart"


@tagged("post_install", "-at_install")
class TestSpcUi(SpcCommon):
    """What the control chart screen reads, and the buttons that open it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bolt = cls.env["product.product"].create({"name": "QMS Bolt", "is_storable": True})
        for value in (74.0, 74.001, 73.999):
            cls._spc_inspection([value])
        cls._spc_inspection([74.0], product=cls.bolt)

    def test_the_screen_lists_tests_products_partners_and_charts(self):
        Test = self.env["qms.test"].with_user(self.inspector)
        tests = {test["id"]: test for test in Test.qms_spc_tests()}
        self.assertIn(self.ring.id, tests)
        self.assertIn(self.test_diameter.id, tests, "every measured test can be charted")
        self.assertNotIn(self.test_visual.id, tests, "a pass/fail test without a chart")
        ring = self.ring.with_user(self.inspector)
        self.assertEqual(
            [(p["id"], p["count"]) for p in ring.qms_spc_products()],
            [(self.product_plain.id, 3), (self.bolt.id, 1)],
        )
        self.assertEqual(
            [p["id"] for p in ring.qms_spc_partners(self.product_plain.id)], self.vendor.ids
        )
        self.assertEqual(len(ring.qms_spc_charts()), 7)
        self.test_visual.spc_chart = "p"
        self.assertEqual(
            [c["id"] for c in self.test_visual.qms_spc_charts()], ["p", "np", "c", "u"]
        )

    def test_forms_open_the_chart_on_their_test_and_product(self):
        action = self.ring.with_user(self.inspector).action_qms_spc_chart()
        self.assertEqual(action["tag"], CLIENT_ACTION)
        self.assertEqual(
            action["params"], {"test_id": self.ring.id, "product_id": self.product_plain.id}
        )
        action = self.bolt.product_tmpl_id.with_user(self.inspector).action_qms_spc_chart()
        self.assertEqual(action["params"], {"test_id": self.ring.id, "product_id": self.bolt.id})
        self.spc_point.product_ids = self.bolt
        action = self.spc_point.action_qms_spc_chart()
        self.assertEqual(action["params"], {"test_id": self.ring.id, "product_id": self.bolt.id})
        line = (
            self.env["qms.inspection.line"]
            .search([("test_id", "=", self.ring.id)], limit=1)
            .with_user(self.inspector)
        )
        action = line.action_qms_spc_chart()
        self.assertEqual(action["params"]["product_id"], line.inspection_id.product_id.id)
        no_data = self.env["product.template"].create({"name": "Never inspected"})
        action = no_data.action_qms_spc_chart()
        self.assertEqual(action["params"], {"product_id": no_data.product_variant_id.id})
