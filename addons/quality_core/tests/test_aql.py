# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import BaseCase, tagged

from ..tools import aql

LETTERS = "ABCDEFGHJKLMNPQR"

# Smallest lot of each of the 15 lot size ranges of Table 1, then Table 1 read down the column
# of each inspection level.
RANGE_LOWER_BOUNDS = (2, 9, 16, 26, 51, 91, 151, 281, 501, 1201, 3201, 10001, 35001, 150001, 500001)
LETTERS_BY_LEVEL = {
    "S1": "AAAABBBBCCCCDDD",
    "S2": "AAABBBCCCDDDEEE",
    "S3": "AABBCCDDEEFFGGH",
    "S4": "AABCCDEEFGGHJJK",
    "I": "AABCCDEFGHJKLMN",
    "II": "ABCDEFGHJKLMNPQ",
    "III": "BCDEFGHJKLMNPQR",
}

# For each code letter, the largest lot that gets it at some level, so that table cells can be
# read without the lot size cutting the sample short wherever possible.
LOT_FOR_LETTER = {
    "A": (50, "S1"),
    "B": (500, "S1"),
    "C": (35_000, "S1"),
    "D": (10**7, "S1"),
    "E": (10**7, "S2"),
    "F": (35_000, "S3"),
    "G": (500_000, "S3"),
    "H": (10**7, "S3"),
    "J": (500_000, "S4"),
    "K": (10**7, "S4"),
    "L": (150_000, "I"),
    "M": (500_000, "I"),
    "N": (10**7, "I"),
    "P": (500_000, "II"),
    "Q": (10**7, "II"),
    "R": (10**7, "III"),
}

# Series of Ac/Re read along a row of each master table, from the smallest AQL up.
LADDERS = {
    "normal": "0/1 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45".split(),
    "tightened": "0/1 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42".split(),
    "reduced": "0/1 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22".split(),
}
# Rows A and B of table 2-C repeat the plans of normal row A (same 2-item sample).
REDUCED_A_B = {("reduced", "A"), ("reduced", "B")}
TABLES = {
    "normal": aql.TABLE_II_A,
    "tightened": aql.TABLE_II_B,
    "reduced": aql.TABLE_II_C,
}


