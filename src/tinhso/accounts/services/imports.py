"""Bulk creation of accounts from an Excel file, all or nothing, and its template."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts import excel, selectors
from tinhso.accounts.access import AccessDenied, Action, require, unit_ids_for
from tinhso.accounts.models import Membership, Role, User
from tinhso.audit.services import audit_record
from tinhso.units.models import Unit

from .common import (
    GrantCheck,
    bulk_hasher,
    common_path,
    generate_password,
    user_after,
    user_field_errors,
)


@dataclass(frozen=True)
class RowError:
    """One problem of the import file: Excel row number, column header, message."""

    row: int | None
    column: str
    message: str
    letter: str = ""


@dataclass(frozen=True)
class ImportedAccount:
    """An account created by the import, with its initial password (shown once)."""

    user_id: int
    username: str
    full_name: str
    unit_code: str
    unit_name: str
    role_name: str
    password: str

    def as_sheet_row(self) -> dict[str, str]:
        return {
            "username": self.username,
            "full_name": self.full_name,
            "unit": f"{self.unit_name} ({self.unit_code})",
            "role": self.role_name,
            "password": self.password,
        }


@dataclass
class ImportResult:
    """The outcome: either errors (and nothing saved) or the created accounts."""

    rows_read: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: list[ImportedAccount] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def accounts_sheet(self) -> bytes:
        """The created accounts and their passwords as .xlsx (to hand over, then delete)."""
        return excel.build_accounts_sheet(a.as_sheet_row() for a in self.created)


@dataclass
class _PlannedRow:
    number: int
    user: User
    unit: Unit
    role: Role


class _ImportValidator:
    """Checks every row against the file itself and the database, collecting all errors."""

    def __init__(self, actor: Any, sheet: excel.Sheet, managed: frozenset[int]) -> None:
        self.actor = actor
        self.sheet = sheet
        self.managed = managed
        self.errors: list[RowError] = []
        self.roles = {r.code.lower(): r for r in Role.objects.all()}
        self.units = self._load_units()
        usernames = {r.values["username"].lower() for r in sheet.rows if r.values["username"]}
        self.taken = set(
            User.objects.annotate(lower=Lower("username"))
            .filter(lower__in=usernames)
            .values_list("lower", flat=True)
        )
        self.grants = GrantCheck(actor, [u for units in self.units.values() for u in units])

    def _unit_codes(self, row: excel.SheetRow) -> list[str]:
        code = row.values["unit_code"]
        if "unit_code" in row.numeric:
            # Excel turned "00004" into 4: try the official widths (province 2, commune 5).
            return [code, code.zfill(2), code.zfill(5)]
        return [code]

    def _load_units(self) -> dict[str, list[Unit]]:
        codes = {c for row in self.sheet.rows for c in self._unit_codes(row) if c}
        by_code: dict[str, list[Unit]] = {}
        for unit in Unit.objects.current().filter(code__in=codes).select_related("level"):
            by_code.setdefault(unit.code, []).append(unit)
        return by_code

    def error(self, row: excel.SheetRow, key: str, message: str) -> None:
        column = excel.COLUMNS_BY_KEY[key]
        self.errors.append(
            RowError(row.number, column.header(), message, self.sheet.letters.get(key, ""))
        )

    def run(self) -> list[_PlannedRow]:
        planned: list[_PlannedRow] = []
        first_row_of: dict[str, int] = {}
        for row in self.sheet.rows:
            item = self._check_row(row, first_row_of)
            if item is not None:
                planned.append(item)
        return planned

    def _check_row(self, row: excel.SheetRow, first_row_of: dict[str, int]) -> _PlannedRow | None:
        values = row.values
        reported: set[str] = set()
        for column in excel.IMPORT_COLUMNS:
            if column.required and not values[column.key]:
                self.error(row, column.key, _("This cell is required."))
                reported.add(column.key)
        username = User.normalize_username(values["username"])
        if username:
            lowered = username.lower()
            if lowered in first_row_of:
                self.error(
                    row,
                    "username",
                    _("Username “%(username)s” is already used on row %(row)d of this file.")
                    % {"username": username, "row": first_row_of[lowered]},
                )
                reported.add("username")
            else:
                first_row_of[lowered] = row.number
                if lowered in self.taken:
                    self.error(
                        row,
                        "username",
                        _("Username “%(username)s” already exists.") % {"username": username},
                    )
                    reported.add("username")
        phone = values["phone"]
        if "phone" in row.numeric and len(phone) == 9:
            phone = "0" + phone  # Excel dropped the leading zero of a mobile number
        user = User(
            username=username,
            full_name=values["full_name"],
            email=values["email"],
            phone=phone,
            position=values["position"],
            must_change_password=True,
        )
        for key, messages in user_field_errors(user).items():
            if key in excel.COLUMNS_BY_KEY and key not in reported:
                self.error(row, key, " ".join(messages))
                reported.add(key)
        unit = self._unit(row) if "unit_code" not in reported else None
        role = self._role(row) if "role_code" not in reported else None
        if unit is not None and role is not None and not self.grants.allowed(role, unit):
            self.error(
                row,
                "role_code",
                _("You cannot grant the role “%(role)s” in %(unit)s.")
                % {"role": role.code, "unit": unit.name},
            )
            return None
        if unit is None or role is None or reported:
            return None
        return _PlannedRow(number=row.number, user=user, unit=unit, role=role)

    def _unit(self, row: excel.SheetRow) -> Unit | None:
        code = row.values["unit_code"]
        matches = [u for c in dict.fromkeys(self._unit_codes(row)) for u in self.units.get(c, [])]
        mine = [u for u in matches if u.pk in self.managed]
        if not matches:
            self.error(
                row, "unit_code", _("No current unit has the code “%(code)s”.") % {"code": code}
            )
            return None
        if not mine:
            self.error(
                row,
                "unit_code",
                _("You do not administer %(unit)s (code %(code)s).")
                % {"unit": matches[0].name, "code": code},
            )
            return None
        if len(mine) > 1:
            self.error(
                row,
                "unit_code",
                _("The code “%(code)s” names several units: %(units)s.")
                % {"code": code, "units": ", ".join(u.name for u in mine)},
            )
            return None
        return mine[0]

    def _role(self, row: excel.SheetRow) -> Role | None:
        code = row.values["role_code"].strip().lower()
        role = self.roles.get(code)
        if role is None:
            self.error(
                row,
                "role_code",
                _("Unknown role “%(code)s”; use one of: %(codes)s.")
                % {"code": row.values["role_code"], "codes": ", ".join(sorted(self.roles))},
            )
        return role


def users_import_excel(*, actor: Any, file: IO[bytes] | str, filename: str = "") -> ImportResult:
    """Create many accounts (typically a province's commune staff) from an .xlsx, all or none.

    Columns (by header, see `excel.IMPORT_COLUMNS`): username, full name, e-mail, phone,
    position, unit code (a current unit), role code. Every row is checked first: empty
    required cells, bad usernames/e-mails/phones, duplicate usernames in the file or in the
    database (case ignored), unknown or unmanaged units, unknown roles or roles the actor
    may not grant. Any problem: nothing is written and `result.errors` lists every
    (row, column, message). Otherwise each account gets a generated password (returned
    once in `result.created`, to change at first sign-in) and a membership from today.
    Action: MANAGE on each row's unit (AccessDenied if the actor manages no unit at all).
    Side effects: Users and Memberships (bulk), one audit row per account plus one summary.
    """
    managed = unit_ids_for(actor, Action.MANAGE)
    if not managed:
        raise AccessDenied("No such object.")
    sheet = excel.read_sheet(file)
    result = ImportResult(rows_read=len(sheet.rows))
    result.errors = [RowError(row, column, message) for row, column, message in sheet.errors]
    if not result.errors and not sheet.rows:
        result.errors.append(RowError(None, "", _("The file contains no account rows.")))
    if result.errors:
        return result
    validator = _ImportValidator(actor, sheet, managed)
    planned = validator.run()
    if validator.errors:
        result.errors = sorted(validator.errors, key=lambda e: (e.row or 0, e.letter))
        return result
    for item in planned:
        require(actor, Action.MANAGE, item.unit)  # the choke point, for every row
    try:
        result.created = _write_import(actor, planned, filename)
    except IntegrityError:
        result.errors = [
            RowError(
                None,
                "",
                _(
                    "Some usernames were taken while the file was being checked; nothing was "
                    "saved. Upload the file again."
                ),
            )
        ]
    return result


def _write_import(actor: Any, planned: list[_PlannedRow], filename: str) -> list[ImportedAccount]:
    hasher = bulk_hasher()
    today = timezone.localdate()
    passwords: dict[str, str] = {}
    for item in planned:
        clear = generate_password()
        passwords[item.user.username] = clear
        item.user.password = make_password(clear, hasher=hasher)
        item.user.search_text = item.user.build_search_text()
    with transaction.atomic():
        User.objects.bulk_create([i.user for i in planned], batch_size=500)
        # Not every backend returns primary keys from a bulk insert: read them back.
        ids = dict(User.objects.filter(username__in=list(passwords)).values_list("username", "pk"))
        for item in planned:
            item.user.pk = ids[item.user.username]
        Membership.objects.bulk_create(
            [
                Membership(user_id=i.user.pk, unit=i.unit, role=i.role, valid_from=today)
                for i in planned
            ],
            batch_size=500,
        )
        for item in planned:
            audit_record(
                actor=actor,
                action="create",
                obj=item.user,
                unit=item.unit,
                after=user_after(
                    item.user, membership={"unit": item.unit.code, "role": item.role.code}
                ),
                message=_("Created by Excel import."),
            )
        units = {i.unit.pk: i.unit for i in planned}
        summary_unit = _summary_unit_id(list(units.values()))
        audit_record(
            actor=actor,
            action="import",
            object_type=User._meta.label,
            object_repr=(filename or _("Excel import"))[:300],
            unit=summary_unit,
            after={"file": filename, "accounts": len(planned), "units": len(units)},
            message=_("%(count)d accounts created from an Excel file.") % {"count": len(planned)},
        )
    return [
        ImportedAccount(
            user_id=i.user.pk,
            username=i.user.username,
            full_name=i.user.full_name,
            unit_code=i.unit.code,
            unit_name=i.unit.name,
            role_name=i.role.name,
            password=passwords[i.user.username],
        )
        for i in planned
    ]


def _summary_unit_id(units: list[Unit]) -> int:
    """The closest unit above (or equal to) all imported units: who audits it sees them all."""
    common = common_path([u.path for u in units]).strip("/")
    if common:
        return int(common.split("/")[-1])
    return units[0].pk


def users_import_template(*, actor: Any = None) -> bytes:
    """The .xlsx template: header row, one example row, and a help sheet listing the role
    codes (and, given `actor`, the codes of the units the actor administers). Read-only.
    """
    roles = [(r.code, r.name) for r in selectors.role_list()]
    units: list[tuple[str, str]] = []
    if actor is not None:
        units = [(u.code, u.name) for u in selectors.manageable_unit_list(user=actor)]
    return excel.build_template(roles=roles, units=units)
