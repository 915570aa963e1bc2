# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import RedirectWarning, UserError
from odoo.tests import Form, tagged

from .common import QmsCommon


@tagged("post_install", "-at_install")
class TestProductionInspection(QmsCommon):
    """In-process and final inspections on manufacturing orders, and held components."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_shaft = cls.env["product.product"].create(
            {"name": "QMS Shaft", "is_storable": True, "tracking": "lot"}
        )
        cls.product_assembly = cls.env["product.product"].create(
            {"name": "QMS Assembly", "is_storable": True}
        )
        cls.bom_shaft = cls._bom(cls.product_shaft, cls.product_lot, 2)
        cls.bom_assembly = cls._bom(cls.product_assembly, cls.product_shaft, 1)
        # The rods are received under an incoming inspection and released.
        cls.iqc_point = cls._control_point(cls.type_in, product_ids=[(6, 0, cls.product_lot.ids)])
        receipt = cls._receipt([(cls.product_lot, {"ROD-1": 10, "ROD-2": 10})])
        for inspection in receipt.qms_inspection_ids:
            cls._decide(inspection, cls.inspector)
        cls.rod_1, cls.rod_2 = (
            receipt.move_line_ids.lot_id.filtered(lambda lot, name=name: lot.name == name)
            for name in ("ROD-1", "ROD-2")
        )

    @classmethod
    def _bom(cls, product, component, qty):
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [(0, 0, {"product_id": component.id, "product_qty": qty})],
            }
        )

    def _production(self, bom, qty=1):
        mo_form = Form(self.env["mrp.production"])
        mo_form.product_id = bom.product_tmpl_id.product_variant_id
        mo_form.bom_id = bom
        mo_form.product_qty = qty
        production = mo_form.save()
        production.action_confirm()
        return production

    def _produce(self, production, lot_name=None):
        """Fill in the quantity produced (and its lot) as the operator does on the form."""
        mo_form = Form(production)
        mo_form.qty_producing = production.product_qty
        if lot_name:
            mo_form.lot_producing_id = self.env["stock.lot"].create(
                {"name": lot_name, "product_id": production.product_id.id}
            )
        return mo_form.save()

    def _manufacture_shaft(self, name="SHAFT-1"):
        """Manufacture one shaft of lot ``name``."""
        production = self._produce(self._production(self.bom_shaft), name)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        return production

    def _opened(self, refusal_or_params):
        """The inspections that a refusal's button (or a notification's next action) opens."""
        if isinstance(refusal_or_params, RedirectWarning):
            action = refusal_or_params.args[1]
        else:
            action = refusal_or_params["next"]
        self.assertEqual(action["res_model"], "qms.inspection")
        if action.get("res_id"):
            return self.env["qms.inspection"].browse(action["res_id"])
        return self.env["qms.inspection"].search(action["domain"])

    def _force_consumption(self, move, lot, qty):
        """Pick ``lot`` on ``move`` by hand, as a user overriding the reservation does."""
        move.move_line_ids.unlink()
        move.move_line_ids = [
            (0, 0, {"lot_id": lot.id, "quantity": qty, "product_id": move.product_id.id})
        ]
        move.picked = True

    def test_in_process_inspection_holds_the_order_until_done(self):
        self.assertEqual(self.rod_1.qms_state, "released")
        self._control_point(self.type_mrp, timing="before", test_ids=[(6, 0, self.test_visual.ids)])
        production = self._production(self.bom_shaft)
        inspection = production.qms_inspection_ids
        self.assertEqual(len(inspection), 1, "the inspection is created at confirmation")
        self.assertEqual((inspection.state, inspection.timing), ("todo", "before"))
        self.assertEqual(inspection.product_id, self.product_shaft)

        production = self._produce(production, "SHAFT-1")
        lot = production.lot_producing_id
        with self.assertRefused(RedirectWarning, inspection.name) as refusal:
            production.button_mark_done()
        self.assertEqual(self._opened(refusal.exception), inspection, "a button opens it")
        self.assertEqual(production.state, "to_close")
        self.assertEqual(self._on_hand(self.product_shaft, self.stock, lot), 0)

        self._decide(inspection, self.inspector)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._on_hand(self.product_shaft, self.stock, lot), 1)
        self.assertEqual(lot.qms_state, "none", "nothing holds the lot")
        self.assertEqual(production.qms_inspection_ids, inspection, "no second inspection")

    def test_in_process_inspection_follows_the_lot_produced(self):
        self._control_point(self.type_mrp, timing="before", test_ids=[(6, 0, self.test_visual.ids)])
        production = self._production(self.bom_shaft)
        inspection = production.qms_inspection_ids
        self.assertFalse(inspection.lot_id, "no lot is known at confirmation")
        production = self._produce(production, "SHAFT-1")
        lot = production.lot_producing_id
        # The inspector records the results of lot SHAFT-1, then the order is finished.
        self._decide(inspection, self.inspector)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(inspection.lot_id, lot)
        self.assertEqual(lot.qms_inspection_ids, inspection)

    def test_rejected_in_process_inspection_needs_a_concession(self):
        self._control_point(self.type_mrp, timing="before", test_ids=[(6, 0, self.test_visual.ids)])
        production = self._produce(self._production(self.bom_shaft), "SHAFT-1")
        inspection = self._decide(production.qms_inspection_ids, self.inspector, answer="fail")
        with self.assertRefused(RedirectWarning, "Rejected.*%s" % inspection.name) as refusal:
            production.button_mark_done()
        self.assertEqual(self._opened(refusal.exception), inspection)
        inspection.with_user(self.manager).action_concession(
            "Rework done on the spot", password=self._pw(self.manager)
        )
        production.button_mark_done()
        self.assertEqual(production.state, "done")

    def test_missing_in_process_inspection_is_created_and_kept(self):
        """An order confirmed before its point: Produce All creates the inspection, keeps it
        (a refusal would roll it back and name an inspection that never existed) and opens it."""
        production = self._produce(self._production(self.bom_shaft), "SHAFT-1")
        self._control_point(self.type_mrp, timing="before", test_ids=[(6, 0, self.test_visual.ids)])
        self.assertFalse(production.qms_inspection_ids)

        action = production.button_mark_done()
        inspection = production.qms_inspection_ids
        self.assertEqual(len(inspection), 1, "the call returns: its inspection is committed")
        self.assertEqual((inspection.state, inspection.timing), ("todo", "before"))
        self.assertEqual(inspection.lot_id, production.lot_producing_id)
        self.assertEqual(production.state, "to_close")
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(inspection.name, action["params"]["message"])
        self.assertIn(production.name, action["params"]["message"])
        self.assertEqual(self._opened(action["params"]), inspection)

        # Pressed again, the order is refused, naming the inspection that now exists.
        with self.assertRefused(RedirectWarning, inspection.name):
            production.button_mark_done()
        self._decide(inspection, self.inspector)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(production.qms_inspection_ids, inspection)

    def test_non_blocking_missing_inspection_does_not_stop_the_order(self):
        production = self._produce(self._production(self.bom_shaft), "SHAFT-1")
        self._control_point(self.type_mrp, timing="before", blocking=False)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(production.qms_inspection_ids.state, "todo")

    def test_checking_availability_picks_up_a_new_point(self):
        production = self._production(self.bom_shaft)
        self._control_point(self.type_mrp, timing="before", test_ids=[(6, 0, self.test_visual.ids)])
        production.action_assign()
        self.assertEqual(production.qms_inspection_ids.timing, "before")

    def test_produced_lot_is_held_until_its_final_inspection(self):
        point = self._control_point(self.type_mrp, product_ids=[(6, 0, self.product_shaft.ids)])
        production = self._manufacture_shaft("SHAFT-1")
        lot = production.lot_producing_id
        inspection = production.qms_inspection_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.control_point_id, point)
        self.assertEqual((inspection.lot_id, inspection.qty), (lot, 1))
        self.assertEqual(lot.qms_state, "pending")

        self._decide(inspection, self.inspector)
        self.assertEqual(lot.qms_state, "released")

    def test_pending_produced_lot_cannot_be_consumed(self):
        self._control_point(self.type_mrp, product_ids=[(6, 0, self.product_shaft.ids)])
        lot = self._manufacture_shaft("SHAFT-1").lot_producing_id
        self.assertEqual(lot.qms_state, "pending")

        assembly = self._production(self.bom_assembly)
        self.assertFalse(assembly.move_raw_ids.move_line_ids, "a pending lot is not reserved")
        assembly = self._produce(assembly)
        with self.assertRefused(UserError, "hold.*SHAFT-1"):
            self._force_consumption(assembly.move_raw_ids, lot, 1)
        self.assertNotEqual(assembly.state, "done")
        self.assertEqual(self._on_hand(self.product_shaft, self.stock, lot), 1)

    def test_pending_produced_lot_cannot_be_delivered(self):
        self._control_point(self.type_mrp, product_ids=[(6, 0, self.product_shaft.ids)])
        lot = self._manufacture_shaft("SHAFT-1").lot_producing_id
        delivery = self._delivery([(self.product_shaft, 1)])
        delivery.action_assign()
        self.assertFalse(delivery.move_line_ids, "a pending lot is not reserved")
        with self.assertRefused(UserError, "hold.*SHAFT-1"):
            delivery.move_ids.move_line_ids = [
                (0, 0, {"lot_id": lot.id, "quantity": 1, "product_id": self.product_shaft.id})
            ]
        self.assertEqual(self._on_hand(self.product_shaft, self.stock, lot), 1)

    def test_component_lot_on_hold_is_skipped_and_cannot_be_consumed(self):
        self.rod_1.with_user(self.manager).action_qms_block("Supplier recall")
        self.assertEqual(self.rod_1.qms_state, "blocked")
        production = self._production(self.bom_shaft)
        self.assertEqual(production.reservation_state, "assigned")
        self.assertEqual(production.move_raw_ids.move_line_ids.lot_id, self.rod_2)

        production = self._produce(production, "SHAFT-1")
        with self.assertRefused(UserError, "hold.*ROD-1"):
            self._force_consumption(production.move_raw_ids, self.rod_1, 2)
        self.assertNotEqual(production.state, "done")
        self.assertEqual(self._on_hand(self.product_lot, self.stock, self.rod_1), 10)

    def test_blocking_a_reserved_component_lot_drops_its_reservation(self):
        production = self._production(self.bom_shaft, qty=5)
        self.assertEqual(production.reservation_state, "assigned")
        reserved = production.move_raw_ids.move_line_ids.lot_id
        self.assertEqual(len(reserved), 1)
        reserved.with_user(self.manager).action_qms_block("Cracks found in the warehouse")
        self.assertNotIn(reserved, production.move_raw_ids.move_line_ids.lot_id)
        production.action_assign()
        self.assertNotIn(reserved, production.move_raw_ids.move_line_ids.lot_id)
