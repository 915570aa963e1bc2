# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import RedirectWarning
from odoo.tests import tagged

from .common import QmsCommon


@tagged("post_install", "-at_install")
class TestDeliveryInspection(QmsCommon):
    """Outgoing inspections (OQC) done before a delivery is validated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point = cls._control_point(
            cls.type_out, timing="before", test_ids=[(6, 0, cls.test_visual.ids)]
        )
        cls.lot = cls._lot(cls.product_lot, "OUT-1", qty=10)

    def test_blocking_point_refuses_validation_until_inspected(self):
        delivery = self._delivery([(self.product_lot, 10)])
        inspection = delivery.qms_inspection_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual((inspection.lot_id, inspection.qty), (self.lot, 10))
        self.assertEqual(inspection.partner_id, self.customer)
        with self.assertRefused(RedirectWarning, inspection.name):
            delivery.button_validate()
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual(self._on_hand(self.product_lot, self.stock, self.lot), 10)

    def test_passed_inspection_lets_the_delivery_through(self):
        delivery = self._delivery([(self.product_lot, 10)])
        inspection = self._decide(delivery.qms_inspection_ids, self.inspector)
        self.assertEqual(inspection.decision, "accept")
        self.assertIs(delivery.button_validate(), True)
        self.assertEqual(delivery.state, "done")
        self.assertEqual(self._on_hand(self.product_lot, self.stock, self.lot), 0)

    def test_rejected_inspection_blocks_until_a_concession(self):
        delivery = self._delivery([(self.product_lot, 10)])
        delivery.move_ids.picked = True
        inspection = self._decide(delivery.qms_inspection_ids, self.inspector, answer="fail")
        self.assertEqual(inspection.decision, "reject")
        self.assertEqual(self.lot.qms_state, "blocked")
        self.assertEqual(delivery.move_line_ids.lot_id, self.lot, "picked goods stay picked")
        with self.assertRefused(RedirectWarning, inspection.name):
            delivery.button_validate()
        self.assertEqual(delivery.state, "assigned")

        inspection.with_user(self.manager).action_concession(
            "Customer agreed to the scratches", password=self._pw(self.manager)
        )
        self.assertEqual(self.lot.qms_state, "released")
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.qms_inspection_ids, inspection, "no new inspection is made")

    def test_partial_delivery_backorder_gets_its_own_inspection(self):
        delivery = self._delivery([(self.product_lot, 10)])
        first = delivery.qms_inspection_ids
        delivery.move_ids.move_line_ids.quantity = 6
        delivery.move_ids.picked = True
        with self.assertRefused(RedirectWarning, first.name):
            delivery.button_validate()
        self._decide(first, self.inspector)

        backorder = self._validate_with_backorder(delivery)
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.qms_inspection_ids, first)
        self.assertEqual((first.state, first.picking_id), ("done", delivery))
        self.assertEqual(len(backorder), 1)
        second = backorder.qms_inspection_ids
        self.assertEqual(len(second), 1)
        self.assertEqual((second.state, second.qty, second.lot_id), ("todo", 4, self.lot))
        with self.assertRefused(RedirectWarning, second.name):
            backorder.button_validate()
        self._decide(second, self.inspector)
        backorder.button_validate()
        self.assertEqual(backorder.state, "done")
        self.assertEqual(self._on_hand(self.product_lot, self.stock, self.lot), 0)

    def test_rejected_inspection_of_unpicked_goods_frees_the_lot(self):
        delivery = self._delivery([(self.product_lot, 10)])
        self._decide(delivery.qms_inspection_ids, self.inspector, answer="fail")
        self.assertEqual(self.lot.qms_state, "blocked")
        self.assertFalse(delivery.move_line_ids, "a blocked lot is no longer reserved")
        self.assertEqual(delivery.state, "confirmed")
        delivery.action_assign()
        self.assertFalse(delivery.move_line_ids)

    def test_open_inspection_follows_the_quantity_being_delivered(self):
        self.point.write({"sampling_method": "percent", "sample_percent": 50})
        delivery = self._delivery([(self.product_lot, 10)])
        inspection = delivery.qms_inspection_ids
        self.assertEqual((inspection.qty, inspection.sample_size), (10, 5))
        delivery.move_ids.move_line_ids.quantity = 6
        delivery.move_ids.picked = True
        with self.assertRefused(RedirectWarning, inspection.name):
            delivery.button_validate()
        # What the inspector opens must match the 6 units picked for this delivery.
        self.assertEqual((inspection.qty, inspection.sample_size), (6, 3))

    def test_lot_picked_instead_of_the_reserved_one_is_inspected(self):
        other = self._lot(self.product_lot, "OUT-2", qty=10)
        delivery = self._delivery([(self.product_lot, 10)])
        self.assertEqual(delivery.qms_inspection_ids.lot_id, self.lot)
        # The picker takes the boxes of lot OUT-2 and says so on the line.
        delivery.move_ids.move_line_ids.lot_id = other
        delivery.move_ids.picked = True
        with self.assertRefused(RedirectWarning, "OUT-2"):
            delivery.button_validate()
        todo = delivery.qms_inspection_ids.filtered(lambda i: i.state == "todo")
        self.assertEqual(todo.lot_id, other, "the inspector is asked to inspect lot OUT-2")
        self._decide(todo, self.inspector)
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(self._on_hand(self.product_lot, self.stock, other), 0)

    def test_aql_plan_follows_the_reserved_quantity(self):
        self.point.write({"sampling_method": "aql", "aql_level": "II", "aql_value": 2.5})
        self.env["stock.quant"]._update_available_quantity(self.product_plain, self.stock, 50)
        delivery = self._delivery([(self.product_plain, 200)])
        inspection = delivery.qms_inspection_ids
        # ISO 2859-1, level II, AQL 2.5: 50 units → D, whose arrow leads to C: 5 units, 0/1;
        # 200 units → G: 32 units, 2/3.
        self.assertEqual(
            (inspection.qty, inspection.sample_size, inspection.reject_number), (50, 5, 1)
        )
        self.env["stock.quant"]._update_available_quantity(self.product_plain, self.stock, 150)
        delivery.action_assign()
        self.assertEqual(
            (
                inspection.qty,
                inspection.sample_size,
                inspection.accept_number,
                inspection.reject_number,
            ),
            (200, 32, 2, 3),
        )

    def test_non_blocking_point_does_not_hold_the_delivery(self):
        self.point.blocking = False
        delivery = self._delivery([(self.product_lot, 10)])
        inspection = delivery.qms_inspection_ids
        self.assertEqual(len(inspection), 1)
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(inspection.state, "todo", "the inspection can still be recorded")

    def test_untracked_product_is_inspected_from_confirmation(self):
        self.env["stock.quant"]._update_available_quantity(self.product_plain, self.stock, 4)
        delivery = self._delivery([(self.product_plain, 4)])
        inspection = delivery.qms_inspection_ids
        self.assertEqual((inspection.product_id, inspection.qty), (self.product_plain, 4))
        with self.assertRefused(RedirectWarning, inspection.name):
            delivery.button_validate()
        self._decide(inspection, self.inspector)
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")

    def test_cancelling_the_delivery_cancels_its_open_inspections(self):
        delivery = self._delivery([(self.product_lot, 10)])
        inspection = delivery.qms_inspection_ids
        delivery.action_cancel()
        self.assertEqual(delivery.state, "cancel")
        self.assertEqual(inspection.state, "cancel")
        self.assertEqual(delivery.qms_inspection_count, 0)
