# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Gauge R&R of a crossed variables study, after the AIAG MSA manual (4th edition, 2010).

Pure Python, no ORM and no numpy: every part is measured by every operator (appraiser) the same
number of times (trials). The measurements come as ``data[part][operator][trial]``, floats, with
``None`` for a missing reading; a study with a missing reading is refused, since both methods
need a balanced design.

Two methods of chapter III, section B of the manual:

- ``grr_anova``: two-way ANOVA with the part × operator interaction (Appendix A). The interaction
  is tested with F = MS(part × operator) / MS(equipment); when it is not significant it is pooled
  into the error term and the variance components come from the additive model.
- ``grr_average_range``: the average and range method, with the K1, K2 and K3 constants of the
  manual (the inverse of d2*), which exist for 2 or 3 trials, 2 or 3 operators and 2 to 10 parts.

Both report standard deviations (one sigma): EV (repeatability), AV (reproducibility), INT
(interaction, ANOVA only), GRR, PV (part variation) and TV (total variation), each as a percent
of TV, GRR as a percent of the tolerance when one is given (``study_variation`` sigmas of GRR
against the tolerance width, 6 by default; the 3rd edition used 5.15), the number of distinct
categories and the manual's verdict on %GRR.
"""

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

ANOVA = "anova"
AVERAGE_RANGE = "average_range"
METHODS: tuple[str, ...] = (ANOVA, AVERAGE_RANGE)

ACCEPTABLE = "acceptable"
CONDITIONAL = "conditional"
UNACCEPTABLE = "unacceptable"
VERDICTS: tuple[str, ...] = (ACCEPTABLE, CONDITIONAL, UNACCEPTABLE)

# AIAG MSA 4th edition, average and range method: K1 by number of trials, K2 by number of
# operators, K3 by number of parts (1/d2*, one sigma).
K1: dict[int, float] = {2: 0.8862, 3: 0.5908}
K2: dict[int, float] = {2: 0.7071, 3: 0.5231}
K3: dict[int, float] = {
    2: 0.7071,
    3: 0.5231,
    4: 0.4467,
    5: 0.4030,
    6: 0.3742,
    7: 0.3534,
    8: 0.3375,
    9: 0.3249,
    10: 0.3146,
}

# ndc = 1.41 · PV / GRR, truncated to an integer as the manual does.
NDC_FACTOR = 1.41
# Sigmas of the study variation compared with the tolerance (5.15 in the 3rd edition).
STUDY_VARIATION = 6.0
# Significance level of the interaction test. The manual asks for "a high significance level" so
# as not to drop a real interaction, without a number; 0.25 is the usual choice for pooling.
# Minitab's default is 0.05. The manual's example (F = 0.434, p = 0.974) pools at either.
INTERACTION_ALPHA = 0.25
# Boundaries of the verdict on %GRR (percent of total variation).
ACCEPTABLE_BELOW = 10.0
UNACCEPTABLE_ABOVE = 30.0

# How many missing cells a ValueError lists before summing up the rest.
_MISSING_LISTED = 5

# Sources of the ANOVA table, in the manual's order.
SOURCE_OPERATOR = "operator"
SOURCE_PART = "part"
SOURCE_INTERACTION = "part_operator"
SOURCE_EQUIPMENT = "equipment"
SOURCE_TOTAL = "total"


@dataclass(frozen=True)
class AnovaRow:
    """One line of the two-way ANOVA table.

    ``f`` and ``p`` are given for the operator and part lines (against the interaction mean
    square, as in the manual's table) and for the interaction (against the equipment mean
    square); they are ``None`` for the equipment and total lines, and ``f`` is ``None`` when its
    denominator is zero (``p`` is then 0 if the numerator is positive, else ``None``).
    """

    source: str
    df: int
    ss: float
    ms: float | None
    f: float | None = None
    p: float | None = None


@dataclass(frozen=True)
class Result:
    """Outcome of a gauge R&R study; standard deviations in the unit of the measurements.

    ``interaction`` and ``interaction_percent`` are ``None`` for the average and range method,
    which cannot estimate the interaction; ``anova`` and ``interaction_pooled`` are ``None`` for
    it too. ``grr_tolerance_percent`` is ``None`` without a tolerance. ``ndc`` is ``None`` when
    GRR is zero (a gauge that never varies distinguishes any number of categories).
    """

    method: str
    ev: float
    av: float
    interaction: float | None
    grr: float
    pv: float
    tv: float
    ev_percent: float
    av_percent: float
    interaction_percent: float | None
    grr_percent: float
    pv_percent: float
    grr_tolerance_percent: float | None
    ndc: int | None
    verdict: str
    anova: tuple[AnovaRow, ...] | None = None
    interaction_pooled: bool | None = None


@dataclass(frozen=True)
class RangeStatistics:
    """The data sheet of the average and range method.

    ``operator_averages`` and ``operator_ranges`` are, per operator, the average of all their
    readings (X̄a, X̄b, ...) and the average of their ranges over the parts (R̄a, R̄b, ...);
    ``part_averages`` the average of each part over all readings. ``r_double_bar`` is the average
    of the operators' R̄, ``x_diff`` the spread of the operator averages and ``r_part`` (Rp) the
    spread of the part averages.
    """

    parts: int
    operators: int
    trials: int
    operator_averages: tuple[float, ...]
    operator_ranges: tuple[float, ...]
    part_averages: tuple[float, ...]
    r_double_bar: float
    x_diff: float
    r_part: float


def _cell_name(part: int, operator: int, trial: int) -> str:
    return f"part {part + 1}, operator {operator + 1}, trial {trial + 1}"


def _is_sequence(value) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _check_shape(data) -> tuple[int, int, int]:
    if not _is_sequence(data):
        raise ValueError(
            f"The measurements must be a sequence of parts, got {type(data).__name__}."
        )
    parts = len(data)
    if parts < 2:
        raise ValueError(f"A gauge R&R study needs at least 2 parts, got {parts}.")
    operators = trials = None
    for p, part in enumerate(data):
        if not _is_sequence(part):
            raise ValueError(
                f"Part {p + 1} must be a sequence of operators, got {type(part).__name__}."
            )
        if operators is None:
            operators = len(part)
            if operators < 2:
                raise ValueError(
                    f"A gauge R&R study needs at least 2 operators, got {operators} for part 1."
                )
        elif len(part) != operators:
            raise ValueError(
                f"Part {p + 1} has {len(part)} operators, part 1 has {operators}: every part "
                "must be measured by every operator."
            )
        for o, readings in enumerate(part):
            if not _is_sequence(readings):
                raise ValueError(
                    f"Part {p + 1}, operator {o + 1} must be a sequence of trials, "
                    f"got {type(readings).__name__}."
                )
            if trials is None:
                trials = len(readings)
                if trials < 2:
                    raise ValueError(
                        "A gauge R&R study needs at least 2 trials, got "
                        f"{trials} for part 1, operator 1."
                    )
            elif len(readings) != trials:
                raise ValueError(
                    f"Part {p + 1}, operator {o + 1} has {len(readings)} trials, part 1, "
                    f"operator 1 has {trials}: every operator must measure every part the "
                    "same number of times."
                )
    return parts, operators, trials


def validate(data: Sequence) -> tuple[int, int, int]:
    """Check that ``data[part][operator][trial]`` is a complete crossed study.

    :return: the numbers of parts, operators and trials
    :raises ValueError: with fewer than 2 parts, operators or trials, for a ragged structure
        (naming the part or cell that differs from part 1), for a cell that is not a finite
        number (named as "part 3, operator 2, trial 1", counting from 1), and for missing
        cells (``None``), listing the first few of them
    """
    parts, operators, trials = _check_shape(data)
    missing = []
    for p, part in enumerate(data):
        for o, readings in enumerate(part):
            for t, value in enumerate(readings):
                if value is None:
                    missing.append(_cell_name(p, o, t))
                elif isinstance(value, bool) or not isinstance(value, numbers.Real):
                    raise ValueError(
                        f"The measurement of {_cell_name(p, o, t)} is not a number: {value!r}."
                    )
                elif not math.isfinite(value):
                    raise ValueError(
                        f"The measurement of {_cell_name(p, o, t)} is not finite: {value!r}."
                    )
    if missing:
        listed = "; ".join(missing[:_MISSING_LISTED])
        more = len(missing) - _MISSING_LISTED
        if more > 0:
            listed += f" and {more} more"
        count = "1 measurement is" if len(missing) == 1 else f"{len(missing)} measurements are"
        raise ValueError(f"{count} missing: {listed}.")
    return parts, operators, trials


def _mean(values) -> float:
    values = list(values)
    return math.fsum(values) / len(values)


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (Numerical Recipes' ``betacf``, by the
    modified Lentz method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 3e-16:
            return h
    raise ArithmeticError(f"The incomplete beta function did not converge for a={a}, b={b}.")


def regularized_beta(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1.

    :raises ValueError: for a or b not positive, or x outside [0, 1]
    """
    if not (a > 0 and b > 0):
        raise ValueError(f"The beta function needs positive parameters, got a={a}, b={b}.")
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"The incomplete beta function needs 0 <= x <= 1, got x={x}.")
    if x in (0.0, 1.0):
        return x
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def f_survival(f: float, df1: float, df2: float) -> float:
    """Probability that an F(df1, df2) variable exceeds ``f``: the p-value of an F test.

    :raises ValueError: for degrees of freedom that are not positive or a negative ``f``
    """
    if not (df1 > 0 and df2 > 0):
        raise ValueError(f"The F distribution needs positive degrees of freedom, got {df1}, {df2}.")
    if f < 0:
        raise ValueError(f"An F statistic cannot be negative, got {f}.")
    if math.isinf(f):
        return 0.0
    return regularized_beta(df2 / 2.0, df1 / 2.0, df2 / (df2 + df1 * f))


