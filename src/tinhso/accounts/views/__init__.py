"""Accounts pages: login, home (my units and roles), users and memberships, audit log.

Thin views: a form parses input, one selector or service does the work, errors become
form errors or 404. Pages that show a one-time secret (initial password, API token) are
rendered directly, never redirected through the session, and marked `never_cache`.

`auth.py`: sign-in, sign-out, own password, home; `users.py`: accounts, their memberships
and API tokens; `imports.py`: the Excel import; `audit.py`: the audit log.
"""

from .audit import AuditListView
from .auth import LoginView, LogoutView, home_view, password_change_view
from .imports import user_import_passwords_view, user_import_template_view, user_import_view
from .users import (
    UserListView,
    membership_create_view,
    membership_end_view,
    token_create_view,
    token_revoke_view,
    user_create_view,
    user_detail_view,
    user_reset_password_view,
    user_set_active_view,
    user_update_view,
)

__all__ = [
    "AuditListView",
    "LoginView",
    "LogoutView",
    "UserListView",
    "home_view",
    "membership_create_view",
    "membership_end_view",
    "password_change_view",
    "token_create_view",
    "token_revoke_view",
    "user_create_view",
    "user_detail_view",
    "user_import_passwords_view",
    "user_import_template_view",
    "user_import_view",
    "user_reset_password_view",
    "user_set_active_view",
    "user_update_view",
]
