"""Officer screens of the one-stop dossiers: reception at the counter, the work queue, the
dossier list (keyset pages, export), the dossier page with its timeline and actions, and
the printed forms (appointment slip, apology letter). Views parse, call one selector or
service, map errors to messages and render (CONVENTIONS §5); forbidden = missing = 404.
"""

from __future__ import annotations

from .common import CHANNEL_LABELS as CHANNEL_LABELS
from .common import EXTRA_ACTION_LABELS as EXTRA_ACTION_LABELS
from .common import STATUS_LABELS as STATUS_LABELS
from .common import TIMELINESS_LABELS as TIMELINESS_LABELS
from .common import _apply_errors as _apply_errors
from .common import _htmx as _htmx
from .common import action_label as action_label
from .common import decorate as decorate
from .detail import DossierDetailView as DossierDetailView
from .detail import DossierEvaluationView as DossierEvaluationView
from .detail import DossierRevealIdentityView as DossierRevealIdentityView
from .detail import DossierTransitionView as DossierTransitionView
from .detail import _detail_context as _detail_context
from .detail import _may_edit as _may_edit
from .lists import EXPORT_COLUMNS as EXPORT_COLUMNS
from .lists import QUEUE_LIMIT as QUEUE_LIMIT
from .lists import QUEUE_SECTIONS as QUEUE_SECTIONS
from .lists import DossierListView as DossierListView
from .lists import DossierQueueView as DossierQueueView
from .lists import _filters as _filters
from .lists import _row_status as _row_status
from .printed import ApologyDocxView as ApologyDocxView
from .printed import ApologyPdfView as ApologyPdfView
from .printed import SlipDocxView as SlipDocxView
from .printed import SlipPdfView as SlipPdfView
from .printed import SlipPrintView as SlipPrintView
from .printed import _file as _file
from .printed import _pdf_or_explain as _pdf_or_explain
from .printed import _received as _received
from .printed import _rescheduled as _rescheduled
from .reception import ReceptionProcedureSearchView as ReceptionProcedureSearchView
from .reception import ReceptionReusableView as ReceptionReusableView
from .reception import ReceptionView as ReceptionView
from .reception import _case_of as _case_of
from .reception import _pick_unit as _pick_unit
from .reception import _reception_form as _reception_form
from .reception import _reusable as _reusable