def _f_test(numerator: float, denominator: float, df1: int, df2: int):
    if denominator > 0:
        f = numerator / denominator
        return f, f_survival(f, df1, df2)
    return None, (0.0 if numerator > 0 else None)


def _check_positive(name: str, value) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"The {name} must be a number, got {value!r}.")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"The {name} must be a positive number, got {value!r}.")


def verdict(grr_percent: float) -> str:
    """The manual's judgement of a measurement system by %GRR of total variation.

    "Under 10 percent" is acceptable, "10 percent to 30 percent" may be acceptable
    (``conditional``), "over 30 percent" is unacceptable. Both boundaries belong to the middle
    band: 10.0 and 30.0 are ``conditional``, 9.99 ``acceptable``, 30.01 ``unacceptable``. The
    value is compared unrounded.
    """
    if grr_percent < ACCEPTABLE_BELOW:
        return ACCEPTABLE
    if grr_percent <= UNACCEPTABLE_ABOVE:
        return CONDITIONAL
    return UNACCEPTABLE


def _result(
    method, ev, av, interaction, pv, tolerance, study_variation, anova=None, pooled=None
) -> Result:
    grr = math.sqrt(ev**2 + av**2 + (interaction or 0.0) ** 2)
    tv = math.sqrt(grr**2 + pv**2)
    if tv == 0:
        raise ValueError(
            "The study shows no variation at all: every measurement is the same, so no "
            "percentage of total variation can be computed."
        )

    def percent(value):
        return None if value is None else 100.0 * value / tv

    grr_percent = percent(grr)
    return Result(
        method=method,
        ev=ev,
        av=av,
        interaction=interaction,
        grr=grr,
        pv=pv,
        tv=tv,
        ev_percent=percent(ev),
        av_percent=percent(av),
        interaction_percent=percent(interaction),
        grr_percent=grr_percent,
        pv_percent=percent(pv),
        grr_tolerance_percent=(
            None if tolerance is None else 100.0 * study_variation * grr / tolerance
        ),
        ndc=math.floor(NDC_FACTOR * pv / grr) if grr > 0 else None,
        verdict=verdict(grr_percent),
        anova=anova,
        interaction_pooled=pooled,
    )


