# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo.tests import BaseCase, tagged

from ..tools import spc

# Montgomery, Introduction to Statistical Quality Control, chapter 6, Example 6.1: inside
# diameter of forged piston rings, 25 phase I samples of 5 (mm), then 15 more samples. Data as
# distributed with R's qcc package (data/pistonrings.txt, "trial" TRUE then FALSE). Published
# phase I results: X̿ = 74.001, R̄ = 0.023, X̄ chart 73.988 to 74.014, R chart 0 to 0.049
# (D4·R̄ = 2.114 × 0.023 = 0.0486, from the rounded R̄).
PISTON_RINGS = (
    (74.030, 74.002, 74.019, 73.992, 74.008),
    (73.995, 73.992, 74.001, 74.011, 74.004),
    (73.988, 74.024, 74.021, 74.005, 74.002),
    (74.002, 73.996, 73.993, 74.015, 74.009),
    (73.992, 74.007, 74.015, 73.989, 74.014),
    (74.009, 73.994, 73.997, 73.985, 73.993),
    (73.995, 74.006, 73.994, 74.000, 74.005),
    (73.985, 74.003, 73.993, 74.015, 73.988),
    (74.008, 73.995, 74.009, 74.005, 74.004),
    (73.998, 74.000, 73.990, 74.007, 73.995),
    (73.994, 73.998, 73.994, 73.995, 73.990),
    (74.004, 74.000, 74.007, 74.000, 73.996),
    (73.983, 74.002, 73.998, 73.997, 74.012),
    (74.006, 73.967, 73.994, 74.000, 73.984),
    (74.012, 74.014, 73.998, 73.999, 74.007),
    (74.000, 73.984, 74.005, 73.998, 73.996),
    (73.994, 74.012, 73.986, 74.005, 74.007),
    (74.006, 74.010, 74.018, 74.003, 74.000),
    (73.984, 74.002, 74.003, 74.005, 73.997),
    (74.000, 74.010, 74.013, 74.020, 74.003),
    (73.988, 74.001, 74.009, 74.005, 73.996),
    (74.004, 73.999, 73.990, 74.006, 74.009),
    (74.010, 73.989, 73.990, 74.009, 74.014),
    (74.015, 74.008, 73.993, 74.000, 74.010),
    (73.982, 73.984, 73.995, 74.017, 74.013),
)
PISTON_RINGS_PHASE_II = (
    (74.012, 74.015, 74.030, 73.986, 74.000),
    (73.995, 74.010, 73.990, 74.015, 74.001),
    (73.987, 73.999, 73.985, 74.000, 73.990),
    (74.008, 74.010, 74.003, 73.991, 74.006),
    (74.003, 74.000, 74.001, 73.986, 73.997),
    (73.994, 74.003, 74.015, 74.020, 74.004),
    (74.008, 74.002, 74.018, 73.995, 74.005),
    (74.001, 74.004, 73.990, 73.996, 73.998),
    (74.015, 74.000, 74.016, 74.025, 74.000),
    (74.030, 74.005, 74.000, 74.016, 74.012),
    (74.001, 73.990, 73.995, 74.010, 74.024),
    (74.015, 74.020, 74.024, 74.005, 74.019),
    (74.035, 74.010, 74.012, 74.015, 74.026),
    (74.017, 74.013, 74.036, 74.025, 74.026),
    (74.010, 74.005, 74.029, 74.000, 74.020),
)

# NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2.2 (individuals control
# charts), flow rate example: MR̄ = 1.8778, X̄ = 50.81, UCL = 55.8041, LCL = 45.8159.
NIST_FLOW_RATE = (49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1)

# NIST/SEMATECH e-Handbook, section 6.3.3.1 (counts control charts): defects on 25 wafers,
# c̄ = 16, UCL = 16 + 3·4 = 28, LCL = 16 − 3·4 = 4.
NIST_WAFER_DEFECTS = (
    16, 14, 28, 16, 12, 20, 10, 12, 10, 17, 19, 17, 14, 16, 15, 13, 14, 16, 11, 20, 11, 19, 16,
    31, 13,
)  # fmt: skip

# Montgomery, Example 7.1: nonconforming frozen orange juice cans in 30 samples of 50 (qcc
# data/orangejuice.txt, trial samples). p̄ = 347/1500 = 0.2313, UCL = 0.4102, LCL = 0.0524;
# samples 15 and 23 plot above the UCL.
ORANGE_JUICE = (
    12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9,
    12, 7, 13, 9, 6,
)  # fmt: skip

