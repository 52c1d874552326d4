"""Importing a course export (CSV or Excel): validate every row, then save all or nothing.

Rules (in the order they are checked):

* The file must have the ID, unit, group and enrolment-date columns, and a course column
  unless the caller names the course.
* Each row: a 12-digit citizen ID (stored only as `person_key`), a known unit of the
  course's province (by code, or by name with diacritics and case ignored, also a former
  name whose commune went to exactly one successor), a known group and course, valid dates,
  completion not before enrolment and not in the future, a certificate only with a
  completion, certificate date not before the completion.
* The same person and course twice in the file is one record (a "duplicate" row): the
  earliest enrolment and completion are kept, unit and group come from the last row; two
  different certificate numbers for it are an error. Already stored → the stored row is
  updated (same merge), never duplicated. A certificate number may belong to one record only.
* Rights: for each row, EDIT on the course's owner unit or on the row's unit (and on the
  stored record's unit when the import moves it). A row the actor may not write makes the
  whole import a 404 (as `indicator_values_save_batch` does); nothing is saved.
* Any error → nothing is saved and the report lists every bad row. Names are never stored.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from typing import IO, Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied, Action, unit_ids_for
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.core.exceptions import DomainError
from tinhso.literacy.importfile import read_import_file
from tinhso.literacy.models import Course, TrainingRecord

from .import_rows import ImportReport as ImportReport
from .import_rows import RowError as RowError
from .import_rows import _check_row, _chunks, _Entry, _label, _Lookups, _merge

_STORED_FIELDS = (
    "pk",
    "course_id",
    "person_id_hash",
    "unit_id",
    "group_id",
    "mode",
    "enrolled_on",
    "completed_on",
    "certificate_number",
    "certificate_date",
)
_UPDATE_FIELDS = [
    "unit",
    "group",
    "mode",
    "enrolled_on",
    "completed_on",
    "certificate_number",
    "certificate_date",
    "updated_at",
]


def _stored(entries: dict[tuple[int, str], _Entry]) -> dict[tuple[int, str], tuple[Any, ...]]:
    """Stored records of these (course, person) pairs, by pair: a query per 2,000 persons."""
    course_ids = sorted({course_id for course_id, _person in entries})
    persons = sorted({person for _course, person in entries})
    found: dict[tuple[int, str], tuple[Any, ...]] = {}
    for chunk in _chunks(persons):
        rows = TrainingRecord.objects.filter(
            course_id__in=course_ids, person_id_hash__in=chunk
        ).values_list(*_STORED_FIELDS)
        for row in rows:
            key = (row[1], row[2])
            if key in entries:
                found[key] = row
    return found


def _certificate_clashes(entries: dict[tuple[int, str], _Entry], errors: list[RowError]) -> None:
    """A certificate number may belong to one record: in the file and against stored ones."""
    owner: dict[str, tuple[int, str]] = {}
    for key, entry in entries.items():
        number = entry.certificate_number
        if not number:
            continue
        if number in owner and owner[number] != key:
            errors.append(
                RowError(
                    entry.row,
                    _label("certificate_number"),
                    _("This certificate number is already used by another row of the file."),
                )
            )
            continue
        owner[number] = key
    for chunk in _chunks(sorted(owner)):
        rows = TrainingRecord.objects.filter(certificate_number__in=chunk).values_list(
            "certificate_number", "course_id", "person_id_hash"
        )
        for number, course_id, person in rows:
            if owner[number] != (course_id, person):
                errors.append(
                    RowError(
                        entries[owner[number]].row,
                        _label("certificate_number"),
                        _("This certificate number is already recorded for another person."),
                    )
                )


def training_records_import(
    *,
    actor: Any,
    file: IO[bytes],
    filename: str,
    course: Course | None = None,
    now: dt.datetime | None = None,
) -> ImportReport:
    """Import a course export (.csv or .xlsx), all or nothing (see the module's rules).

    `course` is the course of rows without a course column or cell. Action: EDIT on the
    course's owner unit or on each row's unit. Side effects (only when every row is valid):
    new and updated `TrainingRecord`s (bulk), one audit entry with the counts. Returns the
    report; its `errors` list every bad row and then nothing was saved. Errors:
    `AccessDenied` (a row the actor may not write), `DomainError` (a concurrent import saved
    the same records meanwhile).
    """
    started = time.monotonic()
    report = ImportReport()
    today = timezone.localdate(now or timezone.now())
    parsed = read_import_file(file, filename)
    report.rows = len(parsed.rows)
    report.errors = [RowError(*e) for e in parsed.errors]
    if not report.errors and "course" not in parsed.columns and course is None:
        report.errors.append(
            RowError(None, _label("course"), _("The file has no course column: choose the course."))
        )
    if not report.errors and not parsed.rows:
        report.errors.append(RowError(None, "", _("The file has no data rows.")))
    if report.errors:
        return _finish(report, started)
    lookups = _Lookups(course)
    province_codes = {
        c.owner_unit.province_code
        for c in [*lookups.courses.values(), course]
        if isinstance(c, Course)
    }
    lookups.load_units(province_codes)

    entries: dict[tuple[int, str], _Entry] = {}
    errors: list[RowError] = []
    for row in parsed.rows:
        entry, row_errors = _check_row(row, lookups, today)
        if entry is None:
            errors.extend(row_errors)
            continue
        key = (entry.course.pk, entry.person)
        kept = entries.get(key)
        if kept is None:
            entries[key] = entry
            continue
        report.duplicates += 1
        kept.unit_id, kept.group_id, kept.mode = entry.unit_id, entry.group_id, entry.mode
        _merge(kept, entry, errors)
        kept.row = entry.row

    editable = unit_ids_for(actor, Action.EDIT)
    _check_rights(entries.values(), editable)
    stored = _stored(entries)
    to_update: list[_Entry] = []
    to_create: list[_Entry] = []
    for key, entry in entries.items():
        old = stored.get(key)
        if old is None:
            to_create.append(entry)
            continue
        (pk, _course, _person, unit_id, group_id, mode, enrolled, completed, number, cert_date) = (
            old
        )
        if unit_id != entry.unit_id and not _may_write(entry.course, unit_id, editable):
            raise AccessDenied("No such object.")
        stored_entry = _Entry(
            entry.course,
            entry.person,
            unit_id,
            group_id,
            mode,
            enrolled,
            completed,
            number,
            cert_date,
            entry.row,
        )
        _merge(entry, stored_entry, errors)
        if (
            entry.unit_id,
            entry.group_id,
            entry.mode,
            entry.enrolled_on,
            entry.completed_on,
            entry.certificate_number,
            entry.certificate_date,
        ) == old[3:]:
            report.unchanged += 1
            continue
        entry.pk = pk
        to_update.append(entry)
    _certificate_clashes(entries, errors)
    if errors:
        report.errors = sorted(set(errors), key=lambda e: (e.row or 0, e.column, e.message))
        return _finish(report, started)
    report.new, report.updated = len(to_create), len(to_update)
    try:
        with transaction.atomic():
            _write(to_create, to_update)
            courses = sorted({e.course.code for e in entries.values()})
            owner = next(iter(entries.values())).course.owner_unit_id if entries else None
            audit_record(
                actor=actor,
                action=AuditEntry.Action.IMPORT,
                unit=owner,
                object_type="literacy.TrainingRecord",
                object_repr=(filename or "")[:200],
                after={
                    "file": filename,
                    "courses": courses,
                    "rows": report.rows,
                    "new": report.new,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "duplicates": report.duplicates,
                },
                message=_(
                    "Training records imported: %(new)d new, %(updated)d updated, "
                    "%(dup)d duplicate rows."
                )
                % {"new": report.new, "updated": report.updated, "dup": report.duplicates},
            )
    except IntegrityError as exc:
        raise DomainError(
            _("Another import saved some of these records meanwhile. Import the file again."),
            code="concurrent_import",
        ) from exc
    report.saved = True
    return _finish(report, started)


def _may_write(course: Course, unit_id: int, editable: frozenset[int]) -> bool:
    return course.owner_unit_id in editable or unit_id in editable


def _check_rights(entries: Iterable[_Entry], editable: frozenset[int]) -> None:
    for entry in entries:
        # Neither the course's manager nor the person's unit: the whole import is refused.
        if not _may_write(entry.course, entry.unit_id, editable):
            raise AccessDenied("No such object.")


_WRITE_COLUMNS = (
    "unit_id",
    "group_id",
    "mode",
    "enrolled_on",
    "completed_on",
    "certificate_number",
    "certificate_date",
    "updated_at",
)


def _write(to_create: list[_Entry], to_update: list[_Entry]) -> None:
    """Insert and update with `executemany`: one statement per row on the database side,
    but no model instances. `bulk_update` of 100,000 rows builds CASE expressions and takes
    minutes on SQLite; this takes seconds. Constraints are checked by the database."""
    ops = connection.ops
    quote = ops.quote_name
    table = quote(TrainingRecord._meta.db_table)
    now = ops.adapt_datetimefield_value(timezone.now())

    def values(entry: _Entry) -> tuple[Any, ...]:
        return (
            entry.unit_id,
            entry.group_id,
            entry.mode,
            ops.adapt_datefield_value(entry.enrolled_on),
            ops.adapt_datefield_value(entry.completed_on),
            entry.certificate_number,
            ops.adapt_datefield_value(entry.certificate_date),
            now,
        )

    columns = ("course_id", "person_id_hash", "is_illustrative", *_WRITE_COLUMNS)
    insert = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608  # fixed names
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    assignments = ", ".join(f"{quote(c)} = %s" for c in _WRITE_COLUMNS)
    update = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for chunk in _chunks(to_create, 5000):
            cursor.executemany(insert, [(e.course.pk, e.person, False, *values(e)) for e in chunk])
        for chunk in _chunks(to_update, 5000):
            cursor.executemany(update, [(*values(e), e.pk) for e in chunk])


def _finish(report: ImportReport, started: float) -> ImportReport:
    report.seconds = round(time.monotonic() - started, 3)
    return report