def anova_table(data: Sequence) -> tuple[AnovaRow, ...]:
    """The two-way ANOVA table with interaction of a crossed study (manual, Appendix A).

    Rows in the manual's order: operator, part, part × operator, equipment (repeatability),
    total. Every sum of squares is computed directly from its own deviations, so none is
    negative and they add up to the total up to rounding.

    :raises ValueError: as ``validate``
    """
    parts, operators, trials = validate(data)
    grand = _mean(value for part in data for readings in part for value in readings)
    cell = [[_mean(readings) for readings in part] for part in data]
    part_mean = [_mean(row) for row in cell]
    operator_mean = [_mean(cell[p][o] for p in range(parts)) for o in range(operators)]
    ss_part = operators * trials * math.fsum((m - grand) ** 2 for m in part_mean)
    ss_operator = parts * trials * math.fsum((m - grand) ** 2 for m in operator_mean)
    ss_interaction = trials * math.fsum(
        (cell[p][o] - part_mean[p] - operator_mean[o] + grand) ** 2
        for p in range(parts)
        for o in range(operators)
    )
    ss_equipment = math.fsum(
        (value - cell[p][o]) ** 2
        for p, part in enumerate(data)
        for o, readings in enumerate(part)
        for value in readings
    )
    ss_total = math.fsum(
        (value - grand) ** 2 for part in data for readings in part for value in readings
    )
    df_part, df_operator = parts - 1, operators - 1
    df_interaction = df_part * df_operator
    df_equipment = parts * operators * (trials - 1)
    ms_part = ss_part / df_part
    ms_operator = ss_operator / df_operator
    ms_interaction = ss_interaction / df_interaction
    ms_equipment = ss_equipment / df_equipment
    return (
        AnovaRow(
            SOURCE_OPERATOR,
            df_operator,
            ss_operator,
            ms_operator,
            *_f_test(ms_operator, ms_interaction, df_operator, df_interaction),
        ),
        AnovaRow(
            SOURCE_PART,
            df_part,
            ss_part,
            ms_part,
            *_f_test(ms_part, ms_interaction, df_part, df_interaction),
        ),
        AnovaRow(
            SOURCE_INTERACTION,
            df_interaction,
            ss_interaction,
            ms_interaction,
            *_f_test(ms_interaction, ms_equipment, df_interaction, df_equipment),
        ),
        AnovaRow(SOURCE_EQUIPMENT, df_equipment, ss_equipment, ms_equipment),
        AnovaRow(SOURCE_TOTAL, parts * operators * trials - 1, ss_total, None),
    )


