# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Lot genealogy on a large database: the suite's trace and recall against Odoo's own tools.

Run through ``make bench BENCH=trace`` (bench/run.sh trace), which prepares the database with
trace_generate.py. In one run on the same lots:

* the suite's ``stock.lot.qms_trace('backward')`` on finished lots and ``qms_trace('forward')``
  on raw-material lots (p50/max, ORM cache cleared before each call);
* Odoo's ``stock.traceability.report`` fully unfolded on the same finished lots, called as the
  web client calls it (``get_main_lines`` with the lot form's context, then ``get_lines`` for
  every unfoldable line, recursively, with the arguments of ``toggleLine``);
* Odoo's forward path on the same raw lots: the report's upstream walk (from the lot's report,
  the "Traceability Report" icon of every line consumed by a manufacturing order opens the
  finished lines made from it; each new lot found is opened the same way) and
  ``stock.lot.delivery_ids``;
* the ratios; the bare ``WITH RECURSIVE`` lot closure with and without the done-lot index;
* a recall from a raw-material lot reaching at least 10,000 finished lots: the closure
  (``_qms_closure('forward')``), ``qms.recall.action_compute()`` and ``action_quarantine()``;
* checks: the suite's closure equals the bare SQL closure on every sampled lot, and equals the
  set of lots in Odoo's own fully unfolded report (backward) and upstream walk (forward) on a
  few lots. The exit status is 1 when a check fails.

