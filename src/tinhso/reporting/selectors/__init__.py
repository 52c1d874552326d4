"""Read use-cases of periodic reporting: report lists, the report page, prefill, export and
the timeliness table.

Access: reports, obligations and events are unit-scoped (`for_user`): the reporting unit
(and units above it) and, for reading, the schedule's reviewing agency. A report's indicator
values and the unit's task progress are read THROUGH the report: whoever may view the report
may view what it consists of (the agency reviews them), so those reads are not scoped again.
Schedules and rounds are public to every signed-in user.
"""

from .common import _REPORT_RELATED as _REPORT_RELATED
from .common import _signed_in as _signed_in
from .content import EXPORT_SCHEMA as EXPORT_SCHEMA
from .content import _kpi as _kpi
from .content import _narrative as _narrative
from .content import _num as _num
from .content import _period_progress as _period_progress
from .content import _task_label as _task_label
from .content import report_export_data as report_export_data
from .content import report_prefill as report_prefill
from .content import report_snapshot as report_snapshot
from .content import report_task_rows as report_task_rows
from .content import report_values as report_values
from .reports import _filter_reports as _filter_reports
from .reports import report_events as report_events
from .reports import report_get as report_get
from .reports import report_inbox as report_inbox
from .reports import report_list as report_list
from .reports import round_list as round_list
from .reports import schedule_list as schedule_list
from .timeliness import LATE as LATE
from .timeliness import MISSING as MISSING
from .timeliness import NOT_YET_DUE as NOT_YET_DUE
from .timeliness import ON_TIME as ON_TIME
from .timeliness import RoundTotals as RoundTotals
from .timeliness import Timeliness as Timeliness
from .timeliness import TimelinessRow as TimelinessRow
from .timeliness import TimelinessTotals as TimelinessTotals
from .timeliness import _status_labels as _status_labels
from .timeliness import timeliness as timeliness
from .timeliness import timeliness_status as timeliness_status
from .timeliness import timeliness_status_choices as timeliness_status_choices
