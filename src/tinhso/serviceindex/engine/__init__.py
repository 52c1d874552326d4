"""The Decision 766 scoring engine: counts + indicator definitions → explained points.

Pure: no ORM, no I/O. The same function serves the stored scores (`services`), the what-if
calculator (UI) and `POST /api/v1/serviceindex/calculate`, so the three can never disagree.

Rules (spec §1.3–1.4; every threshold and weight comes from the definitions, i.e. data):

* rate = Σ numerator counts ÷ (Σ or max of the denominator counts), clamped to 0..1;
  `complement` indicators use 1 − that share (5.4: 100 % − late − dissatisfied);
  a `factor_code` multiplies the rate by another indicator's rate (3.3 × sync rate 1.4).
* `linear`: points = max × rate; `capped`: points = max × min(1, rate ÷ threshold)
  ("full marks from X % upwards"; 3.5b's min(2, 2.5·rate) is capped at 80 %).
* A zero or missing denominator follows the indicator's `zero_policy`: `full` (max
  points, e.g. no petitions), `zero` (0), `na` (0 points, rate shown as N/A). Missing
  inputs are explained as "no data yet".
* For a commune, an indicator that does not apply to communes gets full marks when the
  version says so (spec Q-6), otherwise it is computed like any other.
* Full precision is carried throughout (Decimal); only the display rounds to 2 places.
"""

from __future__ import annotations

from .defs import DEN_MAX as DEN_MAX
from .defs import DEN_SUM as DEN_SUM
from .defs import HUNDRED as HUNDRED
from .defs import ONE as ONE
from .defs import RULE_CAPPED as RULE_CAPPED
from .defs import RULE_LINEAR as RULE_LINEAR
from .defs import RULES as RULES
from .defs import STATUS_COMPUTED as STATUS_COMPUTED
from .defs import STATUS_NO_DATA as STATUS_NO_DATA
from .defs import STATUS_NOT_APPLICABLE as STATUS_NOT_APPLICABLE
from .defs import STATUS_ZERO_DENOMINATOR as STATUS_ZERO_DENOMINATOR
from .defs import ZERO as ZERO
from .defs import ZERO_FULL as ZERO_FULL
from .defs import ZERO_NA as ZERO_NA
from .defs import ZERO_POLICIES as ZERO_POLICIES
from .defs import ZERO_ZERO as ZERO_ZERO
from .defs import BandDef as BandDef
from .defs import IndicatorDef as IndicatorDef
from .defs import IndicatorResult as IndicatorResult
from .defs import ScoreResult as ScoreResult
from .defs import Subtotal as Subtotal
from .defs import VersionDef as VersionDef
from .explain import fmt as fmt
from .explain import fmt_max as fmt_max
from .explain import pct as pct
from .rules import _clamp as _clamp
from .rules import _combine as _combine
from .rules import _inputs as _inputs
from .rules import _number as _number
from .rules import _points as _points
from .rules import _rate_text as _rate_text
from .rules import _raw_rate as _raw_rate
from .rules import _values as _values
from .rules import _zero_outcome as _zero_outcome
from .scoring import _subtotals as _subtotals
from .scoring import band_for as band_for
from .scoring import count_keys as count_keys
from .scoring import evaluate as evaluate
