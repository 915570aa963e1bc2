# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shewhart control charts, run rules and process capability (statistical process control).

Pure Python, no ORM, standard library only. The charts of ``CHARTS``:

- ``imr``: individuals and moving range (span 2); data is a sequence of values;
- ``xbar_r`` and ``xbar_s``: subgroup means with ranges or standard deviations; data is a
  sequence of subgroups of the same size (2 to 10 for X̄-R, 2 to 25 for X̄-S);
- ``p`` (proportion nonconforming), ``np`` (number nonconforming, constant sample size) and ``u``
  (nonconformities per unit): data is a sequence of ``(count, sample_size)`` pairs;
- ``c`` (nonconformities per inspection unit): data is a sequence of counts.

Phase I limits are those of Montgomery, *Introduction to Statistical Quality Control*
(chapters 6 and 7) with the factors of his Appendix VI (``CONSTANTS``, the same as ASTM E2587):
X̄-R: X̿ ± A2·R̄, R̄·D3 and R̄·D4, σ = R̄/d2; X̄-S: X̿ ± A3·S̄, S̄·B3 and S̄·B4, σ = S̄/c4;
I-MR: X̄ ± 3·MR̄/d2 (d2 = 1.128), MR̄·D4, σ = MR̄/d2; p: p̄ ± 3·√(p̄(1 − p̄)/n) with
p̄ = Σcounts/Σsizes; np: n·p̄ ± 3·√(n·p̄(1 − p̄)); c: c̄ ± 3·√c̄; u: ū ± 3·√(ū/n) with ū =
Σcounts/Σsizes. Lower limits below zero are set to zero; upper limits are not clipped. With
varying sample sizes, p and u charts get exact limits per point (``Limits.ucl_points``) and
``ucl``/``lcl`` are those of the average sample size.

