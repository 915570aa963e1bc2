# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestQualitySupplierInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menus = cls.env.ref("quality_supplier.quality_supplier_menu") | cls.env.ref(
            "quality_supplier.qms_inspection_incoming_menu"
        )
        cls.action = cls.env.ref("quality_supplier.qms_inspection_incoming_action")
        cls.engineer = new_test_user(
            cls.env,
            login="qms_supplier_engineer",
            groups="quality_supplier.group_qms_supplier_quality",
        )
        cls.quality_manager = new_test_user(
            cls.env, login="qms_supplier_manager", groups="quality_core.group_qms_manager"
        )
        cls.employee = new_test_user(
            cls.env, login="qms_supplier_employee", groups="base.group_user"
        )
        # Can read the menus' model but lacks the module's group.
        cls.quality_user = new_test_user(
            cls.env, login="qms_supplier_quality_user", groups="quality_core.group_qms_user"
        )

    def test_group_implications(self):
        self.assertTrue(self.engineer.has_group("quality_core.group_qms_user"))
        self.assertTrue(
            self.quality_manager.has_group("quality_supplier.group_qms_supplier_quality")
        )
        self.assertFalse(self.employee.has_group("quality_supplier.group_qms_supplier_quality"))

    def test_menu_visibility(self):
        self.assertEqual(self.menus.with_user(self.engineer)._filter_visible_menus(), self.menus)
        self.assertEqual(
            self.menus.with_user(self.quality_manager)._filter_visible_menus(), self.menus
        )
        self.assertFalse(self.menus.with_user(self.employee)._filter_visible_menus())
        # The action menu stays readable, but its parent folder is hidden, so it is unreachable.
        folder = self.env.ref("quality_supplier.quality_supplier_menu")
        self.assertFalse(folder.with_user(self.quality_user)._filter_visible_menus())

    def test_action_lists_receipt_inspections_only(self):
        inspections = (
            self.env[self.action.res_model]
            .with_user(self.engineer)
            .search(safe_eval(self.action.domain))
        )
        self.assertEqual(set(inspections.mapped("picking_type_id.code")) - {"incoming"}, set())
