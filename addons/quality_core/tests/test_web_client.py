# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged

from .common import QmsCommon, WebClientCase

ROLES = {
    "inspector": "stock.group_stock_user,quality_core.group_qms_user",
    "quality manager": "stock.group_stock_user,quality_core.group_qms_manager",
}


@tagged("post_install", "-at_install")
class TestRolesOpenTheirScreens(QmsCommon, WebClientCase):
    """Every role of the suite opens the screens the suite sends it to, accounting installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._control_point(cls.type_in)
        cls.inspection = cls._receipt([(cls.product_lot, {"LOT-WEB": 5})]).qms_inspection_ids
        cls.users = {
            role: new_test_user(cls.env, login=f"qms_web_{role.replace(' ', '_')}", groups=groups)
            for role, groups in ROLES.items()
        }

    def test_each_role_opens_the_lot_from_the_inspection_and_the_lots_on_hold(self):
        self.assertEqual(self.inspection.lot_id.qms_state, "pending")
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.authenticate(user.login, user.login)
                self._web_open("quality_core.qms_inspection_action", res_id=self.inspection.id)
                lot_action = self._web_call(
                    "qms.inspection", "action_view_lot", [self.inspection.id]
                )
                self._web_open(lot_action)
                self._web_open("quality_core.stock_lot_action_qms_hold", self.inspection.lot_id.id)
