"""Write use-cases of the procedure catalogue: import (JSON or Excel, all or nothing), edit of
the basic fields with a version check, and the synthetic generator for scale runs.

Access decision: the catalogue belongs to the province, so writes need `Action.MANAGE` on
a procedure's `owner_unit` (new procedures: the unit chosen at import, by default the
province's standing agency or the province — see `selectors.default_owner_unit`). MANAGE,
not EDIT: a procedure's definition drives every dossier's checklist and due date.
"""

from tinhso.procedures.models import ProcedureStatus as ProcedureStatus

from .common import AUDITED_FIELDS as AUDITED_FIELDS
from .common import DEFAULT_CASE_NAME as DEFAULT_CASE_NAME
from .common import EDITABLE_FIELDS as EDITABLE_FIELDS
from .editing import procedure_applicability_set as procedure_applicability_set
from .editing import procedure_update as procedure_update
from .importing import _DOC_TYPES as _DOC_TYPES
from .importing import ImportResult as ImportResult
from .importing import _canonical as _canonical
from .importing import _children as _children
from .importing import _import as _import
from .importing import _link_documents as _link_documents
from .importing import _symbol as _symbol
from .importing import _write as _write
from .importing import procedures_import as procedures_import
from .importing import procedures_import_system as procedures_import_system
from .synthetic import _OBJECTS as _OBJECTS
from .synthetic import _PAPERS as _PAPERS
from .synthetic import _SECTORS as _SECTORS
from .synthetic import _VERBS as _VERBS
from .synthetic import SYNTHETIC_PREFIX as SYNTHETIC_PREFIX
from .synthetic import procedures_generate as procedures_generate

__all__ = [
    "ImportResult",
    "ProcedureStatus",
    "procedure_update",
    "procedures_generate",
    "procedures_import",
    "procedures_import_system",
]
