"""Read use-cases of digital literacy: the measures, coverage against targets, courses.

The measures are kept distinct (spec §5.4) and counted on an as-of date from the records:

* enrolments: records enrolled by the date (one person in two courses counts twice);
* unique learners: distinct persons enrolled by the date;
* completions / completers: records / distinct persons completed by the date;
* certificates: records with a certificate number dated by the date (or, undated, completed);
* AI learners: distinct persons enrolled by the date in a course marked AI training;
* offline learners: distinct persons with an in-person record.

Coverage = unique learners (basis "learners", the default) or completers (basis
"completers") ÷ the group's population, in %. A person counted in two communes (moved
between imports) counts once in a total: totals are counted directly, never summed.
A unit's target is measured over the unit's subtree. Every selector needs VIEW and counts
only the rows the user may see; none writes.
"""

from __future__ import annotations

from .lookups import course_choices as course_choices
from .lookups import course_find as course_find
from .lookups import course_rows as course_rows
from .lookups import literacy_course_breakdown as literacy_course_breakdown
from .lookups import literacy_unit_by_code as literacy_unit_by_code
from .lookups import literacy_unit_get as literacy_unit_get
from .lookups import target_group_find as target_group_find
from .lookups import target_group_list as target_group_list
from .measures import _CENT as _CENT
from .measures import _HUNDRED as _HUNDRED
from .measures import AMBER_SHARE as AMBER_SHARE
from .measures import BASES as BASES
from .measures import LIGHT_LABELS as LIGHT_LABELS
from .measures import MEASURE_NAMES as MEASURE_NAMES
from .measures import Measures as Measures
from .measures import ProgressReport as ProgressReport
from .measures import ProgressRow as ProgressRow
from .measures import TargetStatus as TargetStatus
from .measures import _aggregates as _aggregates
from .measures import _check_basis as _check_basis
from .measures import _measures as _measures
from .measures import _records as _records
from .measures import _subtree as _subtree
from .measures import _today as _today
from .measures import light as light
from .measures import literacy_measures as literacy_measures
from .measures import rate as rate
from .progress import _group_totals as _group_totals
from .progress import _target_statuses as _target_statuses
from .progress import literacy_progress as literacy_progress
