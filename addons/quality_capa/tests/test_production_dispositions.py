# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_nonconformity import NonconformityCommon


@tagged("post_install", "-at_install")
class TestReworkByRebuild(NonconformityCommon):
    """Where the bill of materials says so, rework unbuilds the lot and builds it again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_shaft = cls.env["product.product"].create(
            {"name": "QMS Shaft", "is_storable": True, "tracking": "lot", "standard_price": 20.0}
        )
        cls.bom_shaft = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product_shaft.product_tmpl_id.id,
                "product_qty": 1,
                "qms_rework_method": "unbuild",
                "bom_line_ids": [(0, 0, {"product_id": cls.product_lot.id, "product_qty": 2})],
            }
        )
        cls.rod = cls._lot(cls.product_lot, "ROD-1", qty=10)
        cls.final_point = cls._control_point(
            cls.type_mrp, product_ids=[(6, 0, cls.product_shaft.ids)]
        )

    def _manufacture(self, qty, lot_name):
        mo_form = Form(self.env["mrp.production"])
        mo_form.product_id = self.product_shaft
        mo_form.bom_id = self.bom_shaft
        mo_form.product_qty = qty
        production = mo_form.save()
        production.action_confirm()
        mo_form = Form(production)
        mo_form.qty_producing = qty
        mo_form.lot_producing_id = self.env["stock.lot"].create(
            {"name": lot_name, "product_id": self.product_shaft.id}
        )
        production = mo_form.save()
        production.move_raw_ids.picked = True
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        return production

    def test_rework_unbuilds_the_lot_and_builds_it_again(self):
        made = self._manufacture(3, "SHAFT-1")
        lot = made.lot_producing_id
        inspection = self._decide(made.qms_inspection_ids, self.inspector, value=10.5)
        self.assertEqual((inspection.decision, lot.qms_state), ("reject", "blocked"))
        ncr = inspection.nonconformity_ids
        ncr.disposition_line_ids = [(0, 0, {"disposition": "rework", "qty": 3})]
        result = self._apply(ncr)

        line = ncr.disposition_line_ids
        unbuild = line.unbuild_id
        self.assertEqual(
            (unbuild.state, unbuild.mo_id, unbuild.lot_id, unbuild.product_qty),
            ("done", made, lot, 3),
        )
        self.assertEqual(unbuild.qms_nonconformity_id, ncr)
        self.assertEqual(self._on_hand(self.product_shaft, self.stock, lot), 0)
        self.assertEqual(
            self._on_hand(self.product_lot, self.stock, self.rod), 10, "the rods are back"
        )
        rebuild = self.env["mrp.production"].browse(result["documents"][0]["id"])
        self.assertEqual(line.production_id, rebuild)
        self.assertEqual(
            (rebuild.state, rebuild.bom_id, rebuild.product_qty, rebuild.lot_producing_id),
            ("confirmed", self.bom_shaft, 3, lot),
        )
        self.assertEqual((rebuild.qms_nonconformity_id, line.state), (ncr, "progress"))

        # Built again with the same rods: the lot comes back, held until inspected again.
        rebuild.move_raw_ids.picked = True
        Form(rebuild).save()
        rebuild.qty_producing = 3
        self.assertIs(rebuild.button_mark_done(), True)
        self.assertEqual(self._on_hand(self.product_shaft, self.stock, lot), 3)
        self.assertEqual(line.state, "done")
        self.assertEqual(line.cost, 0.0, "the rods taken out are built in again")
        # The final inspection of the rebuilt lot replaces the rejected one (not a second one).
        again = self.env["qms.inspection"].search([("lot_id", "=", lot.id), ("state", "=", "todo")])
        self.assertEqual((again.production_id, again.control_point_id), (rebuild, self.final_point))
        self.assertEqual(inspection.state, "cancel")
        self.assertIn(again.name, inspection.cancel_reason)
        self.assertIn(rebuild.name, inspection.cancel_reason)
        self.assertEqual(lot.qms_state, "blocked", "held until the new inspection passes")
        self._decide(again, self.inspector)
        self.assertEqual(lot.qms_state, "released")

    def test_tracked_components_need_the_order_that_made_the_lot(self):
        lot = self._lot(self.product_shaft, "SHAFT-BOUGHT", qty=2)
        ncr = self.env["qms.nonconformity"].create(
            {"product_id": self.product_shaft.id, "lot_id": lot.id, "qty": 2}
        )
        ncr.action_confirm()
        ncr.disposition_line_ids = [(0, 0, {"disposition": "rework", "qty": 2})]
        with self.assertRefused(UserError, r"SHAFT-BOUGHT can't be unbuilt.*QMS Rod"):
            self._apply(ncr)
        self.assertEqual(ncr.disposition_line_ids.state, "todo")
        self.assertFalse(self.env["mrp.unbuild"].search([("lot_id", "=", lot.id)]))
        self.assertEqual(self._on_hand(self.product_shaft, self.stock, lot), 2)

    def _scrap_from_order(self):
        mo_form = Form(self.env["mrp.production"])
        mo_form.product_id = self.product_shaft
        mo_form.bom_id = self.bom_shaft
        mo_form.product_qty = 2
        production = mo_form.save()
        production.action_confirm()
        ncr = self.env["qms.nonconformity"].create(
            {
                "product_id": self.product_lot.id,
                "lot_id": self.rod.id,
                "qty": 3,
                "production_id": production.id,
            }
        )
        ncr.action_confirm()
        ncr.disposition_line_ids = [(0, 0, {"disposition": "scrap", "qty": 3})]
        self._apply(ncr)
        scrap = ncr.disposition_line_ids.scrap_id
        self.assertEqual(
            (scrap.state, scrap.production_id, scrap.lot_id, scrap.scrap_qty, scrap.location_id),
            ("done", production, self.rod, 3, self.stock),
        )
        self.assertEqual(scrap.move_ids.raw_material_production_id, production)
        self.assertEqual(self._on_hand(self.product_lot, self.stock, self.rod), 7)
        return ncr, production, scrap

    def test_scrap_of_a_component_is_the_orders_scrap_replenished(self):
        self.product_lot.seller_ids = [(0, 0, {"partner_id": self.vendor.id, "price": 4.0})]
        _ncr, _production, scrap = self._scrap_from_order()
        self.assertTrue(scrap.should_replenish)
        order_line = self.env["purchase.order.line"].search(
            [("product_id", "=", self.product_lot.id), ("state", "=", "draft")]
        )
        self.assertEqual((order_line.partner_id, order_line.product_qty), (self.vendor, 3))

    def test_scrap_stands_when_odoo_cannot_replenish(self):
        self.product_lot.seller_ids = False  # bought, but from nobody
        ncr, production, scrap = self._scrap_from_order()
        self.assertFalse(scrap.should_replenish)
        for record in (ncr, production):
            self.assertIn("were not replenished", " ".join(record.message_ids.mapped("body")))
        activity = production.activity_ids
        self.assertEqual(activity.summary, "Replenish what quality scrapped")
        self.assertIn("no matching vendor price", activity.note)

    def test_goods_still_being_made_are_disposed_of_once_the_order_is_done(self):
        mo_form = Form(self.env["mrp.production"])
        mo_form.product_id = self.product_shaft
        mo_form.bom_id = self.bom_shaft
        mo_form.product_qty = 2
        production = mo_form.save()
        production.action_confirm()
        lot = self.env["stock.lot"].create(
            {"name": "SHAFT-WIP", "product_id": self.product_shaft.id}
        )
        production.lot_producing_id = lot
        ncr = self.env["qms.nonconformity"].create(
            {"product_id": self.product_shaft.id, "lot_id": lot.id, "qty": 1,
             "production_id": production.id}
        )  # fmt: skip
        ncr.action_confirm()
        ncr.disposition_line_ids = [(0, 0, {"disposition": "scrap", "qty": 1})]
        with self.assertRefused(
            UserError, r"SHAFT-WIP is still being made by %s" % production.name
        ):
            self._apply(ncr)
        self.assertEqual(ncr.disposition_line_ids.state, "todo")
        self.assertFalse(self.env["stock.scrap"].search([("lot_id", "=", lot.id)]))
