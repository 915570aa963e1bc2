# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SupplierCommon


@tagged("post_install", "-at_install")
class TestDiscontinuedSampling(SupplierCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point.write({"sampling_method": "aql", "aql_switching": True})
        state = cls.env["qms.sampling.state"]._qms_get(cls.point, cls.product_lot, cls.vendor)
        state.write({"severity": "discontinued"})
        cls.state = state

    def _draft_order(self, partner=None):
        return self.env["purchase.order"].create(
            {
                "partner_id": (partner or self.vendor).id,
                "order_line": [
                    Command.create({"product_id": self.product_plain.id, "product_qty": 5}),
                    Command.create({"product_id": self.product_lot.id, "product_qty": 5}),
                ],
            }
        )

    def test_order_is_refused_until_a_manager_resumes(self):
        order = self._draft_order()
        with self.assertRefused(UserError, "QMS Rod from QMS Test Vendor can't be ordered"):
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        # Other vendors are not concerned.
        other = self._draft_order(self.env["res.partner"].create({"name": "Other Vendor"}))
        other.with_user(self.buyer).button_confirm()
        self.assertEqual(other.state, "purchase")
        self.state.with_user(self.manager).action_resume("Supplier's 8D accepted")
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
