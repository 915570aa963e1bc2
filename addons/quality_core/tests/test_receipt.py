# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import RedirectWarning, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import QmsCommon


@tagged("post_install", "-at_install")
class TestReceiptInspection(QmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point = cls._control_point(cls.type_in, timing="after")

    def test_two_lots_make_two_inspections_and_hold_both(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5, "LOT-B": 7})])
        inspections = receipt.qms_inspection_ids
        self.assertEqual(len(inspections), 2)
        self.assertEqual(sorted(inspections.lot_id.mapped("name")), ["LOT-A", "LOT-B"])
        self.assertEqual(sorted(inspections.mapped("qty")), [5, 7])
        self.assertEqual(set(inspections.lot_id.mapped("qms_state")), {"pending"})
        self.assertEqual(sorted(inspections.line_ids.mapped("norm")), [0.0, 0.0, 10.0, 10.0])

    def test_pending_lot_is_not_reserved_by_a_delivery(self):
        self._receipt([(self.product_lot, {"LOT-A": 5})])
        delivery = self._delivery([(self.product_lot, 5)])
        delivery.action_assign()
        self.assertFalse(delivery.move_ids.move_line_ids)
        self.assertEqual(delivery.state, "confirmed")

    def test_failed_measure_blocks_and_concession_releases(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        inspection = receipt.qms_inspection_ids
        self._record(inspection.with_user(self.inspector), value=10.5)
        self.assertEqual(inspection.result, "fail")
        inspection.with_user(self.inspector).action_done()
        self.assertEqual(inspection.decision, "reject")
        self.assertEqual(inspection.lot_id.qms_state, "blocked")
        inspection.with_user(self.manager).action_concession(
            "Customer accepts 10.5 mm", password=self._pw(self.manager)
        )
        self.assertEqual(inspection.decision, "concession")
        self.assertEqual(inspection.lot_id.qms_state, "released")
        delivery = self._delivery([(self.product_lot, 5)])
        delivery.action_assign()
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, inspection.lot_id)

    def test_picking_a_held_lot_for_a_delivery_is_refused(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        lot = receipt.qms_inspection_ids.lot_id
        delivery = self._delivery([(self.product_lot, 5)])
        with self.assertRefused(UserError, "hold.*LOT-A"):
            delivery.move_ids.move_line_ids = [
                (0, 0, {"lot_id": lot.id, "quantity": 5, "product_id": self.product_lot.id})
            ]
        self.assertFalse(delivery.move_line_ids)

    def test_passed_lot_is_released_and_reserved_by_a_delivery(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        inspection = self._decide(receipt.qms_inspection_ids, self.inspector, value=10.05)
        self.assertEqual((inspection.state, inspection.result), ("done", "pass"))
        self.assertEqual(inspection.decision, "accept")
        self.assertEqual(inspection.lot_id.qms_state, "released")
        delivery = self._delivery([(self.product_lot, 5)])
        delivery.action_assign()
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, inspection.lot_id)

    def test_delivery_waiting_for_a_pending_lot_reserves_it_once_released(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        delivery = self._delivery([(self.product_lot, 5)])
        delivery.action_assign()
        self.assertEqual(delivery.state, "confirmed", "the pending lot is not reservable")
        inspection = self._decide(receipt.qms_inspection_ids, self.inspector)
        self.assertEqual(inspection.lot_id.qms_state, "released")
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, inspection.lot_id)

    def test_untracked_product_is_inspected_per_move_and_not_held(self):
        receipt = self._receipt([(self.product_plain, 8), (self.product_lot, {"LOT-A": 2})])
        inspection = receipt.qms_inspection_ids.filtered(
            lambda i: i.product_id == self.product_plain
        )
        self.assertEqual(len(inspection), 1)
        self.assertEqual((inspection.qty, inspection.lot_id.id), (8, False))
        delivery = self._delivery([(self.product_plain, 8)])
        delivery.action_assign()
        self.assertEqual(
            delivery.state, "assigned", "untracked goods stay available while inspected"
        )

    def test_backorder_of_a_receipt_inspects_only_the_new_lots(self):
        receipt = self._picking(
            self.type_in, self.supplier_location, self.stock, [(self.product_lot, {"LOT-A": 4})]
        )
        receipt.move_ids.product_uom_qty = 10
        backorder = self._validate_with_backorder(receipt)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(receipt.qms_inspection_ids.lot_id.mapped("name"), ["LOT-A"])
        self.assertEqual(len(backorder), 1)
        self.assertFalse(backorder.qms_inspection_ids, "nothing is received on the backorder yet")

        backorder.move_ids.move_line_ids.unlink()
        backorder.move_ids.move_line_ids = [
            (0, 0, {"lot_name": "LOT-B", "quantity": 6, "product_id": self.product_lot.id})
        ]
        backorder.button_validate()
        self.assertEqual(backorder.state, "done")
        self.assertEqual(backorder.qms_inspection_ids.lot_id.mapped("name"), ["LOT-B"])
        self.assertEqual(backorder.qms_inspection_ids.qty, 6)
        inspections = self.env["qms.inspection"].search([("control_point_id", "=", self.point.id)])
        self.assertEqual(len(inspections), 2, "LOT-A is not inspected a second time")
        self.assertEqual(receipt.qms_inspection_ids.qty, 4)

    def _return(self, receipt, qty):
        """Return ``qty`` units of ``receipt`` with the Return wizard of the transfer."""
        wizard_form = Form(
            self.env["stock.return.picking"].with_context(
                active_id=receipt.id, active_model="stock.picking"
            )
        )
        with wizard_form.product_return_moves.edit(0) as line:
            line.quantity = qty
        action = wizard_form.save().action_create_returns()
        return self.env["stock.picking"].browse(action["res_id"])

    def test_held_lot_can_be_returned_to_the_vendor(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        lot = receipt.qms_inspection_ids.lot_id
        self.assertEqual(lot.qms_state, "pending")
        return_picking = self._return(receipt, 5)
        self.assertEqual(return_picking.move_ids.move_line_ids.lot_id, lot)
        return_picking.button_validate()
        self.assertEqual(return_picking.state, "done")
        self.assertEqual(self._on_hand(self.product_lot, self.stock, lot), 0)
        self.assertEqual(return_picking.move_line_ids.location_dest_id, self.supplier_location)
        self.assertEqual(return_picking.move_line_ids.quantity, 5)

    def test_held_lot_is_returned_to_the_vendor_without_outgoing_inspection(self):
        self._control_point(self.type_out, timing="before", test_ids=[(6, 0, self.test_visual.ids)])
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        lot = self._decide(receipt.qms_inspection_ids, self.inspector, value=11.0).lot_id
        self.assertEqual(lot.qms_state, "blocked")
        return_picking = self._return(receipt, 5)
        # Sending rejected goods back is not a customer delivery: nothing to inspect before.
        return_picking.button_validate()
        self.assertEqual(return_picking.state, "done")
        self.assertEqual(self._on_hand(self.product_lot, self.stock, lot), 0)

    def test_held_lot_can_be_scrapped(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        inspection = self._decide(receipt.qms_inspection_ids, self.inspector, value=11.0)
        lot = inspection.lot_id
        self.assertEqual(lot.qms_state, "blocked")
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product_lot.id,
                "lot_id": lot.id,
                "scrap_qty": 5,
                "location_id": self.stock.id,
            }
        )
        scrap.action_validate()
        self.assertEqual(scrap.state, "done")
        self.assertEqual(self._on_hand(self.product_lot, self.stock, lot), 0)
        self.assertEqual(self._on_hand(self.product_lot, scrap.scrap_location_id, lot), 5)

    def test_held_lot_can_move_to_quarantine(self):
        quarantine = self.env["stock.location"].create(
            {
                "name": "Quarantine",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
                "qms_quarantine": True,
            }
        )
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        lot = receipt.qms_inspection_ids.lot_id
        transfer = self._picking(
            self.warehouse.int_type_id, self.stock, quarantine, [(self.product_lot, 5)]
        )
        transfer.action_assign()
        self.assertEqual(transfer.move_ids.move_line_ids.lot_id, lot)
        transfer.button_validate()
        self.assertEqual(transfer.state, "done")
        self.assertEqual(self._on_hand(self.product_lot, quarantine, lot), 5)
        self.assertEqual(lot.qms_state, "pending")

    def test_internal_transfer_of_held_lot_to_stock_is_refused(self):
        shelf = self.env["stock.location"].create(
            {"name": "Shelf 1", "usage": "internal", "location_id": self.stock.id}
        )
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        lot = receipt.qms_inspection_ids.lot_id
        transfer = self._picking(
            self.warehouse.int_type_id, self.stock, shelf, [(self.product_lot, 5)]
        )
        transfer.action_assign()
        self.assertFalse(transfer.move_ids.move_line_ids, "a held lot is not reserved")
        with self.assertRefused(UserError, "hold.*LOT-A"):
            transfer.move_ids.move_line_ids = [
                (0, 0, {"lot_id": lot.id, "quantity": 5, "product_id": self.product_lot.id})
            ]
        self.assertFalse(transfer.move_line_ids)
        self.assertEqual(self._on_hand(self.product_lot, self.stock, lot), 5)
        self.assertEqual(self._on_hand(self.product_lot, shelf, lot), 0)

    def test_lot_is_released_only_when_all_its_inspections_pass(self):
        self._control_point(self.type_in, test_ids=[(6, 0, self.test_visual.ids)])
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5, "LOT-B": 5})])
        self.assertEqual(len(receipt.qms_inspection_ids), 4)
        lot_a, lot_b = (
            receipt.move_line_ids.lot_id.filtered(lambda lot, name=name: lot.name == name)
            for name in ("LOT-A", "LOT-B")
        )
        first_a, second_a = lot_a.qms_inspection_ids
        self._decide(first_a, self.inspector)
        self.assertEqual(lot_a.qms_state, "pending", "another inspection is still to do")
        self._decide(second_a, self.inspector)
        self.assertEqual(lot_a.qms_state, "released")

        failed_b, passed_b = lot_b.qms_inspection_ids
        self._decide(failed_b, self.inspector, value=9.0, answer="fail")
        self._decide(passed_b, self.inspector)
        self.assertEqual(lot_b.qms_state, "blocked", "one rejection is enough to block")

    def test_lot_blocked_by_a_manager_stays_blocked_when_its_inspection_passes(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        inspection = receipt.qms_inspection_ids
        inspection.lot_id.with_user(self.manager).action_qms_block("Supplier recall notice")
        self._decide(inspection, self.inspector)
        self.assertEqual(inspection.decision, "accept")
        self.assertEqual(inspection.lot_id.qms_state, "blocked")
        self.assertEqual(inspection.lot_id.qms_hold_reason, "Supplier recall notice")
        inspection.lot_id.with_user(self.manager).action_qms_release(
            "Notice withdrawn", password=self._pw(self.manager)
        )
        self.assertEqual(inspection.lot_id.qms_state, "released")
        self.assertFalse(inspection.lot_id.qms_hold_manual)


@tagged("post_install", "-at_install")
class TestReceiptControlPointScope(QmsCommon):
    """Which receipts a control point inspects."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_vendor = cls.env["res.partner"].create({"name": "QMS Other Vendor"})
        cls.parent_category = cls.env["product.category"].create({"name": "QMS Metals"})
        cls.child_category = cls.env["product.category"].create(
            {"name": "QMS Steel", "parent_id": cls.parent_category.id}
        )
        cls.product_steel = cls.env["product.product"].create(
            {
                "name": "QMS Steel Bar",
                "is_storable": True,
                "tracking": "lot",
                "categ_id": cls.child_category.id,
            }
        )

    def test_point_for_products_inspects_only_them(self):
        self._control_point(self.type_in, product_ids=[(6, 0, self.product_steel.ids)])
        receipt = self._receipt(
            [(self.product_lot, {"ROD-1": 5}), (self.product_steel, {"BAR-1": 5})]
        )
        self.assertEqual(receipt.qms_inspection_ids.lot_id.mapped("name"), ["BAR-1"])
        rod = receipt.move_line_ids.lot_id.filtered(lambda lot: lot.name == "ROD-1")
        self.assertEqual(rod.qms_state, "none")

    def test_point_for_a_category_inspects_its_sub_categories(self):
        self._control_point(self.type_in, product_categ_ids=[(6, 0, self.parent_category.ids)])
        receipt = self._receipt(
            [(self.product_lot, {"ROD-1": 5}), (self.product_steel, {"BAR-1": 5})]
        )
        self.assertEqual(receipt.qms_inspection_ids.product_id, self.product_steel)
        self.assertEqual(receipt.qms_inspection_ids.lot_id.qms_state, "pending")

    def test_point_for_a_vendor_skips_other_vendors(self):
        self._control_point(self.type_in, partner_ids=[(6, 0, self.vendor.ids)])
        other = self._receipt([(self.product_lot, {"ROD-1": 5})], partner=self.other_vendor)
        self.assertFalse(other.qms_inspection_ids)
        self.assertEqual(other.move_line_ids.lot_id.qms_state, "none")
        contact = self.env["res.partner"].create(
            {"name": "Sales desk", "parent_id": self.vendor.id, "type": "contact"}
        )
        from_contact = self._receipt([(self.product_lot, {"ROD-2": 5})], partner=contact)
        self.assertEqual(len(from_contact.qms_inspection_ids), 1)
        self.assertEqual(from_contact.qms_inspection_ids.partner_id, self.vendor)

    def test_point_on_another_operation_type_does_not_inspect_receipts(self):
        point = self._control_point(self.type_out | self.warehouse.int_type_id)
        receipt = self._receipt([(self.product_lot, {"ROD-1": 5})])
        self.assertFalse(receipt.qms_inspection_ids)
        self.assertFalse(point.inspection_ids)
        self.assertEqual(receipt.move_line_ids.lot_id.qms_state, "none")

    def test_archived_point_is_not_applied(self):
        point = self._control_point(self.type_in)
        point.active = False
        receipt = self._receipt([(self.product_lot, {"ROD-1": 5})])
        self.assertFalse(receipt.qms_inspection_ids)
        self.assertEqual(receipt.move_line_ids.lot_id.qms_state, "none")
        self.assertFalse(point.with_context(active_test=False).inspection_ids)


@tagged("post_install", "-at_install")
class TestReceiptSampling(QmsCommon):
    def test_fixed_sample_never_exceeds_the_lot(self):
        self._control_point(self.type_in, sampling_method="fixed", sample_qty=3)
        receipt = self._receipt([(self.product_lot, {"LOT-A": 10, "LOT-B": 2})])
        samples = {i.lot_id.name: i.sample_size for i in receipt.qms_inspection_ids}
        self.assertEqual(samples, {"LOT-A": 3, "LOT-B": 2})

    def test_percent_sample_is_rounded_up(self):
        self._control_point(self.type_in, sampling_method="percent", sample_percent=15)
        receipt = self._receipt([(self.product_lot, {"LOT-A": 10, "LOT-B": 40})])
        samples = {i.lot_id.name: i.sample_size for i in receipt.qms_inspection_ids}
        self.assertEqual(samples, {"LOT-A": 2, "LOT-B": 6})

    def _aql_receipt(self):
        # ISO 2859-1: 200 units at level II are code letter G, 32 units, AQL 2.5 → Ac 2, Re 3.
        self._control_point(self.type_in, sampling_method="aql", aql_level="II", aql_value=2.5)
        inspection = self._receipt([(self.product_lot, {"LOT-A": 200})]).qms_inspection_ids
        self.assertEqual(
            (inspection.sample_size, inspection.accept_number, inspection.reject_number),
            (32, 2, 3),
        )
        return inspection.with_user(self.inspector)

    def test_aql_defects_at_the_reject_number_reject_the_lot(self):
        inspection = self._aql_receipt()
        self._record(inspection)
        inspection.defect_count = 2
        self.assertEqual(inspection.result, "pass")
        inspection.defect_count = 3
        self.assertEqual(inspection.result, "fail")
        inspection.action_done()
        self.assertEqual(inspection.decision, "reject")
        self.assertEqual(inspection.lot_id.qms_state, "blocked")

    def test_aql_failed_test_counts_as_a_defective_unit(self):
        # AQL 0.4 on 200 units: 32 sampled, Ac 0, Re 1. The inspector records a failed
        # measurement and leaves the defective units at 0: the lot must not pass.
        self._control_point(self.type_in, sampling_method="aql", aql_level="II", aql_value=0.4)
        inspection = self._receipt([(self.product_lot, {"LOT-A": 200})]).qms_inspection_ids
        inspection = inspection.with_user(self.inspector)
        self.assertEqual((inspection.accept_number, inspection.reject_number), (0, 1))
        self._record(inspection, value=10.0, answer="pass")
        self.assertEqual((inspection.defect_count, inspection.result), (0, "pass"))
        self._record(inspection, value=99.0, answer="fail")
        self.assertEqual((inspection.defect_count, inspection.result), (1, "fail"))
        # The count can be raised, never brought below what the lines show.
        inspection.defect_count = 4
        with self.assertRaises(ValidationError) as refused:
            inspection.defect_count = 0
        self.assertIn("failed", str(refused.exception))
        with self.assertRaises(ValidationError) as refused:
            inspection.defect_count = 33
        self.assertIn("sample of 32", str(refused.exception))
        self.assertEqual(inspection.defect_count, 4)
        inspection.action_done()
        self.assertEqual(inspection.decision, "reject")
        self.assertEqual(inspection.lot_id.qms_state, "blocked")

    def test_aql_defects_up_to_the_accept_number_release_the_lot(self):
        inspection = self._aql_receipt()
        self._record(inspection, answer="fail")
        inspection.defect_count = 2
        inspection.action_done()
        self.assertEqual((inspection.result, inspection.decision), ("pass", "accept"))
        self.assertEqual(inspection.lot_id.qms_state, "released")


@tagged("post_install", "-at_install")
class TestReceiptInspectedBeforeValidation(QmsCommon):
    """Incoming inspection done on the dock, before the receipt is validated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point = cls._control_point(cls.type_in, timing="before")

    def test_receipt_waits_for_its_inspections_and_links_the_lots(self):
        receipt = self._picking(
            self.type_in, self.supplier_location, self.stock, [(self.product_lot, {"LOT-A": 5})]
        )
        inspection = receipt.qms_inspection_ids
        self.assertEqual((inspection.lot_name, inspection.lot_id.id), ("LOT-A", False))
        with self.assertRefused(RedirectWarning, inspection.name):
            receipt.button_validate()
        self.assertEqual(receipt.state, "assigned")
        self._decide(inspection, self.inspector)
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(inspection.lot_id.name, "LOT-A")
        self.assertEqual(inspection.lot_id.qms_state, "none", "a passed lot is not held")
        self.assertEqual(receipt.qms_inspection_ids, inspection)

    def test_missing_inspection_is_created_and_opened_not_named_in_a_refusal(self):
        """A point added after the receipt was confirmed: validating creates the inspection
        and opens it, instead of a refusal that would roll it back yet name it."""
        self.point.active = False
        receipt = self._picking(
            self.type_in, self.supplier_location, self.stock, [(self.product_lot, {"LOT-A": 5})]
        )
        self.assertFalse(receipt.qms_inspection_ids)
        self.point.active = True
        action = receipt.button_validate()
        inspection = receipt.qms_inspection_ids
        self.assertEqual((len(inspection), inspection.state), (1, "todo"))
        self.assertEqual(receipt.state, "assigned")
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(inspection.name, action["params"]["message"])
        self.assertIn(receipt.name, action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_id"], inspection.id)
        # Validated again, the refusal names the inspection that exists and opens it.
        with self.assertRefused(RedirectWarning, inspection.name) as refusal:
            receipt.button_validate()
        self.assertEqual(refusal.exception.args[1]["res_id"], inspection.id)
        self._decide(inspection, self.inspector)
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")

    def test_lots_typed_on_the_dock_are_the_ones_inspected(self):
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.type_in.id,
                "partner_id": self.vendor.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": self.product_lot.name,
                            "product_id": self.product_lot.id,
                            "product_uom_qty": 10,
                            "location_id": self.supplier_location.id,
                            "location_dest_id": self.stock.id,
                        },
                    )
                ],
            }
        )
        receipt.action_confirm()
        # The storekeeper types the lot numbers printed on the boxes.
        receipt.move_ids.move_line_ids.write({"lot_name": "LOT-A", "quantity": 6})
        receipt.move_ids.move_line_ids = [
            (0, 0, {"lot_name": "LOT-B", "quantity": 4, "product_id": self.product_lot.id})
        ]
        with self.assertRefused(RedirectWarning, "LOT-A"):
            receipt.button_validate()
        todo = receipt.qms_inspection_ids.filtered(lambda i: i.state == "todo")
        self.assertEqual(sorted(todo.mapped("lot_name")), ["LOT-A", "LOT-B"])
        for inspection in todo:
            self._decide(inspection, self.inspector)
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
