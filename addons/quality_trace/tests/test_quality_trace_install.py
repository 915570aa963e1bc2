# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestQualityTraceInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menus = cls.env.ref("quality_trace.quality_trace_menu") | cls.env.ref(
            "quality_trace.stock_lot_trace_menu"
        )
        cls.action = cls.env.ref("quality_trace.stock_lot_trace_action")
        cls.analyst = new_test_user(
            cls.env, login="qms_trace_analyst", groups="quality_trace.group_qms_trace_user"
        )
        cls.quality_manager = new_test_user(
            cls.env, login="qms_trace_manager", groups="quality_core.group_qms_manager"
        )
        cls.employee = new_test_user(cls.env, login="qms_trace_employee", groups="base.group_user")
        # Can read the menus' model but lacks the module's group.
        cls.quality_user = new_test_user(
            cls.env,
            login="qms_trace_quality_user",
            groups="quality_core.group_qms_user,stock.group_stock_user",
        )
        product = cls.env["product.product"].create(
            {"name": "Traced Bearing", "is_storable": True, "tracking": "lot"}
        )
        cls.lot = cls.env["stock.lot"].create({"name": "TRACE-0001", "product_id": product.id})

    def test_group_implications(self):
        self.assertTrue(self.analyst.has_group("quality_core.group_qms_user"))
        self.assertTrue(self.analyst.has_group("stock.group_stock_user"))
        self.assertTrue(self.quality_manager.has_group("quality_trace.group_qms_trace_user"))
        self.assertFalse(self.employee.has_group("quality_trace.group_qms_trace_user"))

    def test_menu_visibility(self):
        self.assertEqual(self.menus.with_user(self.analyst)._filter_visible_menus(), self.menus)
        self.assertEqual(
            self.menus.with_user(self.quality_manager)._filter_visible_menus(), self.menus
        )
        self.assertFalse(self.menus.with_user(self.employee)._filter_visible_menus())
        # The action menu stays readable, but its parent folder is hidden, so it is unreachable.
        folder = self.env.ref("quality_trace.quality_trace_menu")
        self.assertFalse(folder.with_user(self.quality_user)._filter_visible_menus())

    def test_analyst_reads_lots(self):
        lots = (
            self.env[self.action.res_model]
            .with_user(self.analyst)
            .search([("name", "=", "TRACE-0001")])
        )
        self.assertEqual(lots, self.lot)
