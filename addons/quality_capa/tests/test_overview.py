# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.quality_core.tests.common import OverviewCommon


@tagged("post_install", "-at_install")
class TestOverviewNonconformities(OverviewCommon):
    """Open NCRs on the cards of the Quality overview: those of the rejected inspections
    (opened by the automation rule), and those recorded on a transfer or at a work center."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        NonConformity = cls.env["qms.nonconformity"]
        cls.ncr_failed = cls.failed.nonconformity_ids
        cls.ncr_failed_long_ago = cls.failed_long_ago.nonconformity_ids
        cls.ncr_mo_failed = cls.mo_failed.nonconformity_ids
        cls.ncr_transfer = NonConformity.create(
            {"product_id": cls.product_lot.id, "picking_id": cls.late.picking_id.id}
        )
        cls.ncr_cancelled = NonConformity.create(
            {"product_id": cls.product_lot.id, "picking_id": cls.on_time.picking_id.id}
        )
        cls.ncr_cancelled.with_user(cls.manager).action_cancel("Recorded twice")
        cls.ncr_workcenter = NonConformity.create(
            {"product_id": cls.product_shaft.id, "workcenter_id": cls.wc_check.id}
        )
        cls.ncr_workcenter.action_confirm()

    def test_rejections_open_ncrs_at_their_operation_type_and_work_center(self):
        self.assertEqual(len(self.ncr_failed | self.ncr_failed_long_ago | self.ncr_mo_failed), 3)
        self.assertEqual(self.ncr_failed.picking_type_id, self.type_ov_in)
        self.assertEqual(self.ncr_transfer.picking_type_id, self.type_ov_in, "its transfer's")
        self.assertEqual(self.ncr_mo_failed.picking_type_id, self.type_ov_mrp)
        self.assertEqual(self.ncr_mo_failed.workcenter_id, self.wc_check, "its inspection's")

    def test_open_ncr_counts_and_links(self):
        receipts = self._card(self.type_ov_in)
        self.assertEqual(receipts.nonconformity_open_count, 3, "the cancelled one left out")
        self.assertEqual(
            self._listed(receipts.action_view_nonconformities()),
            self.ncr_failed | self.ncr_failed_long_ago | self.ncr_transfer,
        )
        workcenter = self._card(self.wc_check)
        self.assertEqual(workcenter.nonconformity_open_count, 2)
        self.assertEqual(
            self._listed(workcenter.action_view_nonconformities()),
            self.ncr_mo_failed | self.ncr_workcenter,
        )
        self.assertEqual(self._card(self.type_ov_mrp).nonconformity_open_count, 1)

    def test_query_count_does_not_grow_with_the_cards(self):
        cards = self.Overview.with_user(self.inspector).search([])
        types = cards.filtered(lambda card: card.kind == "picking_type")
        self.assertGreaterEqual(len(types), 2)

        def queries(cards):
            self.env.invalidate_all()
            cards = cards.browse(cards.ids)
            before = self.env.cr.sql_log_count
            cards.mapped("nonconformity_open_count")
            return self.env.cr.sql_log_count - before

        queries(cards)
        self.assertEqual(queries(types[:1]), queries(types))
