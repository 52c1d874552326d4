"""The digital-literacy demo for Đồng Nai, 2025 (Bình dân học vụ số).

Published figures echoed **from rows** (spec §4.3, §5.2, §5.3), none typed into a total:

* end Sep 2025: > 118,000 officials, public employees and residents trained in digital and
  AI skills → unique learners (all groups but students) on 30/09/2025 = 118,300 [S38];
* 29,500 officials trained in AI → unique officials in the AI course on 30/09/2025 [S38];
* the Dept. of S&T's two courses (personal-data protection; AI) had nearly 61,200
  participants → 31,700 + 29,500 enrolments [S50, S52];
* Oct 2025: 3 of 5 targets achieved, among them 100 % of officials and 100 % of students
  [S49, S50] → on 31/10/2025 the province's targets give officials, students and the AI
  target achieved; workers and adults not.

Illustrative (marked "Minh họa"), because no source gives them: the population of each
commune and group (a total of about 4.4 million for the merged province, split over the 95
communes), the officials of each department, the target rates other than the two 100 %
ones, the fifth target (officials trained in AI ≥ 50 %), the courses other than the two of
the Dept. of S&T, and every person: synthetic 12-digit IDs, stored only as keyed hashes.

Rows are written in bulk (a loader, like `load_units`; training records as plain rows with
`executemany`), with one audit entry for the seed.
Idempotent: a second run creates nothing. About 290,000 training records.
"""

from __future__ import annotations

from .builders import LiteracySummary
from .data import (
    AI_OFFICIALS,
    BATCH,
    COURSES,
    DEPARTMENT_OFFICIALS,
    ILLUSTRATIVE,
    OTHER_DEPARTMENT_OFFICIALS,
    PDP_OFFICIALS,
    POP_SOURCE,
    PROVINCE,
    PROVINCE_POPULATION,
    PROVINCE_TARGETS,
    PUBLISHED_TRAINED,
    REPORTED_ON,
    SKHCN_PARTICIPANTS,
    TARGET_SOURCE,
    TRAINED_BY_SEP,
    YEAR,
    D,
)
from .seed import seed_literacy

__all__ = [
    "AI_OFFICIALS",
    "BATCH",
    "COURSES",
    "D",
    "DEPARTMENT_OFFICIALS",
    "ILLUSTRATIVE",
    "LiteracySummary",
    "OTHER_DEPARTMENT_OFFICIALS",
    "PDP_OFFICIALS",
    "POP_SOURCE",
    "PROVINCE",
    "PROVINCE_POPULATION",
    "PROVINCE_TARGETS",
    "PUBLISHED_TRAINED",
    "REPORTED_ON",
    "SKHCN_PARTICIPANTS",
    "TARGET_SOURCE",
    "TRAINED_BY_SEP",
    "YEAR",
    "seed_literacy",
]
