# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.quality_core.tests.common import QmsCommon


class SupplierCommon(QmsCommon):
    """Purchase orders, receipts and bills around a control point on receipts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor.email = "quality@vendor.example.com"
        cls.buyer = new_test_user(
            cls.env,
            login="qms_buyer",
            email="buyer@example.com",
            groups="purchase.group_purchase_user",
        )
        # Pays bills and orders goods, but has no quality rights.
        cls.accountant = new_test_user(
            cls.env,
            login="qms_accountant",
            groups="account.group_account_manager,purchase.group_purchase_user",
        )
        cls.point = cls._control_point(cls.type_in, timing="after")

    @classmethod
    def _purchase(cls, lines, partner=None, buyer=None, date_planned=None):
        """A confirmed purchase order of (product, qty) lines at 10.0 each."""
        order = cls.env["purchase.order"].create(
            {
                "partner_id": (partner or cls.vendor).id,
                "user_id": (buyer or cls.buyer).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "price_unit": 10.0,
                            "date_planned": date_planned or fields.Datetime.now(),
                        }
                    )
                    for product, qty in lines
                ],
            }
        )
        order.button_confirm()
        return order

    @classmethod
    def _fill_receipt(cls, order, quantities):
        """Set what arrives on the open receipt of ``order``: {product: {lot_name: qty} or qty}."""
        receipt = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        receipt.ensure_one()
        for move in receipt.move_ids:
            arrived = quantities.get(move.product_id, 0)
            move.move_line_ids.unlink()
            lots = arrived if isinstance(arrived, dict) else {False: arrived}
            cls.env["stock.move.line"].create(
                [
                    {
                        "move_id": move.id,
                        "picking_id": receipt.id,
                        "product_id": move.product_id.id,
                        "lot_name": lot_name,
                        "quantity": qty,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                        "picked": True,
                    }
                    for lot_name, qty in lots.items()
                    if qty
                ]
            )
        return receipt

    @classmethod
    def _receive(cls, order, quantities):
        """Receive everything given in ``quantities`` (the whole order) and validate."""
        receipt = cls._fill_receipt(order, quantities)
        receipt.button_validate()
        return receipt

    @classmethod
    def _bill(cls, order):
        order.action_create_invoice()
        bill = order.invoice_ids.filtered(lambda m: m.state == "draft")
        bill.invoice_date = fields.Date.today()
        bill.action_post()
        return bill

    @classmethod
    def _reject(cls, inspection, user=None):
        return cls._decide(inspection, user or cls.inspector, value=10.5)

    @classmethod
    def _pay(cls, bills, user=None):
        wizard = (
            cls.env["account.payment.register"]
            .with_user(user or cls.accountant)
            .with_context(active_model="account.move", active_ids=bills.ids)
            .create({})
        )
        return wizard._create_payments()
