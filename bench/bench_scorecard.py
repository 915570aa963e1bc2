# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Supplier scorecards on a large database: a year of receipts from 1,000 vendors.

Run through ``make bench BENCH=scorecard`` (bench/run.sh scorecard), which prepares the database
with scorecard_generate.py (1,000,000 done receipt move lines with their lots and incoming
inspections). In one transaction, rolled back at the end (the snapshots written by the timing are
not kept):

* the SQL aggregate the scorecards are computed from
  (``qms.supplier.scorecard._qms_counts_query`` over the 12 months ``_qms_recompute`` rewrites),
  printed with its parameters, and ``EXPLAIN (ANALYZE, BUFFERS)`` of it, once;
* ``qms.supplier.scorecard._qms_recompute(months=12)``, ``--rounds`` times (each rewrites every
  monthly snapshot of the 12 months): wall times, median, snapshots written, queries issued
  (target: median < 10 s);
* ``res.partner.qms_scorecard(date_from, date_to)`` over the same 12 months for ``--vendors``
  random vendors, as the administrator, ORM cache cleared before each call: p50 and max;
* reading ``qms_grade`` on 1,000 vendors at once (one batch compute from the snapshots);
* checks (exit status 1 when one fails): the snapshots add up to the receipts, lots and
  inspections of the period counted directly, every vendor with receipts gets a grade.
"""

import argparse
import random
import statistics
import sys
import time
from collections import Counter

from dateutil.relativedelta import relativedelta
from lib.figures import ms, secs, verdict
from lib.session import run_on_generated_data

from odoo import fields
from odoo.tools import SQL

MARKER = "qms_scorecard_bench.generated"
TARGET_RECOMPUTE_S = 10.0

# Receipts as the scorecard counts them: done moves from a vendor location with an order line.
PERIOD_COUNTS = """
WITH receipt AS (
    SELECT sm.id
      FROM stock_move sm
      JOIN stock_location src ON src.id = sm.location_id AND src.usage = 'supplier'
     WHERE sm.state = 'done' AND sm.purchase_line_id IS NOT NULL AND sm.company_id = %(company)s
       AND sm.date >= %(start)s AND sm.date < %(stop)s
)
SELECT (SELECT COUNT(*) FROM receipt),
       (SELECT COUNT(*) FROM stock_move_line sml JOIN receipt ON receipt.id = sml.move_id
         WHERE sml.state = 'done'),
       (SELECT COUNT(*) FROM qms_inspection i JOIN receipt ON receipt.id = i.move_id
         WHERE i.state = 'done'),
       (SELECT COUNT(*) FROM qms_inspection i JOIN receipt ON receipt.id = i.move_id
         WHERE i.state = 'done' AND i.decision IN ('reject', 'concession'))
"""
SNAPSHOT_SUMS = """
SELECT COUNT(*), COUNT(DISTINCT partner_id), SUM(lines_received), SUM(lines_on_time),
       SUM(lots_received), SUM(lots_inspected), SUM(lots_rejected), SUM(qty_received),
       SUM(qty_rejected)
  FROM qms_supplier_scorecard
 WHERE company_id = %s AND period_start BETWEEN %s AND %s
