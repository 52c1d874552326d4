"""Write use-cases for accounts: users, memberships, the Excel import and API tokens.

Every service is keyword-only with `actor` first, checks access through `access.require`
(MANAGE on the unit concerned) before anything else, validates with `full_clean()`, writes
in one transaction and leaves one audit row per change (before/after). Errors:
`ValidationError` (field errors, API 422), `ConcurrentEditError` (API 409), `AccessDenied`
(an `Http404`: forbidden looks like missing).

Granting rule (no privilege escalation): an actor may give a role on a unit only if the
actor holds every action of that role on that unit, and, for a subtree role, on every unit
under it too.
"""

from .common import BULK_PBKDF2_ITERATIONS, GENERATED_PASSWORD_LENGTH, generate_password
from .exports import list_export_record
from .imports import (
    ImportedAccount,
    ImportResult,
    RowError,
    users_import_excel,
    users_import_template,
)
from .tokens import CreatedToken, api_token_create, api_token_revoke
from .users import (
    CreatedUser,
    membership_create,
    membership_end,
    user_change_own_password,
    user_create,
    user_set_active,
    user_set_password,
    user_update,
)

__all__ = [
    "list_export_record",
    "BULK_PBKDF2_ITERATIONS",
    "GENERATED_PASSWORD_LENGTH",
    "CreatedToken",
    "CreatedUser",
    "ImportResult",
    "ImportedAccount",
    "RowError",
    "api_token_create",
    "api_token_revoke",
    "generate_password",
    "membership_create",
    "membership_end",
    "user_change_own_password",
    "user_create",
    "user_set_active",
    "user_set_password",
    "user_update",
    "users_import_excel",
    "users_import_template",
]
