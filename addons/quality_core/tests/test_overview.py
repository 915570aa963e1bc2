# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import FIGURES, OverviewCommon, second_company_manager


@tagged("post_install", "-at_install")
class TestOverview(OverviewCommon):
    def test_inspections_know_their_work_center_and_deadline(self):
        # Planned ahead: due 24 hours (the time to inspect) after the scheduled date.
        self.assertEqual(
            self.on_time.date_deadline,
            self.on_time.picking_id.scheduled_date + timedelta(hours=24),
        )
        # Received after its scheduled date: due 24 hours after it came.
        passed_deadline = self.passed.date_deadline - timedelta(hours=24)
        self.assertGreater(passed_deadline, self.passed.picking_id.scheduled_date)
        self.assertLess(abs(passed_deadline - self.passed.create_date), timedelta(minutes=1))
        self.assertTrue(self.late.is_late)
        self.assertFalse(self.on_time.is_late)
        self.assertFalse(self.failed.is_late, "decided: not late any more")
        self.assertFalse(self.late.workcenter_id, "a receipt is made at no work center")
        self.assertEqual(self.mo_late.workcenter_id, self.wc_check, "the last operation's")
        self.assertEqual(
            self.mo_on_time.date_deadline,
            self.mo_on_time.production_id.date_finished + timedelta(hours=24),
        )
        self.assertTrue(self.mo_late.is_late)
        self.assertFalse(self.mo_on_time.is_late)
        Inspection = self.env["qms.inspection"]
        ours = [("picking_type_id", "in", (self.type_ov_in | self.type_ov_mrp).ids)]
        self.assertEqual(
            Inspection.search([*ours, ("is_late", "=", True)]), self.late | self.mo_late
        )
        self.assertEqual(
            Inspection.search([*ours, ("is_late", "!=", True)]),
            Inspection.search(ours) - self.late - self.mo_late,
        )

    def test_receipt_card_counts(self):
        card = self._card(self.type_ov_in)
        self.assertEqual(len(card), 1)
        self.assertEqual((card.kind, card.name), ("picking_type", "OV Receipts"))
        self.assertEqual(card.warehouse_id, self.warehouse)
        self.assertEqual(
            self._figures(card),
            {
                "inspection_todo_count": 2,
                "inspection_late_count": 1,
                "inspection_failed_count": 1,
                "lot_hold_count": 4,
            },
            "to do: late and on time; failed in 30 days: not the one of 40 days ago; on "
            "hold: all lots but the passed one",
        )

    def test_work_center_card_counts(self):
        card = self._card(self.wc_check)
        self.assertEqual((card.kind, card.name), ("workcenter", "OV Final Check"))
        expected = {
            "inspection_todo_count": 2,
            "inspection_late_count": 1,
            "inspection_failed_count": 1,
            "lot_hold_count": 1,
        }
        self.assertEqual(self._figures(card), expected)
        self.assertFalse(self._card(self.wc_cut), "no inspection at the first operation")
        self.assertEqual(self._figures(self._card(self.type_ov_mrp)), expected)

    def test_operation_type_with_a_control_point_only_has_a_card(self):
        self.assertFalse(self._card(self.type_out))
        self._control_point(self.type_out)
        card = self._card(self.type_out)
        self.assertEqual(self._figures(card), dict.fromkeys((*FIGURES, "lot_hold_count"), 0))

    def test_links_open_the_counted_records(self):
        card = self._card(self.type_ov_in)
        todo = card.action_view_inspections_todo()
        self.assertEqual(todo["res_model"], "qms.inspection")
        self.assertEqual(
            todo["context"],
            {"search_default_todo": 1, "search_default_picking_type_id": card.picking_type_id.id},
        )
        self.assertEqual(self._listed(todo), self.late | self.on_time)
        self.assertEqual(self._listed(card.action_view_inspections_late()), self.late)
        self.assertEqual(self._listed(card.action_view_inspections_failed()), self.failed)
        lots = self._listed(card.action_view_lots_on_hold())
        self.assertEqual(
            sorted(lots.mapped("name")), ["OV-FAILED", "OV-LATE", "OV-OLD", "OV-ONTIME"]
        )
        wc_card = self._card(self.wc_check)
        self.assertEqual(
            self._listed(wc_card.action_view_inspections_todo()), self.mo_late | self.mo_on_time
        )
        self.assertEqual(self._listed(wc_card.action_view_inspections_late()), self.mo_late)
        self.assertEqual(self._listed(wc_card.action_view_inspections_failed()), self.mo_failed)
        self.assertEqual(
            self._listed(wc_card.action_view_lots_on_hold()).mapped("name"), ["OV-SHAFT-FAILED"]
        )

    def test_other_companies_are_left_out(self):
        company, manager = second_company_manager(self.env, "OV Other Company", "ov_other")
        env = self.env(user=manager)
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)])
        test = env["qms.test"].create({"name": "OV other check", "test_type": "passfail"})
        env["qms.control.point"].create(
            {
                "name": "OV other receipts",
                "picking_type_ids": [(6, 0, warehouse.in_type_id.ids)],
                "test_ids": [(6, 0, test.ids)],
            }
        )
        picking = env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "washers",
                            "product_id": self.product_plain.id,
                            "product_uom_qty": 3,
                            "product_uom": self.product_plain.uom_id.id,
                            "location_id": self.supplier_location.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.quantity = 3
        picking.button_validate()
        self.assertEqual(picking.qms_inspection_ids.state, "todo")

        other_card = self._card(warehouse.in_type_id, user=manager)
        self.assertEqual(other_card.inspection_todo_count, 1)
        self.assertFalse(self._card(warehouse.in_type_id), "the inspector's company only")
        self.assertFalse(
            self.Overview.with_user(self.inspector).search([("company_id", "=", company.id)])
        )
        self.assertEqual(self.Overview.with_user(manager).search([]).company_id, company)
        self.assertEqual(self._card(self.type_ov_in).inspection_todo_count, 2)

    def test_user_without_quality_group_is_refused(self):
        storekeeper = new_test_user(
            self.env, login="ov_storekeeper", groups="stock.group_stock_user"
        )
        with self.assertRaises(AccessError):
            self.Overview.with_user(storekeeper).search([])

    def _queries_to_count(self, cards):
        self.env.invalidate_all()
        cards = cards.browse(cards.ids)  # computed together with these cards only
        before = self.env.cr.sql_log_count
        for card in cards:
            self._figures(card)  # the first card computes every figure of the cards at once
        return self.env.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_the_cards(self):
        cards = self.Overview.with_user(self.inspector).search([])
        types = cards.filtered(lambda card: card.kind == "picking_type")
        workcenters = cards.filtered(lambda card: card.kind == "workcenter")
        self.assertGreaterEqual(len(types), 2)
        self._queries_to_count(cards)  # caches of access rights and record rules
        self.assertEqual(self._queries_to_count(types[:1]), self._queries_to_count(types))
        self.assertEqual(
            self._queries_to_count(types[:1] | workcenters[:1]), self._queries_to_count(cards)
        )


@tagged("post_install", "-at_install")
class TestOverviewTour(HttpCase, OverviewCommon):
    def test_overview_tour(self):
        self.start_tour("/odoo", "qms_overview_tour", login=self.inspector.login)
