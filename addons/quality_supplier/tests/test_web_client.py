# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged

from odoo.addons.quality_core.tests.common import WebClientCase

from .common import SupplierCommon

ROLES = {
    "supplier engineer": "stock.group_stock_user,quality_supplier.group_qms_supplier_quality",
    "quality manager": "stock.group_stock_user,quality_core.group_qms_manager",
    "buyer": "stock.group_stock_user,purchase.group_purchase_user",
}
# The screens each role reaches from its menus: lists, and the form of the record named.
QUALITY_SCREENS = {
    "quality_supplier.qms_inspection_incoming_action": "inspection",
    "quality_supplier.qms_supplier_scorecard_action": "scorecard",
    "quality_supplier.qms_supplier_approval_action": None,
    "quality_supplier.qms_supplier_certificate_action": None,
}
BUYER_SCREENS = {
    "purchase.purchase_form_action": "order",
    "quality_supplier.qms_supplier_scorecard_action": "scorecard",
    "quality_supplier.qms_supplier_approval_action": None,
    "quality_supplier.qms_supplier_certificate_action": None,
}


@tagged("post_install", "-at_install")
class TestSupplierRolesOpenTheirScreens(SupplierCommon, WebClientCase):
    """Supplier quality and purchasing open the suite's screens, accounting installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._purchase([(cls.product_lot, 10)])
        receipt = cls._receive(cls.order, {cls.product_lot: {"LOT-WEB": 10}})
        cls.inspection = receipt.qms_inspection_ids
        cls._reject(cls.inspection)
        cls.env["qms.supplier.scorecard"]._qms_recompute(months=1)
        cls.scorecard = cls.env["qms.supplier.scorecard"].search(
            [("partner_id", "=", cls.vendor.id)], limit=1
        )
        cls.users = {
            role: new_test_user(cls.env, login=f"qms_web_{role.replace(' ', '_')}", groups=groups)
            for role, groups in ROLES.items()
        }

    def test_each_role_opens_its_lists_the_rejected_inspection_its_lot_and_the_order(self):
        self.assertEqual(self.inspection.lot_id.qms_state, "blocked")
        self.assertTrue(self.scorecard)
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.authenticate(user.login, user.login)
                screens = BUYER_SCREENS if role == "buyer" else QUALITY_SCREENS
                for action, record in screens.items():
                    self._web_open(action, res_id=record and getattr(self, record).id)
                if role == "buyer":
                    continue
                lot_action = self._web_call(
                    "qms.inspection", "action_view_lot", [self.inspection.id]
                )
                self._web_open(lot_action)
