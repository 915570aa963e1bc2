# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How the benchmarks print their figures."""

import statistics


def p50(values):
    return statistics.median(values) if values else float("nan")


def ms(seconds):
    return "%8.1f ms" % (seconds * 1000.0)


def secs(seconds):
    return "%8.2f s " % seconds


def verdict(ok):
    return "PASS" if ok else "FAIL"