Odoo's side is measured as plain Odoo 18 runs it: without the suite's index on
``stock_move_line(lot_id) WHERE state = 'done'`` (dropped inside the transaction), on a few lots
only (``--odoo-lots``) and each measurement capped at ``--odoo-budget`` seconds ("> budget" then,
and the ratio is a lower bound). Everything happens in one transaction that is rolled back.
"""

import argparse
import random
import sys
import time

from lib.figures import ms, p50, secs, verdict
from lib.session import run_on_generated_data

from odoo.tools import SQL

MARKER = "qms_trace_bench.generated"
TARGET_TRACE_MS = 30.0
TARGET_BACKWARD_RATIO = 100.0
TARGET_FORWARD_RATIO = 500.0
TARGET_CLOSURE_S = 1.0
TARGET_QUARANTINE_S = 5.0

FORWARD_SQL = """
WITH RECURSIVE closure(lot_id) AS (
    SELECT unnest(%s::int[])
     UNION
    SELECT finished.lot_id
      FROM closure
      JOIN stock_move_line consumed ON consumed.lot_id = closure.lot_id AND consumed.state = 'done'
      JOIN stock_move_line_consume_rel rel ON rel.produce_line_id = consumed.id
      JOIN stock_move_line finished ON finished.id = rel.consume_line_id AND finished.state = 'done'
     WHERE finished.lot_id IS NOT NULL
)
SELECT lot_id FROM closure
"""
BACKWARD_SQL = """
WITH RECURSIVE closure(lot_id) AS (
    SELECT unnest(%s::int[])
     UNION
    SELECT consumed.lot_id
      FROM closure
      JOIN stock_move_line finished ON finished.lot_id = closure.lot_id AND finished.state = 'done'
      JOIN stock_move_line_consume_rel rel ON rel.consume_line_id = finished.id
      JOIN stock_move_line consumed ON consumed.id = rel.produce_line_id AND consumed.state = 'done'
     WHERE consumed.lot_id IS NOT NULL
)
SELECT lot_id FROM closure
"""
CLOSURE_SQL = {"forward": FORWARD_SQL, "backward": BACKWARD_SQL}


class OverBudget(Exception):
    def __init__(self, calls=0, found=0):
        super().__init__("over budget")
        self.calls = calls
        self.found = found


class TraceBench:
    def __init__(self, env, args, summary):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.summary = summary
        self.rnd = random.Random(args.seed)
        self.engine = "qms.trace.edge" in env and hasattr(env["stock.lot"], "qms_trace")
        self.recall_model = "qms.recall" in env
        self.failures = []
        self.targets = []  # (label, value text, target text, ok or None)
        self.ours = {}  # (direction, lot id) -> seconds
        self.odoo = {}  # (measure, lot id) -> dict

    # -- helpers
    def sql_closure(self, direction, lot_ids):
        self.cr.execute(CLOSURE_SQL[direction], [list(lot_ids)])
        return {row[0] for row in self.cr.fetchall()}

    def timed_sql_closure(self, direction, lot_ids):
        start = time.perf_counter()
        lots = self.sql_closure(direction, lot_ids)
        return time.perf_counter() - start, lots

    def lot_ids_of(self, product_ids):
        self.cr.execute(
            "SELECT id FROM stock_lot WHERE product_id = ANY(%s) ORDER BY id", [product_ids]
        )
        return [row[0] for row in self.cr.fetchall()]

    def finished_count(self, lot_ids):
        self.cr.execute(
            "SELECT COUNT(*) FROM stock_lot WHERE id = ANY(%s) AND product_id = ANY(%s)",
            [list(lot_ids), self.summary["finished_product_ids"]],
        )
        return self.cr.fetchone()[0]

    def done_lot_indexes(self):
        """Indexes of stock_move_line whose first column is lot_id (none in plain Odoo 18)."""
        self.cr.execute(
            """SELECT index_class.relname
                 FROM pg_index ind
                 JOIN pg_class index_class ON index_class.oid = ind.indexrelid
                 JOIN pg_class table_class ON table_class.oid = ind.indrelid
                 JOIN pg_attribute att
                   ON att.attrelid = table_class.oid AND att.attnum = ind.indkey[0]
                WHERE table_class.relname = 'stock_move_line' AND att.attname = 'lot_id'"""
        )
        return [row[0] for row in self.cr.fetchall()]

    # -- the suite
    def our_trace(self, lot_id, direction):
        lot = self.env["stock.lot"].browse(lot_id)
        self.env.invalidate_all()
        start = time.perf_counter()
        result = lot.qms_trace(direction)
        return time.perf_counter() - start, result

    def our_closure(self, lot_ids, direction):
        lots = self.env["stock.lot"].browse(lot_ids)
        self.env.invalidate_all()
        start = time.perf_counter()
        closure = lots._qms_closure(direction)
        return time.perf_counter() - start, {lot_id for lot_id, _depth in closure}

    # -- Odoo's tools, called as the web client calls them
    def report_context(self, active_id, model, lot_name=False, auto_unfold=False):
        # TraceabilityReport.setup(): the context get_main_lines receives
        return {
            "active_id": active_id,
            "auto_unfold": auto_unfold,
            "model": model,
            "lot_name": lot_name,
            "ttype": False,
            "lang": False,
        }

    def odoo_report_unfolded(self, lot_id, deadline):
        """The lot's traceability report with every line unfolded, recursively."""
        report = self.env["stock.traceability.report"]
        lines = report.get_main_lines(self.report_context(lot_id, "stock.lot"))
        calls, found = 1, list(lines)
        # At the top level a line used by an order shows the upstream icon instead of the caret.
        todo = [line for line in lines if line["unfoldable"] and not line["is_used"]]
        while todo:
            if time.perf_counter() > deadline:
                raise OverBudget(calls, len(found))
            line = todo.pop()
            # toggleLine(): orm.call("stock.traceability.report", "get_lines", [line.id], {...})
            children = report.get_lines(
                line["id"],
                model_id=line["model_id"],
                model_name=line["model"],
                level=line["level"] + 30 or 1,
            )
            calls += 1
            found.extend(children)
            todo.extend(child for child in children if child["unfoldable"])
        return calls, found

    def odoo_upstream_walk(self, lot_id, deadline):
        """Forward from a lot with the report: each consumed line's upstream report, each new lot's
        report, as a user opening them one after the other would (each lot once)."""
        report = self.env["stock.traceability.report"]
        seen, todo, calls = {lot_id}, [lot_id], 0
        while todo:
            current = todo.pop(0)
            if time.perf_counter() > deadline:
                raise OverBudget(calls, len(seen))
            lines = report.get_main_lines(self.report_context(current, "stock.lot"))
            calls += 1
            for line in lines:
                if not line["is_used"]:
                    continue
                if time.perf_counter() > deadline:
                    raise OverBudget(calls, len(seen))
                # onClickUpDownStream(): a new report on the move line, with its lot name
                context = self.report_context(
                    line["model_id"], line["model"], lot_name=line["lot_name"], auto_unfold=True
                )
                upstream = report.get_main_lines(context)
                calls += 1
                for up in upstream:
                    if up["lot_id"] and up["lot_id"] not in seen:
                        seen.add(up["lot_id"])
                        todo.append(up["lot_id"])
        return calls, seen

    def odoo_delivery_ids(self, lot_id, deadline):
        lot_class = type(self.env["stock.lot"])
        original = lot_class._find_delivery_ids_by_lot

        def capped(lots, lot_path=None, delivery_by_lot=None):
            if time.perf_counter() > deadline:
                raise OverBudget()
            return original(lots, lot_path=lot_path, delivery_by_lot=delivery_by_lot)

        lot_class._find_delivery_ids_by_lot = capped
        try:
            self.env.invalidate_all()
            return set(self.env["stock.lot"].browse(lot_id).delivery_ids.ids)
        finally:
            lot_class._find_delivery_ids_by_lot = original

    def measure_odoo(self, measure, lot_id, function):
        """Run one of Odoo's tools with the time budget; store seconds, calls and what it found."""
        self.env.invalidate_all()
        budget = self.args.odoo_budget
        start = time.perf_counter()
        try:
            result = function(lot_id, start + budget)
            seconds = time.perf_counter() - start
            entry = {"seconds": seconds, "over": False, "result": result}
        except OverBudget as exc:
            entry = {
                "seconds": time.perf_counter() - start,
                "over": True,
                "calls": exc.calls,
                "found": exc.found,
            }
        self.env.invalidate_all()
        self.odoo[(measure, lot_id)] = entry
        return entry

    # -- sections
    def section_data(self):
        cr = self.cr
        cr.execute("SELECT COUNT(*) FROM stock_move_line WHERE state = 'done'")
        done_lines = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM stock_lot")
        lots = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM stock_move_line_consume_rel")
        links = cr.fetchone()[0]
        print(
            "Database %s: %d done move lines, %d lots, %d consume links (generated in %.0f s, "
            "scale %g)"
            % (
                cr.dbname,
                done_lines,
                lots,
                links,
                self.summary.get("generation_seconds", 0),
                self.summary["scale"],
            )
        )
        if not self.engine:
            print(
                "  quality_trace's genealogy engine: not available yet (no qms.trace.edge / "
                "stock.lot.qms_trace): the suite's measurements are skipped."
            )
            return
        cr.execute("SELECT COUNT(*) FROM qms_trace_edge")
        edges = cr.fetchone()[0]
        print("  genealogy links (qms_trace_edge): %d" % edges)
        if not edges and links:
            start = time.perf_counter()
            edges = self.env["qms.trace.edge"]._qms_rebuild()
            print(
                "  the link table was empty: rebuilt in this transaction (%d links, %.1f s); "
                "run trace_generate.py --rebuild-edges to keep them"
                % (edges, time.perf_counter() - start)
            )

    def section_sample(self):
        n = self.args.lots
        finished = self.lot_ids_of(self.summary["finished_product_ids"])
        # raw lots consumed by at least one manufacturing order (the last ones may not be yet)
        self.cr.execute(
            """SELECT DISTINCT line.lot_id
                 FROM stock_move_line line
                 JOIN stock_move_line_consume_rel rel ON rel.produce_line_id = line.id
                WHERE line.product_id = ANY(%s) AND line.state = 'done'
             ORDER BY line.lot_id""",
            [self.summary["raw_product_ids"]],
        )
        raw = [row[0] for row in self.cr.fetchall()]
        self.finished = self.rnd.sample(finished, min(n, len(finished)))
        self.raw = self.rnd.sample(raw, min(n, len(raw)))
        self.sql_sets = {}
        self.sql_times = {"backward": [], "forward": []}
        for direction, lots in (("backward", self.finished), ("forward", self.raw)):
            for lot_id in lots:
                self.sql_closure(direction, [lot_id])  # warm
                seconds, found = self.timed_sql_closure(direction, [lot_id])
                self.sql_times[direction].append(seconds)
                self.sql_sets[(direction, lot_id)] = found
        back = [len(self.sql_sets[("backward", lot)]) for lot in self.finished]
        fwd = [len(self.sql_sets[("forward", lot)]) for lot in self.raw]
        fwd_fin = [self.finished_count(self.sql_sets[("forward", lot)]) for lot in self.raw]
        print(
            "\nSample: %d finished lots, %d raw-material lots (seed %d)"
            % (len(self.finished), len(self.raw), self.args.seed)
        )
        print(
            "  backward closure of a finished lot  lots: min %d, median %d, max %d"
            % (min(back), p50(back), max(back))
        )
        print(
            "  forward closure of a raw lot        lots: min %d, median %d, max %d "
            "(finished lots: median %d, max %d)"
            % (min(fwd), p50(fwd), max(fwd), p50(fwd_fin), max(fwd_fin))
        )

    def section_ours(self):
        print(
            "\nThe suite's trace (stock.lot.qms_trace, ORM cache cleared before each call; per lot "
            "the median of %d calls)" % self.args.rounds
        )
        if not self.engine:
            print("  not available yet")
            return
        self.our_trace(self.finished[0], "backward")  # warm the registry and caches
        self.our_trace(self.raw[0], "forward")
        for direction, lots in (("backward", self.finished), ("forward", self.raw)):
            times, sizes, deliveries = [], [], []
            for lot_id in lots:
                rounds = [self.our_trace(lot_id, direction) for _round in range(self.args.rounds)]
                seconds, result = p50([r[0] for r in rounds]), rounds[-1][1]
                self.ours[(direction, lot_id)] = seconds
                self.ours[(direction + "-result", lot_id)] = result
                times.append(seconds)
                sizes.append(len(result["lots"]))
                deliveries.append(len(result["deliveries"]))
            ok = p50(times) * 1000.0 < TARGET_TRACE_MS
            print(
                "  %-9s %-14s p50 %s  max %s   (lots p50 %d, deliveries p50 %d)  "
                "target p50 < %d ms: %s"
                % (
                    direction,
                    "finished lots" if direction == "backward" else "raw lots",
                    ms(p50(times)),
                    ms(max(times)),
                    p50(sizes),
                    p50(deliveries),
                    TARGET_TRACE_MS,
                    verdict(ok),
                )
            )
            self.targets.append(
                (
                    "qms_trace %s p50" % direction,
                    ms(p50(times)).strip(),
                    "< %d ms" % TARGET_TRACE_MS,
                    ok,
                )
            )

    def section_odoo(self):
        k = self.args.odoo_lots
        indexes = self.done_lot_indexes()
        print(
            "\nOdoo 18's own tools on %d finished and %d raw lots of the sample "
            "(budget %d s each), "
            % (min(k, len(self.finished)), min(k, len(self.raw)), self.args.odoo_budget),
            end="",
        )
        self.cr.execute("SAVEPOINT odoo_as_shipped")
        if indexes and not self.args.odoo_keep_index:
            for name in indexes:
                self.cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
            print("as shipped: without %s" % ", ".join(indexes))
        elif indexes:
            print("WITH the suite's index %s (--odoo-keep-index)" % ", ".join(indexes))
        else:
            print("as shipped (no index on stock_move_line.lot_id)")
        try:
            self.odoo_lots = {"finished": self.finished[:k], "raw": self.raw[:k]}
            for lot_id in self.odoo_lots["finished"]:
                entry = self.measure_odoo("report", lot_id, self.odoo_report_unfolded)
                self.print_odoo("report fully unfolded", lot_id, entry, "backward", "lines")
            for lot_id in self.odoo_lots["raw"]:
                entry = self.measure_odoo("upstream", lot_id, self.odoo_upstream_walk)
                self.print_odoo("forward report walk", lot_id, entry, "forward", "lots")
                entry = self.measure_odoo("delivery_ids", lot_id, self.odoo_delivery_ids)
                self.print_odoo("stock.lot.delivery_ids", lot_id, entry, "forward", "deliveries")
            self.section_bare_closure(indexed=not indexes or self.args.odoo_keep_index)
        finally:
            self.cr.execute("ROLLBACK TO SAVEPOINT odoo_as_shipped")
            self.env.invalidate_all()
        if indexes and not self.args.odoo_keep_index:
            self.section_bare_closure(indexed=True)
        self.section_ratios()

    def print_odoo(self, label, lot_id, entry, direction, unit):
        if entry["over"]:
            text = "> %d s (over budget after %d calls, %d %s found)" % (
                self.args.odoo_budget,
                entry["calls"],
                entry["found"],
                "lots" if unit == "lots" else "lines",
            )
        else:
            result = entry["result"]
            if isinstance(result, tuple):
                calls, found = result
                text = "%s  %4d calls  %6d %s" % (secs(entry["seconds"]), calls, len(found), unit)
            else:
                text = "%s  %6d %s" % (secs(entry["seconds"]), len(result), unit)
        ours = self.ours.get((direction, lot_id))
        ratio = ""
        if ours:
            factor = entry["seconds"] / ours
            ratio = "  = %s%.0fx ours" % (">" if entry["over"] else "", factor)
        print("  %-24s lot %-8d %s%s" % (label, lot_id, text, ratio))

    def section_bare_closure(self, indexed):
        label = "with the done-lot index" if indexed else "without it (plain Odoo 18)"
        results = []
        for direction, lots in (("backward", self.finished), ("forward", self.raw)):
            times = []
            for lot_id in lots:
                self.sql_closure(direction, [lot_id])
                seconds, _found = self.timed_sql_closure(direction, [lot_id])
                times.append(seconds)
            results.append("%s p50 %s" % (direction, ms(p50(times)).strip()))
        print("  bare WITH RECURSIVE lot closure, %-27s %s" % (label + ":", ", ".join(results)))

    def section_ratios(self):
        if not self.engine:
            print("  ratios to the suite's trace: not available yet")
            return
        for measure, direction, target in (
            ("report", "backward", TARGET_BACKWARD_RATIO),
            ("upstream", "forward", TARGET_FORWARD_RATIO),
        ):
            ratios, lower_bound = [], False
            for (name, lot_id), entry in self.odoo.items():
                if name != measure:
                    continue
                ratios.append(entry["seconds"] / self.ours[(direction, lot_id)])
                lower_bound = lower_bound or entry["over"]
            if not ratios:
                continue
            worst = min(ratios)
            ok = worst >= target
            label = (
                "Odoo report unfolded / qms_trace backward"
                if measure == "report"
                else "Odoo forward walk / qms_trace forward"
            )
            print(
                "  %-44s min %s%.0fx, median %.0fx  target >= %dx: %s"
                % (label, ">" if lower_bound else "", worst, p50(ratios), target, verdict(ok))
            )
            self.targets.append(
                (label, "%s%.0fx" % (">" if lower_bound else "", worst), ">= %dx" % target, ok)
            )

    def section_checks(self):
        print("\nChecks")
        if self.engine:
            bad = []
            for (direction, lot_id), expected in self.sql_sets.items():
                _seconds, found = self.our_closure([lot_id], direction)
                if found != expected:
                    bad.append((direction, lot_id, len(found), len(expected)))
            self.check(
                "_qms_closure = bare SQL closure on the %d sampled lots" % len(self.sql_sets),
                not bad,
                bad[:5],
            )
            bad = []
            for (key, lot_id), result in self.ours.items():
                if not key.endswith("-result"):
                    continue
                direction = key.split("-")[0]
                found = {lot["lot_id"] for lot in result["lots"]}
                if found != self.sql_sets[(direction, lot_id)]:
                    bad.append(
                        (direction, lot_id, len(found), len(self.sql_sets[(direction, lot_id)]))
                    )
            self.check("qms_trace lots = bare SQL closure on the sampled lots", not bad, bad[:5])
        reference = (
            "the suite's closure"
            if self.engine
            else "the bare SQL closure (engine not available yet)"
        )

        def closure(direction, lot_id):
            if self.engine:
                return self.our_closure([lot_id], direction)[1]
            return self.sql_closure(direction, [lot_id])

        # Backward: the lots of Odoo's fully unfolded report.
        compared = 0
        for lot_id in self.odoo_lots["finished"]:
            entry = self.odoo.get(("report", lot_id))
            if not entry or entry["over"]:
                continue
            report_lots = {line["lot_id"] for line in entry["result"][1] if line["lot_id"]}
            ours = closure("backward", lot_id)
            self.check(
                "backward, finished lot %d: lots in Odoo's unfolded report (%d) = %s (%d)"
                % (lot_id, len(report_lots), reference, len(ours)),
                report_lots == ours,
                sorted(report_lots ^ ours)[:10],
            )
            compared += 1
        # Forward: smaller lots (intermediate levels), walked with the report without budget.
        candidates = self.smaller_forward_lots()
        for lot_id in candidates:
            self.env.invalidate_all()
            calls, walk_lots = self.odoo_upstream_walk(lot_id, float("inf"))
            ours = closure("forward", lot_id)
            self.check(
                "forward, lot %d: lots of Odoo's upstream walk (%d, %d calls) = %s (%d)"
                % (lot_id, len(walk_lots), calls, reference, len(ours)),
                walk_lots == ours,
                sorted(walk_lots ^ ours)[:10],
            )
        for lot_id in self.odoo_lots["raw"]:
            entry = self.odoo.get(("upstream", lot_id))
            if entry and not entry["over"]:
                ours = closure("forward", lot_id)
                walk_lots = entry["result"][1]
                self.check(
                    "forward, raw lot %d: lots of Odoo's upstream walk (%d) = %s (%d)"
                    % (lot_id, len(walk_lots), reference, len(ours)),
                    walk_lots == ours,
                    sorted(walk_lots ^ ours)[:10],
                )
            entry = self.odoo.get(("delivery_ids", lot_id))
            if self.engine and entry and not entry["over"]:
                ours = set(self.ours[("forward-result", lot_id)]["deliveries"])
                self.check(
                    "forward, raw lot %d: stock.lot.delivery_ids (%d) = qms_trace deliveries (%d)"
                    % (lot_id, len(entry["result"]), len(ours)),
                    entry["result"] == ours,
                    sorted(entry["result"] ^ ours)[:10],
                )
        if not compared:
            print("  (no finished lot's report finished within the budget: backward not compared)")

    def smaller_forward_lots(self):
        """Two lots of an intermediate level whose forward closure has 5-60 lots."""
        names = self.summary["level_names"]
        picked = []
        for level in (len(names) - 2, len(names) - 3):
            prefix = "TB-%s-" % names[level]
            product_ids = [
                pid for code, pid in self.summary["products"].items() if code.startswith(prefix)
            ]
            lots = self.lot_ids_of(product_ids)
            self.rnd.shuffle(lots)
            for lot_id in lots[:50]:
                size = len(self.sql_closure("forward", [lot_id]))
                if 5 <= size <= 60:
                    picked.append(lot_id)
                    break
        return picked

    def check(self, label, ok, detail=None):
        print(
            "  %s  %s%s"
            % (verdict(ok), label, "" if ok or not detail else "   e.g. %s" % (detail,))
        )
        if not ok:
            self.failures.append(label)

    def section_recall(self):
        print("\nRecall from a raw-material lot")
        # The bulk adhesive lots (COM) reach the most finished lots: take the one reaching the
        # fewest finished lots above --recall-min (or the largest when none does).
        reach = []
        for lot_id in self.lot_ids_of([self.summary["common_product_id"]]):
            found = self.sql_closure("forward", [lot_id])
            reach.append((self.finished_count(found), lot_id, found))
        reach.sort()
        print(
            "  %d lots of the bulk raw material reach %d to %d finished lots each"
            % (len(reach), reach[0][0], reach[-1][0])
        )
        fin, lot_id, expected = next((r for r in reach if r[0] >= self.args.recall_min), reach[-1])
        self.cr.execute("SELECT name FROM stock_lot WHERE id = %s", [lot_id])
        name = self.cr.fetchone()[0]
        print(
            "  lot %s (id %d): forward closure %d lots, %d finished lots%s"
            % (
                name,
                lot_id,
                len(expected),
                fin,
                ""
                if fin >= self.args.recall_min
                else "  (fewer than %d: the scale is too small for the recall target)"
                % self.args.recall_min,
            )
        )
        times = []
        for _round in range(3):
            seconds, _found = self.timed_sql_closure("forward", [lot_id])
            times.append(seconds)
        print("  bare WITH RECURSIVE closure          p50 %s" % ms(p50(times)))
        if not self.engine:
            print("  _qms_closure('forward'), qms.recall: not available yet")
            return
        times, found = [], None
        for _round in range(3):
            seconds, found = self.our_closure([lot_id], "forward")
            times.append(seconds)
        ok = p50(times) < TARGET_CLOSURE_S
        print(
            "  _qms_closure('forward')              p50 %s  max %s  target < 1 s: %s"
            % (ms(p50(times)), ms(max(times)), verdict(ok))
        )
        self.targets.append(
            ("recall closure (%d finished lots)" % fin, ms(p50(times)).strip(), "< 1 s", ok)
        )
        self.check(
            "_qms_closure = bare SQL closure (%d lots)" % len(expected),
            found == expected,
            sorted(found ^ expected)[:10],
        )
        if not self.recall_model:
            print("  qms.recall: not available yet")
            return
        recall = self.env["qms.recall"].create(
            {"lot_ids": [(6, 0, [lot_id])], "description": "bench_trace.py"}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        start = time.perf_counter()
        recall.action_compute()
        self.env.flush_all()
        compute_s = time.perf_counter() - start
        affected = set(recall.affected_lot_ids.ids)
        # The issue's < 1 s target is the closure, measured above; the compute also writes the
        # recall's snapshot (affected lots, stock, every shipment, open orders): shown, no target.
        print(
            "  qms.recall.action_compute()          %s  %d affected lots, %d deliveries, %d "
            "customers (closure + snapshot written; no target)"
            % (
                secs(compute_s),
                len(affected),
                recall.delivery_count,
                recall.partner_count,
            )
        )
        self.check(
            "recall's affected lots = closure",
            affected == expected,
            sorted(affected ^ expected)[:10],
        )
        self.check_trace_agrees_with_recall(lot_id, recall)
        self.cr.execute(
            """SELECT COUNT(DISTINCT q.lot_id) FROM stock_quant q
                 JOIN stock_location l ON l.id = q.location_id
                WHERE q.lot_id = ANY(%s) AND l.usage IN ('internal', 'transit')
                  AND q.quantity > 0""",
            [sorted(affected)],
        )
        in_stock = self.cr.fetchone()[0]
        self.env.invalidate_all()
        start = time.perf_counter()
        recall.action_quarantine()
        self.env.flush_all()
        quarantine_s = time.perf_counter() - start
        self.cr.execute(
            """SELECT COUNT(DISTINCT q.lot_id) FROM stock_quant q
                 JOIN stock_location l ON l.id = q.location_id
                 JOIN stock_lot lot ON lot.id = q.lot_id
                WHERE q.lot_id = ANY(%s) AND l.usage IN ('internal', 'transit') AND q.quantity > 0
                  AND lot.qms_state = 'blocked'""",
            [sorted(affected)],
        )
        blocked = self.cr.fetchone()[0]
        ok = quarantine_s < TARGET_QUARANTINE_S
        print(
            "  qms.recall.action_quarantine()       %s  %d lots in stock blocked  target < 5 s: %s"
            % (secs(quarantine_s), blocked, verdict(ok))
        )
        self.targets.append(
            (
                "recall action_quarantine (%d lots)" % in_stock,
                secs(quarantine_s).strip(),
                "< 5 s",
                ok,
            )
        )
        self.check(
            "every affected lot in stock is blocked (%d of %d)" % (blocked, in_stock),
            blocked == in_stock,
        )

    def check_trace_agrees_with_recall(self, lot_id, recall):
        """The forward trace of the suspect lot and its recall agree, lot by lot, and both agree
        with the move lines read here without the engine: shipped to customers less returned."""
        trace = self.env["stock.lot"].browse(lot_id).qms_trace("forward")
        ids = lambda records: {r["id"] if isinstance(r, dict) else r for r in records}  # noqa: E731
        self.check(
            "trace and recall list the same deliveries and customers",
            ids(trace["deliveries"]) == set(recall.delivery_ids.ids)
            and ids(trace["customers"]) == set(recall.partner_ids.ids),
            (len(trace["deliveries"]), recall.delivery_count),
        )
        self.cr.execute(
            """SELECT lot_id, SUM(qty_net) FROM qms_recall_delivery_line
                WHERE recall_id = %s GROUP BY lot_id""",
            [recall.id],
        )
        recalled = {lot: round(qty, 6) for lot, qty in self.cr.fetchall() if round(qty, 6)}
        self.cr.execute(
            """SELECT ml.lot_id,
                      SUM(CASE WHEN dest.usage = 'customer' THEN ml.quantity_product_uom
                               ELSE -ml.quantity_product_uom END)
                 FROM stock_move_line ml
                 JOIN stock_location src ON src.id = ml.location_id
                 JOIN stock_location dest ON dest.id = ml.location_dest_id
                WHERE ml.state = 'done' AND ml.lot_id = ANY(%s) AND ml.company_id = %s
                  AND (src.usage = 'customer') <> (dest.usage = 'customer')
             GROUP BY ml.lot_id""",
            [recall.affected_lot_ids.ids, recall.company_id.id],
        )
        moved = {lot: round(qty, 6) for lot, qty in self.cr.fetchall() if round(qty, 6)}
        self.check(
            "recall's net quantity per lot = shipped less returned in the move lines (%d lots)"
            % len(moved),
            recalled == moved,
            sorted(set(recalled.items()) ^ set(moved.items()))[:5],
        )

    def section_summary(self):
        print("\nTargets")
        if not self.targets:
            print("  (the suite's measurements are not available yet)")
        for label, value, target, ok in self.targets:
            print("  %-48s %12s  %-8s %s" % (label, value, target, verdict(ok)))
        if self.failures:
            print("\n%d check(s) failed." % len(self.failures))

    def run(self):
        self.section_data()
        self.section_sample()
        self.section_ours()
        self.section_odoo()
        self.section_checks()
        self.section_recall()
        self.section_summary()
        return not self.failures


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--lots", type=int, default=20, help="finished and raw lots sampled")
    parser.add_argument(
        "--odoo-lots", type=int, default=3, help="lots Odoo's own tools are timed on"
    )
    parser.add_argument("--odoo-budget", type=int, default=120, help="seconds per Odoo measurement")
    parser.add_argument(
        "--odoo-keep-index",
        action="store_true",
        help="time Odoo's tools with the suite's done-lot index (not as shipped)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="calls of the suite's trace per lot")
    parser.add_argument("--recall-min", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    return run_on_generated_data(args, MARKER, TraceBench, "genealogy", "trace_generate.py")


if __name__ == "__main__":
    sys.exit(main())
