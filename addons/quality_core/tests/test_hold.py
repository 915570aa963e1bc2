# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Holding stock where it stands: choosing lots, the Lots on Hold list, quarantine."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import QmsCommon

ONCHANGE_LOGGER = "odoo.tests.form.onchange"


class QmsHoldCommon(QmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shelf = cls.env["stock.location"].create(
            {"name": "QMS Shelf", "location_id": cls.stock.id, "usage": "internal"}
        )
        cls.quarantine = cls.env["stock.location"].create(
            {
                "name": "QMS Quarantine",
                "location_id": cls.warehouse.view_location_id.id,
                "usage": "internal",
                "qms_quarantine": True,
            }
        )
        cls.good_lot = cls._lot(cls.product_lot, "GOOD-1", qty=10)
        cls.held_lot = cls._lot(cls.product_lot, "HELD-1", qty=10)
        cls.held_lot.with_user(cls.manager).action_qms_block("Cracks found on the rods")


@tagged("post_install", "-at_install")
class TestChoosingHeldLots(QmsHoldCommon):
    def _line_form(self, picking):
        """The move's detailed operations, as opened from the transfer ("Details")."""
        return Form(picking.move_ids, view="stock.view_stock_move_operations")

    def test_choosing_a_held_lot_on_a_delivery_warns_at_once_and_saving_refuses(self):
        delivery = self._delivery([(self.product_lot, 5)])
        self.assertEqual(delivery.move_line_ids.lot_id, self.good_lot)
        move_form = self._line_form(delivery)
        with self.assertLogs(ONCHANGE_LOGGER, "WARNING") as logs:
            with move_form.move_line_ids.edit(0) as line:
                line.lot_id = self.held_lot
        message = "\n".join(logs.output)
        self.assertIn("HELD-1", message)
        self.assertIn("Blocked", message)
        self.assertIn("Cracks found on the rods", message)
        with self.assertRefused(UserError, "HELD-1"):
            move_form.save()
        self.assertEqual(delivery.move_line_ids.lot_id, self.good_lot)

    def test_choosing_a_held_lot_among_the_lots_of_a_delivery_line_warns(self):
        delivery = self._delivery([(self.product_lot, 5)])
        delivery_form = Form(delivery)
        with self.assertLogs(ONCHANGE_LOGGER, "WARNING") as logs:
            with delivery_form.move_ids_without_package.edit(0) as move:
                move.lot_ids.add(self.held_lot)
        message = "\n".join(logs.output)
        self.assertIn("HELD-1", message)
        self.assertIn("Cracks found on the rods", message)

    def test_choosing_a_released_lot_on_a_delivery_does_not_warn(self):
        delivery = self._delivery([(self.product_lot, 5)])
        other = self._lot(self.product_lot, "GOOD-2", qty=5)
        move_form = self._line_form(delivery)
        with self.assertNoLogs(ONCHANGE_LOGGER, "WARNING"):
            with move_form.move_line_ids.edit(0) as line:
                line.lot_id = other
        move_form.save()
        self.assertEqual(delivery.move_line_ids.lot_id, other)

    def test_choosing_a_held_lot_for_the_quarantine_does_not_warn(self):
        transfer = self._picking(
            self.warehouse.int_type_id, self.stock, self.quarantine, [(self.product_lot, 5)]
        )
        move_form = self._line_form(transfer)
        with self.assertNoLogs(ONCHANGE_LOGGER, "WARNING"):
            with move_form.move_line_ids.edit(0) as line:
                line.lot_id = self.held_lot
        move_form.save()
        self.assertEqual(transfer.move_line_ids.lot_id, self.held_lot)

    def test_the_lot_picker_shows_the_quality_state_of_held_lots(self):
        picker = self.env["stock.lot"].with_context(qms_show_quality_state=True)
        self.assertEqual(picker.browse(self.held_lot.id).display_name, "HELD-1 (Blocked)")
        self.assertEqual(picker.browse(self.good_lot.id).display_name, "GOOD-1")
        self.assertEqual(self.held_lot.display_name, "HELD-1", "elsewhere the name only")
        found = dict(picker.name_search("HELD-1", [("product_id", "=", self.product_lot.id)]))
        self.assertEqual(found, {self.held_lot.id: "HELD-1 (Blocked)"})

    def test_the_lot_pickers_of_transfers_ask_for_the_quality_state(self):
        for view in (
            "stock.view_stock_move_line_operation_tree",
            "stock.view_stock_move_line_detailed_operation_tree",
            "stock.view_move_line_form",
        ):
            with self.subTest(view=view):
                arch = self.env["stock.move.line"].get_view(self.env.ref(view).id)["arch"]
                self.assertRegex(arch, r'name="lot_id"[^>]*qms_show_quality_state')


@tagged("post_install", "-at_install")
class TestLotsOnHold(QmsHoldCommon):
    def test_a_held_lot_shows_quantity_locations_reason_days_and_inspection(self):
        self._control_point(self.type_in)
        receipt = self._receipt([(self.product_lot, {"REC-1": 8})])
        inspection = receipt.qms_inspection_ids
        lot = inspection.lot_id
        self.env["stock.quant"]._update_available_quantity(
            self.product_lot, self.shelf, 4, lot_id=lot
        )
        self.assertEqual(lot.qms_state, "pending")
        self.assertAlmostEqual(lot.qms_hold_date, fields.Datetime.now(), delta=timedelta(minutes=5))
        self.assertEqual(lot.qms_days_on_hold, 0)
        self.assertEqual(lot.product_qty, 12)
        self.assertEqual(lot.qms_location_ids, self.stock | self.shelf)
        self.assertEqual(lot.qms_hold_reason, "Pending inspection")
        self.assertEqual(lot.qms_hold_inspection_id, inspection)
        action = lot.with_user(self.inspector).action_qms_open_hold_inspection()
        self.assertEqual((action["res_model"], action["res_id"]), ("qms.inspection", inspection.id))

        lot._qms_write({"qms_hold_date": fields.Datetime.now() - timedelta(days=3, hours=1)})
        self.assertEqual(lot.qms_days_on_hold, 3)
        Lot = self.env["stock.lot"]
        self.assertIn(lot, Lot.search([("qms_days_on_hold", ">=", 3)]))
        self.assertNotIn(lot, Lot.search([("qms_days_on_hold", ">", 3)]))
        self.assertIn(self.held_lot, Lot.search([("qms_days_on_hold", "<", 3)]))

        rejected = self._decide(inspection, self.inspector, answer="fail")
        self.assertEqual(lot.qms_state, "blocked")
        self.assertEqual(lot.qms_days_on_hold, 3, "a rejection continues the same hold")
        self.assertEqual(lot.qms_hold_inspection_id, rejected)

    def test_a_released_lot_is_no_longer_on_hold(self):
        self.held_lot.with_user(self.manager).action_qms_release(
            "Cracks were paint", password=self._pw(self.manager)
        )
        self.assertFalse(self.held_lot.qms_hold_date)
        self.assertFalse(self.held_lot.qms_hold_inspection_id)
        self.assertEqual(self.held_lot.qms_days_on_hold, 0)
        self.assertNotIn(
            self.held_lot, self.env["stock.lot"].search([("qms_days_on_hold", ">=", 0)])
        )

    def test_the_hold_date_changes_through_the_hold_actions_only(self):
        for user in (self.inspector, self.manager, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login), self.assertRefused(UserError, "HELD-1"):
                self.held_lot.with_user(user).write({"qms_hold_date": "2020-01-01 00:00:00"})
        self.assertEqual(self.held_lot.qms_days_on_hold, 0)

    def test_locations_are_computed_for_the_whole_list_at_once(self):
        lots = self.good_lot | self.held_lot
        lots.invalidate_recordset()
        with self.assertQueryCount(2):  # one grouping of the quants, one read of the locations
            self.assertEqual(lots.mapped("qms_location_ids"), self.stock)

    def test_the_lots_on_hold_list_shows_what_a_manager_sorts_by(self):
        action = self.env.ref("quality_core.stock_lot_action_qms_hold")
        list_view = action.view_ids.filtered(lambda v: v.view_mode == "list").view_id
        arch = self.env["stock.lot"].get_view(list_view.id)["arch"]
        for name in (
            "product_qty",
            "qms_location_ids",
            "qms_hold_reason",
            "qms_hold_date",
            "qms_days_on_hold",
            "qms_hold_inspection_id",
            "action_qms_move_to_quarantine",
        ):
            self.assertIn('name="%s"' % name, arch)


@tagged("post_install", "-at_install")
class TestQuarantine(QmsHoldCommon):
    def test_manager_moves_a_held_lot_to_quarantine(self):
        self.env["stock.quant"]._update_available_quantity(
            self.product_lot, self.shelf, 3, lot_id=self.held_lot
        )
        action = self.held_lot.with_user(self.manager).action_qms_move_to_quarantine()
        transfer = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(transfer.state, "done")
        self.assertEqual(transfer.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(transfer.location_dest_id, self.quarantine)
        self.assertEqual(transfer.move_line_ids.lot_id, self.held_lot)
        self.assertEqual(
            sorted(transfer.move_line_ids.mapped(lambda ml: (ml.location_id.id, ml.quantity))),
            sorted([(self.stock.id, 10), (self.shelf.id, 3)]),
        )
        self.assertEqual(self._on_hand(self.product_lot, self.quarantine, self.held_lot), 13)
        self.assertEqual(self._on_hand(self.product_lot, self.stock, self.held_lot), 0)
        self.assertEqual(self._on_hand(self.product_lot, self.shelf, self.held_lot), 0)
        self.assertEqual(self._on_hand(self.product_lot, self.stock, self.good_lot), 10)
        self.assertEqual(self.held_lot.qms_state, "blocked")
        self.assertEqual(self.held_lot.qms_location_ids, self.quarantine)
        self.assertIn(
            'data-oe-model="stock.picking" data-oe-id="%s"' % transfer.id,
            self.held_lot.message_ids[0].body,
        )

        with self.assertRefused(UserError, "HELD-1"):
            self._picking(
                self.type_out,
                self.quarantine,
                self.customer_location,
                [(self.product_lot, {self.held_lot: 5})],
                self.customer,
            )
        self.assertEqual(self._on_hand(self.product_lot, self.quarantine, self.held_lot), 13)

    def test_quality_manager_without_inventory_rights_moves_to_quarantine(self):
        quality_manager = new_test_user(
            self.env, login="qms_manager_only", groups="quality_core.group_qms_manager"
        )
        self.held_lot.with_user(quality_manager).action_qms_move_to_quarantine()
        self.assertEqual(self._on_hand(self.product_lot, self.quarantine, self.held_lot), 10)

    def test_inspector_cannot_move_lots_to_quarantine(self):
        with self.assertRefused(AccessError, "HELD-1"):
            self.held_lot.with_user(self.inspector).action_qms_move_to_quarantine()
        self.assertEqual(self._on_hand(self.product_lot, self.stock, self.held_lot), 10)
        self.assertFalse(
            self.env["stock.picking"].search([("location_dest_id", "=", self.quarantine.id)])
        )

    def test_lot_not_on_hold_is_refused(self):
        with self.assertRefused(UserError, r"not on quality hold: GOOD-1"):
            (self.held_lot | self.good_lot).with_user(self.manager).action_qms_move_to_quarantine()
        self.assertEqual(self._on_hand(self.product_lot, self.stock, self.held_lot), 10)

    def test_nothing_to_move_or_nowhere_to_move_is_refused(self):
        self.held_lot.with_user(self.manager).action_qms_move_to_quarantine()
        with self.assertRefused(UserError, "HELD-1.*nothing on hand outside a quarantine"):
            self.held_lot.with_user(self.manager).action_qms_move_to_quarantine()
        other = self._lot(self.product_lot, "HELD-2", qty=2)
        other.with_user(self.manager).action_qms_block("Same heat as HELD-1")
        self.quarantine.qms_quarantine = False
        with self.assertRefused(UserError, "HELD-2.*%s" % self.warehouse.name):
            other.with_user(self.manager).action_qms_move_to_quarantine()
        self.assertEqual(self._on_hand(self.product_lot, self.stock, other), 2)