# Montgomery, chapter 7, c chart example: nonconformities in 26 samples of 100 printed circuit
# boards (qcc data/circuit.txt, trial samples). c̄ = 516/26 = 19.85, UCL = 33.22, LCL = 6.48;
# samples 6 and 20 are outside the limits.
CIRCUIT_BOARDS = (
    21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19,
    17, 15,
)  # fmt: skip

# Montgomery, chapter 7, u chart example: nonconformities in 20 samples of 5 personal
# computers (qcc data/pcmanufact.txt). ū = 193/100 = 1.93, UCL = 3.79, LCL = 0.07; no point outside.
PERSONAL_COMPUTERS = (10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5)

# The factors as printed in Montgomery, Appendix VI, for the sizes the e-Handbook and ASTM E2587
# are most often read at: n: A2, d2, D3, D4.
PRINTED_FACTORS = {
    2: (1.880, 1.128, 0.0, 3.267),
    5: (0.577, 2.326, 0.0, 2.114),
    7: (0.419, 2.704, 0.076, 1.924),
    10: (0.308, 3.078, 0.223, 1.777),
}


def normal_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2))


def expected_range(n):
    """d2(n) = ∫ 1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ dx over the real line, by Simpson's rule."""
    low, high, steps = -10.0, 10.0, 2000
    width = (high - low) / steps

    def integrand(x):
        return 1 - normal_cdf(x) ** n - (1 - normal_cdf(x)) ** n

    total = integrand(low) + integrand(high)
    total += sum((4 if i % 2 else 2) * integrand(low + i * width) for i in range(1, steps))
    return total * width / 3