Run rules (``check_rules``) are Nelson's eight tests (Journal of Quality Technology 16(4), 1984)
and the four Western Electric rules (Statistical Quality Control Handbook, 1956), given by the
codes of ``NELSON_RULES`` and ``WESTERN_ELECTRIC_RULES``. Zones are measured in sigmas of the
plotted statistic: "beyond kσ" means strictly farther than k sigmas from the centre line,
"within 1σ" at most 1 sigma away; a point exactly on the centre line is on neither side and
breaks a one-side run; equal consecutive points break a trend or an alternation. Each rule
that fires gives one ``Violation`` listing the points at which a breach is complete and every
point of every breach. Indexes are 0-based, in the order of the data.
"""

import itertools
import math
import operator
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

CHARTS: tuple[str, ...] = ("imr", "xbar_r", "xbar_s", "p", "np", "c", "u")
VARIABLE_CHARTS: tuple[str, ...] = ("imr", "xbar_r", "xbar_s")
ATTRIBUTE_CHARTS: tuple[str, ...] = ("p", "np", "c", "u")

# Subgroup sizes each subgroup chart accepts: ranges lose efficiency beyond 10 values.
SUBGROUP_SIZES: dict[str, tuple[int, int]] = {"xbar_r": (2, 10), "xbar_s": (2, 25)}


@dataclass(frozen=True)
class Constants:
    """Control chart factors for subgroups of ``n`` values (Montgomery, Appendix VI).

    A2, A3: X̄ chart limits from R̄ and S̄; c4: S̄/c4 estimates σ; B3, B4: S chart limits;
    d2: R̄/d2 estimates σ; d3: standard deviation of the relative range; D3, D4: R chart limits.
    """

    n: int
    A2: float
    A3: float
    c4: float
    B3: float
    B4: float
    d2: float
    d3: float
    D3: float
    D4: float


# n: A2, A3, c4, B3, B4, d2, d3, D3, D4, as printed in Montgomery, Introduction to Statistical
# Quality Control, Appendix VI (ASTM E2587 prints the same values to these decimals).
_FACTORS: dict[int, tuple[float, ...]] = {
    2: (1.880, 2.659, 0.7979, 0.000, 3.267, 1.128, 0.853, 0.000, 3.267),
    3: (1.023, 1.954, 0.8862, 0.000, 2.568, 1.693, 0.888, 0.000, 2.574),
    4: (0.729, 1.628, 0.9213, 0.000, 2.266, 2.059, 0.880, 0.000, 2.282),
    5: (0.577, 1.427, 0.9400, 0.000, 2.089, 2.326, 0.864, 0.000, 2.114),
    6: (0.483, 1.287, 0.9515, 0.030, 1.970, 2.534, 0.848, 0.000, 2.004),
    7: (0.419, 1.182, 0.9594, 0.118, 1.882, 2.704, 0.833, 0.076, 1.924),
    8: (0.373, 1.099, 0.9650, 0.185, 1.815, 2.847, 0.820, 0.136, 1.864),
    9: (0.337, 1.032, 0.9693, 0.239, 1.761, 2.970, 0.808, 0.184, 1.816),
    10: (0.308, 0.975, 0.9727, 0.284, 1.716, 3.078, 0.797, 0.223, 1.777),
    11: (0.285, 0.927, 0.9754, 0.321, 1.679, 3.173, 0.787, 0.256, 1.744),
    12: (0.266, 0.886, 0.9776, 0.354, 1.646, 3.258, 0.778, 0.283, 1.717),
    13: (0.249, 0.850, 0.9794, 0.382, 1.618, 3.336, 0.770, 0.307, 1.693),
    14: (0.235, 0.817, 0.9810, 0.406, 1.594, 3.407, 0.763, 0.328, 1.672),
    15: (0.223, 0.789, 0.9823, 0.428, 1.572, 3.472, 0.756, 0.347, 1.653),
    16: (0.212, 0.763, 0.9835, 0.448, 1.552, 3.532, 0.750, 0.363, 1.637),
    17: (0.203, 0.739, 0.9845, 0.466, 1.534, 3.588, 0.744, 0.378, 1.622),
    18: (0.194, 0.718, 0.9854, 0.482, 1.518, 3.640, 0.739, 0.391, 1.608),
    19: (0.187, 0.698, 0.9862, 0.497, 1.503, 3.689, 0.734, 0.403, 1.597),
    20: (0.180, 0.680, 0.9869, 0.510, 1.490, 3.735, 0.729, 0.415, 1.585),
    21: (0.173, 0.663, 0.9876, 0.523, 1.477, 3.778, 0.724, 0.425, 1.575),
    22: (0.167, 0.647, 0.9882, 0.534, 1.466, 3.819, 0.720, 0.434, 1.566),
    23: (0.162, 0.633, 0.9887, 0.545, 1.455, 3.858, 0.716, 0.443, 1.557),
    24: (0.157, 0.619, 0.9892, 0.555, 1.445, 3.895, 0.712, 0.451, 1.548),
    25: (0.153, 0.606, 0.9896, 0.565, 1.435, 3.931, 0.708, 0.459, 1.541),
}
CONSTANTS: dict[int, Constants] = {n: Constants(n, *row) for n, row in _FACTORS.items()}


def constants(n: int) -> Constants:
    """Return the control chart factors for subgroups of ``n`` values (2 to 25).

    :raises ValueError: for any other size
    """
    try:
        return CONSTANTS[n]
    except (KeyError, TypeError):
        raise ValueError(
            f"Control chart constants exist for subgroup sizes 2 to 25, got {n!r}."
        ) from None


@dataclass(frozen=True)
class Limits:
    """Control limits of a chart and of its companion (MR, R or S) chart.

    ``sigma`` is the within-subgroup estimate of the process sigma for variable charts (MR̄/d2,
    R̄/d2, S̄/c4); for attribute charts it is the sigma of the plotted statistic when every
    sample has the same size, else None and ``sigma_points`` gives it per point, as
    ``ucl_points``/``lcl_points`` give the limits (``ucl``/``lcl`` are then those of the average
    sample size). ``subgroup_size`` is 1 for I-MR, the subgroup size for X̄ charts, the
    common sample size for p, np and u charts (None when it varies) and None for c charts.
    The companion fields are None for attribute charts.
    """

    chart: str
    center: float
    ucl: float
    lcl: float
    sigma: float | None
    range_center: float | None = None
    range_ucl: float | None = None
    range_lcl: float | None = None
    subgroup_size: int | None = None
    ucl_points: tuple[float, ...] | None = None
    lcl_points: tuple[float, ...] | None = None
    sigma_points: tuple[float, ...] | None = None

    @property
    def plotted_sigma(self) -> float | tuple[float, ...]:
        """The sigma of the plotted statistic, as ``check_rules`` takes it: (UCL − centre)/3
        for variable charts (σ/√n for X̄ charts), per point when attribute sample sizes vary."""
        if self.chart in VARIABLE_CHARTS:
            return (self.ucl - self.center) / 3
        return self.sigma_points if self.sigma_points is not None else self.sigma


@dataclass(frozen=True)
class Capability:
    """Process capability and performance indices.

    Cp and Cpk use ``sigma_within`` (short-term, from the control chart), Pp and Ppk use
    ``sigma_overall`` (the sample standard deviation of all values). With one specification
    limit only, Cp and Pp are None and Cpk/Ppk come from that side. An index whose sigma is 0
    is None (undefined).
    """

    cp: float | None
    cpk: float | None
    pp: float | None
    ppk: float | None
    mean: float
    sigma_within: float | None
    sigma_overall: float


@dataclass(frozen=True)
class Violation:
    """Breaches of one run rule.

    ``completed_at``: the index of each point at which a breach of the rule is complete (the
    point to flag on the chart), ascending. ``point_indexes``: every point of every breach,
    ascending and without duplicates: for the run rules the points of the run, for the "k of
    m" rules only the k (or more) points beyond the zone, not the ones between them.
    """

    rule: str
    point_indexes: tuple[int, ...]
    completed_at: tuple[int, ...]


@dataclass(frozen=True)
class Analysis:
    """Everything a control chart shows: limits, points, companion points (MR with None
    first, R or S; None for attribute charts), rule violations and capability (None for
    attribute charts, without specification limits or with fewer than 2 values)."""

    chart: str
    limits: Limits
    points: list[float]
    companion: list[float | None] | None
    violations: list[Violation]
    capability: Capability | None


# --------------------------------------------------------------------------------------------
# Data checks


def _check_chart(chart: str) -> None:
    if chart not in CHARTS:
        raise ValueError(f"Unknown chart {chart!r}; expected one of {', '.join(CHARTS)}.")


def _mean(values: Sequence[float]) -> float:
    """Mean of the values; raises ValueError naming the first value that is not finite."""
    total = math.fsum(values)
    if not math.isfinite(total):
        index, value = next((i, v) for i, v in enumerate(values) if not math.isfinite(v))
        raise ValueError(f"Value {index} is {value!r}; every value must be a finite number.")
    return total / len(values)


def _check_count(chart: str, minimum: int, count: int) -> None:
    if count < minimum:
        raise ValueError(
            f"The {chart} chart needs at least {minimum} "
            f"{'point' if minimum == 1 else 'points'}, got {count}."
        )


def _subgroup_size(chart: str, data: Sequence[Sequence[float]]) -> int:
    """Check that the subgroups of an X̄ chart all have the same allowed size; return it."""
    size = len(data[0])
    smallest, largest = SUBGROUP_SIZES[chart]
    if not smallest <= size <= largest:
        raise ValueError(
            f"The {chart} chart needs subgroups of {smallest} to {largest} values, got {size}."
        )
    for index, subgroup in enumerate(data):
        if len(subgroup) != size:
            raise ValueError(
                f"Subgroup {index} has {len(subgroup)} values, subgroup 0 has {size}; "
                "all subgroups must have the same size."
            )
    return size


def _attribute_pairs(chart: str, data: Sequence) -> tuple[list[float], list[float]]:
    """Split and check (count, sample size) pairs of p, np and u charts, or counts of c."""
    if chart == "c":
        counts = list(data)
        sizes = [1] * len(counts)
    else:
        counts = []
        sizes = []
        for index, pair in enumerate(data):
            try:
                count, size = pair
            except (TypeError, ValueError):
                raise ValueError(
                    f"Point {index} of a {chart} chart must be a (count, sample size) pair, "
                    f"got {pair!r}."
                ) from None
            counts.append(count)
            sizes.append(size)
    for index, (count, size) in enumerate(zip(counts, sizes, strict=True)):
        if not count >= 0:
            raise ValueError(f"Count {count!r} of point {index} cannot be negative.")
        if not size > 0:
            raise ValueError(f"Sample size {size!r} of point {index} must be positive.")
        if chart in ("p", "np") and count > size:
            raise ValueError(
                f"Count {count!r} of point {index} exceeds its sample size {size!r}: a sample "
                "cannot hold more nonconforming items than items."
            )
    if chart == "np" and len(set(sizes)) > 1:
        index = next(i for i, size in enumerate(sizes) if size != sizes[0])
        raise ValueError(
            f"An np chart needs a constant sample size: point {index} has {sizes[index]!r}, "
            f"point 0 has {sizes[0]!r}. Use a p chart for varying sample sizes."
        )
    return counts, sizes


# --------------------------------------------------------------------------------------------
# Plotted statistics


def _moving_ranges(values: Sequence[float]):
    return map(abs, map(operator.sub, itertools.islice(values, 1, None), values))


def _subgroup_sd(subgroup: Sequence[float], mean: float) -> float:
    # math.dist is the root of the sum of squared deviations, computed in C with care.
    return math.dist(subgroup, itertools.repeat(mean, len(subgroup))) / math.sqrt(len(subgroup) - 1)


def plot_points(chart: str, data: Sequence) -> list[float]:
    """Return the plotted statistic of each point: the individual value (imr), the subgroup
    mean (xbar_r, xbar_s), the proportion (p), the count (np, c) or the rate per unit (u).

    :raises ValueError: for an unknown chart or invalid data (see ``compute_limits``)
    """
    _check_chart(chart)
    _check_count(chart, 1, len(data))
    if chart == "imr":
        _mean(data)
        return [float(value) for value in data]
    if chart in ("xbar_r", "xbar_s"):
        size = _subgroup_size(chart, data)
        return [math.fsum(subgroup) / size for subgroup in data]
    counts, sizes = _attribute_pairs(chart, data)
    if chart in ("np", "c"):
        return [float(count) for count in counts]
    return [count / size for count, size in zip(counts, sizes, strict=True)]


def companion_points(chart: str, data: Sequence) -> list[float | None] | None:
    """Return the companion chart's points: moving ranges (None for the first point) for
    imr, subgroup ranges for xbar_r, subgroup standard deviations for xbar_s; None for
    attribute charts.

    :raises ValueError: for an unknown chart or invalid data (see ``compute_limits``)
    """
    _check_chart(chart)
    if chart in ATTRIBUTE_CHARTS:
        return None
    _check_count(chart, 1, len(data))
    if chart == "imr":
        _mean(data)
        points: list[float | None] = [None]
        points.extend(_moving_ranges(data))
        return points
    size = _subgroup_size(chart, data)
    if chart == "xbar_r":
        return [max(subgroup) - min(subgroup) for subgroup in data]
    return [_subgroup_sd(subgroup, math.fsum(subgroup) / size) for subgroup in data]


# --------------------------------------------------------------------------------------------
# Phase I limits


def compute_limits(chart: str, data: Sequence) -> Limits:
    """Compute phase I control limits from the data of at least 2 points.

    :param data: values (imr), subgroups of values (xbar_r, xbar_s), ``(count, sample_size)``
        pairs (p, np, u) or counts (c)
    :raises ValueError: for an unknown chart, fewer than 2 points, a value that is not finite,
        subgroups of unequal sizes (naming the first subgroup that differs) or of a size the
        chart does not take, negative counts, sample sizes of 0 or less, counts above their
        sample size (p, np) or varying sample sizes (np)
    """
    _check_chart(chart)
    _check_count(chart, 2, len(data))
    if chart == "imr":
        return _imr_limits(data)
    if chart in ("xbar_r", "xbar_s"):
        return _xbar_limits(chart, data)
    counts, sizes = _attribute_pairs(chart, data)
    center = math.fsum(counts) / math.fsum(sizes)
    if chart == "np":
        center *= sizes[0]
    return attribute_limits(chart, center, sizes)


def _imr_limits(values: Sequence[float]) -> Limits:
    center = _mean(values)
    mr_bar = math.fsum(_moving_ranges(values)) / (len(values) - 1)
    factors = CONSTANTS[2]
    sigma = mr_bar / factors.d2
    return Limits(
        chart="imr",
        center=center,
        ucl=center + 3 * sigma,
        lcl=center - 3 * sigma,
        sigma=sigma,
        range_center=mr_bar,
        range_ucl=factors.D4 * mr_bar,
        range_lcl=factors.D3 * mr_bar,
        subgroup_size=1,
    )


def _xbar_limits(chart: str, data: Sequence[Sequence[float]]) -> Limits:
    size = _subgroup_size(chart, data)
    factors = CONSTANTS[size]
    means = [math.fsum(subgroup) / size for subgroup in data]
    center = _mean(means)
    if chart == "xbar_r":
        spread = math.fsum(max(subgroup) - min(subgroup) for subgroup in data) / len(data)
        width, sigma = factors.A2 * spread, spread / factors.d2
        low, high = factors.D3 * spread, factors.D4 * spread
    else:
        spread = math.fsum(map(_subgroup_sd, data, means)) / len(data)
        width, sigma = factors.A3 * spread, spread / factors.c4
        low, high = factors.B3 * spread, factors.B4 * spread
    return Limits(
        chart=chart,
        center=center,
        ucl=center + width,
        lcl=center - width,
        sigma=sigma,
        range_center=spread,
        range_ucl=high,
        range_lcl=low,
        subgroup_size=size,
    )


def attribute_limits(chart: str, center: float, sizes: Sequence[float]) -> Limits:
    """Return the limits of an attribute chart around a centre line for the sample sizes.

    Used for phase I limits and to apply frozen limits to new samples: ``center`` is p̄ (p),
    n·p̄ (np), c̄ (c) or ū (u); ``sizes`` the sample size of each point (ignored for c).

    :raises ValueError: for a chart that is not an attribute chart, a negative centre line or
        a p̄ above 1
    """
    if chart not in ATTRIBUTE_CHARTS:
        raise ValueError(
            f"Chart {chart!r} is not an attribute chart; expected one of "
            f"{', '.join(ATTRIBUTE_CHARTS)}."
        )
    if not center >= 0 or (chart == "p" and center > 1):
        raise ValueError(f"Centre line {center!r} is out of range for a {chart} chart.")
    if chart == "c":
        sigma = math.sqrt(center)
        return Limits(chart, center, center + 3 * sigma, max(0.0, center - 3 * sigma), sigma=sigma)
    if chart == "np":
        size = sizes[0]
        proportion = center / size
        sigma = math.sqrt(center * (1 - proportion))
        return Limits(
            chart,
            center,
            center + 3 * sigma,
            max(0.0, center - 3 * sigma),
            sigma=sigma,
            subgroup_size=size,
        )
    # p and u: the variance of the plotted statistic is p̄(1 - p̄)/n or ū/n.
    spread = center * (1 - center) if chart == "p" else center
    average_size = math.fsum(sizes) / len(sizes)
    sigma = math.sqrt(spread / average_size)
    ucl, lcl = center + 3 * sigma, max(0.0, center - 3 * sigma)
    if all(size == sizes[0] for size in sizes):
        return Limits(chart, center, ucl, lcl, sigma=sigma, subgroup_size=sizes[0])
    sigmas = tuple(math.sqrt(spread / size) for size in sizes)
    return Limits(
        chart,
        center,
        ucl,
        lcl,
        sigma=None,
        ucl_points=tuple(center + 3 * point_sigma for point_sigma in sigmas),
        lcl_points=tuple(max(0.0, center - 3 * point_sigma) for point_sigma in sigmas),
        sigma_points=sigmas,
    )


def within_sigma(chart: str, data: Sequence) -> float:
    """Return the within-subgroup sigma of a variable chart's data: MR̄/1.128 (imr), R̄/d2
    (xbar_r) or S̄/c4 (xbar_s).

    :raises ValueError: for an attribute chart or invalid data (see ``compute_limits``)
    """
    if chart not in VARIABLE_CHARTS:
        raise ValueError(
            f"Chart {chart!r} has no within sigma; expected one of {', '.join(VARIABLE_CHARTS)}."
        )
    return compute_limits(chart, data).sigma


# --------------------------------------------------------------------------------------------
# Capability


def capability(
    values: Sequence[float],
    lsl: float | None,
    usl: float | None,
    sigma_within: float | None,
) -> Capability:
    """Compute Cp, Cpk (with ``sigma_within``) and Pp, Ppk (with the overall sample standard
    deviation of ``values``).

    Cp = (USL − LSL)/6σ, Cpk = min(USL − x̄, x̄ − LSL)/3σ, likewise Pp and Ppk. With one
    specification limit (the other None), Cp and Pp are None and Cpk/Ppk use that side only.
    ``sigma_within`` None leaves Cp and Cpk None.

    :raises ValueError: for fewer than 2 values, a value that is not finite, no specification
        limit, LSL not below USL or a negative sigma
    """
    if len(values) < 2:
        raise ValueError(f"Capability needs at least 2 values, got {len(values)}.")
    if lsl is None and usl is None:
        raise ValueError("Capability needs a lower or an upper specification limit, got none.")
    if lsl is not None and usl is not None and not lsl < usl:
        raise ValueError(
            f"The lower specification limit {lsl!r} must be below the upper one {usl!r}."
        )
    if sigma_within is not None and not sigma_within >= 0:
        raise ValueError(f"The within sigma cannot be negative, got {sigma_within!r}.")
    mean = _mean(values)
    sigma_overall = math.dist(values, itertools.repeat(mean, len(values))) / math.sqrt(
        len(values) - 1
    )
    cp, cpk = _indices(mean, lsl, usl, sigma_within)
    pp, ppk = _indices(mean, lsl, usl, sigma_overall)
    return Capability(
        cp=cp,
        cpk=cpk,
        pp=pp,
        ppk=ppk,
        mean=mean,
        sigma_within=sigma_within,
        sigma_overall=sigma_overall,
    )


def overall_indices(
    mean: float, sigma: float, lsl: float | None, usl: float | None
) -> tuple[float | None, float | None]:
    """Pp and Ppk from the mean and the overall standard deviation of aggregated values (an
    SQL ``avg`` and ``stddev_samp``); None where they can't be told (no sigma, no
    specification, LSL not below USL)."""
    if lsl is not None and usl is not None and not lsl < usl:
        return None, None
    if lsl is None and usl is None:
        return None, None
    return _indices(mean, lsl, usl, sigma)


def _indices(
    mean: float, lsl: float | None, usl: float | None, sigma: float | None
) -> tuple[float | None, float | None]:
    if not sigma:
        return None, None
    sides = [(side - mean) / (3 * sigma) for side in (usl,) if side is not None]
    sides += [(mean - side) / (3 * sigma) for side in (lsl,) if side is not None]
    potential = (usl - lsl) / (6 * sigma) if lsl is not None and usl is not None else None
    return potential, min(sides)


# --------------------------------------------------------------------------------------------
# Run rules

NELSON_RULES: tuple[str, ...] = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
WESTERN_ELECTRIC_RULES: tuple[str, ...] = ("WE1", "WE2", "WE3", "WE4")

RULE_LABELS: dict[str, str] = {
    "N1": "One point is more than 3 sigmas from the centre line.",
    "N2": "Nine points in a row are on the same side of the centre line.",
    "N3": "Six points in a row are steadily increasing or decreasing.",
    "N4": "Fourteen points in a row alternate up and down.",
    "N5": "Two out of three points in a row are more than 2 sigmas from the centre line, "
    "on the same side.",
    "N6": "Four out of five points in a row are more than 1 sigma from the centre line, "
    "on the same side.",
    "N7": "Fifteen points in a row are within 1 sigma of the centre line, on either side.",
    "N8": "Eight points in a row are more than 1 sigma from the centre line, on either side, "
    "none within 1 sigma.",
    "WE1": "One point is more than 3 sigmas from the centre line.",
    "WE2": "Two out of three points in a row are more than 2 sigmas from the centre line, "
    "on the same side.",
    "WE3": "Four out of five points in a row are more than 1 sigma from the centre line, "
    "on the same side.",
    "WE4": "Eight points in a row are on the same side of the centre line.",
}

# Rule code: (test, parameters). Tests on zones take the points standardised when sigma
# varies per point; trend and alternation always read the plotted points.
_RULE_TESTS: dict[str, tuple[str, tuple[int, ...]]] = {
    "N1": ("beyond", (3,)),
    "N2": ("side", (9,)),
    "N3": ("trend", (6,)),
    "N4": ("alternate", (14,)),
    "N5": ("k_of_m", (2, 3, 2)),
    "N6": ("k_of_m", (4, 5, 1)),
    "N7": ("within", (15,)),
    "N8": ("outside", (8,)),
    "WE1": ("beyond", (3,)),
    "WE2": ("k_of_m", (2, 3, 2)),
    "WE3": ("k_of_m", (4, 5, 1)),
    "WE4": ("side", (8,)),
}


def check_rules(
    points: Sequence[float],
    center: float,
    sigma: float | Sequence[float],
    rules: Sequence[str] = NELSON_RULES,
) -> list[Violation]:
    """Check the points of a chart against run rules; return one ``Violation`` per rule that
    fires, in the order of ``rules``.

    :param sigma: the sigma of the plotted statistic ((UCL − centre)/3, σ/√n for X̄ charts,
        ``Limits.plotted_sigma``), or one sigma per point for p and u charts with varying
        sample sizes
    :param rules: codes of ``NELSON_RULES`` and/or ``WESTERN_ELECTRIC_RULES``
    :raises ValueError: for an unknown rule, a negative sigma or a sigma sequence whose length
        is not that of the points
    """
    for rule in rules:
        if rule not in _RULE_TESTS:
            raise ValueError(
                f"Unknown run rule {rule!r}; expected one of {', '.join(_RULE_TESTS)}."
            )
    zone_points, zone_center, zone_sigma = _zone_scale(points, center, sigma)
    violations = []
    for rule in rules:
        test, parameters = _RULE_TESTS[rule]
        if test == "k_of_m":
            completed, pattern = _k_of_m(zone_points, zone_center, zone_sigma, *parameters)
        else:
            (length,) = parameters
            if test == "beyond":
                completed = _beyond(zone_points, zone_center, zone_sigma * length)
            elif test == "side":
                completed = _side_run(zone_points, zone_center, length)
            elif test == "trend":
                completed = _trend(points, length)
            elif test == "alternate":
                completed = _alternate(points, length)
            elif test == "within":
                completed = _within_run(zone_points, zone_center, zone_sigma, length)
            else:
                completed = _outside_run(zone_points, zone_center, zone_sigma, length)
            pattern = completed if test == "beyond" else _run_pattern(completed, length)
        if completed:
            violations.append(Violation(rule, tuple(sorted(pattern)), tuple(completed)))
    return violations


def _zone_scale(
    points: Sequence[float], center: float, sigma: float | Sequence[float]
) -> tuple[Sequence[float], float, float]:
    """Return the points, centre and sigma the zone tests read: as given for one sigma, the
    points standardised ((x − centre)/σᵢ, centre 0, sigma 1) for a sigma per point."""
    if not isinstance(sigma, Sequence):
        if not sigma >= 0:
            raise ValueError(f"Sigma cannot be negative, got {sigma!r}.")
        return points, center, sigma
    if len(sigma) != len(points):
        raise ValueError(
            f"Got {len(sigma)} sigmas for {len(points)} points; give one sigma per point."
        )
    scaled = []
    for index, (point, point_sigma) in enumerate(zip(points, sigma, strict=True)):
        if not point_sigma >= 0:
            raise ValueError(f"Sigma {point_sigma!r} of point {index} cannot be negative.")
        if point_sigma:
            scaled.append((point - center) / point_sigma)
        else:
            scaled.append(0.0 if point == center else math.copysign(math.inf, point - center))
    return scaled, 0.0, 1.0


def _run_pattern(completed: list[int], length: int) -> list[int]:
    """Every point of the runs of ``length`` points ending at the completed indexes."""
    pattern: list[int] = []
    last = -1
    for index in completed:
        pattern.extend(range(max(index - length + 1, last + 1), index + 1))
        last = index
    return pattern


def _beyond(points: Sequence[float], center: float, distance: float) -> list[int]:
    high, low = center + distance, center - distance
    return [index for index, point in enumerate(points) if point > high or point < low]


def _side_run(points: Sequence[float], center: float, length: int) -> list[int]:
    completed = []
    run = side = 0
    for index, point in enumerate(points):
        if point > center:
            if side == 1:
                run += 1
            else:
                side, run = 1, 1
        elif point < center:
            if side == -1:
                run += 1
            else:
                side, run = -1, 1
        else:
            side = run = 0
            continue
        if run >= length:
            completed.append(index)
    return completed


def _trend(points: Sequence[float], length: int) -> list[int]:
    completed = []
    steps = length - 1
    up = down = 0
    iterator = iter(points)
    previous = next(iterator, None)
    for index, point in enumerate(iterator, 1):
        if point > previous:
            up += 1
            down = 0
        elif point < previous:
            down += 1
            up = 0
        else:
            up = down = 0
        previous = point
        if up >= steps or down >= steps:
            completed.append(index)
    return completed


def _alternate(points: Sequence[float], length: int) -> list[int]:
    completed = []
    steps = length - 1
    alternations = direction = 0
    iterator = iter(points)
    previous = next(iterator, None)
    for index, point in enumerate(iterator, 1):
        if point > previous:
            alternations = alternations + 1 if direction == -1 else 1
            direction = 1
        elif point < previous:
            alternations = alternations + 1 if direction == 1 else 1
            direction = -1
        else:
            alternations = direction = 0
        previous = point
        if alternations >= steps:
            completed.append(index)
    return completed


def _within_run(points: Sequence[float], center: float, sigma: float, length: int) -> list[int]:
    completed = []
    high, low = center + sigma, center - sigma
    run = 0
    for index, point in enumerate(points):
        if low <= point <= high:
            run += 1
            if run >= length:
                completed.append(index)
        else:
            run = 0
    return completed


def _outside_run(points: Sequence[float], center: float, sigma: float, length: int) -> list[int]:
    completed = []
    high, low = center + sigma, center - sigma
    run = 0
    for index, point in enumerate(points):
        if point > high or point < low:
            run += 1
            if run >= length:
                completed.append(index)
        else:
            run = 0
    return completed


def _k_of_m(
    points: Sequence[float], center: float, sigma: float, count: int, window: int, zone: int
) -> tuple[list[int], set[int]]:
    """``count`` of ``window`` points in a row beyond ``zone`` sigmas on the same side; a breach
    is complete at a point beyond the zone. The pattern holds only the points beyond it."""
    completed = []
    pattern: set[int] = set()
    high, low = center + zone * sigma, center - zone * sigma
    above: deque[int] = deque(maxlen=count)
    below: deque[int] = deque(maxlen=count)
    for index, point in enumerate(points):
        if point > high:
            recent = above
        elif point < low:
            recent = below
        else:
            continue
        recent.append(index)
        if len(recent) == count and recent[0] > index - window:
            completed.append(index)
            pattern.update(recent)
    return completed, pattern


# --------------------------------------------------------------------------------------------
# Analysis


def analyse(
    chart: str,
    data: Sequence,
    lsl: float | None = None,
    usl: float | None = None,
    rules: Sequence[str] = NELSON_RULES,
    limits: Limits | None = None,
) -> Analysis:
    """Analyse the data of a chart: limits, points, companion points, rule violations and
    capability.

    :param limits: frozen (phase I) limits to check the data against; None computes them from
        the data (at least 2 points). Frozen limits must be of the same chart and, for X̄ and
        np charts, of the data's subgroup or sample size. For p and u charts whose sample sizes
        differ from those of the frozen limits, the limits are recomputed around the frozen
        centre line for the data's sample sizes (``attribute_limits``).
    :param lsl: lower specification limit, for the capability of variable charts
    :param usl: upper specification limit; without either, or for attribute charts, or with
        fewer than 2 values, ``capability`` is None. Cp and Cpk use ``limits.sigma`` (the
        within sigma the control limits rest on), Pp and Ppk the data's overall sigma.
    :raises ValueError: for invalid data, limits of another chart or subgroup size, unknown
        rules or invalid specification limits
    """
    _check_chart(chart)
    if limits is None:
        limits = compute_limits(chart, data)
    else:
        limits = _frozen_limits(chart, data, limits)
    points = plot_points(chart, data)
    companion = companion_points(chart, data)
    violations = check_rules(points, limits.center, limits.plotted_sigma, rules)
    result = None
    if chart in VARIABLE_CHARTS and (lsl is not None or usl is not None):
        values = data if chart == "imr" else list(itertools.chain.from_iterable(data))
        if len(values) >= 2:
            result = capability(values, lsl, usl, limits.sigma)
    return Analysis(
        chart=chart,
        limits=limits,
        points=points,
        companion=companion,
        violations=violations,
        capability=result,
    )


def _frozen_limits(chart: str, data: Sequence, limits: Limits) -> Limits:
    if limits.chart != chart:
        raise ValueError(f"The limits are those of a {limits.chart} chart, not of a {chart} chart.")
    _check_count(chart, 1, len(data))
    if chart in ("xbar_r", "xbar_s"):
        size = _subgroup_size(chart, data)
    elif chart in ("p", "np", "u"):
        _counts, sizes = _attribute_pairs(chart, data)
        if chart != "np" and any(size != limits.subgroup_size for size in sizes):
            return attribute_limits(chart, limits.center, sizes)
        size = sizes[0]
    if chart in ("xbar_r", "xbar_s", "np") and size != limits.subgroup_size:
        raise ValueError(
            f"The limits are for subgroups of {limits.subgroup_size}, "
            f"the data has subgroups of {size}."
        )
    return limits