def grr_anova(
    data: Sequence,
    tolerance: float | None = None,
    study_variation: float = STUDY_VARIATION,
    alpha: float = INTERACTION_ALPHA,
) -> Result:
    """Gauge R&R by the ANOVA method, with the variance components of the manual's Appendix A.

    When the p-value of the interaction exceeds ``alpha`` (or the interaction mean square is
    zero), the interaction is pooled with the equipment term: MS_pool = (SS_int + SS_equipment) /
    (df_int + df_equipment) replaces both, and INT is 0. Otherwise (n parts, k operators, r
    trials):

    - EV² = MS_equipment (MS_pool when pooled)
    - INT² = (MS_int − MS_equipment) / r
    - AV² = (MS_operator − MS_int) / (n·r)
    - PV² = (MS_part − MS_int) / (k·r)

    A negative variance component is set to zero, as the manual says.

    :param tolerance: the tolerance width (upper minus lower specification), for
        ``grr_tolerance_percent``
    :param study_variation: sigmas of GRR compared with the tolerance
    :param alpha: significance level of the interaction test
    :raises ValueError: as ``validate``, for a tolerance or study variation that is not a
        positive number, for ``alpha`` outside [0, 1] and for a study without any variation
    """
    _check_positive("tolerance", tolerance)
    _check_positive("study variation", study_variation)
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not 0 <= alpha <= 1:
        raise ValueError(f"The significance level alpha must be between 0 and 1, got {alpha!r}.")
    table = anova_table(data)
    operator_row, part_row, interaction_row, equipment_row, _total = table
    parts, operators = part_row.df + 1, operator_row.df + 1
    trials = equipment_row.df // (parts * operators) + 1
    p_value = interaction_row.p
    pooled = interaction_row.ms == 0 or (p_value is not None and p_value > alpha)
    if pooled:
        error = (interaction_row.ss + equipment_row.ss) / (interaction_row.df + equipment_row.df)
        interaction_variance = 0.0
        reference = error
    else:
        error = equipment_row.ms
        interaction_variance = max(0.0, (interaction_row.ms - error) / trials)
        reference = interaction_row.ms
    operator_variance = max(0.0, (operator_row.ms - reference) / (parts * trials))
    part_variance = max(0.0, (part_row.ms - reference) / (operators * trials))
    return _result(
        ANOVA,
        ev=math.sqrt(error),
        av=math.sqrt(operator_variance),
        interaction=math.sqrt(interaction_variance),
        pv=math.sqrt(part_variance),
        tolerance=tolerance,
        study_variation=study_variation,
        anova=table,
        pooled=pooled,
    )


