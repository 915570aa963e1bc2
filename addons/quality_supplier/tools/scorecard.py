# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Supplier scorecard arithmetic: rates, PPM points, weighted score and grade.

Pure Python, so that the SQL aggregation, the stored snapshots and ``res.partner.qms_scorecard``
all grade a vendor the same way, and so that the rules are unit-tested without a database.
"""

from dataclasses import dataclass

DEFAULT_PPM_BANDS = "50:100, 200:90, 350:80, 500:70, 1000:60, 2000:50"
COUNTS = (
    "lines_received",
    "lines_on_time",
    "qty_received",
    "lots_received",
    "lots_inspected",
    "lots_rejected",
    "qty_rejected",
)
# Figures of a period that only its summed counts give: never average them over periods.
RATIOS = ("lot_acceptance_rate", "ppm", "otd_rate", "score")


@dataclass(frozen=True)
class ScoreRules:
    """How a vendor is graded (one company's settings)."""

    quality_weight: float = 70.0
    delivery_weight: float = 30.0
    ppm_bands: tuple = ((50.0, 100.0), (200.0, 90.0), (350.0, 80.0), (500.0, 70.0),
                        (1000.0, 60.0), (2000.0, 50.0))  # fmt: skip
    grade_a: float = 90.0
    grade_b: float = 80.0
    grade_c: float = 70.0


def parse_ppm_bands(text):
    """``"50:100, 200:90"`` → ((50.0, 100.0), (200.0, 90.0)): up to 50 PPM earns 100 points...

    A PPM above the last band earns 0 points. Raises ValueError on malformed or unordered bands.
    """
    bands = []
    for raw in (text or "").replace(";", ",").split(","):
        part = raw.strip()
        if not part:
            continue
        limit, sep, points = part.partition(":")
        if not sep:
            raise ValueError(f"'{part}' is not of the form <max PPM>:<points>")
        try:
            limit, points = float(limit), float(points)
        except ValueError as error:
            raise ValueError(f"'{part}' is not of the form <max PPM>:<points>") from error
        if limit < 0 or not 0 <= points <= 100:
            raise ValueError(f"'{part}': PPM can't be negative and points lie between 0 and 100")
        if bands and limit <= bands[-1][0]:
            raise ValueError(f"'{part}': the PPM limits must increase")
        bands.append((limit, points))
    if not bands:
        raise ValueError("at least one band <max PPM>:<points> is needed")
    return tuple(bands)


def ppm_points(ppm, bands):
    for limit, points in bands:
        if ppm <= limit:
            return points
    return 0.0


def grade(score, rules):
    if score is None:
        return False
    if score >= rules.grade_a:
        return "A"
    if score >= rules.grade_b:
        return "B"
    if score >= rules.grade_c:
        return "C"
    return "D"


def evaluate(counts, rules):
    """Rates, score and grade from the summed counts of a vendor over a period.

    ``counts`` maps the names of ``COUNTS`` to numbers. Quality earns the PPM band's points,
    delivery the on-time rate; the score is their weighted mean. Without receipts there is no
    score and no grade.
    """
    values = {name: counts.get(name) or 0 for name in COUNTS}
    qty_received = values["qty_received"]
    lines_received = values["lines_received"]
    lots_inspected = values["lots_inspected"]
    ppm = values["qty_rejected"] / qty_received * 1e6 if qty_received else 0.0
    values.update(
        ppm=round(ppm, 1),
        lot_acceptance_rate=round(
            100.0 * (lots_inspected - values["lots_rejected"]) / lots_inspected, 2
        )
        if lots_inspected
        else 100.0,
        otd_rate=round(100.0 * values["lines_on_time"] / lines_received, 2)
        if lines_received
        else 0.0,
    )
    if not lines_received:
        values.update(quality_points=0.0, score=0.0, grade=False)
        return values
    quality = ppm_points(ppm, rules.ppm_bands)
    total_weight = rules.quality_weight + rules.delivery_weight
    score = (quality * rules.quality_weight + values["otd_rate"] * rules.delivery_weight) / (
        total_weight or 1.0
    )
    values.update(quality_points=quality, score=round(score, 2), grade=grade(score, rules))
    return values
