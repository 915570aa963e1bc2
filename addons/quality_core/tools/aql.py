# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Single sampling plans of ISO 2859-1:1999 (ANSI/ASQ Z1.4) indexed by AQL.

Pure Python, no ORM: Table 1 (lot size to sample size code letter), the single sampling master
tables for normal, tightened and reduced inspection, and the switching rules between them. ISO
numbers the master tables 2-A, 2-B and 2-C; ANSI/ASQ Z1.4 and MIL-STD-105E call them II-A, II-B
and II-C, hence the constant names.

Each master table is written as printed, one row per code letter and one cell per AQL of
``AQL_VALUES``: ``Ac/Re`` is a plan (accept the lot with Ac nonconforming items or fewer in the
sample, reject it with Re or more), ``↓`` and ``↑`` send to the first plan below or above in the
same column, whose code letter and sample size then apply, and ``-`` is a blank cell. When the
sample size reaches the lot size, every item is inspected.

Editions: tables 2-A and 2-B are those of ISO 2859-1:1999. MIL-STD-105E prints the same plans
except in 2-B at code letter A and AQL 10, an arrow down (to D, 1/2) where ISO prints 0/1.
Table 2-C is the reduced table of ISO 2859-1:1999, in which every rejection number is the
acceptance number plus one. The reduced tables of ISO 2859-1:1989 and MIL-STD-105E had gaps
(0/2, 1/3, 1/4, 2/5 ...: between the two numbers the lot was accepted but normal inspection came
back); they are not implemented. In 2-C the code letters A, B and C all take 2 items, and rows A
and B carry the plans of normal row A from AQL 25 on instead of following the diagonal pattern
of the other rows.
"""

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, replace

# The AQL columns of the master tables: percent nonconforming up to 10, nonconformities per
# hundred items for all of them.
AQL_VALUES: tuple[float, ...] = (
    0.010,
    0.015,
    0.025,
    0.040,
    0.065,
    0.10,
    0.15,
    0.25,
    0.40,
    0.65,
    1.0,
    1.5,
    2.5,
    4.0,
    6.5,
    10.0,
    15.0,
    25.0,
    40.0,
    65.0,
    100.0,
    150.0,
    250.0,
    400.0,
    650.0,
    1000.0,
)

# Special levels S-1 to S-4 and general levels I, II, III (II is the usual one).
INSPECTION_LEVELS: tuple[str, ...] = ("S1", "S2", "S3", "S4", "I", "II", "III")

NORMAL = "normal"
TIGHTENED = "tightened"
REDUCED = "reduced"
SEVERITIES: tuple[str, ...] = (NORMAL, TIGHTENED, REDUCED)

# Switching score from which normal inspection may change to reduced (ISO 2859-1, 9.3.3).
REDUCED_SWITCHING_SCORE = 30

_DOWN = "↓"
_UP = "↑"

# Table 1: the largest lot size of each range, then the code letters of S1 S2 S3 S4 I II III.
_TABLE_1: tuple[tuple[float, str], ...] = (
    (8, "A A A A A A B"),
    (15, "A A A A A B C"),
    (25, "A A B B B C D"),
    (50, "A B B C C D E"),
    (90, "B B C C C E F"),
    (150, "B B C D D F G"),
    (280, "B C D E E G H"),
    (500, "B C D E F H J"),
    (1_200, "C C E F G J K"),
    (3_200, "C D E G H K L"),
    (10_000, "C D F G J L M"),
    (35_000, "C D F H K M N"),
    (150_000, "D E G J L N P"),
    (500_000, "D E G J M P Q"),
    (math.inf, "D E H K N Q R"),
)

# Sample size of each code letter in tables 2-A and 2-B (S exists in 2-B only).
_SAMPLE_SIZES: dict[str, int] = {
    "A": 2,
    "B": 3,
    "C": 5,
    "D": 8,
    "E": 13,
    "F": 20,
    "G": 32,
    "H": 50,
    "J": 80,
    "K": 125,
    "L": 200,
    "M": 315,
    "N": 500,
    "P": 800,
    "Q": 1250,
    "R": 2000,
    "S": 3150,
}
# Sample size of each code letter in table 2-C.
_REDUCED_SAMPLE_SIZES: dict[str, int] = {
    "A": 2,
    "B": 2,
    "C": 2,
    "D": 3,
    "E": 5,
    "F": 8,
    "G": 13,
    "H": 20,
    "J": 32,
    "K": 50,
    "L": 80,
    "M": 125,
    "N": 200,
    "P": 315,
    "Q": 500,
    "R": 800,
}

# Normal inspection, single sampling (ISO 2859-1 table 2-A).
# Columns: 0.010 0.015 0.025 0.040 0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5 10 15 25
# 40 65 100 150 250 400 650 1000.
TABLE_II_A: dict[str, str] = {
    "A": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31",
    "B": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45",
    "C": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ↑",
    "D": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ↑ ↑",
    "E": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ↑ ↑ ↑",
    "F": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑",
    "G": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "H": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "J": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "K": "↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "L": "↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "M": "↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "N": "↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "P": "↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "Q": "0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "R": "↑ ↑ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
}

# Tightened inspection, single sampling (ISO 2859-1 table 2-B). Row S (3150 items) is only
# reached through the arrows of AQL 0.025. MIL-STD-105E has an arrow down in row A at AQL 10.
TABLE_II_B: dict[str, str] = {
    "A": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28",
    "B": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42",
    "C": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑",
    "D": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑ ↑",
    "E": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑ ↑ ↑",
    "F": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑",
    "G": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "H": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "J": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "K": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "L": "↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "M": "↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "N": "↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "P": "↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "Q": "↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "R": "0/1 ↑ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "S": "- - 1/2 - - - - - - - - - - - - - - - - - - - - - - -",
}

# Reduced inspection, single sampling (ISO 2859-1:1999 table 2-C, Re = Ac + 1).
TABLE_II_C: dict[str, str] = {
    "A": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31",
    "B": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31",
    "C": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22 ↑",
    "D": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22 ↑ ↑",
    "E": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22 ↑ ↑ ↑",
    "F": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑",
    "G": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "H": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "J": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "K": "↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "L": "↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "M": "↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "N": "↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "P": "↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "Q": "0/1 ↑ ↑ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "R": "↑ ↑ ↑ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
}

_MASTER_TABLES: dict[str, tuple[dict[str, tuple[str, ...]], dict[str, int]]] = {
    severity: ({letter: tuple(row.split()) for letter, row in table.items()}, sample_sizes)
    for severity, table, sample_sizes in (
        (NORMAL, TABLE_II_A, _SAMPLE_SIZES),
        (TIGHTENED, TABLE_II_B, _SAMPLE_SIZES),
        (REDUCED, TABLE_II_C, _REDUCED_SAMPLE_SIZES),
    )
}


@dataclass(frozen=True)
class SamplingPlan:
    """A single sampling plan ready to apply to one lot.

    ``code_letter`` is the letter of the plan finally used: when the table sends to another row
    with an arrow, that row's letter and sample size replace those of Table 1. When the sample
    size reaches the lot size, ``sample_size`` is the lot size, ``hundred_percent`` is set and
    ``accept``/``reject`` stay those of the plan.
    """

    code_letter: str
    sample_size: int
    accept: int
    reject: int
    hundred_percent: bool


def code_letter(lot_size: int, level: str) -> str:
    """Return the sample size code letter of Table 1 for a lot size and an inspection level.

    Lots of a single item use the first range (2 to 8).

    :raises TypeError: if the lot size is not an integer
    :raises ValueError: if the lot size is below 1 or the level is not in ``INSPECTION_LEVELS``
    """
    lot_size = operator.index(lot_size)
    if lot_size < 1:
        raise ValueError(f"Lot size must be at least 1, got {lot_size}.")
    if level not in INSPECTION_LEVELS:
        raise ValueError(
            f"Unknown inspection level {level!r}; expected one of {', '.join(INSPECTION_LEVELS)}."
        )
    letters = next(letters for largest, letters in _TABLE_1 if lot_size <= largest)
    return letters.split()[INSPECTION_LEVELS.index(level)]


def sampling_plan(lot_size: int, level: str, aql: float, severity: str = NORMAL) -> SamplingPlan:
    """Return the single sampling plan for a lot, following the master table's arrows.

    :param aql: one of ``AQL_VALUES``, compared with a relative tolerance (``2.5``, ``1``, ``0.1``)
    :param severity: ``"normal"``, ``"tightened"`` or ``"reduced"``
    :raises ValueError: for a lot size below 1, an unknown level or severity, or an AQL that is
        not a column of the tables
    """
    if severity not in SEVERITIES:
        raise ValueError(f"Unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}.")
    column = _aql_column(aql)
    rows, sample_sizes = _MASTER_TABLES[severity]
    letter = code_letter(lot_size, level)
    cell = rows[letter][column]
    if cell in (_DOWN, _UP):
        letters = list(rows)
        step = 1 if cell == _DOWN else -1
        index = letters.index(letter)
        while rows[letter][column] == cell:
            index += step
            letter = letters[index]
    accept, reject = map(int, rows[letter][column].split("/"))
    sample_size = sample_sizes[letter]
    return SamplingPlan(
        code_letter=letter,
        sample_size=min(sample_size, lot_size),
        accept=accept,
        reject=reject,
        hundred_percent=sample_size >= lot_size,
    )


def lot_accepted(defects: int, plan: SamplingPlan) -> bool:
    """Tell whether a lot is accepted: ``defects`` nonconforming items (or nonconformities, for
    AQLs per hundred items) found in the sample is at most the plan's acceptance number.

    :raises ValueError: if ``defects`` is negative
    """
    if defects < 0:
        raise ValueError(f"The number of defects cannot be negative, got {defects}.")
    return defects <= plan.accept


def next_severity(current: str, history: Sequence[bool], switching_score: int | None = None) -> str:
    """Apply the switching rules of ISO 2859-1 (clause 9.3) after a lot.

    :param current: the severity the lots of ``history`` were inspected under
    :param history: acceptance of each lot inspected since ``current`` began, oldest first
    :param switching_score: the switching score kept by the caller (clause 9.3.3); only read on
        normal inspection. Moving to reduced inspection also needs steady production and the
        responsible authority's approval, which the caller checks before passing the score.
    :returns: the severity for the next lot: normal goes to tightened when 2 lots out of 5 or
        fewer consecutive ones (the last ones) were not accepted, else to reduced from a
        switching score of 30; tightened goes back to normal after 5 accepted lots in a row;
        reduced goes back to normal as soon as a lot is not accepted.
    :raises ValueError: if ``current`` is not a known severity
    """
    if current not in SEVERITIES:
        raise ValueError(f"Unknown severity {current!r}; expected one of {', '.join(SEVERITIES)}.")
    if current == NORMAL:
        if list(history[-5:]).count(False) >= 2:
            return TIGHTENED
        if switching_score is not None and switching_score >= REDUCED_SWITCHING_SCORE:
            return REDUCED
        return NORMAL
    if current == TIGHTENED:
        return NORMAL if len(history) >= 5 and all(history[-5:]) else TIGHTENED
    return NORMAL if history and not history[-1] else REDUCED


def discontinue(history_on_tightened: Sequence[bool]) -> bool:
    """Tell whether acceptance inspection must stop (ISO 2859-1, clause 9.4).

    It stops once 5 lots in all were not accepted in the sequence of consecutive lots on
    tightened inspection; inspection resumes, on tightened, only after the supplier has acted
    on the quality.

    :param history_on_tightened: acceptance of each lot inspected since tightened inspection
        began, oldest first
    """
    return list(history_on_tightened).count(False) >= 5


def _aql_column(aql: float) -> int:
    for column, value in enumerate(AQL_VALUES):
        if math.isclose(aql, value, rel_tol=1e-6):
            return column
    raise ValueError(
        f"AQL {aql!r} is not a column of the sampling tables; expected one of "
        f"{', '.join(f'{value:g}' for value in AQL_VALUES)}."
    )


# Acceptance inspection stopped after too many lots not accepted on tightened (clause 9.4).
DISCONTINUED = "discontinued"

# Why the severity changed after a lot (``Switching.apply``).
TWO_OF_FIVE_REJECTED = "two_of_five_rejected"
SCORE_REACHED = "score_reached"
FIVE_ACCEPTED = "five_accepted"
FIVE_REJECTED_ON_TIGHTENED = "five_rejected_on_tightened"
REJECTED_ON_REDUCED = "rejected_on_reduced"


@dataclass(frozen=True)
class Switching:
    """Where a sequence of lots stands in the switching rules of ISO 2859-1 (clauses 9.2-9.4).

    ``recent`` holds the acceptance of the last lots (5 at most) since the current severity
    began, ``score`` the switching score of normal inspection (clause 9.3.3) and
    ``rejected_on_tightened`` the lots not accepted since tightened inspection began.
    ``accepted_run`` counts the lots accepted in a row whatever the severity, for skip-lot.
    """

    severity: str = NORMAL
    score: int = 0
    recent: tuple[bool, ...] = ()
    rejected_on_tightened: int = 0
    accepted_run: int = 0

    def apply(
        self,
        accepted: bool,
        accept_number: int,
        tighter_accepted: bool,
        reduced_allowed: bool = False,
    ) -> tuple["Switching", str | None]:
        """The state after one more lot, and the reason when the severity changed.

        :param accepted: whether the sampling plan accepted the lot (a concession granted later
            doesn't count: the plan did not accept it)
        :param accept_number: the acceptance number of the plan the lot was inspected with
        :param tighter_accepted: whether the lot would have been accepted with the AQL one step
            tighter (clause 9.3.3 b, read for acceptance numbers of 2 or more)
        :param reduced_allowed: production is steady and the responsible authority approves
            reduced inspection (clause 9.3.3 c and d); without it the score still counts
        """
        run = self.accepted_run + 1 if accepted else 0
        recent = (*self.recent, accepted)[-5:]
        if self.severity == DISCONTINUED:
            return replace(self, accepted_run=run), None
        if self.severity == NORMAL:
            if not accepted:
                score = 0
            elif accept_number <= 1:
                score = self.score + 2
            else:
                score = self.score + 3 if tighter_accepted else 0
            severity = next_severity(NORMAL, recent, score if reduced_allowed else None)
            reason = {TIGHTENED: TWO_OF_FIVE_REJECTED, REDUCED: SCORE_REACHED}.get(severity)
            state = replace(self, score=score, recent=recent, accepted_run=run)
        elif self.severity == TIGHTENED:
            rejected = self.rejected_on_tightened + (not accepted)
            if rejected >= 5:
                severity, reason = DISCONTINUED, FIVE_REJECTED_ON_TIGHTENED
            else:
                severity = next_severity(TIGHTENED, recent)
                reason = FIVE_ACCEPTED if severity == NORMAL else None
            state = replace(self, recent=recent, rejected_on_tightened=rejected, accepted_run=run)
        else:
            severity = next_severity(REDUCED, recent)
            reason = REJECTED_ON_REDUCED if severity == NORMAL else None
            state = replace(self, recent=recent, accepted_run=run)
        if severity == self.severity:
            return state, None
        return Switching(severity=severity, accepted_run=run), reason


def tighter_aql(aql: float) -> float | None:
    """The AQL one step tighter than ``aql`` in the master tables, None for the tightest."""
    column = _aql_column(aql)
    return AQL_VALUES[column - 1] if column else None
