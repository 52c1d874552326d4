"""Read use-cases of indicators: periods, the catalogue, values, rollups and the entry grid.

Access: the catalogue (indicators, breakdowns, periods) is public to every signed-in user;
values and rollups are unit data, read through `for_user(user, Action.VIEW)`. Series and
tables of aggregates read the rollup tables only, never the base values.

`catalogue.py`: periods, indicators, unit levels and breakdowns; `values.py`: values and
the rollup tables; `grid.py`: the entry grid.
"""

from .catalogue import (
    dimension_choices,
    dimension_list,
    dimensions_by_code,
    indicator_get,
    indicator_get_for_manage,
    indicator_list,
    indicator_may_create,
    indicator_owner_units,
    period_get,
    period_list,
    period_previous,
    unit_level_by_code,
)
from .grid import ENTRY_PAGE_SIZE, ENTRY_SHOW, EntryGrid, GridRow, entry_draft_count, entry_grid
from .values import (
    indicator_series,
    indicator_value_get,
    indicator_value_list,
    require_view,
    rollup_children,
    rollup_latest,
    rollup_periods,
    user_default_unit,
)

__all__ = [
    "ENTRY_PAGE_SIZE",
    "ENTRY_SHOW",
    "EntryGrid",
    "GridRow",
    "dimension_choices",
    "dimension_list",
    "dimensions_by_code",
    "entry_draft_count",
    "entry_grid",
    "indicator_get",
    "indicator_get_for_manage",
    "indicator_list",
    "indicator_may_create",
    "indicator_owner_units",
    "indicator_series",
    "indicator_value_get",
    "indicator_value_list",
    "period_get",
    "period_list",
    "period_previous",
    "require_view",
    "rollup_children",
    "rollup_latest",
    "rollup_periods",
    "unit_level_by_code",
    "user_default_unit",
]
