# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo.tests import BaseCase, tagged

from ..tools import msa

# The worked example of the AIAG MSA manual, 4th edition (2010), chapter III section B (data
# sheet and report of the average and range method; the same data is analysed by ANOVA in that
# section and in Appendix A): 10 parts, appraisers A, B and C, 3 trials. One row per appraiser and
# trial, one column per part. The manual is licensed and was not at hand: the readings were
# taken from public reproductions that agree cell for cell, a copy of the data sheet form on
# scribd.com ("R&R Format", document 41508929, which also prints the sheet's averages and ranges)
# and several open-source gauge R&R implementations that test against this example. Minitab's
# "Example of Crossed Gage R&R Study" (10 parts, 3 operators, 3 times) prints the same ANOVA
# results (interaction P = 0.974, 7.76 % contribution and 27.86 % study variation of the total
# gauge R&R, 4 distinct categories).
AIAG_TRIALS = {
    "A": (
        (0.29, -0.56, 1.34, 0.47, -0.80, 0.02, 0.59, -0.31, 2.26, -1.36),
        (0.41, -0.68, 1.17, 0.50, -0.92, -0.11, 0.75, -0.20, 1.99, -1.25),
        (0.64, -0.58, 1.27, 0.64, -0.84, -0.21, 0.66, -0.17, 2.01, -1.31),
    ),
    "B": (
        (0.08, -0.47, 1.19, 0.01, -0.56, -0.20, 0.47, -0.63, 1.80, -1.68),
        (0.25, -1.22, 0.94, 1.03, -1.20, 0.22, 0.55, 0.08, 2.12, -1.62),
        (0.07, -0.68, 1.34, 0.20, -1.28, 0.06, 0.83, -0.34, 2.19, -1.50),
    ),
    "C": (
        (0.04, -1.38, 0.88, 0.14, -1.46, -0.29, 0.02, -0.46, 1.77, -1.49),
        (-0.11, -1.13, 1.09, 0.20, -1.07, -0.67, 0.01, -0.56, 1.45, -1.77),
        (-0.15, -0.96, 0.67, 0.11, -1.45, -0.49, 0.21, -0.49, 1.87, -2.16),
    ),
}
# data[part][operator][trial]
AIAG = [[[trials[t][p] for t in range(3)] for trials in AIAG_TRIALS.values()] for p in range(10)]

# 3 parts, 2 operators, 2 trials, small enough to work by hand (see the tests using it).
SMALL = [
    [[2.0, 4.0], [4.0, 4.0]],
    [[6.0, 6.0], [8.0, 6.0]],
    [[10.0, 10.0], [10.0, 12.0]],
]

# 3 parts, 2 operators, 2 trials with a strong part × operator interaction: the cell means are
# part 1: 10 and 14, part 2: 24 and 20, part 3: 32 and 32, each cell read as mean ∓ 0.5.
CROSSING = [
    [[9.5, 10.5], [13.5, 14.5]],
    [[23.5, 24.5], [19.5, 20.5]],
    [[31.5, 32.5], [31.5, 32.5]],
]


def study(parts, operators, trials, value=1.0):
    """A study where reading (p, o, t) is ``value`` plus a small pattern, all different."""
    return [
        [[value + p + 0.1 * o + 0.01 * t for t in range(trials)] for o in range(operators)]
        for p in range(parts)
    ]


