# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The audit evidence pack of a year on a benchmark database.

Run through ``make bench BENCH=pack`` (bench/run.sh pack), which prepares two databases: the
scorecard benchmark's (1,000,000 done receipt move lines, lots and inspections) and the trace
benchmark's (about 1,000,000 done move lines through manufacturing). On each, in one
transaction rolled back at the end, as the superuser, ``qms.audit.pack`` builds the IATF 16949
pack of the last 365 days of the generated data (the ZIP with its index and every clause's
evidence), ``--rounds`` times, the ORM cache cleared before each.

Prints the time of each build, the process's peak resident memory (``ru_maxrss``, which
includes Odoo's registry loaded before), its growth during the builds, the peak of the Python
allocations during one build (``tracemalloc``, run once more apart: it slows Python down),
the size of the ZIP and the rows of each clause. Targets: < 60 s and < 500 MB.
Checks (exit status 1 when one fails): the inspection register holds as many rows as SQL counts
inspections decided in the period.
"""

import argparse
import base64
import io
import resource
import statistics
import sys
import time
import tracemalloc
import zipfile
from datetime import timedelta

from lib.figures import secs, verdict
from lib.session import run_on_generated_data

TARGET_S = 60.0
TARGET_MB = 500.0
MARKERS = {
    "scorecard": ("qms_scorecard_bench.generated", "scorecard_generate.py"),
    "trace": ("qms_trace_bench.generated", "trace_generate.py"),
}


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class PackBench:
    def __init__(self, env, args, summary):
        self.env, self.cr, self.args, self.summary = env, env.cr, args, summary
        self.failures = []

    def check(self, label, ok):
        print("  %-70s %s" % (label, "ok" if ok else "FAILED"))
        if not ok:
            self.failures.append(label)

    def period(self):
        self.cr.execute("SELECT max(date)::date FROM stock_move_line WHERE state = 'done'")
        date_to = self.cr.fetchone()[0]
        return date_to - timedelta(days=364), date_to

    def build(self, date_from, date_to):
        self.env.invalidate_all()
        pack = self.env["qms.audit.pack"].create(
            {
                "date_from": date_from,
                "date_to": date_to,
                "standard": "iatf16949",
                "company_ids": [(6, 0, self.env["res.company"].search([]).ids)],
            }
        )
        start = time.perf_counter()
        attachment = pack._qms_generate()
        return time.perf_counter() - start, pack, attachment

    def run(self):
        date_from, date_to = self.period()
        self.cr.execute("SELECT count(*) FROM stock_move_line WHERE state = 'done'")
        lines = self.cr.fetchone()[0]
        print(
            "Database %s: %d done move lines; the pack of %s .. %s (IATF 16949)"
            % (self.args.database, lines, date_from, date_to)
        )
        before = rss_mb()
        times = []
        for _ in range(self.args.rounds):
            elapsed, pack, attachment = self.build(date_from, date_to)
            times.append(elapsed)
            print("  built in %s" % secs(elapsed))
        after = rss_mb()
        self.env.invalidate_all()
        tracemalloc.start()
        self.build(date_from, date_to)
        _current, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        raw = base64.b64decode(attachment.datas)
        with zipfile.ZipFile(io.BytesIO(raw)) as zipped:
            names = zipped.namelist()
        print("  ZIP: %.1f MB, files: %s" % (len(raw) / 1e6, ", ".join(names)))
        for section in pack.section_ids:
            print(
                "    %-8s %-14s %-12s %8d rows  %s"
                % (
                    section.clause,
                    section.iatf_clause,
                    section.status,
                    section.row_count,
                    "; ".join("%s: %s" % (label, value) for label, value in section.figures),
                )
            )
        start, stop = pack._qms_audit_bounds()
        self.cr.execute(
            "SELECT count(*) FROM qms_inspection WHERE state IN ('done', 'cancel') "
            "AND date_done >= %s AND date_done < %s",
            (start, stop),
        )
        inspections = self.cr.fetchone()[0]
        release = pack.section_ids.filtered(lambda section: section.clause == "8.6")
        concessions = dict(release.figures).get("Accepted under concession", "0")
        self.check(
            "inspection register: %d rows + %s concessions (SQL: %d inspections)"
            % (release.row_count, concessions, inspections),
            release.row_count - int(concessions.replace(",", "")) == inspections,
        )
        median = statistics.median(times)
        print("\nTargets: a year's pack in < %.0f s and < %.0f MB" % (TARGET_S, TARGET_MB))
        print(
            "  build time, median of %d      %s -> %s"
            % (len(times), secs(median), verdict(median < TARGET_S))
        )
        print(
            "  peak resident memory of the process %.0f MB (%.0f MB before the builds, +%.0f MB)"
            " -> %s" % (after, before, after - before, verdict(after < TARGET_MB))
        )
        print(
            "  peak of Python allocations during one build (tracemalloc): %.0f MB"
            % (python_peak / 1e6)
        )
        if self.failures:
            print("Checks failed: %s" % "; ".join(self.failures))
        print("Rolled back.")
        return median < TARGET_S and after < TARGET_MB and not self.failures


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--data", choices=sorted(MARKERS), default="scorecard")
    parser.add_argument("--rounds", type=int, default=2, help="builds of the pack")
    args = parser.parse_args()
    marker, generator = MARKERS[args.data]
    return run_on_generated_data(args, marker, PackBench, "data", generator)


if __name__ == "__main__":
    sys.exit(main())
