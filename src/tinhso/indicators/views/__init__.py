"""Indicator pages: the catalogue (with its create/edit form), an indicator's page, the values
list and the entry grid.

The entry grid (`/indicators/entry/?unit=<code>&period=<code>`) shows one page of rows
(`page`, 50 rows), filtered by `q` (code or name, diacritics ignored) and `show` (only rows
without a value, drafts or outliers); "save all rows" saves the rows of that page, "submit
all drafts" every draft of the unit × period. It posts one row at a time
through HTMX and gets that row back, saved or with its field errors; a stale `version`
shows who changed the value meanwhile instead of overwriting it. A saved row answers with
the `HX-Trigger: drafts-changed` header; the draft counter listens for it on the body and
re-fetches itself from `entry/drafts/` (an out-of-band element inside a `<tr>` response
would be parsed in table context, so the counter is not sent with the row).

`lists.py`: the catalogue and values lists; `catalogue.py`: an indicator's page and its
create/edit form; `entry.py`: the entry grid.
"""

from .catalogue import IndicatorDetailView, IndicatorEditView
from .entry import (
    DRAFTS_CHANGED,
    ROW_FIELDS,
    SHOW_CHOICES,
    EntryDraftCountView,
    EntryGridView,
    EntrySaveAllView,
    EntrySubmitView,
)
from .lists import IndicatorListView, ValueListView

__all__ = [
    "DRAFTS_CHANGED",
    "ROW_FIELDS",
    "SHOW_CHOICES",
    "EntryDraftCountView",
    "EntryGridView",
    "EntrySaveAllView",
    "EntrySubmitView",
    "IndicatorDetailView",
    "IndicatorEditView",
    "IndicatorListView",
    "ValueListView",
]
