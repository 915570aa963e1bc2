# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import xmlrpc.client

from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from .common import SupplierCommon


@tagged("post_install", "-at_install")
class TestSupplierXmlRpc(HttpCase, SupplierCommon):
    """The supplier methods of the XML-RPC contract, called over a live server."""

    def _call(self, login, model, method, *args, **kwargs):
        db = get_db_name()
        uid = self.xmlrpc_common.authenticate(db, login, login, {})
        self.assertTrue(uid, f"{login} logs in")
        return self.xmlrpc_object.execute_kw(db, uid, login, model, method, list(args), kwargs)

    def test_return_and_payment_release_over_xmlrpc(self):
        order = self._purchase([(self.product_lot, 4)])
        inspection = self._receive(order, {self.product_lot: {"LOT-RPC": 4}}).qms_inspection_ids
        bill = self._bill(order)
        self._reject(inspection)
        # A quality user with no warehouse rights.
        new_test_user(self.env, login="qms_rpc_inspector", groups="quality_core.group_qms_user")
        picking_id = self._call(
            "qms_rpc_inspector", "qms.inspection", "action_qms_return_to_vendor", [inspection.id]
        )
        self.assertEqual(picking_id, inspection.return_picking_id.id)
        with self.assertRaises(xmlrpc.client.Fault) as refusal:
            self._call(
                "qms_accountant", "account.move", "action_qms_release_payment_hold", [bill.id],
                "Pay now",
            )  # fmt: skip
        self.assertIn("Only a Quality Manager", refusal.exception.faultString)
        self.assertIs(
            self._call(
                "qms_manager",
                "account.move",
                "action_qms_release_payment_hold",
                [bill.id],
                "Credit note agreed",
                password="qms_manager",
            ),  # fmt: skip
            True,
        )
        bill.invalidate_recordset()
        self.assertFalse(bill.qms_payment_hold)
        grade = self._call("qms_buyer", "res.partner", "read", [self.vendor.id], ["qms_grade"])
        self.assertIn("qms_grade", grade[0])
