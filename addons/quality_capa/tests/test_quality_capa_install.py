# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestQualityCapaInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menus = cls.env.ref("quality_capa.quality_capa_menu") | cls.env.ref(
            "quality_capa.qms_inspection_failed_menu"
        )
        cls.action = cls.env.ref("quality_capa.qms_inspection_failed_action")
        cls.capa_owner = new_test_user(
            cls.env, login="qms_capa_owner", groups="quality_capa.group_qms_capa_user"
        )
        cls.quality_manager = new_test_user(
            cls.env, login="qms_capa_manager", groups="quality_core.group_qms_manager"
        )
        cls.employee = new_test_user(cls.env, login="qms_capa_employee", groups="base.group_user")
        # Can read the menus' model but lacks the module's group.
        cls.quality_user = new_test_user(
            cls.env, login="qms_capa_quality_user", groups="quality_core.group_qms_user"
        )

    def test_group_implications(self):
        self.assertTrue(self.capa_owner.has_group("quality_core.group_qms_user"))
        self.assertTrue(self.quality_manager.has_group("quality_capa.group_qms_capa_user"))
        self.assertFalse(self.employee.has_group("quality_capa.group_qms_capa_user"))

    def test_menu_visibility(self):
        self.assertEqual(self.menus.with_user(self.capa_owner)._filter_visible_menus(), self.menus)
        self.assertEqual(
            self.menus.with_user(self.quality_manager)._filter_visible_menus(), self.menus
        )
        self.assertFalse(self.menus.with_user(self.employee)._filter_visible_menus())
        # The action menu stays readable, but its parent folder is hidden, so it is unreachable.
        folder = self.env.ref("quality_capa.quality_capa_menu")
        self.assertFalse(folder.with_user(self.quality_user)._filter_visible_menus())

    def test_action_lists_failed_inspections_only(self):
        inspections = (
            self.env[self.action.res_model]
            .with_user(self.capa_owner)
            .search(safe_eval(self.action.domain))
        )
        self.assertEqual(set(inspections.mapped("result")) - {"fail"}, set())
