"""Write use-cases of indicators: periods, the catalogue, values, their status and rollups.

Values are entered per unit × period (× breakdown) at the indicator's entry level, checked
(ranges, numerator ≤ denominator, period-on-period change limits) and rolled up the unit
tree in the same transaction (`rollups.refresh`). See `rollups.py` for the aggregation
rules and ADR-0008 for why rollups are tables kept current on write.

`periods.py`: regular and ad-hoc periods; `catalogue.py`: indicators and breakdowns;
`lineage.py`: the rollup path of a value after reforms and the full rebuild; `rules.py`:
the entry rules; `values.py`: saving one value; `batch.py`: saving many; `status.py`: the
submit / confirm / return / reopen workflow.
"""

from .batch import indicator_values_save_batch
from .catalogue import INDICATOR_FIELDS, dimension_create, indicator_create, indicator_update
from .lineage import (
    MAX_LINEAGE_STEPS,
    indicator_rollups_rebuild,
    unit_for_code,
    value_rollup_path,
)
from .periods import (
    period_adhoc_create,
    period_get_or_create,
    period_get_or_create_by_code,
    period_get_or_create_for_date,
)
from .rules import FOUR_PLACES, change_pct
from .status import NEEDS_REASON, TRANSITIONS, indicator_values_set_status
from .system import SystemRatio, indicator_values_system_write
from .values import indicator_value_save

__all__ = [
    "FOUR_PLACES",
    "INDICATOR_FIELDS",
    "MAX_LINEAGE_STEPS",
    "NEEDS_REASON",
    "SystemRatio",
    "TRANSITIONS",
    "change_pct",
    "dimension_create",
    "indicator_create",
    "indicator_rollups_rebuild",
    "indicator_update",
    "indicator_value_save",
    "indicator_values_save_batch",
    "indicator_values_set_status",
    "indicator_values_system_write",
    "period_adhoc_create",
    "period_get_or_create",
    "period_get_or_create_by_code",
    "period_get_or_create_for_date",
    "unit_for_code",
    "value_rollup_path",
]