@tagged("post_install", "-at_install")
class TestAql(BaseCase):
    def assertCells(self, severity, cells):
        """Check (Table 1 letter, AQL, "final letter, sample size, Ac/Re") cells of a table."""
        for letter, aql_value, expected in cells:
            with self.subTest(severity=severity, letter=letter, aql=aql_value):
                lot_size, level = LOT_FOR_LETTER[letter]
                final_letter, sample_size, accept_reject = expected.split()
                accept, reject = map(int, accept_reject.split("/"))
                sample_size = int(sample_size)
                self.assertEqual(
                    aql.sampling_plan(lot_size, level, aql_value, severity),
                    aql.SamplingPlan(
                        code_letter=final_letter,
                        sample_size=min(sample_size, lot_size),
                        accept=accept,
                        reject=reject,
                        hundred_percent=sample_size >= lot_size,
                    ),
                )

    def test_code_letter_table_1(self):
        for level, letters in LETTERS_BY_LEVEL.items():
            bounds = zip(RANGE_LOWER_BOUNDS, RANGE_LOWER_BOUNDS[1:] + (10**9,), strict=True)
            for (lower, next_lower), letter in zip(bounds, letters, strict=True):
                for lot_size in (lower, next_lower - 1):
                    with self.subTest(level=level, lot_size=lot_size):
                        self.assertEqual(aql.code_letter(lot_size, level), letter)
            self.assertEqual(aql.code_letter(1, level), letters[0])
        for letter, (lot_size, level) in LOT_FOR_LETTER.items():
            self.assertEqual(aql.code_letter(lot_size, level), letter)

    def test_sample_sizes(self):
        """Each letter's own 1/2 plan: in table 2-A it lies in AQL column 17 minus the letter's
        rank, in table 2-C one column further right."""
        normal = (2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000)
        reduced = (2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800)
        for rank, letter in enumerate(LETTERS):
            lot_size, level = LOT_FOR_LETTER[letter]
            with self.subTest(letter=letter):
                plan = aql.sampling_plan(lot_size, level, aql.AQL_VALUES[17 - rank])
                self.assertEqual(plan, aql.SamplingPlan(letter, normal[rank], 1, 2, False))
                plan = aql.sampling_plan(lot_size, level, aql.AQL_VALUES[18 - rank], "reduced")
                self.assertEqual((plan.code_letter, plan.sample_size), (letter, reduced[rank]))
        self.assertEqual(aql.sampling_plan(10**7, "II", 0.025, "tightened").sample_size, 3150)

    def test_known_normal_cells(self):
        for lot_size, aql_value, expected in (
            (2000, 1.0, ("K", 125, 3, 4)),
            (2000, 2.5, ("K", 125, 7, 8)),
            (2000, 4.0, ("K", 125, 10, 11)),
            (1000, 2.5, ("J", 80, 5, 6)),
            (200, 2.5, ("G", 32, 2, 3)),
        ):
            with self.subTest(lot_size=lot_size, aql=aql_value):
                plan = aql.sampling_plan(lot_size, "II", aql_value)
                self.assertEqual(
                    (plan.code_letter, plan.sample_size, plan.accept, plan.reject), expected
                )
                self.assertFalse(plan.hundred_percent)

    def test_normal_table_cells(self):
        self.assertCells(
            "normal",
            [
                ("A", 0.01, "Q 1250 0/1"),
                ("A", 6.5, "A 2 0/1"),
                ("A", 10, "C 5 1/2"),
                ("A", 15, "B 3 1/2"),
                ("A", 25, "A 2 1/2"),
                ("A", 1000, "A 2 30/31"),
                ("B", 4.0, "B 3 0/1"),
                ("B", 6.5, "A 2 0/1"),
                ("B", 1000, "B 3 44/45"),
                ("C", 6.5, "D 8 1/2"),
                ("C", 650, "C 5 44/45"),
                ("C", 1000, "B 3 44/45"),
                ("D", 400, "D 8 44/45"),
                ("D", 650, "C 5 44/45"),
                ("D", 1000, "B 3 44/45"),
                ("E", 150, "E 13 30/31"),
                ("E", 250, "E 13 44/45"),
                ("E", 400, "D 8 44/45"),
                ("F", 0.65, "F 20 0/1"),
                ("F", 1.0, "E 13 0/1"),
                ("F", 1.5, "G 32 1/2"),
                ("F", 65, "F 20 21/22"),
                ("F", 100, "E 13 21/22"),
                ("G", 0.4, "G 32 0/1"),
                ("G", 15, "G 32 10/11"),
                ("G", 40, "G 32 21/22"),
                ("G", 65, "F 20 21/22"),
                ("H", 0.25, "H 50 0/1"),
                ("H", 0.4, "G 32 0/1"),
                ("H", 0.65, "J 80 1/2"),
                ("H", 1.0, "H 50 1/2"),
                ("J", 15, "J 80 21/22"),
                ("J", 25, "H 50 21/22"),
                ("K", 0.1, "K 125 0/1"),
                ("K", 0.15, "J 80 0/1"),
                ("K", 0.25, "L 200 1/2"),
                ("K", 0.4, "K 125 1/2"),
                ("K", 0.65, "K 125 2/3"),
                ("K", 1.5, "K 125 5/6"),
                ("K", 6.5, "K 125 14/15"),
                ("K", 10, "K 125 21/22"),
                ("K", 15, "J 80 21/22"),
                ("L", 0.01, "Q 1250 0/1"),
                ("M", 0.04, "M 315 0/1"),
                ("N", 0.025, "N 500 0/1"),
                ("N", 0.1, "N 500 1/2"),
                ("P", 0.015, "P 800 0/1"),
                ("P", 0.65, "P 800 10/11"),
                ("Q", 0.01, "Q 1250 0/1"),
                ("Q", 0.015, "P 800 0/1"),
                ("Q", 0.025, "R 2000 1/2"),
                ("Q", 1.0, "Q 1250 21/22"),
                ("Q", 1.5, "P 800 21/22"),
                ("R", 0.01, "Q 1250 0/1"),
                ("R", 0.015, "P 800 0/1"),
                ("R", 0.025, "R 2000 1/2"),
                ("R", 0.65, "R 2000 21/22"),
                ("R", 1.0, "Q 1250 21/22"),
                ("R", 1000, "B 3 44/45"),
            ],
        )

    def test_tightened_table_cells(self):
        self.assertCells(
            "tightened",
            [
                ("A", 0.01, "R 2000 0/1"),
                ("A", 10, "A 2 0/1"),
                ("A", 15, "C 5 1/2"),
                ("A", 40, "A 2 1/2"),
                ("A", 1000, "A 2 27/28"),
                ("B", 1000, "B 3 41/42"),
                ("C", 1000, "B 3 41/42"),
                ("E", 150, "E 13 27/28"),
                ("F", 100, "E 13 18/19"),
                ("K", 0.15, "K 125 0/1"),
                ("K", 0.25, "M 315 1/2"),
                ("K", 0.4, "L 200 1/2"),
                ("K", 0.65, "K 125 1/2"),
                ("K", 1.0, "K 125 2/3"),
                ("K", 2.5, "K 125 5/6"),
                ("K", 4.0, "K 125 8/9"),
                ("K", 6.5, "K 125 12/13"),
                ("K", 10, "K 125 18/19"),
                ("K", 15, "J 80 18/19"),
                ("Q", 0.025, "S 3150 1/2"),
                ("R", 0.01, "R 2000 0/1"),
                ("R", 0.015, "Q 1250 0/1"),
                ("R", 0.025, "S 3150 1/2"),
                ("R", 0.04, "R 2000 1/2"),
                ("R", 0.65, "R 2000 18/19"),
                ("R", 1.0, "Q 1250 18/19"),
            ],
        )

    def test_reduced_table_cells(self):
        self.assertCells(
            "reduced",
            [
                ("A", 6.5, "A 2 0/1"),
                ("A", 10, "D 3 1/2"),
                ("A", 15, "C 2 1/2"),
                ("A", 25, "A 2 1/2"),
                ("A", 1000, "A 2 30/31"),
                ("B", 15, "C 2 1/2"),
                ("B", 150, "B 2 7/8"),
                ("B", 1000, "B 2 30/31"),
                ("C", 15, "C 2 1/2"),
                ("C", 100, "C 2 6/7"),
                ("C", 1000, "B 2 30/31"),
                ("D", 100, "D 3 8/9"),
                ("D", 400, "D 3 21/22"),
                ("D", 650, "C 2 21/22"),
                ("E", 250, "E 5 21/22"),
                ("F", 100, "E 5 10/11"),
                ("K", 0.1, "K 50 0/1"),
                ("K", 0.15, "J 32 0/1"),
                ("K", 0.25, "M 125 1/2"),
                ("K", 0.65, "K 50 1/2"),
                ("K", 1.0, "K 50 2/3"),
                ("K", 4.0, "K 50 6/7"),
                ("K", 6.5, "K 50 8/9"),
                ("K", 10, "K 50 10/11"),
                ("K", 15, "J 32 10/11"),
                ("M", 6.5, "L 80 10/11"),
                ("P", 0.025, "N 200 0/1"),
                ("Q", 0.025, "N 200 0/1"),
                ("R", 0.025, "N 200 0/1"),
                ("R", 0.04, "R 800 1/2"),
                ("R", 0.65, "R 800 10/11"),
                ("R", 1.0, "Q 500 10/11"),
            ],
        )

    def test_table_shapes(self):
        for severity, table in TABLES.items():
            letters = LETTERS + "S" if severity == "tightened" else LETTERS
            self.assertEqual(tuple(table), tuple(letters))
            for letter, row in table.items():
                cells = row.split()
                with self.subTest(severity=severity, letter=letter):
                    self.assertEqual(len(cells), len(aql.AQL_VALUES))
                    for cell in cells:
                        if cell not in ("↓", "↑", "-"):
                            accept, reject = map(int, cell.split("/"))
                            self.assertEqual(reject, accept + 1)
        self.assertEqual(aql.TABLE_II_B["S"].split().count("-"), len(aql.AQL_VALUES) - 1)

    def test_row_k_of_table_2a(self):
        self.assertEqual(
            aql.TABLE_II_A["K"].split()[5:17],
            "0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑".split(),
        )

    def test_diagonal_rule(self):
        """One letter down and one AQL column left keeps the plan; in table 2-C, rows A and B
        repeat normal row A (same 2-item sample) instead."""
        for severity, table in TABLES.items():
            rows = [table[letter].split() for letter in LETTERS]
            for index in range(len(LETTERS) - 1):
                if severity == "reduced" and index < 2:
                    continue
                for column in range(1, len(aql.AQL_VALUES)):
                    cell, below_left = rows[index][column], rows[index + 1][column - 1]
                    if "/" in cell and "/" in below_left:
                        with self.subTest(severity=severity, letter=LETTERS[index], col=column):
                            self.assertEqual(cell, below_left)
        normal_a = aql.TABLE_II_A["A"].split()
        for letter in "AB":
            self.assertEqual(aql.TABLE_II_C[letter].split()[17:], normal_a[17:])

    def test_rows_follow_the_ladder(self):
        """Read left to right, the plans of a row are consecutive steps of the table's series."""
        for severity, table in TABLES.items():
            for letter in LETTERS:
                plans = [cell for cell in table[letter].split() if "/" in cell]
                ladder = LADDERS["normal" if (severity, letter) in REDUCED_A_B else severity]
                start = ladder.index(plans[0])
                with self.subTest(severity=severity, letter=letter):
                    self.assertEqual(plans, ladder[start : start + len(plans)])

    def test_every_arrow_leads_to_a_plan(self):
        """No arrow points off the table, to a blank cell or against an opposite arrow."""
        for severity, table in TABLES.items():
            letters = list(table)
            for letter in LETTERS:
                for column in range(len(aql.AQL_VALUES)):
                    index = letters.index(letter)
                    cell = arrow = table[letter].split()[column]
                    step = {"↓": 1, "↑": -1}.get(arrow, 0)
                    while cell == arrow and step:
                        index += step
                        self.assertTrue(0 <= index < len(letters), (severity, letter, column))
                        cell = table[letters[index]].split()[column]
                    self.assertIn("/", cell, (severity, letter, column))

    def test_severities_compare(self):
        """Tightened never accepts more than normal on the same sample; reduced never samples
        more; along a row the acceptance number never decreases."""
        for letter, (lot_size, level) in LOT_FOR_LETTER.items():
            previous = None
            for aql_value in aql.AQL_VALUES:
                plans = {
                    severity: aql.sampling_plan(lot_size, level, aql_value, severity)
                    for severity in aql.SEVERITIES
                }
                with self.subTest(letter=letter, aql=aql_value):
                    normal, tightened = plans["normal"], plans["tightened"]
                    if tightened.sample_size == normal.sample_size:
                        self.assertLessEqual(tightened.accept, normal.accept)
                    self.assertLessEqual(plans["reduced"].sample_size, normal.sample_size)
                    if previous:
                        for severity, plan in plans.items():
                            self.assertGreaterEqual(plan.accept, previous[severity].accept)
                previous = plans

    def test_hundred_percent_inspection(self):
        self.assertEqual(
            aql.sampling_plan(8, "II", 0.65),
            aql.SamplingPlan("F", 8, 0, 1, True),
        )
        self.assertEqual(
            aql.sampling_plan(1, "II", 1.0),
            aql.SamplingPlan("E", 1, 0, 1, True),
        )
        # Lots of 9 to 15 items get letter B, sent down to E (13 items) at AQL 1.0.
        self.assertEqual(aql.sampling_plan(13, "II", 1.0), aql.SamplingPlan("E", 13, 0, 1, True))
        self.assertEqual(aql.sampling_plan(14, "II", 1.0), aql.SamplingPlan("E", 13, 0, 1, False))
        self.assertEqual(
            aql.sampling_plan(8, "II", 0.65, "tightened"),
            aql.SamplingPlan("G", 8, 0, 1, True),
        )
        self.assertEqual(
            aql.sampling_plan(40, "II", 0.65, "reduced"),
            aql.SamplingPlan("F", 8, 0, 1, False),
        )

    def test_aql_matching(self):
        self.assertEqual(
            aql.sampling_plan(2000, "II", 2.5000001), aql.sampling_plan(2000, "II", 2.5)
        )
        self.assertEqual(aql.sampling_plan(2000, "II", 10), aql.sampling_plan(2000, "II", 10.0))
        self.assertEqual(
            aql.sampling_plan(2000, "II", 0.1), aql.SamplingPlan("K", 125, 0, 1, False)
        )
        self.assertEqual(len(aql.AQL_VALUES), 26)
        self.assertEqual(aql.INSPECTION_LEVELS, ("S1", "S2", "S3", "S4", "I", "II", "III"))
        self.assertEqual(aql.SEVERITIES, ("normal", "tightened", "reduced"))

    def test_errors(self):
        for lot_size in (0, -5):
            with self.assertRaisesRegex(ValueError, "Lot size must be at least 1"):
                aql.sampling_plan(lot_size, "II", 1.0)
        with self.assertRaises(TypeError):
            aql.code_letter(10.5, "II")
        for level in ("IV", "s1", "S-1", ""):
            with self.assertRaisesRegex(ValueError, "Unknown inspection level"):
                aql.code_letter(100, level)
        for aql_value in (0.3, 3.0, 0.0, 2000):
            with self.assertRaisesRegex(ValueError, "is not a column of the sampling tables"):
                aql.sampling_plan(100, "II", aql_value)
        with self.assertRaisesRegex(ValueError, "Unknown severity 'strict'"):
            aql.sampling_plan(100, "II", 1.0, "strict")
        with self.assertRaisesRegex(ValueError, "cannot be negative"):
            aql.lot_accepted(-1, aql.sampling_plan(100, "II", 1.0))
        with self.assertRaisesRegex(ValueError, "Unknown severity 'skip'"):
            aql.next_severity("skip", [])

    def test_lot_accepted(self):
        plan = aql.sampling_plan(2000, "II", 1.0)
        self.assertTrue(aql.lot_accepted(0, plan))
        self.assertTrue(aql.lot_accepted(3, plan))
        self.assertFalse(aql.lot_accepted(4, plan))
        # Above AQL 10 the count is of nonconformities, which can exceed the sample size.
        self.assertTrue(aql.lot_accepted(30, aql.sampling_plan(5, "II", 1000)))

    def test_normal_switching(self):
        self.assertEqual(aql.next_severity("normal", []), "normal")
        self.assertEqual(aql.next_severity("normal", [True] * 5), "normal")
        self.assertEqual(aql.next_severity("normal", [False]), "normal")
        self.assertEqual(aql.next_severity("normal", [True, False, False]), "tightened")
        self.assertEqual(aql.next_severity("normal", [False, True, True, True, False]), "tightened")
        self.assertEqual(
            aql.next_severity("normal", [False, True, True, True, True, False]), "normal"
        )
        self.assertEqual(aql.next_severity("normal", [True] * 10, 30), "reduced")
        self.assertEqual(aql.next_severity("normal", [True] * 10, 29), "normal")
        self.assertEqual(aql.next_severity("normal", [False, True, False], 40), "tightened")

    def test_tightened_and_reduced_switching(self):
        self.assertEqual(aql.next_severity("tightened", []), "tightened")
        self.assertEqual(aql.next_severity("tightened", [True] * 4), "tightened")
        self.assertEqual(aql.next_severity("tightened", [True] * 5), "normal")
        self.assertEqual(aql.next_severity("tightened", [False] + [True] * 5), "normal")
        self.assertEqual(
            aql.next_severity("tightened", [True, True, False, True, True, True, True]),
            "tightened",
        )
        self.assertEqual(aql.next_severity("tightened", [True] * 5, 50), "normal")
        self.assertEqual(aql.next_severity("reduced", []), "reduced")
        self.assertEqual(aql.next_severity("reduced", [True] * 3, 50), "reduced")
        self.assertEqual(aql.next_severity("reduced", [True, True, False]), "normal")

    def test_discontinue(self):
        self.assertFalse(aql.discontinue([]))
        self.assertFalse(aql.discontinue([False] * 4 + [True]))
        self.assertTrue(aql.discontinue([False] * 5))
        self.assertTrue(aql.discontinue([False, True, False, True, False, True, False, False]))

    def _run(self, lots, accept_number=3, reduced_allowed=False):
        """Feed ``lots`` ("A" accepted, "a" accepted but not at the tighter AQL, "R" not
        accepted) to a new switching state; the severities after each lot and the reasons."""
        state, severities, reasons = aql.Switching(), [], []
        for lot in lots:
            state, reason = state.apply(lot != "R", accept_number, lot == "A", reduced_allowed)
            severities.append(state.severity[0].upper())
            if reason:
                reasons.append(reason)
        return "".join(severities), reasons, state

    def test_switching_sequence(self):
        # ISO 2859-1 9.3: 2 of 5 or fewer consecutive lots not accepted tighten; 5 accepted in
        # a row on tightened go back to normal.
        severities, reasons, _state = self._run("RAAARAAAARAAAAA")
        self.assertEqual(severities, "NNNNTTTTTTTTTTN")
        self.assertEqual(reasons, [aql.TWO_OF_FIVE_REJECTED, aql.FIVE_ACCEPTED])
        # 2 rejections 5 lots apart don't tighten.
        self.assertEqual(self._run("RAAAAR")[0], "NNNNNN")

    def test_switching_score(self):
        # 9.3.3: Ac >= 2 adds 3 when the AQL one step tighter accepts too, else resets.
        *_rest, state = self._run("AAAAAAAAA")
        self.assertEqual(state.score, 27)
        *_rest, state = self._run("AAAAAAAAAa")
        self.assertEqual(state.score, 0)
        # Ac 0 or 1 adds 2 for an accepted lot.
        *_rest, state = self._run("aaaa", accept_number=1)
        self.assertEqual(state.score, 8)
        # 30 switches to reduced only where the authority allows it.
        self.assertEqual(self._run("A" * 11)[0], "N" * 11)
        severities, reasons, state = self._run("A" * 11, reduced_allowed=True)
        self.assertEqual(severities, "N" * 9 + "RR")
        self.assertEqual(reasons, [aql.SCORE_REACHED])
        self.assertEqual(state.score, 0, "the score starts again with the new severity")
        severities, reasons, _state = self._run("A" * 10 + "AAR", reduced_allowed=True)
        self.assertEqual(severities[-4:], "RRRN")
        self.assertEqual(reasons[-1], aql.REJECTED_ON_REDUCED)

    def test_discontinuation_after_five_not_accepted_on_tightened(self):
        # 9.4: cumulative, not consecutive: accepted lots between don't reset the count, but 5
        # accepted in a row end tightened inspection first.
        severities, reasons, state = self._run("RR" + "RARARARAR")
        self.assertEqual(severities, "NT" + "TTTTTTTTD")
        self.assertEqual(reasons[-1], aql.FIVE_REJECTED_ON_TIGHTENED)
        self.assertEqual(state.severity, aql.DISCONTINUED)
        *_rest, state = self._run("RR" + "RARARARAR" + "AAAAAA")
        self.assertEqual(state.severity, aql.DISCONTINUED, "only a manager resumes")

    def test_tighter_aql(self):
        self.assertEqual(aql.tighter_aql(2.5), 1.5)
        self.assertEqual(aql.tighter_aql(1), 0.65)
        self.assertIsNone(aql.tighter_aql(0.01))
        with self.assertRaisesRegex(ValueError, "AQL 3 is not a column"):
            aql.tighter_aql(3)