@tagged("post_install", "-at_install")
class TestMsa(BaseCase):
    def assertPrinted(self, value, printed, decimals, msg=None):
        """``value`` printed with ``decimals`` decimals reads ``printed``."""
        self.assertEqual(f"{value:.{decimals}f}", f"{printed:.{decimals}f}", msg)

    # The AIAG example, ANOVA method. The manual's ANOVA table and its table of variances,
    # standard deviations, % of total variation and % contribution as quoted by third-party
    # implementations (not checked against the manual itself); Minitab's figures as printed in
    # its crossed gauge R&R example and quoted by implementations that test against Minitab.
    def test_aiag_anova_table(self):
        rows = {row.source: row for row in msa.grr_anova(AIAG).anova}
        self.assertEqual(
            [row.source for row in msa.anova_table(AIAG)],
            ["operator", "part", "part_operator", "equipment", "total"],
        )
        published = {
            # source: df, SS, MS, F
            "operator": (2, 3.1673, 1.58363, 79.41),
            "part": (9, 88.3619, 9.81799, 492.29),
            "part_operator": (18, 0.3590, 0.01994, 0.434),
            "equipment": (60, 2.7589, 0.04598, None),
            "total": (89, 94.6471, None, None),
        }
        for source, (df, ss, ms, f) in published.items():
            with self.subTest(source=source):
                row = rows[source]
                self.assertEqual(row.df, df)
                self.assertPrinted(row.ss, ss, 4)
                if ms is None:
                    self.assertIsNone(row.ms)
                else:
                    self.assertPrinted(row.ms, ms, 5)
                if f is None:
                    self.assertIsNone(row.f)
                else:
                    self.assertPrinted(row.f, f, 3 if source == "part_operator" else 2)
        # Minitab prints P = 0.974 for the interaction; the manual only compares F with the
        # critical value and pools.
        self.assertPrinted(rows["part_operator"].p, 0.974, 3)
        self.assertLess(rows["operator"].p, 0.001)
        self.assertLess(rows["part"].p, 0.001)
        self.assertAlmostEqual(
            sum(rows[s].ss for s in ("operator", "part", "part_operator", "equipment")),
            rows["total"].ss,
            places=12,
        )

    def test_aiag_anova_results(self):
        result = msa.grr_anova(AIAG)
        self.assertEqual(result.method, "anova")
        self.assertIs(result.interaction_pooled, True)
        # Variances (the manual's "estimate of variance"): EV² is the pooled MS, 3.1179 / 78.
        self.assertPrinted(result.ev**2, 0.039973, 6)
        self.assertPrinted(result.av**2, 0.051455, 6)
        self.assertEqual(result.interaction, 0.0)
        self.assertPrinted(result.pv**2, 1.086447, 6)
        # Standard deviations. The manual takes GRR as the root of its rounded variance
        # 0.09143, hence 0.302373 where the unrounded figure is 0.3023715.
        self.assertPrinted(result.ev, 0.199933, 6)
        self.assertPrinted(result.av, 0.226838, 6)
        self.assertAlmostEqual(result.grr, 0.302373, delta=2e-6)
        self.assertPrinted(result.grr, 0.302372, 6)
        self.assertPrinted(result.pv, 1.042327, 6)
        self.assertPrinted(result.tv, 1.085, 3)
        # % of total variation, as the manual prints them, and as Minitab prints them.
        for value, manual, minitab in (
            (result.ev_percent, 18.4, 18.42),
            (result.av_percent, 20.9, 20.90),
            (result.grr_percent, 27.9, 27.86),
            (result.pv_percent, 96.0, 96.04),
        ):
            self.assertPrinted(value, manual, 1)
            self.assertPrinted(value, minitab, 2)
        self.assertEqual(result.interaction_percent, 0.0)
        # % contribution (of the total variance): manual 3.4, 4.4, 7.8, 92.2; Minitab 3.39,
        # 4.37, 7.76, 92.24.
        for value, manual, minitab in (
            (result.ev, 3.4, 3.39),
            (result.av, 4.4, 4.37),
            (result.grr, 7.8, 7.76),
            (result.pv, 92.2, 92.24),
        ):
            contribution = 100 * value**2 / result.tv**2
            self.assertPrinted(contribution, manual, 1)
            self.assertPrinted(contribution, minitab, 2)
        self.assertEqual(result.ndc, 4)
        self.assertEqual(result.verdict, "conditional")
        self.assertIsNone(result.grr_tolerance_percent)

    def test_aiag_anova_tolerance(self):
        result = msa.grr_anova(AIAG, tolerance=8.0)
        self.assertAlmostEqual(result.grr_tolerance_percent, 100 * 6 * result.grr / 8.0)
        self.assertPrinted(result.grr_tolerance_percent, 22.68, 2)
        result = msa.grr_anova(AIAG, tolerance=8.0, study_variation=5.15)
        self.assertAlmostEqual(result.grr_tolerance_percent, 100 * 5.15 * result.grr / 8.0)
        # The multiplier cancels out of the percentages of total variation.
        self.assertPrinted(result.grr_percent, 27.86, 2)

    # The AIAG example, average and range method. The data sheet's averages and ranges as
    # printed on the reproduced form; the report's figures as commonly quoted from the manual.
    def test_aiag_range_statistics(self):
        stats = msa.range_statistics(AIAG)
        for value, printed in zip(stats.operator_averages, (0.1903, 0.0683, -0.2543), strict=True):
            self.assertPrinted(value, printed, 4)
        for value, printed in zip(stats.operator_ranges, (0.184, 0.513, 0.328), strict=True):
            self.assertPrinted(value, printed, 3)
        self.assertEqual(
            [f"{value:.3f}" for value in stats.part_averages],
            "0.169 -0.851 1.099 0.367 -1.064 -0.186 0.454 -0.342 1.940 -1.571".split(),
        )
        self.assertPrinted(stats.r_double_bar, 0.3417, 4)
        self.assertPrinted(stats.r_part, 3.511, 3)
        # 0.44467 unrounded. The published AV 0.22963 needs X̄diff = 0.4446, the difference of
        # the rounded averages 0.1903 - (-0.2543); 0.4447 would give 0.22968.
        self.assertPrinted(stats.x_diff, 0.4447, 4)

    def test_aiag_average_range_published(self):
        # From the rounded R̄̄ = 0.3417, X̄diff = 0.4446 and Rp = 3.511 the published figures
        # come out to the last printed digit.
        result = msa.grr_from_ranges(0.3417, 0.4446, 3.511, parts=10, operators=3, trials=3)
        self.assertEqual(result.method, "average_range")
        self.assertPrinted(result.ev, 0.20188, 5)
        self.assertPrinted(result.av, 0.22963, 5)
        self.assertPrinted(result.grr, 0.30575, 5)
        self.assertPrinted(result.pv, 1.10456, 5)
        self.assertPrinted(result.tv, 1.14610, 5)
        # The manual is quoted with %EV 17.62, but 100 · 0.20188 / 1.14610 = 17.614: not
        # asserted as printed.
        self.assertPrinted(result.ev_percent, 17.61, 2)
        self.assertPrinted(result.av_percent, 20.04, 2)
        self.assertPrinted(result.grr_percent, 26.68, 2)
        self.assertPrinted(result.pv_percent, 96.38, 2)
        self.assertEqual(result.ndc, 5)
        self.assertEqual(result.verdict, "conditional")
        self.assertIsNone(result.interaction)
        self.assertIsNone(result.interaction_percent)
        self.assertIsNone(result.anova)
        self.assertIsNone(result.interaction_pooled)

    def test_aiag_average_range_from_data(self):
        # Without the manual's rounding of R̄̄, X̄diff and Rp the figures move in the fifth
        # decimal; the percentages and ndc stay as published.
        result = msa.grr_average_range(AIAG)
        for value, published in (
            (result.ev, 0.20188),
            (result.av, 0.22963),
            (result.grr, 0.30575),
            (result.pv, 1.10456),
            (result.tv, 1.14610),
        ):
            self.assertAlmostEqual(value, published, delta=6e-5)
        self.assertAlmostEqual(result.ev, 0.3416667 * 0.5908, places=6)
        self.assertPrinted(result.ev_percent, 17.61, 2)
        self.assertPrinted(result.av_percent, 20.04, 2)
        self.assertPrinted(result.grr_percent, 26.68, 2)
        self.assertPrinted(result.pv_percent, 96.38, 2)
        self.assertEqual(result.ndc, 5)
        self.assertEqual(result.verdict, "conditional")
        result = msa.grr_average_range(AIAG, tolerance=8.0)
        self.assertAlmostEqual(result.grr_tolerance_percent, 100 * 6 * result.grr / 8.0)

    def test_small_average_range_by_hand(self):
        # Ranges: operator 1: 2, 0, 0 -> R̄ = 2/3; operator 2: 0, 2, 2 -> R̄ = 4/3; R̄̄ = 1.
        # Operator averages 38/6 and 44/6 -> X̄diff = 1. Part averages 3.5, 6.5, 10.5 -> Rp = 7.
        stats = msa.range_statistics(SMALL)
        self.assertEqual((stats.parts, stats.operators, stats.trials), (3, 2, 2))
        self.assertAlmostEqual(stats.r_double_bar, 1.0)
        self.assertAlmostEqual(stats.x_diff, 1.0)
        self.assertAlmostEqual(stats.r_part, 7.0)
        # EV = 1 · K1(2) = 0.8862; AV = √((1 · K2(2))² − 0.8862² / (3 · 2)) = √0.369099 =
        # 0.607535; GRR = √(0.785350 + 0.369099) = 1.074453; PV = 7 · K3(3) = 3.6617;
        # TV = √(1.154449 + 13.408047) = 3.816084.
        result = msa.grr_average_range(SMALL, tolerance=20.0)
        ev = 0.8862
        av = math.sqrt(0.7071**2 - ev**2 / 6)
        grr = math.sqrt(ev**2 + av**2)
        pv = 7 * 0.5231
        tv = math.sqrt(grr**2 + pv**2)
        self.assertAlmostEqual(result.ev, ev, places=12)
        self.assertAlmostEqual(result.av, av, places=12)
        self.assertAlmostEqual(result.av, 0.607535, places=6)
        self.assertAlmostEqual(result.grr, 1.074453, places=6)
        self.assertAlmostEqual(result.pv, pv, places=12)
        self.assertAlmostEqual(result.tv, tv, places=12)
        self.assertAlmostEqual(result.tv, 3.816084, places=6)
        self.assertAlmostEqual(result.ev_percent, 100 * ev / tv)
        self.assertAlmostEqual(result.av_percent, 100 * av / tv)
        self.assertAlmostEqual(result.grr_percent, 28.1559, places=4)
        self.assertAlmostEqual(result.pv_percent, 100 * pv / tv)
        self.assertAlmostEqual(result.grr_tolerance_percent, 100 * 6 * grr / 20.0)
        # 1.41 · 3.6617 / 1.074453 = 4.805, truncated.
        self.assertEqual(result.ndc, 4)
        self.assertEqual(result.verdict, "conditional")

    def test_small_anova_by_hand(self):
        # Grand mean 82/12. Cell means 3, 4 / 6, 7 / 10, 11: operator 2 reads 1 higher on every
        # part, so there is no interaction at all.
        # SS part = 2·2·((3.5−g)² + (6.5−g)² + (10.5−g)²) = 98.6667 (df 2)
        # SS operator = 3·2·((38/6−g)² + (44/6−g)²) = 3 (df 1)
        # SS interaction = 0 (df 2); SS equipment = 2 + 2 + 2 = 6 (df 6); total 107.6667 (df 11)
        rows = {row.source: row for row in msa.anova_table(SMALL)}
        self.assertEqual(rows["part"].df, 2)
        self.assertAlmostEqual(rows["part"].ss, 296 / 3)
        self.assertEqual(rows["operator"].df, 1)
        self.assertAlmostEqual(rows["operator"].ss, 3.0)
        self.assertEqual(rows["part_operator"].df, 2)
        self.assertAlmostEqual(rows["part_operator"].ss, 0.0)
        self.assertEqual(rows["equipment"].df, 6)
        self.assertAlmostEqual(rows["equipment"].ss, 6.0)
        self.assertEqual(rows["total"].df, 11)
        self.assertAlmostEqual(rows["total"].ss, 323 / 3)
        self.assertAlmostEqual(rows["part_operator"].p, 1.0)
        # Pooled: MS = 6 / 8 = 0.75; AV² = (3 − 0.75) / 6 = 0.375;
        # PV² = (49.3333 − 0.75) / 4 = 12.145833; GRR² = 1.125.
        result = msa.grr_anova(SMALL)
        self.assertIs(result.interaction_pooled, True)
        self.assertAlmostEqual(result.ev, math.sqrt(0.75))
        self.assertAlmostEqual(result.av, math.sqrt(0.375))
        self.assertEqual(result.interaction, 0.0)
        self.assertAlmostEqual(result.grr, math.sqrt(1.125))
        self.assertAlmostEqual(result.pv, math.sqrt((148 / 3 - 0.75) / 4))
        self.assertAlmostEqual(result.tv, math.sqrt(1.125 + (148 / 3 - 0.75) / 4))
        self.assertAlmostEqual(result.grr_percent, 29.1157, places=4)
        # 1.41 · 3.485088 / 1.060660 = 4.633
        self.assertEqual(result.ndc, 4)
        self.assertEqual(result.verdict, "conditional")

    def test_interaction_not_pooled(self):
        # Part means 12, 22, 32; operator means 22, 22 (no operator effect); interaction effects
        # ∓2 on parts 1 and 2, 0 on part 3.
        # SS part = 4 · 200 = 800 (MS 400); SS operator = 0; SS interaction = 2 · 16 = 32
        # (df 2, MS 16); SS equipment = 12 · 0.25 = 3 (df 6, MS 0.5).
        # F = 32 on (2, 6) df: p = (1 + 2·32/6)^(−3) = 0.00063, below 0.25: not pooled.
        result = msa.grr_anova(CROSSING)
        rows = {row.source: row for row in result.anova}
        self.assertAlmostEqual(rows["part"].ms, 400.0)
        self.assertAlmostEqual(rows["operator"].ss, 0.0)
        self.assertAlmostEqual(rows["part_operator"].ms, 16.0)
        self.assertAlmostEqual(rows["equipment"].ms, 0.5)
        self.assertAlmostEqual(rows["part_operator"].f, 32.0)
        self.assertAlmostEqual(rows["part_operator"].p, (1 + 64 / 6) ** -3, places=15)
        self.assertIs(result.interaction_pooled, False)
        # EV² = 0.5; INT² = (16 − 0.5) / 2 = 7.75; AV² = (0 − 16) / 6 < 0 -> 0;
        # PV² = (400 − 16) / 4 = 96.
        self.assertAlmostEqual(result.ev, math.sqrt(0.5))
        self.assertAlmostEqual(result.interaction, math.sqrt(7.75))
        self.assertEqual(result.av, 0.0)
        self.assertAlmostEqual(result.grr, math.sqrt(8.25))
        self.assertAlmostEqual(result.pv, math.sqrt(96.0))
        self.assertAlmostEqual(result.tv, math.sqrt(104.25))
        self.assertAlmostEqual(result.interaction_percent, 100 * math.sqrt(7.75 / 104.25))
        self.assertAlmostEqual(result.grr_percent, 100 * math.sqrt(8.25 / 104.25))
        self.assertEqual(result.ndc, 4)

    def test_interaction_pooled_at_low_alpha(self):
        # The same study with alpha below its p-value of 0.00063: pooled, MS = (32 + 3) / 8.
        result = msa.grr_anova(CROSSING, alpha=0.0005)
        self.assertIs(result.interaction_pooled, True)
        self.assertAlmostEqual(result.ev, math.sqrt(35 / 8))
        self.assertEqual(result.interaction, 0.0)
        self.assertEqual(result.av, 0.0)
        self.assertAlmostEqual(result.pv, math.sqrt((400 - 35 / 8) / 4))
        # and the AIAG example keeps its interaction when alpha exceeds its p-value of 0.974.
        self.assertIs(msa.grr_anova(AIAG, alpha=0.98).interaction_pooled, False)
        result = msa.grr_anova(AIAG, alpha=1.0)
        self.assertIs(result.interaction_pooled, False)
        # MS interaction 0.01994 < MS equipment 0.04598: the interaction component is 0 and
        # AV, PV are taken against the interaction mean square.
        self.assertEqual(result.interaction, 0.0)
        self.assertAlmostEqual(result.ev**2, 2.7589333333333337 / 60)
        self.assertAlmostEqual(result.av**2, (1.583631111111111 - 0.01994345679012345) / 30)

    def test_f_survival(self):
        # Closed forms: F(2, d): (1 + 2f/d)^(−d/2); F(d, 2): 1 − (d·f / (2 + d·f))^(d/2);
        # F(1, 1): 1 − (2/π)·atan(√f).
        for f in (0.0, 0.1, 0.434, 1.0, 3.5, 20.0, 400.0):
            for d in (1, 2, 5, 18, 60, 200):
                with self.subTest(f=f, d=d):
                    self.assertAlmostEqual(
                        msa.f_survival(f, 2, d), (1 + 2 * f / d) ** (-d / 2), places=13
                    )
                    self.assertAlmostEqual(
                        msa.f_survival(f, d, 2), 1 - (d * f / (2 + d * f)) ** (d / 2), places=13
                    )
            self.assertAlmostEqual(
                msa.f_survival(f, 1, 1), 1 - 2 / math.pi * math.atan(math.sqrt(f)), places=13
            )
        self.assertEqual(msa.f_survival(math.inf, 3, 4), 0.0)
        # Tabulated upper 5 % points: F(3, 10) = 3.71, F(18, 60) = 1.78 (two decimals).
        self.assertAlmostEqual(msa.f_survival(3.708, 3, 10), 0.05, places=4)
        self.assertAlmostEqual(msa.f_survival(1.778, 18, 60), 0.05, places=3)
        self.assertEqual(msa.regularized_beta(2, 3, 0.0), 0.0)
        self.assertEqual(msa.regularized_beta(2, 3, 1.0), 1.0)
        # I_x(a, 1) = x^a
        self.assertAlmostEqual(msa.regularized_beta(3.5, 1, 0.3), 0.3**3.5, places=14)

    def test_verdict_boundaries(self):
        self.assertEqual(msa.verdict(9.999), "acceptable")
        self.assertEqual(msa.verdict(10.0), "conditional")
        self.assertEqual(msa.verdict(30.0), "conditional")
        self.assertEqual(msa.verdict(30.001), "unacceptable")
        # A good gauge: parts 10 apart, readings within a few thousandths.
        good = [
            [[10.0 * p + 0.001 * ((o + t) % 2) for t in range(2)] for o in range(2)]
            for p in range(5)
        ]
        self.assertEqual(msa.grr_anova(good).verdict, "acceptable")
        self.assertEqual(msa.grr_average_range(good).verdict, "acceptable")
        # A bad one: the parts barely differ.
        bad = [[[0.01 * p + (o + t) % 2 for t in range(2)] for o in range(2)] for p in range(5)]
        self.assertEqual(msa.grr_anova(bad).verdict, "unacceptable")
        self.assertEqual(msa.grr_average_range(bad).verdict, "unacceptable")
        self.assertEqual(msa.grr_average_range(bad).ndc, 0)

    def test_perfect_gauge(self):
        # Every reading of a part the same: GRR = 0, ndc undefined.
        data = [[[float(p)] * 2 for _o in range(3)] for p in range(4)]
        for result in (msa.grr_anova(data), msa.grr_average_range(data)):
            self.assertEqual(result.grr, 0.0)
            self.assertIsNone(result.ndc)
            self.assertEqual(result.verdict, "acceptable")
            self.assertAlmostEqual(result.pv_percent, 100.0)

    def test_validate(self):
        self.assertEqual(msa.validate(AIAG), (10, 3, 3))
        self.assertEqual(msa.validate(SMALL), (3, 2, 2))
        self.assertEqual(msa.validate((((1, 2), (3, 4)), ((5, 6), (7, 8)))), (2, 2, 2))

    def test_validate_errors(self):
        cases = (
            (None, "sequence of parts, got NoneType"),
            ("abc", "sequence of parts, got str"),
            ([], "at least 2 parts, got 0"),
            (study(1, 2, 2), "at least 2 parts, got 1"),
            (study(3, 1, 2), "at least 2 operators, got 1"),
            (study(3, 2, 1), "at least 2 trials, got 1"),
            ([[[1, 2], [3, 4]], 5], "Part 2 must be a sequence of operators, got int"),
            ([[[1, 2], [3, 4]], [[1, 2], "ab"]], "Part 2, operator 2 must be a sequence of trials"),
            ([[[1, 2], [3, 4]], [[1, 2]]], "Part 2 has 1 operators, part 1 has 2"),
            (
                [[[1, 2], [3, 4]], [[1, 2], [3, 4, 5]]],
                "Part 2, operator 2 has 3 trials, part 1, operator 1 has 2",
            ),
        )
        for data, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(ValueError, message):
                msa.validate(data)

    def test_validate_cells(self):
        data = study(4, 3, 2)
        data[2][1][0] = "12.5"
        with self.assertRaisesRegex(
            ValueError, r"part 3, operator 2, trial 1 is not a number: '12\.5'"
        ):
            msa.validate(data)
        data[2][1][0] = True
        with self.assertRaisesRegex(ValueError, "part 3, operator 2, trial 1 is not a number"):
            msa.validate(data)
        data[2][1][0] = math.nan
        with self.assertRaisesRegex(ValueError, "part 3, operator 2, trial 1 is not finite"):
            msa.validate(data)
        data = study(4, 3, 2)
        data[2][1][0] = None
        with self.assertRaisesRegex(
            ValueError, r"^1 measurement is missing: part 3, operator 2, trial 1\.$"
        ):
            msa.validate(data)
        data = study(4, 3, 2)
        for p in range(4):
            data[p][2][1] = None
        data[0][0][0] = None
        message = (
            r"^5 measurements are missing: part 1, operator 1, trial 1; part 1, operator 3, "
            r"trial 2; part 2, operator 3, trial 2; part 3, operator 3, trial 2; part 4, "
            r"operator 3, trial 2\.$"
        )
        with self.assertRaisesRegex(ValueError, message):
            msa.validate(data)
        data[3][0][1] = None
        data[3][1][1] = None
        with self.assertRaisesRegex(ValueError, r"^7 measurements are missing: .* and 2 more\.$"):
            msa.grr_anova(data)
        with self.assertRaisesRegex(ValueError, "7 measurements are missing"):
            msa.grr_average_range(data)

    def test_method_errors(self):
        with self.assertRaisesRegex(ValueError, "no constant for 4 trials.*2 to 3 trials"):
            msa.grr_average_range(study(5, 2, 4))
        with self.assertRaisesRegex(ValueError, "no constant for 4 operators.*2 to 3 operators"):
            msa.grr_average_range(study(5, 4, 2))
        with self.assertRaisesRegex(ValueError, "no constant for 11 parts.*2 to 10 parts"):
            msa.grr_average_range(study(11, 2, 2))
        # The ANOVA method has no such limit.
        self.assertEqual(msa.grr_anova(study(11, 4, 4)).method, "anova")
        with self.assertRaisesRegex(ValueError, "no constant for 1 trials"):
            msa.grr_from_ranges(1.0, 1.0, 1.0, parts=5, operators=2, trials=1)
        with self.assertRaisesRegex(ValueError, "X̄diff must be a non-negative number, got -1"):
            msa.grr_from_ranges(1.0, -1.0, 1.0, parts=5, operators=2, trials=2)
        for tolerance in (0, -1.0, math.inf, math.nan, "8", True):
            with self.subTest(tolerance=tolerance):
                with self.assertRaisesRegex(ValueError, "tolerance must be"):
                    msa.grr_anova(SMALL, tolerance=tolerance)
                with self.assertRaisesRegex(ValueError, "tolerance must be"):
                    msa.grr_average_range(SMALL, tolerance=tolerance)
        with self.assertRaisesRegex(ValueError, "study variation must be a positive number, got 0"):
            msa.grr_anova(SMALL, study_variation=0)
        with self.assertRaisesRegex(ValueError, "study variation must be a positive number"):
            msa.grr_average_range(SMALL, study_variation=-6)
        for alpha in (-0.1, 1.5, None):
            with self.subTest(alpha=alpha), self.assertRaisesRegex(ValueError, "alpha must be"):
                msa.grr_anova(SMALL, alpha=alpha)
        flat = [[[5.0, 5.0], [5.0, 5.0]] for _p in range(3)]
        with self.assertRaisesRegex(ValueError, "no variation at all"):
            msa.grr_anova(flat)
        with self.assertRaisesRegex(ValueError, "no variation at all"):
            msa.grr_average_range(flat)
        with self.assertRaisesRegex(ValueError, "positive degrees of freedom"):
            msa.f_survival(1.0, 0, 3)
        with self.assertRaisesRegex(ValueError, "cannot be negative, got -1"):
            msa.f_survival(-1.0, 2, 3)
        with self.assertRaisesRegex(ValueError, "positive parameters"):
            msa.regularized_beta(0, 1, 0.5)
        with self.assertRaisesRegex(ValueError, "0 <= x <= 1, got x=1.5"):
            msa.regularized_beta(1, 1, 1.5)
