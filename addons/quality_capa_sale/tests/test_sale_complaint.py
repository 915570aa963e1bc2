# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.quality_capa.tests.test_capa import CapaCommon


@tagged("post_install", "-at_install")
class TestSaleComplaint(CapaCommon):
    """Customer complaints show on the sale order of the goods."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._lot(cls.product_lot, "SO-LOT", qty=10)
        cls.order = cls._sold(cls.customer, 4)
        cls.delivery = cls.order.picking_ids
        cls.delivery.action_assign()
        cls.delivery.move_ids.picked = True
        cls.delivery.button_validate()

    @classmethod
    def _sold(cls, customer, qty):
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [(0, 0, {"product_id": cls.product_lot.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        return order

    def _complaint(self, **vals):
        return (
            self.env["qms.complaint"]
            .with_user(self.owner)
            .create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product_lot.id,
                    "description": "<p>Rods cracked at assembly</p>",
                    **vals,
                }
            )
        )

    def test_a_complaint_on_a_delivery_shows_on_its_sale_order(self):
        self.assertEqual((self.delivery.state, self.delivery.sale_id), ("done", self.order))
        complaint = self._complaint(picking_id=self.delivery.id, lot_id=self.lot.id)
        self.assertEqual(complaint.sale_order_id, self.order)
        order = self.order.with_user(self.owner)
        self.assertEqual(order.qms_complaint_count, 1)
        action = order.action_qms_view_complaints()
        self.assertEqual(self.env["qms.complaint"].search(action["domain"]), complaint)

    def test_a_complaint_filed_from_the_sale_order(self):
        action = self.order.with_user(self.owner).action_qms_view_complaints()
        form = Form(
            self.env["qms.complaint"].with_user(self.owner).with_context(**action["context"])
        )
        self.assertEqual((form.partner_id, form.sale_order_id), (self.customer, self.order))
        form.description = "<p>Wrong length</p>"
        complaint = form.save()
        self.assertEqual(complaint.sale_order_id, self.order)
        self.assertEqual(self.order.with_user(self.owner).qms_complaint_count, 1)

    def test_the_order_must_be_the_customers_and_the_deliverys(self):
        other_customer = self.env["res.partner"].create({"name": "QMS Other Customer"})
        with self.assertRefused(ValidationError, r"is QMS Other Customer's, not"):
            self._complaint(sale_order_id=self._sold(other_customer, 1).id)
        second_order = self._sold(self.customer, 1)
        with self.assertRefused(ValidationError, r"is of sale order %s" % self.order.name):
            self._complaint(picking_id=self.delivery.id, sale_order_id=second_order.id)
        self.assertFalse(self.env["qms.complaint"].search([("partner_id", "=", self.customer.id)]))

    def test_salespeople_outside_quality_see_no_complaint_count(self):
        salesman = new_test_user(
            self.env, login="qms_salesman", groups="sales_team.group_sale_salesman_all_leads"
        )
        self._complaint(picking_id=self.delivery.id)
        order = self.order.with_user(salesman)
        self.assertNotIn("qms_complaint_count", order.fields_get())
        self.assertEqual(order.read(["name"])[0]["name"], self.order.name)
