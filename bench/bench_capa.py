# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The CAPA reports on 3 years of nonconformities and CAPAs.

Run through ``make bench BENCH=capa`` (bench/run.sh capa), which prepares the database with
capa_generate.py (100,000 NCRs, 20,000 CAPAs with their actions). In one transaction, rolled
back at the end, as the administrator, ``read_group`` as the web client's pivot calls it
(``lazy=False``), ``--rounds`` times each, the ORM cache cleared before each call:

* the cost of poor quality: ``qms.nonconformity`` ``cost:sum`` by ``date:month`` x ``product_id``
  of the NCRs not cancelled (target: median < 1 s);
* the CAPA on-time rate: ``qms.capa`` ``on_time:avg`` by ``partner_id`` of the closed CAPAs
  (target: median < 1 s).

Each prints its times, its groups, the part of ``_read_group`` (the SQL and the grouped records,
before ``read_group`` formats them for the client), the SQL queries of one call with their
times, and ``EXPLAIN (ANALYZE, BUFFERS)`` of the slowest. Checks (exit status 1 when one fails):
the groups add up to the totals counted directly in SQL.
"""

import argparse
import statistics
import sys
import threading
import time

from lib.figures import ms, verdict
from lib.session import run_on_generated_data

MARKER = "qms_capa_bench.generated"
TARGET_S = 1.0
REPORTS = (
    (
        "COPQ pivot: cost by month x product",
        "qms.nonconformity",
        [("state", "!=", "cancel")],
        ["cost:sum"],
        ["date:month", "product_id"],
        "SELECT COUNT(*), SUM(cost) FROM qms_nonconformity WHERE state != 'cancel'",
    ),
    (
        "CAPA on-time rate by vendor",
        "qms.capa",
        [("state", "=", "done")],
        ["on_time:avg"],
        ["partner_id"],
        "SELECT COUNT(*), SUM(on_time) FROM qms_capa WHERE state = 'done'",
    ),
)


class CapaBench:
    def __init__(self, env, args, summary):
        self.env, self.cr, self.args, self.summary = env, env.cr, args, summary
        self.admin = env.ref("base.user_admin")
        self.failures = []
        self.results = []

    def check(self, label, ok):
        print("  %-70s %s" % (label, "ok" if ok else "FAILED"))
        if not ok:
            self.failures.append(label)

    def call(self, model, domain, fields, groupby):
        """One read_group, ORM cache cleared first: (seconds, this process's CPU seconds,
        groups, [(query, params, seconds)])."""
        records = self.env[model].with_user(self.admin)
        self.env.invalidate_all()
        queries = []
        thread = threading.current_thread()
        thread.query_hooks = (
            lambda cr, query, params, start, delay: queries.append((query, params, delay)),
        )
        try:
            start, cpu = time.perf_counter(), time.process_time()
            groups = records.read_group(domain, fields, groupby, lazy=False)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        finally:
            del thread.query_hooks
        return elapsed, cpu, groups, queries

    def report(self, label, model, domain, fields, groupby, totals):
        print(
            "\n%s: %s.read_group(%r, %r, %r, lazy=False)" % (label, model, domain, fields, groupby)
        )
        times, cpus = [], []
        for _ in range(self.args.rounds):
            elapsed, cpu, groups, queries = self.call(model, domain, fields, groupby)
            times.append(elapsed)
            cpus.append(cpu)
        median = statistics.median(times)
        print("  %d rounds: %s" % (len(times), ", ".join(ms(t).strip() for t in times)))
        print(
            "  median %s (Odoo's process on the CPU: %s; the rest waits for PostgreSQL or for a "
            "core), %d groups, %d queries"
            % (ms(median), ms(statistics.median(cpus)).strip(), len(groups), len(queries))
        )
        inner = []
        for _ in range(self.args.rounds):
            self.env.invalidate_all()
            start = time.perf_counter()
            self.env[model].with_user(self.admin)._read_group(domain, groupby, [*fields, "__count"])
            inner.append(time.perf_counter() - start)
        print(
            "  of which _read_group (SQL and grouped records, before read_group formats labels "
            "and domains): median %s" % ms(statistics.median(inner))
        )
        print("  SQL of the last call:")
        for query, params, delay in queries:
            text = self.cr.mogrify(query, params).decode() if params else query
            print("    [%s]\n      %s" % (ms(delay).strip(), text.replace("\n", "\n      ")))
        slowest = max(queries, key=lambda q: q[2])
        self.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0], slowest[1])
        print("  EXPLAIN (ANALYZE, BUFFERS) of the slowest query:")
        for (line,) in self.cr.fetchall():
            print("    " + line)
        self.cr.execute(totals)
        count, total = self.cr.fetchone()
        measure = fields[0].split(":")[0]
        grouped = sum(g[measure] * g["__count"] for g in groups) if measure == "on_time" else None
        grouped = sum(g[measure] for g in groups) if grouped is None else grouped
        self.check(
            "%s: groups count %d records (SQL: %d)"
            % (model, sum(g["__count"] for g in groups), count),
            sum(g["__count"] for g in groups) == count,
        )
        self.check(
            "%s: groups add up to %.2f (SQL: %.2f)" % (model, grouped, total or 0.0),
            abs(grouped - float(total or 0.0)) < 0.01 * max(1, count),
        )
        self.results.append((label, median, len(groups)))
        return groups

    def run(self):
        s = self.summary
        print(
            "Data: %d NCRs, %d CAPAs (%d closed, %.1f %% on time), %d actions, %d products, "
            "%d vendors, %s .. %s, generated in %.0f s (scale %g)"
            % (s["ncrs"], s["capas"], s["capas_closed"], s["on_time_rate"], s["actions"],
               s["products"], s["vendors"], s["first_date"][:10], s["last_date"][:10],
               s["generation_seconds"], s["scale"])
        )  # fmt: skip
        for label, model, domain, fields, groupby, totals in REPORTS:
            self.report(label, model, domain, fields, groupby, totals)
        print(
            "\nTargets: each report answers in < %.0f s (median of %d)"
            % (TARGET_S, self.args.rounds)
        )
        ok = True
        for label, median, groups in self.results:
            print(
                "  %-40s %s, %6d groups -> %s"
                % (label, ms(median), groups, verdict(median < TARGET_S))
            )
            ok = ok and median < TARGET_S
        if self.failures:
            print("Checks failed: %s" % "; ".join(self.failures))
        print("Rolled back.")
        return ok and not self.failures


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=5, help="calls of each read_group")
    args = parser.parse_args()
    return run_on_generated_data(args, MARKER, CapaBench, "NCRs and CAPAs", "capa_generate.py")


if __name__ == "__main__":
    sys.exit(main())