"""


class ScorecardBench:
    def __init__(self, env, args, summary):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.summary = summary
        self.rnd = random.Random(args.seed)
        self.company = env.company
        self.Scorecard = env["qms.supplier.scorecard"]
        today = fields.Date.context_today(self.Scorecard)
        # The months _qms_recompute(months=12) rewrites.
        self.date_from = today.replace(day=1) - relativedelta(months=11)
        self.date_to = today.replace(day=1) + relativedelta(months=1, days=-1)
        first, last = summary["vendor_ids"]
        self.vendors = env["res.partner"].browse(range(first, last + 1))
        self.failures = []

    def check(self, label, ok):
        print("  %-70s %s" % (label, "ok" if ok else "FAILED"))
        if not ok:
            self.failures.append(label)

    # -- the data
    def period_counts(self):
        self.cr.execute(
            PERIOD_COUNTS,
            {
                "company": self.company.id,
                "start": fields.Datetime.to_datetime(self.date_from),
                "stop": fields.Datetime.to_datetime(self.date_to + relativedelta(days=1)),
            },
        )
        return self.cr.fetchone()

    def show_data(self):
        s = self.summary
        print(
            "Data: %d vendors, %d purchase orders, %d order lines, %d receipts, %d done move "
            "lines (lots), %d inspections, generated in %.0f s (scale %g), receipts %s .. %s"
            % (
                s["vendors"],
                s["purchase_orders"],
                s["purchase_order_lines"],
                s["receipts"],
                s["done_move_lines"],
                s["inspections"],
                s["generation_seconds"],
                s["scale"],
                s["first_date"][:10],
                s["last_date"][:10],
            )
        )
        moves, lines, inspections, failed = self.period_counts()
        self.period = (moves, lines, inspections, failed)
        print(
            "Period %s .. %s (the 12 months _qms_recompute(months=12) rewrites), company %s:"
            % (self.date_from, self.date_to, self.company.name)
        )
        print("  done receipt moves (order lines received) %10d" % moves)
        print("  done receipt move lines (lots)            %10d" % lines)
        print(
            "  done inspections of these receipts        %10d (%d rejected or under concession)"
            % (inspections, failed)
        )

    # -- the SQL
    def show_query(self):
        query = self.Scorecard._qms_counts_query(self.company, self.date_from, self.date_to)
        print("\nSQL of _qms_counts_query(company, %s, %s):" % (self.date_from, self.date_to))
        print(query.code.rstrip())
        print("params: %r" % (query.params,))
        self.env.flush_all()
        self.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
        plan = [row[0] for row in self.cr.fetchall()]
        print("\nEXPLAIN (ANALYZE, BUFFERS), once:")
        for line in plan:
            print("  " + line)

    # -- the measurements
    def time_recompute(self):
        print("\n_qms_recompute(months=12), %d run(s):" % self.args.rounds)
        times, written = [], None
        for run in range(self.args.rounds):
            self.env.invalidate_all()
            queries = self.cr.sql_log_count
            start = time.perf_counter()
            written = self.Scorecard._qms_recompute(months=12)
            elapsed = time.perf_counter() - start
            times.append(elapsed)
            print(
                "  run %d: %s, %d snapshots written, %d queries"
                % (run + 1, secs(elapsed), written, self.cr.sql_log_count - queries)
            )
        self.recompute_median = statistics.median(times)
        print("  median %s, max %s" % (secs(self.recompute_median), secs(max(times))))
        self.snapshots = written

    def check_snapshots(self):
        self.cr.execute(SNAPSHOT_SUMS, [self.company.id, self.date_from, self.date_to])
        (count, vendors, lines, on_time, lots, inspected, rejected, qty, qty_rejected) = (
            self.cr.fetchone()
        )
        moves, move_lines, inspections, failed = self.period
        print(
            "\nSnapshots: %d (%d vendors x months); on time %.1f %%, lots rejected %.2f %%, "
            "%.0f PPM overall"
            % (
                count,
                vendors,
                100.0 * on_time / (lines or 1),
                100.0 * rejected / (inspected or 1),
                1e6 * float(qty_rejected or 0) / float(qty or 1),
            )
        )
        self.check("snapshots written = snapshots in the period", count == self.snapshots)
        self.check(
            "receipt lines in the snapshots = done receipt moves of the period", lines == moves
        )
        self.check(
            "lots in the snapshots = done receipt move lines of the period", lots == move_lines
        )
        self.check("lots inspected in the snapshots = done inspections", inspected == inspections)
        self.check("lots rejected in the snapshots = rejected + concession", rejected == failed)

    def time_partner_scorecard(self):
        admin = self.env.ref("base.user_admin")
        sample = self.rnd.sample(self.vendors.ids, min(self.args.vendors, len(self.vendors)))
        times, card = [], None
        for vendor_id in sample:
            vendor = self.env["res.partner"].with_user(admin).browse(vendor_id)
            self.env.invalidate_all()
            start = time.perf_counter()
            card = vendor.qms_scorecard(self.date_from, self.date_to)
            times.append(time.perf_counter() - start)
        print(
            "\nres.partner.qms_scorecard(%s, %s) on %d random vendors (as %s, cache cleared):"
            % (self.date_from, self.date_to, len(sample), admin.login)
        )
        print("  p50 %s, max %s" % (ms(statistics.median(times)), ms(max(times))))
        print(
            "  e.g. %s: %d lines, %d lots, on time %.2f %%, lot acceptance %.2f %%, "
            "%.1f PPM, score %.2f, grade %s"
            % (
                self.env["res.partner"].browse(sample[-1]).name,
                card["lines_received"],
                card["lots_received"],
                card["otd_rate"],
                card["lot_acceptance_rate"],
                card["ppm"],
                card["score"],
                card["grade"],
            )
        )
        self.partner_p50 = statistics.median(times)

    def time_grades(self):
        admin = self.env.ref("base.user_admin")
        vendors = self.vendors[:1000].with_user(admin)
        self.env.invalidate_all()
        queries = self.cr.sql_log_count
        start = time.perf_counter()
        grades = vendors.mapped("qms_grade")
        elapsed = time.perf_counter() - start
        distribution = Counter(grade or "none" for grade in grades)
        print(
            "\nqms_grade of %d vendors at once (as %s, cache cleared): %s, %d queries"
            % (len(vendors), admin.login, ms(elapsed), self.cr.sql_log_count - queries)
        )
        print(
            "  grades: %s" % ", ".join("%s %d" % (g, distribution[g]) for g in sorted(distribution))
        )
        self.check("every vendor with receipts has a grade", not distribution.get("none"))
        self.grades_time = elapsed

    def run(self):
        self.show_data()
        self.show_query()
        self.time_recompute()
        self.check_snapshots()
        self.time_partner_scorecard()
        self.time_grades()
        ok = self.recompute_median < TARGET_RECOMPUTE_S
        print("\nTarget: recompute all scorecards for 12 months < %.0f s" % TARGET_RECOMPUTE_S)
        print(
            "  _qms_recompute(months=12): median %s over %d runs, %d snapshots from %d receipt "
            "move lines -> %s"
            % (
                secs(self.recompute_median),
                self.args.rounds,
                self.snapshots,
                self.period[1],
                verdict(ok),
            )
        )
        if self.failures:
            print("Checks failed: %s" % "; ".join(self.failures))
        print("Rolled back: the snapshots written by the timing are not kept.")
        return ok and not self.failures


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=3, help="runs of _qms_recompute(months=12)")
    parser.add_argument(
        "--vendors", type=int, default=20, help="vendors res.partner.qms_scorecard is timed on"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    return run_on_generated_data(args, MARKER, ScorecardBench, "receipts", "scorecard_generate.py")


if __name__ == "__main__":
    sys.exit(main())
