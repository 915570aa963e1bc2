# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import BaseCase, HttpCase, tagged

from ..tools import scorecard
from .common import SupplierCommon


@tagged("post_install", "-at_install")
class TestScorecard(SupplierCommon):
    """A small dataset computed by hand.

    Scored vendor, this month:
    - order 1, 100 rods promised today: LOT-S1 60 passes, LOT-S2 40 is rejected;
    - order 2, 50 rods promised 5 days ago (late: window is 0 early / 3 late): LOT-S3 passes;
    - order 3, 200 washers promised in 2 days (early): inspected per move, passes.
    Receipt lines 3, on time 1 (33.33 %); quantity 350, rejected 40 -> PPM 114,285.7 (0 points);
    lots received 4, inspected 4, rejected 1 -> acceptance 75 %;
    score 0.7 x 0 + 0.3 x 33.33 = 10.0 -> D.
    Good vendor: one order of 30 rods on time, passed: PPM 0 (100 points), OTD 100 % -> 100, A.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.scored = cls.env["res.partner"].create({"name": "Scored Vendor", "is_company": True})
        cls.good = cls.env["res.partner"].create({"name": "Good Vendor", "is_company": True})
        for partner, planned, product, arrived, failed in (
            (cls.scored, now, cls.product_lot, {"LOT-S1": 60, "LOT-S2": 40}, {"LOT-S2"}),
            (cls.scored, now - timedelta(days=5), cls.product_lot, {"LOT-S3": 50}, set()),
            (cls.scored, now + timedelta(days=2), cls.product_plain, 200, set()),
            (cls.good, now, cls.product_lot, {"LOT-G1": 30}, set()),
        ):
            qty = sum(arrived.values()) if isinstance(arrived, dict) else arrived
            order = cls._purchase([(product, qty)], partner=partner, date_planned=planned)
            receipt = cls._receive(order, {product: arrived})
            for inspection in receipt.qms_inspection_ids:
                if inspection.lot_id.name in failed:
                    cls._reject(inspection)
                else:
                    cls._decide(inspection, cls.inspector)
        cls.today = fields.Date.today()

    def test_scorecard_of_a_period_matches_the_hand_computation(self):
        card = self.scored.with_user(self.buyer).qms_scorecard(
            self.today.replace(day=1), self.today
        )
        self.assertEqual(card["lines_received"], 3)
        self.assertEqual(card["lines_on_time"], 1)
        self.assertEqual(card["qty_received"], 350)
        self.assertEqual(card["lots_received"], 4)
        self.assertEqual(card["lots_inspected"], 4)
        self.assertEqual(card["lots_rejected"], 1)
        self.assertEqual(card["qty_rejected"], 40)
        self.assertEqual(card["lot_acceptance_rate"], 75.0)
        self.assertAlmostEqual(card["ppm"], 114285.7, places=1)
        self.assertEqual(card["otd_rate"], 33.33)
        self.assertAlmostEqual(card["score"], 10.0, places=2)
        self.assertEqual(card["grade"], "D")
        good = self.good.qms_scorecard(self.today.replace(day=1), self.today)
        self.assertEqual((good["ppm"], good["otd_rate"], good["score"], good["grade"]),
                         (0.0, 100.0, 100.0, "A"))  # fmt: skip

    def test_period_without_receipts_has_no_grade(self):
        card = self.scored.qms_scorecard(
            self.today - timedelta(days=400), self.today - timedelta(days=390)
        )
        self.assertEqual((card["lines_received"], card["score"], card["grade"]), (0, 0.0, False))
        with self.assertRaisesRegex(UserError, "start date on or before the end date"):
            self.scored.qms_scorecard(self.today, self.today - timedelta(days=1))

    def test_monthly_snapshots_feed_the_vendor_form_and_the_purchase_warning(self):
        written = self.env["qms.supplier.scorecard"]._qms_recompute(months=1)
        self.assertGreaterEqual(written, 2)
        snapshot = self.env["qms.supplier.scorecard"].search([("partner_id", "=", self.scored.id)])
        self.assertEqual(snapshot.period_start, self.today.replace(day=1))
        self.assertEqual((snapshot.lots_received, snapshot.lots_rejected, snapshot.grade),
                         (4, 1, "D"))  # fmt: skip
        self.scored.invalidate_recordset()
        self.assertEqual(self.scored.qms_grade, "D")
        self.assertEqual(self.scored.qms_lot_acceptance_rate, 75.0)
        self.assertEqual(self.good.qms_grade, "A")
        self.assertIn(
            self.scored, self.env["res.partner"].search([("qms_grade", "in", ("C", "D"))])
        )
        self.assertNotIn(self.good, self.env["res.partner"].search([("qms_grade", "=", "D")]))
        order = self.env["purchase.order"].new({"partner_id": self.scored.id})
        self.assertEqual(order.qms_vendor_grade, "D")
        order = self.env["purchase.order"].new({"partner_id": self.good.id})
        self.assertEqual(order.qms_vendor_grade, "A")
        # Recomputing replaces the month, it does not add to it.
        self.env["qms.supplier.scorecard"]._qms_recompute(months=1)
        self.assertEqual(
            self.env["qms.supplier.scorecard"].search_count([("partner_id", "=", self.scored.id)]),
            1,
        )

    def test_company_settings_change_score_and_grade(self):
        self.company.write({"qms_ppm_bands": "200000:80", "qms_grade_c": 60})
        card = self.scored.qms_scorecard(self.today.replace(day=1), self.today)
        self.assertAlmostEqual(card["score"], 0.7 * 80 + 0.3 * 33.33, places=1)
        self.assertEqual(card["grade"], "C")
        for values, message in (
            ({"qms_ppm_bands": "200:90, 50:100"}, "must increase"),
            ({"qms_score_quality_weight": 50}, "add up to 100"),
            ({"qms_grade_b": 95}, "grade limits"),
        ):
            with self.subTest(values=values):
                with self.assertRaisesRegex(ValidationError, message), self.cr.savepoint():
                    self.company.write(values)

    def test_nightly_cron_writes_this_and_last_month(self):
        self.env["qms.supplier.scorecard"]._cron_recompute()
        self.assertTrue(
            self.env["qms.supplier.scorecard"].search([("partner_id", "=", self.good.id)])
        )

    def test_a_decision_refreshes_its_vendor_and_month_without_the_cron(self):
        Scorecard = self.env["qms.supplier.scorecard"]
        Scorecard._qms_recompute(months=1)
        good_card = Scorecard.search([("partner_id", "=", self.good.id)])
        # Marked, to see whether a decision on another vendor rewrites it.
        good_card.sudo().write({"lots_received": 99})
        vendor = self.env["res.partner"].create({"name": "Fresh Vendor", "is_company": True})
        order = self._purchase([(self.product_lot, 20)], partner=vendor)
        receipt = self._receive(order, {self.product_lot: {"LOT-F1": 15, "LOT-F2": 5}})
        first, second = receipt.qms_inspection_ids.sorted("qty")
        self._reject(first)
        vendor.invalidate_recordset()
        card = Scorecard.search([("partner_id", "=", vendor.id)])
        self.assertEqual(card.period_start, self.today.replace(day=1))
        self.assertEqual((card.lots_inspected, card.lots_rejected, card.qty_rejected), (1, 1, 5))
        self.assertEqual((vendor.qms_lots_rejected, vendor.qms_ppm), (1, 250000.0))
        self.assertEqual(vendor.qms_lot_acceptance_rate, 0.0)
        self._decide(second, self.inspector)
        self.assertEqual(vendor.qms_lot_acceptance_rate, 50.0, "no stale figure in the cache")
        self.assertEqual(card.lots_inspected, 2)
        self.assertEqual(good_card.lots_received, 99, "another vendor's scorecard is left alone")

    def test_vendor_figures_are_the_monthly_counts_summed_and_graded_once(self):
        # The late order arrived last month: two monthly rows, graded 15 (D) and 70 (C).
        late_move = self.env["stock.move"].search(
            [("purchase_line_id.order_id.partner_id", "=", self.scored.id),
             ("product_uom_qty", "=", 50)]
        )  # fmt: skip
        last_month = self.today.replace(day=1) - relativedelta(months=1)
        late_move.date = fields.Datetime.to_datetime(last_month) + timedelta(hours=12)
        Scorecard = self.env["qms.supplier.scorecard"]
        Scorecard._qms_recompute(months=2)
        cards = Scorecard.search([("partner_id", "=", self.scored.id)])
        self.assertEqual(cards.mapped("score"), [15.0, 70.0])
        summed = {name: sum(cards.mapped(name)) for name in scorecard.COUNTS}
        expected = scorecard.evaluate(summed, self.company._qms_score_rules())
        vendor = self.scored.with_user(self.buyer)
        vendor.invalidate_recordset()
        self.assertEqual(
            (vendor.qms_score, vendor.qms_grade, vendor.qms_ppm, vendor.qms_otd_rate,
             vendor.qms_lot_acceptance_rate),
            (expected["score"], expected["grade"], expected["ppm"], expected["otd_rate"],
             expected["lot_acceptance_rate"]),
        )  # fmt: skip
        self.assertEqual((vendor.qms_score, vendor.qms_grade), (10.0, "D"))
        live = vendor.qms_scorecard(vendor.qms_score_date_from, self.today)
        self.assertEqual((live["score"], live["ppm"]), (vendor.qms_score, vendor.qms_ppm))
        # Pivot, graph and grouped lists show the same figures, not an average of the months.
        measures = ["score:avg", "ppm:avg", "otd_rate:avg", "lot_acceptance_rate:avg"]
        [group] = Scorecard.read_group(
            [("partner_id", "=", self.scored.id)], measures, ["partner_id"]
        )
        self.assertEqual(
            (group["score"], group["ppm"], group["otd_rate"], group["lot_acceptance_rate"]),
            (vendor.qms_score, vendor.qms_ppm, vendor.qms_otd_rate, vendor.qms_lot_acceptance_rate),
        )
        monthly = Scorecard.read_group(
            [("partner_id", "=", self.scored.id)], measures, ["period_start:month"]
        )
        self.assertEqual(sorted(group["score"] for group in monthly), [15.0, 70.0])

    def test_figures_name_their_period(self):
        partner_fields = self.env["res.partner"].fields_get(
            ["qms_score", "qms_grade", "qms_ppm", "qms_otd_rate", "qms_lot_acceptance_rate",
             "qms_score_date_from", "on_time_rate"],
            ["string", "help"],
        )  # fmt: skip
        for name, description in partner_fields.items():
            if name == "on_time_rate":
                continue
            with self.subTest(field=name):
                self.assertIn("12 months", description["string"])
                self.assertIn("this month included", description["help"])
        self.assertIn("Odoo", partner_fields["qms_otd_rate"]["help"])
        self.assertIn("quality scorecard", partner_fields["on_time_rate"]["help"])
        card_fields = self.env["qms.supplier.scorecard"].fields_get(
            ["score", "ppm", "otd_rate", "lot_acceptance_rate"], ["string", "help"]
        )
        for name, description in card_fields.items():
            with self.subTest(field=name):
                self.assertIn("Month", description["string"])
                self.assertIn("summed counts", description["help"])


@tagged("post_install", "-at_install")
class TestScorecardXmlRpc(HttpCase):
    def test_scorecard_over_xmlrpc(self):
        vendor = self.env["res.partner"].create({"name": "RPC Vendor", "is_company": True})
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "admin", "admin", {})
        card = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            uid,
            "admin",
            "res.partner",
            "qms_scorecard",
            [[vendor.id], "2026-01-01", "2026-12-31"],
        )
        for key in ("score", "grade", "ppm", "lot_acceptance_rate", "otd_rate", "lots_received",
                    "lots_rejected", "qty_received", "qty_rejected"):  # fmt: skip
            self.assertIn(key, card)
        self.assertEqual((card["lots_received"], card["grade"]), (0, False))
        self.assertEqual(card["date_from"], "2026-01-01")


class TestScoreRules(BaseCase):
    """The arithmetic without a database."""

    def test_ppm_bands_from_the_reference(self):
        bands = scorecard.parse_ppm_bands(scorecard.DEFAULT_PPM_BANDS)
        expected = {0: 100, 50: 100, 51: 90, 200: 90, 350: 80, 500: 70, 999: 60, 2000: 50, 2001: 0}
        for ppm, points in expected.items():
            self.assertEqual(scorecard.ppm_points(ppm, bands), points, ppm)

    def test_malformed_bands_are_refused(self):
        for text in ("", "50", "50:abc", "50:120", "-1:10", "200:90,50:100"):
            with self.subTest(text=text), self.assertRaises(ValueError):
                scorecard.parse_ppm_bands(text)

    def test_weighted_score_and_grades(self):
        rules = scorecard.ScoreRules()
        values = scorecard.evaluate(
            {
                "lines_received": 10,
                "lines_on_time": 9,
                "qty_received": 10000,
                "qty_rejected": 3,
                "lots_inspected": 10,
                "lots_rejected": 1,
            },  # fmt: skip
            rules,
        )
        # 300 PPM -> 80 points; 0.7 x 80 + 0.3 x 90 = 83 -> B
        self.assertEqual((values["ppm"], values["quality_points"]), (300.0, 80.0))
        self.assertEqual((values["score"], values["grade"]), (83.0, "B"))
        self.assertEqual(values["lot_acceptance_rate"], 90.0)
        self.assertEqual(scorecard.grade(90, rules), "A")
        self.assertEqual(scorecard.grade(69.99, rules), "D")
        self.assertFalse(scorecard.evaluate({}, rules)["grade"])
