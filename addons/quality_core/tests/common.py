# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user


class QmsCommon(TransactionCase):
    """Warehouse, lot-tracked products, tests and users shared by the quality tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.type_in = cls.warehouse.in_type_id
        cls.type_out = cls.warehouse.out_type_id
        cls.type_mrp = cls.warehouse.manu_type_id
        cls.vendor = cls.env["res.partner"].create({"name": "QMS Test Vendor"})
        cls.customer = cls.env["res.partner"].create({"name": "QMS Test Customer"})
        cls.category = cls.env["product.category"].create({"name": "QMS Raw Materials"})
        cls.product_lot = cls.env["product.product"].create(
            {
                "name": "QMS Rod",
                "is_storable": True,
                "tracking": "lot",
                "categ_id": cls.category.id,
            }
        )
        cls.product_plain = cls.env["product.product"].create(
            {"name": "QMS Washer", "is_storable": True}
        )
        cls.test_visual = cls.env["qms.test"].create(
            {"name": "Visual check", "test_type": "passfail"}
        )
        cls.test_diameter = cls.env["qms.test"].create(
            {
                "name": "Diameter",
                "test_type": "measure",
                "norm": 10.0,
                "tolerance_min": 9.9,
                "tolerance_max": 10.1,
            }
        )
        cls.inspector = new_test_user(
            cls.env,
            login="qms_inspector",
            groups="stock.group_stock_user,quality_core.group_qms_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="qms_manager",
            groups="stock.group_stock_manager,quality_core.group_qms_manager",
        )

    @classmethod
    def _control_point(cls, picking_type, timing="after", **vals):
        return cls.env["qms.control.point"].create(
            {
                "name": "CP %s %s" % (picking_type.name, timing),
                "picking_type_ids": [(6, 0, picking_type.ids)],
                "test_ids": [(6, 0, (cls.test_visual | cls.test_diameter).ids)],
                "timing": timing,
                **vals,
            }
        )

    def _receipt(self, lines, partner=None):
        """Validate a receipt; ``lines`` are (product, qty) or (product, {lot_name: qty})."""
        picking = self._picking(self.type_in, self.supplier_location, self.stock, lines, partner)
        picking.button_validate()
        return picking

    def _picking(self, picking_type, source, dest, lines, partner=None):
        """A confirmed transfer; lot quantities become move lines (received lots by name)."""
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "partner_id": (partner or self.vendor).id,
            }
        )
        for product, quantities in lines:
            lots = quantities if isinstance(quantities, dict) else {}
            move = self.env["stock.move"].create(
                {
                    "name": product.name,
                    "picking_id": picking.id,
                    "product_id": product.id,
                    "product_uom_qty": sum(lots.values()) if lots else quantities,
                    "product_uom": product.uom_id.id,
                    "location_id": source.id,
                    "location_dest_id": dest.id,
                }
            )
            if lots:
                move._action_confirm()
                move.move_line_ids.unlink()
                self.env["stock.move.line"].create(
                    [
                        {
                            "move_id": move.id,
                            "picking_id": picking.id,
                            "product_id": product.id,
                            "lot_name": lot_name,
                            "quantity": qty,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        }
                        for lot_name, qty in lots.items()
                    ]
                )
        picking.action_confirm()
        return picking

    def _delivery(self, lines, customer=None):
        return self._picking(
            self.type_out, self.stock, self.customer_location, lines, customer or self.customer
        )

    def _record(self, inspection, value=10.0, answer="pass"):
        for line in inspection.line_ids:
            if line.test_type == "measure":
                line.value = value
            else:
                line.answer = answer