@tagged("post_install", "-at_install")
class TestSpc(BaseCase):
    def assertViolations(self, points, rules, expected, center=0.0, sigma=1.0):
        """``expected``: {rule: (completed_at, point_indexes)} for the rules that must fire."""
        violations = spc.check_rules(points, center, sigma, rules)
        self.assertEqual(
            {v.rule: (v.completed_at, v.point_indexes) for v in violations},
            {rule: (tuple(done), tuple(pattern)) for rule, (done, pattern) in expected.items()},
        )

    # ----------------------------------------------------------------------------------------
    # Constants

    def test_constants_printed_values(self):
        for n, (a2, d2, d3_factor, d4) in PRINTED_FACTORS.items():
            with self.subTest(n=n):
                factors = spc.constants(n)
                self.assertEqual(factors.n, n)
                self.assertEqual(factors.A2, a2)
                self.assertEqual(factors.d2, d2)
                self.assertEqual(factors.D3, d3_factor)
                self.assertEqual(factors.D4, d4)
        self.assertEqual(spc.constants(5).A3, 1.427)
        self.assertEqual(spc.constants(5).c4, 0.9400)
        self.assertEqual(spc.constants(5).B4, 2.089)
        self.assertEqual(spc.constants(6).B3, 0.030)
        self.assertEqual(sorted(spc.CONSTANTS), list(range(2, 26)))

    def test_constants_against_their_definitions(self):
        """Each printed factor is within rounding of its definition: c4 = √(2/(n−1))·Γ(n/2)/
        Γ((n−1)/2), d2 by numerical integration, A2 = 3/(d2√n), A3 = 3/(c4√n), B3, B4 = 1 ∓
        3√(1−c4²)/c4, D3, D4 = 1 ∓ 3·d3/d2. The tables compute D3 and D4 from unrounded d3;
        from the printed d3 (±0.0005) they are known to 3/d2 × 0.0005 plus their own rounding,
        less than 0.002."""
        for n, factors in spc.CONSTANTS.items():
            with self.subTest(n=n):
                c4 = math.sqrt(2 / (n - 1)) * math.exp(
                    math.lgamma(n / 2) - math.lgamma((n - 1) / 2)
                )
                d2 = expected_range(n)
                b_spread = 3 * math.sqrt(1 - c4**2) / c4
                d_spread = 3 * factors.d3 / factors.d2
                for name, value, tolerance in (
                    ("c4", c4, 0.00006),
                    ("d2", d2, 0.0006),
                    ("A2", 3 / (d2 * math.sqrt(n)), 0.0006),
                    ("A3", 3 / (c4 * math.sqrt(n)), 0.0006),
                    ("B3", max(0.0, 1 - b_spread), 0.0006),
                    ("B4", 1 + b_spread, 0.0006),
                    ("D3", max(0.0, 1 - d_spread), 0.002),
                    ("D4", 1 + d_spread, 0.002),
                ):
                    self.assertAlmostEqual(getattr(factors, name), value, delta=tolerance, msg=name)

    def test_constants_out_of_range(self):
        for n in (0, 1, 26, 100):
            with self.assertRaisesRegex(ValueError, f"subgroup sizes 2 to 25, got {n}"):
                spc.constants(n)

    # ----------------------------------------------------------------------------------------
    # Limits from published examples

    def test_xbar_r_piston_rings(self):
        limits = spc.compute_limits("xbar_r", PISTON_RINGS)
        self.assertEqual(limits.chart, "xbar_r")
        self.assertEqual(limits.subgroup_size, 5)
        self.assertEqual(round(limits.center, 3), 74.001)
        self.assertEqual(round(limits.range_center, 3), 0.023)
        self.assertEqual(round(limits.ucl, 3), 74.014)
        self.assertEqual(round(limits.lcl, 3), 73.988)
        self.assertEqual(limits.range_lcl, 0.0)
        self.assertAlmostEqual(limits.range_ucl, 0.049, delta=0.001)
        # Unrounded: X̿ = 1850.0294/25, R̄ = 0.569/25 = 0.02276, D4·R̄ = 0.04811.
        self.assertAlmostEqual(limits.center, 74.001176, places=6)
        self.assertAlmostEqual(limits.range_center, 0.02276, places=6)
        self.assertAlmostEqual(limits.ucl, 74.001176 + 0.577 * 0.02276, places=6)
        self.assertAlmostEqual(limits.range_ucl, 2.114 * 0.02276, places=6)
        # σ = R̄/d2 = 0.02276/2.326; rule sigma of the X̄ chart = A2·R̄/3 ≈ σ/√5.
        self.assertAlmostEqual(limits.sigma, 0.02276 / 2.326, places=8)
        self.assertAlmostEqual(spc.within_sigma("xbar_r", PISTON_RINGS), limits.sigma)
        self.assertAlmostEqual(limits.plotted_sigma, 0.577 * 0.02276 / 3, places=8)
        # Sample 1: x̄ = 370.051/5 = 74.0102, R = 74.030 − 73.992 = 0.038.
        self.assertAlmostEqual(spc.plot_points("xbar_r", PISTON_RINGS)[0], 74.0102, places=6)
        self.assertAlmostEqual(spc.companion_points("xbar_r", PISTON_RINGS)[0], 0.038, places=6)

    def test_xbar_s_piston_rings(self):
        limits = spc.compute_limits("xbar_s", PISTON_RINGS)
        # To 3 decimals, the X̄ limits from S̄ are those from R̄.
        self.assertEqual(round(limits.ucl, 3), 74.014)
        self.assertEqual(round(limits.lcl, 3), 73.988)
        # Sample 1: deviations from 74.0102 are .0198 −.0082 .0088 −.0182 −.0022, squares sum
        # to 0.0008728, s = √(0.0008728/4) = 0.01477.
        self.assertAlmostEqual(spc.companion_points("xbar_s", PISTON_RINGS)[0], 0.014772, places=6)
        s_bar = limits.range_center
        self.assertAlmostEqual(
            s_bar, math.fsum(spc.companion_points("xbar_s", PISTON_RINGS)) / 25, places=12
        )
        self.assertAlmostEqual(limits.ucl, limits.center + 1.427 * s_bar, places=10)
        self.assertAlmostEqual(limits.range_ucl, 2.089 * s_bar, places=10)
        self.assertEqual(limits.range_lcl, 0.0)
        self.assertAlmostEqual(limits.sigma, s_bar / 0.9400, places=10)

    def test_imr_nist_flow_rate(self):
        limits = spc.compute_limits("imr", NIST_FLOW_RATE)
        self.assertAlmostEqual(limits.center, 50.81, places=10)
        self.assertAlmostEqual(limits.range_center, 1.8778, places=4)
        self.assertAlmostEqual(limits.ucl, 55.8041, places=4)
        self.assertAlmostEqual(limits.lcl, 45.8159, places=4)
        # MR chart: D4·MR̄ = 3.267 × 16.9/9 = 6.1347, D3 = 0.
        self.assertAlmostEqual(limits.range_ucl, 3.267 * 16.9 / 9, places=10)
        self.assertEqual(limits.range_lcl, 0.0)
        self.assertAlmostEqual(limits.sigma, 16.9 / 9 / 1.128, places=10)
        self.assertEqual(limits.subgroup_size, 1)
        self.assertEqual(spc.plot_points("imr", NIST_FLOW_RATE), list(NIST_FLOW_RATE))
        moving_ranges = spc.companion_points("imr", NIST_FLOW_RATE)
        self.assertIsNone(moving_ranges[0])
        expected = (2.0, 2.3, 1.4, 3.5, 3.4, 1.4, 0.2, 1.2, 1.5)
        for got, want in zip(moving_ranges[1:], expected, strict=True):
            self.assertAlmostEqual(got, want, places=10)

    def test_c_chart_nist_wafers(self):
        analysis = spc.analyse("c", NIST_WAFER_DEFECTS)
        limits = analysis.limits
        self.assertEqual((limits.center, limits.ucl, limits.lcl), (16.0, 28.0, 4.0))
        self.assertIsNone(limits.range_center)
        self.assertIsNone(analysis.companion)
        self.assertIsNone(analysis.capability)
        # Wafer 24 (31 defects) is above the UCL; wafer 3 (28) sits on it, which is not beyond.
        rule_1 = analysis.violations[0]
        self.assertEqual((rule_1.rule, rule_1.completed_at), ("N1", (23,)))

    def test_c_chart_circuit_boards(self):
        analysis = spc.analyse("c", CIRCUIT_BOARDS, rules=("N1",))
        limits = analysis.limits
        self.assertAlmostEqual(limits.center, 516 / 26, places=10)
        self.assertEqual(round(limits.center, 2), 19.85)
        # The book adds 3√19.85 = 13.37 to the rounded c̄: 33.22 and 6.48; unrounded, 33.211
        # and 6.481.
        self.assertAlmostEqual(limits.ucl, 33.22, delta=0.01)
        self.assertAlmostEqual(limits.lcl, 6.48, delta=0.01)
        self.assertAlmostEqual(limits.ucl, 516 / 26 + 3 * math.sqrt(516 / 26), places=12)
        self.assertEqual(analysis.violations, [spc.Violation("N1", (5, 19), (5, 19))])

    def test_p_and_np_charts_orange_juice(self):
        data = [(count, 50) for count in ORANGE_JUICE]
        analysis = spc.analyse("p", data, rules=("N1",))
        limits = analysis.limits
        self.assertAlmostEqual(limits.center, 347 / 1500, places=12)
        self.assertEqual(round(limits.center, 4), 0.2313)
        self.assertEqual(round(limits.ucl, 4), 0.4102)
        self.assertEqual(round(limits.lcl, 4), 0.0524)
        self.assertEqual(limits.subgroup_size, 50)
        self.assertIsNone(limits.ucl_points)
        self.assertEqual(analysis.points[14], 22 / 50)
        self.assertEqual(analysis.violations, [spc.Violation("N1", (14, 22), (14, 22))])
        # np chart: n·p̄ = 347/30 = 11.567, σ = √(11.567 × (1 − 0.2313)) = 2.9818.
        np_limits = spc.compute_limits("np", data)
        self.assertAlmostEqual(np_limits.center, 347 / 30, places=10)
        self.assertAlmostEqual(np_limits.sigma, 2.9818, places=4)
        self.assertAlmostEqual(np_limits.ucl, 50 * limits.ucl, places=10)
        self.assertAlmostEqual(np_limits.lcl, 50 * limits.lcl, places=10)
        self.assertEqual(spc.plot_points("np", data)[:3], [12.0, 15.0, 8.0])

    def test_u_chart_personal_computers(self):
        data = [(count, 5) for count in PERSONAL_COMPUTERS]
        analysis = spc.analyse("u", data)
        limits = analysis.limits
        self.assertAlmostEqual(limits.center, 1.93, places=12)
        self.assertEqual(round(limits.ucl, 2), 3.79)
        self.assertEqual(round(limits.lcl, 2), 0.07)
        # A u chart counts nonconformities, which may exceed the number of units.
        self.assertEqual(analysis.points[5], 16 / 5)
        self.assertFalse([v for v in analysis.violations if v.rule == "N1"])

    def test_p_chart_varying_sample_sizes(self):
        # p̄ = 6/70 = 0.085714; σᵢ = √(p̄(1 − p̄)/nᵢ) = √(0.078367/nᵢ): 0.088525, 0.062597,
        # 0.044263; UCLᵢ = p̄ + 3σᵢ, LCLᵢ = max(0, p̄ − 3σᵢ) = 0; for the average size 70/3,
        # σ = 0.057953 and UCL = 0.259575.
        data = [(1, 10), (2, 20), (3, 40)]
        limits = spc.compute_limits("p", data)
        self.assertAlmostEqual(limits.center, 6 / 70, places=12)
        self.assertIsNone(limits.sigma)
        self.assertIsNone(limits.subgroup_size)
        for got, want in zip(limits.sigma_points, (0.088525, 0.062597, 0.044263), strict=True):
            self.assertAlmostEqual(got, want, places=6)
        for got, want in zip(limits.ucl_points, (0.351290, 0.273505, 0.218502), strict=True):
            self.assertAlmostEqual(got, want, places=6)
        self.assertEqual(limits.lcl_points, (0.0, 0.0, 0.0))
        self.assertAlmostEqual(limits.ucl, 0.259575, places=6)
        self.assertEqual(limits.lcl, 0.0)
        self.assertEqual(limits.plotted_sigma, limits.sigma_points)
        self.assertEqual(spc.plot_points("p", data), [0.1, 0.1, 0.075])

    # ----------------------------------------------------------------------------------------
    # Frozen limits (phase II)

    def test_frozen_limits_piston_rings_phase_ii(self):
        phase_i = spc.compute_limits("xbar_r", PISTON_RINGS)
        analysis = spc.analyse("xbar_r", PISTON_RINGS_PHASE_II, rules=("N1",), limits=phase_i)
        self.assertIs(analysis.limits, phase_i)
        # Subgroup means of samples 37 to 39: 74.0166, 74.0196, 74.0234, above 74.0143.
        self.assertEqual(analysis.violations, [spc.Violation("N1", (11, 12, 13), (11, 12, 13))])
        self.assertEqual(spc.analyse("xbar_r", PISTON_RINGS, rules=("N1",)).violations, [])
        # One new subgroup can be checked on its own.
        single = spc.analyse("xbar_r", PISTON_RINGS_PHASE_II[13:14], limits=phase_i)
        self.assertEqual(single.violations[0].completed_at, (0,))
        with self.assertRaisesRegex(ValueError, "limits are for subgroups of 5, the data has .* 4"):
            spc.analyse("xbar_r", [group[:4] for group in PISTON_RINGS_PHASE_II], limits=phase_i)
        with self.assertRaisesRegex(ValueError, "those of a xbar_r chart, not of a xbar_s chart"):
            spc.analyse("xbar_s", PISTON_RINGS_PHASE_II, limits=phase_i)

    def test_frozen_p_limits_new_sample_sizes(self):
        phase_i = spc.compute_limits("p", [(count, 50) for count in ORANGE_JUICE])
        same = spc.analyse("p", [(5, 50), (30, 50)], limits=phase_i, rules=("N1",))
        self.assertIs(same.limits, phase_i)
        self.assertEqual(same.violations[0].completed_at, (1,))
        # Other sample sizes: limits around the frozen p̄ for those sizes. 8/100 = 0.08 is
        # below the LCL for 100 (0.2313 − 3 × 0.04217 = 0.1048), not below the one for 50 (0.0524).
        other = spc.analyse("p", [(8, 100), (20, 50)], limits=phase_i, rules=("N1",))
        self.assertEqual(other.limits.center, phase_i.center)
        p_bar = 347 / 1500
        self.assertAlmostEqual(
            other.limits.ucl_points[0], p_bar + 3 * math.sqrt(p_bar * (1 - p_bar) / 100)
        )
        self.assertAlmostEqual(other.limits.lcl_points[0], 0.104828, places=6)
        self.assertEqual(other.limits.ucl_points[1], phase_i.ucl)
        self.assertEqual(other.violations, [spc.Violation("N1", (0,), (0,))])

    # ----------------------------------------------------------------------------------------
    # Run rules: a sequence that breaks each rule and a near miss (centre 0, sigma 1)

    def test_rule_1_beyond_3_sigma(self):
        for rule in ("N1", "WE1"):
            self.assertViolations([0, 3.5, -3.2, 0.0], [rule], {rule: ((1, 2), (1, 2))})
            # On the limits is not beyond them.
            self.assertViolations([0, 3.0, -3.0, 2.9], [rule], {})

    def test_rule_n2_nine_on_one_side(self):
        self.assertViolations(
            [-1] + [0.5] * 10, ["N2"], {"N2": ((9, 10), (1, 2, 3, 4, 5, 6, 7, 8, 9, 10))}
        )
        self.assertViolations([1] * 9, ["N2"], {"N2": ((8,), tuple(range(9)))})
        self.assertViolations([-0.1] * 9, ["N2"], {"N2": ((8,), tuple(range(9)))})
        # A point on the centre line breaks the run; so does a point on the other side.
        self.assertViolations([0.5] * 8 + [0.0] + [0.5] * 8, ["N2"], {})
        self.assertViolations([0.5] * 8 + [-0.5] + [0.5] * 8, ["N2"], {})

    def test_rule_n3_six_increasing_or_decreasing(self):
        self.assertViolations(
            [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.4], ["N3"], {"N3": ((5,), (0, 1, 2, 3, 4, 5))}
        )
        self.assertViolations(
            [-9, 2, 1, 0, -1, -2, -3, -4], ["N3"], {"N3": ((6, 7), (1, 2, 3, 4, 5, 6, 7))}
        )
        # Five points only, or a tie in the middle.
        self.assertViolations([0, 0.1, 0.2, 0.3, 0.4, 0.3, 0.2], ["N3"], {})
        self.assertViolations([0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5], ["N3"], {})

    def test_rule_n4_fourteen_alternating(self):
        self.assertViolations([0.1, -0.1] * 7, ["N4"], {"N4": ((13,), tuple(range(14)))})
        self.assertViolations([5, 5, 6] + [5, 6] * 6, ["N4"], {"N4": ((14,), tuple(range(1, 15)))})
        # Thirteen points, or a repeated value.
        self.assertViolations([0.1, -0.1] * 6 + [0.1], ["N4"], {})
        self.assertViolations([0.1, -0.1] * 3 + [-0.1] + [0.1, -0.1] * 4, ["N4"], {})

    def test_rule_two_of_three_beyond_2_sigma(self):
        for rule in ("N5", "WE2"):
            self.assertViolations(
                [0, 2.5, 0.5, 2.1, 0, -2.5, 0, -2.5],
                [rule],
                {rule: ((3, 7), (1, 3, 5, 7))},
            )
            # Three points apart, on opposite sides, or exactly on 2σ.
            self.assertViolations([2.5, 0, 0, 2.5], [rule], {})
            self.assertViolations([2.5, -2.5, 0, 2.5], [rule], {})
            self.assertViolations([2.0, 2.5, 2.0], [rule], {})

    def test_rule_four_of_five_beyond_1_sigma(self):
        for rule in ("N6", "WE3"):
            self.assertViolations([1.5, 1.5, 0, 1.5, 1.5], [rule], {rule: ((4,), (0, 1, 3, 4))})
            self.assertViolations(
                [0, -1.2, -2, -1.1, 0.5, -1.5, -1.5],
                [rule],
                {rule: ((5, 6), (1, 2, 3, 5, 6))},
            )
            # Four beyond 1σ but not within five points, or not on the same side.
            self.assertViolations([1.5, 1.5, 0, 0, 1.5, 1.5], [rule], {})
            self.assertViolations([1.5, 1.5, -1.5, -1.5, 1.5], [rule], {})
            self.assertViolations([1.5, 1.0, 1.5, 1.5, 1.0], [rule], {})

    def test_rule_n7_fifteen_within_1_sigma(self):
        self.assertViolations([2] + [0.5] * 15, ["N7"], {"N7": ((15,), tuple(range(1, 16)))})
        # Points on ±1σ are within it.
        self.assertViolations([1.0, -1.0] * 7 + [1.0], ["N7"], {"N7": ((14,), tuple(range(15)))})
        self.assertViolations([0.5] * 7 + [1.01] + [0.5] * 7, ["N7"], {})

    def test_rule_n8_eight_beyond_1_sigma(self):
        self.assertViolations(
            [0] + [1.5, -1.5] * 4 + [-2], ["N8"], {"N8": ((8, 9), tuple(range(1, 10)))}
        )
        # A point on 1σ is within it.
        self.assertViolations([1.5, -1.5] * 3 + [1.0, 1.5], ["N8"], {})
        self.assertViolations([1.5, -1.5] * 3 + [-1.5], ["N8"], {})

    def test_rule_we4_eight_on_one_side(self):
        self.assertViolations([-1] + [0.5] * 8, ["WE4"], {"WE4": ((8,), tuple(range(1, 9)))})
        self.assertViolations([0.5] * 7 + [0.0] + [0.5] * 7, ["WE4"], {})
        # Nelson asks for nine: eight in a row only breaks WE4.
        self.assertViolations([0.5] * 8, ["N2", "WE4"], {"WE4": ((7,), tuple(range(8)))})

    def test_rules_scaled_and_in_order(self):
        points = [10.0] + [10.5] * 8 + [14.0]
        violations = spc.check_rules(points, 10.0, 1.0, spc.WESTERN_ELECTRIC_RULES)
        self.assertEqual([v.rule for v in violations], ["WE1", "WE4"])
        self.assertEqual(violations[0].completed_at, (9,))
        self.assertEqual(violations[1].completed_at, (8, 9))
        self.assertEqual(set(spc.RULE_LABELS), set(spc.NELSON_RULES + spc.WESTERN_ELECTRIC_RULES))
        self.assertEqual(len(spc.NELSON_RULES), 8)

    def test_rules_sigma_per_point(self):
        # (x − 0.1)/σᵢ: 4.0 beyond 3σ; 2.0 not.
        self.assertViolations([0.3, 0.5], ["N1"], {"N1": ((0,), (0,))}, 0.1, [0.05, 0.2])
        self.assertViolations([0.2, 0.5], ["N1"], {}, 0.1, [0.05, 0.2])
        with self.assertRaisesRegex(ValueError, "Got 1 sigmas for 2 points"):
            spc.check_rules([0.3, 0.5], 0.1, [0.05], ["N1"])
        with self.assertRaisesRegex(ValueError, "Sigma -0.1 of point 1 cannot be negative"):
            spc.check_rules([0.3, 0.5], 0.1, [0.05, -0.1], ["N1"])

    def test_rules_bad_input(self):
        with self.assertRaisesRegex(ValueError, "Unknown run rule 'N9'"):
            spc.check_rules([1, 2], 0, 1, ["N1", "N9"])
        with self.assertRaisesRegex(ValueError, "Sigma cannot be negative, got -1"):
            spc.check_rules([1, 2], 0, -1, ["N1"])

    # ----------------------------------------------------------------------------------------
    # Capability

    def test_capability_two_sided(self):
        # x̄ = 2.5, s = √((2.25 + 0.25 + 0.25 + 2.25)/3) = √(5/3) = 1.290994;
        # Cp = (6 − 0)/(6 × 0.5) = 2; Cpk = min(6 − 2.5, 2.5 − 0)/(3 × 0.5) = 2.5/1.5 = 1.666667;
        # Pp = 6/(6 × 1.290994) = 0.774597; Ppk = 2.5/(3 × 1.290994) = 0.645497.
        result = spc.capability([1, 2, 3, 4], 0, 6, 0.5)
        self.assertEqual(result.mean, 2.5)
        self.assertAlmostEqual(result.sigma_overall, math.sqrt(5 / 3), places=12)
        self.assertAlmostEqual(result.cp, 2.0, places=12)
        self.assertAlmostEqual(result.cpk, 2.5 / 1.5, places=12)
        self.assertAlmostEqual(result.pp, 0.774597, places=6)
        self.assertAlmostEqual(result.ppk, 0.645497, places=6)
        self.assertEqual(result.sigma_within, 0.5)

    def test_capability_one_sided(self):
        # USL only: Cpk = (6 − 2.5)/1.5 = 2.333333, Ppk = 3.5/(3 × 1.290994) = 0.903696.
        upper = spc.capability([1, 2, 3, 4], None, 6, 0.5)
        self.assertIsNone(upper.cp)
        self.assertIsNone(upper.pp)
        self.assertAlmostEqual(upper.cpk, 3.5 / 1.5, places=12)
        self.assertAlmostEqual(upper.ppk, 0.903696, places=6)
        # LSL only: Cpk = (2.5 − 0)/1.5, Ppk = 0.645497.
        lower = spc.capability([1, 2, 3, 4], 0, None, 0.5)
        self.assertIsNone(lower.cp)
        self.assertAlmostEqual(lower.cpk, 2.5 / 1.5, places=12)
        self.assertAlmostEqual(lower.ppk, 0.645497, places=6)

    def test_capability_piston_rings(self):
        # Specifications 74.000 ± 0.05 mm; Montgomery (Example 6.1, continued) estimates
        # σ = R̄/d2 = 0.023/2.326 = 0.0099 and Cp = 0.10/(6 × 0.0099) = 1.68; with the
        # unrounded R̄ = 0.02276, σ = 0.009785 and Cp = 1.7033.
        analysis = spc.analyse("xbar_r", PISTON_RINGS, lsl=73.95, usl=74.05)
        result = analysis.capability
        self.assertAlmostEqual(result.cp, 1.68, delta=0.03)
        self.assertAlmostEqual(result.cp, 0.10 / (6 * 0.02276 / 2.326), places=9)
        self.assertAlmostEqual(result.cpk, (74.05 - 74.001176) / (3 * 0.02276 / 2.326), places=9)
        self.assertEqual(result.sigma_within, analysis.limits.sigma)
        self.assertAlmostEqual(result.mean, 74.001176, places=9)
        self.assertIsNone(spc.analyse("xbar_r", PISTON_RINGS).capability)

    def test_capability_bad_input(self):
        with self.assertRaisesRegex(ValueError, "lower specification limit 5 must be below"):
            spc.capability([1, 2, 3], 5, 5, 1.0)
        with self.assertRaisesRegex(ValueError, "lower specification limit 6 must be below"):
            spc.capability([1, 2, 3], 6, 5, 1.0)
        with self.assertRaisesRegex(ValueError, "at least 2 values, got 1"):
            spc.capability([1], 0, 5, 1.0)
        with self.assertRaisesRegex(ValueError, "lower or an upper specification limit"):
            spc.capability([1, 2], None, None, 1.0)
        with self.assertRaisesRegex(ValueError, "within sigma cannot be negative, got -1"):
            spc.capability([1, 2], 0, 5, -1)

    # ----------------------------------------------------------------------------------------
    # Bad data

    def test_bad_data(self):
        cases = (
            ("imr", [1.0], "The imr chart needs at least 2 points, got 1"),
            ("c", [], "needs at least 2 points, got 0"),
            ("xbar_r", [[1, 2] * 3] * 2, None),
            (
                "xbar_r",
                [[1] * 11] * 3,
                "xbar_r chart needs subgroups of 2 to 10 values, got 11",
            ),
            ("xbar_r", [[1]] * 3, "subgroups of 2 to 10 values, got 1"),
            (
                "xbar_s",
                [[1] * 26] * 3,
                "xbar_s chart needs subgroups of 2 to 25 values, got 26",
            ),
            ("xbar_s", [[1, 2, 3], [1, 2, 3], [1, 2]], "Subgroup 2 has 2 values, subgroup 0 has 3"),
            ("xbar_r", [[1, 2], [1, 2, 3]], "Subgroup 1 has 3 values, subgroup 0 has 2"),
            ("p", [(1, 5), (6, 5)], "Count 6 of point 1 exceeds its sample size 5"),
            ("np", [(6, 5), (1, 5)], "Count 6 of point 0 exceeds its sample size 5"),
            ("p", [(-1, 5), (1, 5)], "Count -1 of point 0 cannot be negative"),
            ("u", [(1, 5), (1, 0)], "Sample size 0 of point 1 must be positive"),
            ("p", [(1, 5), (1, 0)], "Sample size 0 of point 1 must be positive"),
            ("c", [3, -2, 1], "Count -2 of point 1 cannot be negative"),
            ("np", [(1, 5), (1, 6)], "constant sample size: point 1 has 6"),
            ("p", [(1, 5), 3], "Point 1 of a p chart must be a \\(count, sample size\\) pair"),
            ("imr", [1.0, float("nan"), 2.0], "Value 1 is nan"),
            ("run", [1.0, 2.0], "Unknown chart 'run'"),
        )
        for chart, data, message in cases:
            with self.subTest(chart=chart, message=message):
                if message is None:
                    spc.compute_limits(chart, data)
                    continue
                with self.assertRaisesRegex(ValueError, message):
                    spc.compute_limits(chart, data)
                with self.assertRaisesRegex(ValueError, message if len(data) >= 1 else "got 0"):
                    spc.analyse(chart, data)
        with self.assertRaisesRegex(ValueError, "Subgroup 1 has 3 values"):
            spc.plot_points("xbar_r", [[1, 2], [1, 2, 3]])
        with self.assertRaisesRegex(ValueError, "Chart 'p' has no within sigma"):
            spc.within_sigma("p", [(1, 5), (2, 5)])

    def test_analysis_imr(self):
        analysis = spc.analyse("imr", NIST_FLOW_RATE, lsl=45, usl=57)
        self.assertEqual(analysis.chart, "imr")
        self.assertEqual(analysis.points, list(NIST_FLOW_RATE))
        self.assertIsNone(analysis.companion[0])
        self.assertEqual(len(analysis.companion), 10)
        # No rule fires: the last five points are above the centre line (not nine), and only
        # two of them (52.6, 53.6) are beyond 1σ = 1.6647 above it.
        self.assertEqual(analysis.violations, [])
        # Cp = 12/(6 × 1.664697) = 1.2014 with σ = MR̄/1.128 = 1.8778/1.128.
        self.assertAlmostEqual(analysis.capability.cp, 12 / (6 * 16.9 / 9 / 1.128), places=9)
        # Deviations from 50.81 squared: 1.4641 10.3041 0.8281 0.2401 9.0601 0.1521 3.2041
        # 2.5281 7.7841 1.6641, sum 37.229; s = √(37.229/9) = 2.033852.
        self.assertAlmostEqual(analysis.capability.sigma_overall, 2.033852, places=6)
        self.assertAlmostEqual(analysis.capability.pp, 12 / (6 * 2.033852), places=6)
