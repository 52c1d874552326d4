"""The deadline engine: working days and due moments of administrative procedures.

Pure Python, no Django: `selectors.calendar_load` builds a `WorkingCalendar` from the
confirmed `OfficialCalendarDay` rows, the bench and the tests build one from plain sets.
Spec: docs "public-services" §4 (working days, 2025/2026 schedules, deadline rules).

Rules (each one is a decision; the report and the module tests cite them):

* **Working day.** Monday to Friday, minus the official days off, plus the official make-up
  working days (Saturdays). Nothing else: Saturday-morning reception does not make a
  Saturday a working day (spec Q-14, default "no").
* **Working hours.** `WorkSchedule`, by default 07:30–11:30 and 13:00–17:00: eight hours,
  the schedule most provincial one-stop centres publish. It is a parameter.
* **End of a working day = 17:00** (the close of the last working period), not 23:59:59:
  the appointment slip of a one-stop centre reads "17 giờ 00 ngày …", and an officer
  expects a result "due on day X" to be ready before the counter closes. Every due moment
  this package returns is inside or at the end of a working period of a working day.
* **Receipt (start_effective).** A dossier received on a non-working day, after the
  15:00 cut-off (strictly later than 15:00:00) or after the end of the working day counts
  as received at the start (07:30) of the next working day; one received before 07:30
  counts from 07:30. Times are handled to the second (microseconds are dropped).
* **Policy `day_count`** (Civil Code 2015 Art. 147–148): the day of receipt is not counted;
  the N-th following working day is the last day, and the due moment is its end (17:00).
* **Policy `hour_count`**: walk the working-hour timeline from the effective receipt moment
  for N × 8 working hours (N working days) and stop at the earliest moment the time is used
  up (so 07:30 + 8 h is 17:00 the same day, not 07:30 the next day).
* **Unit `working_hours`** is always walked on the working-hour timeline, whatever the
  policy: counting "4 working hours" in whole days would make no sense.
* **Units `calendar_days` and `months`** are counted in calendar days under both policies
  (Civil Code): the receipt day is not counted; a month period ends on the same day of the
  month N months later (31 Jan + 1 month = 28/29 Feb); a last day that is not a working day
  moves to the next working day; the due moment is 17:00 of that day.
* **Pauses** (supplement requests, `(from, to)`): time inside a pause is not counted. On the
  hour timeline, exactly the working seconds inside the pause are skipped. When counting
  days, the whole days from the request day to the return day (both included) are skipped
  and counting resumes the day after the return (Art. 147: the event day is not counted).
  Pauses before the receipt are ignored; a pause never moves a due moment earlier.

Speed: the calendar precomputes, per day, the number of working days before it and the list
of working days, so a query is a few list look-ups, never a loop over days. `due_many`
computes due moments for epoch-second inputs in bulk (about 1 µs each, no numpy).

Layout: `schedule` (time zone, `WorkSchedule`), `limits` (`TimeUnit`, `Policy`, `MAX_AMOUNT`
and the checks of those inputs), `errors` (`DeadlineInputError`), then the three layers of
`WorkingCalendar`: `calendar` (working days and their ordinals), `hours` (receipt rule and
working-hour timeline), `due` (due moments, `due_many`). Import from this package, not from
its modules.
"""

from __future__ import annotations

from .due import DueResult, WorkingCalendar
from .due import Pause as Pause  # a type alias callers annotate with; not in `*`
from .errors import DeadlineInputError
from .limits import MAX_AMOUNT, Policy, TimeUnit
from .schedule import DEFAULT_SCHEDULE, TZ, WorkSchedule

__all__ = [
    "DEFAULT_SCHEDULE",
    "MAX_AMOUNT",
    "TZ",
    "DeadlineInputError",
    "DueResult",
    "Policy",
    "TimeUnit",
    "WorkSchedule",
    "WorkingCalendar",
]
