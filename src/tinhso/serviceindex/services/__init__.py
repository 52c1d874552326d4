"""Write use-cases of the 766 index: computing and refreshing the stored scores, manual
inputs, and the flow of three rates into the NQ57 indicators.

Stored scores are derived data: `score_compute`, `serviceindex_refresh` and
`serviceindex_refresh_changed` are system jobs (no actor, no audit row per score; one
`RefreshRun` row per run). A recompute of one period runs a constant number of queries
whatever the number of units (see `counting.py`).
"""

from __future__ import annotations

from .common import _MAX_INPUT as _MAX_INPUT
from .common import NQ57_FLOWS as NQ57_FLOWS
from .common import SCORED_LEVELS as SCORED_LEVELS
from .common import SYSTEM_SOURCE as SYSTEM_SOURCE
from .common import _all_versions as _all_versions
from .common import _ancestor_ids as _ancestor_ids
from .common import _pick_version as _pick_version
from .common import _plain as _plain
from .common import _unit_rows as _unit_rows
from .common import _UnitRow as _UnitRow
from .common import version_def as version_def
from .common import version_for as version_for
from .manual import _decimal as _decimal
from .manual import manual_input_save as manual_input_save
from .nq57 import _province as _province
from .nq57 import nq57_indicators_ensure as nq57_indicators_ensure
from .nq57 import nq57_values_write as nq57_values_write
from .scores import RefreshResult as RefreshResult
from .scores import _all_periods as _all_periods
from .scores import _compute_period as _compute_period
from .scores import _Context as _Context
from .scores import _finish as _finish
from .scores import ranking_ensure as ranking_ensure
from .scores import score_compute as score_compute
from .scores import score_ensure_current as score_ensure_current
from .scores import serviceindex_refresh as serviceindex_refresh
from .scores import serviceindex_refresh_changed as serviceindex_refresh_changed