def range_statistics(data: Sequence) -> RangeStatistics:
    """The averages and ranges of the average and range method's data sheet.

    :raises ValueError: as ``validate``
    """
    parts, operators, trials = validate(data)
    operator_averages = tuple(
        _mean(value for part in data for value in part[o]) for o in range(operators)
    )
    operator_ranges = tuple(
        _mean(max(part[o]) - min(part[o]) for part in data) for o in range(operators)
    )
    part_averages = tuple(_mean(value for readings in part for value in readings) for part in data)
    return RangeStatistics(
        parts=parts,
        operators=operators,
        trials=trials,
        operator_averages=operator_averages,
        operator_ranges=operator_ranges,
        part_averages=part_averages,
        r_double_bar=_mean(operator_ranges),
        x_diff=max(operator_averages) - min(operator_averages),
        r_part=max(part_averages) - min(part_averages),
    )


def _check_constants(parts: int, operators: int, trials: int) -> None:
    for name, count, table in (
        ("trials", trials, K1),
        ("operators", operators, K2),
        ("parts", parts, K3),
    ):
        if count not in table:
            raise ValueError(
                f"The average and range method has no constant for {count} {name}; the AIAG "
                f"tables cover {min(table)} to {max(table)} {name}. Use the ANOVA method."
            )


def grr_from_ranges(
    r_double_bar: float,
    x_diff: float,
    r_part: float,
    parts: int,
    operators: int,
    trials: int,
    tolerance: float | None = None,
    study_variation: float = STUDY_VARIATION,
) -> Result:
    """Gauge R&R by the average and range method from the data sheet's R̄̄, X̄diff and Rp.

    EV = R̄̄·K1, AV = √((X̄diff·K2)² − EV²/(n·r)) (0 when negative), GRR = √(EV² + AV²),
    PV = Rp·K3, TV = √(GRR² + PV²), for n parts and r trials.

    :raises ValueError: for a number of trials, operators or parts without a K constant, a
        negative statistic, a tolerance or study variation that is not a positive number, or a
        study without any variation
    """
    _check_constants(parts, operators, trials)
    for name, value in (("R̄̄", r_double_bar), ("X̄diff", x_diff), ("Rp", r_part)):
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a non-negative number, got {value!r}.")
    _check_positive("tolerance", tolerance)
    _check_positive("study variation", study_variation)
    ev = r_double_bar * K1[trials]
    av_squared = (x_diff * K2[operators]) ** 2 - ev**2 / (parts * trials)
    return _result(
        AVERAGE_RANGE,
        ev=ev,
        av=math.sqrt(av_squared) if av_squared > 0 else 0.0,
        interaction=None,
        pv=r_part * K3[parts],
        tolerance=tolerance,
        study_variation=study_variation,
    )


def grr_average_range(
    data: Sequence,
    tolerance: float | None = None,
    study_variation: float = STUDY_VARIATION,
) -> Result:
    """Gauge R&R by the average and range method (see ``grr_from_ranges``).

    The method ignores the part × operator interaction; use ``grr_anova`` to estimate it.

    :raises ValueError: as ``validate`` and ``grr_from_ranges``; the number of trials,
        operators and parts is checked against the K tables before the measurements
    """
    parts, operators, trials = _check_shape(data)
    _check_constants(parts, operators, trials)
    stats = range_statistics(data)
    return grr_from_ranges(
        stats.r_double_bar,
        stats.x_diff,
        stats.r_part,
        stats.parts,
        stats.operators,
        stats.trials,
        tolerance=tolerance,
        study_variation=study_variation,
    )
