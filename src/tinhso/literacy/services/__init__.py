"""Write use-cases of digital literacy: courses, targets, denominators and the import of
course exports (all or nothing, de-duplicated by person).

Every service: `require(...)` (or, for the import, a rights check per row) first,
`full_clean()` or row validation, one `transaction.atomic()`, one `audit_record(...)`.
"""

from __future__ import annotations

from .catalogue import course_create as course_create
from .catalogue import population_set as population_set
from .catalogue import target_set as target_set
from .common import normalise_id as normalise_id
from .common import person_key as person_key
from .imports import ImportReport as ImportReport
from .imports import RowError as RowError
from .imports import training_records_import as training_records_import
