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
import functools
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied, Action, unit_ids_for
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.core.exceptions import DomainError
from tinhso.core.text import fold, nfc
from tinhso.literacy.importfile import COLUMNS_BY_KEY, ImportRow, read_import_file
from tinhso.literacy.models import Course, CourseMode, TargetGroup, TrainingRecord
from tinhso.units.models import Unit, UnitLineage

from .common import normalise_id, person_key

_CHUNK = 2000
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
_TIME_PART = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$")
_AMBIGUOUS = object()
_ONLINE = {"truc tuyen", "online", "e-learning", "elearning"}
_OFFLINE = {"truc tiep", "offline", "tap trung", "in person", "lop hoc"}


@dataclass(frozen=True)
class RowError:
    """One problem: the file's row number (None for the whole file), the column, the text."""

    row: int | None
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import did (or would have done): counts and every row error."""

    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    saved: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})


@dataclass
class _Entry:
    course: Course
    person: str
    unit_id: int
    group_id: int
    mode: str
    enrolled_on: dt.date
    completed_on: dt.date | None
    certificate_number: str
    certificate_date: dt.date | None
    row: int
    pk: int | None = None


def _label(key: str) -> str:
    return str(COLUMNS_BY_KEY[key].label)


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> dt.date | None:
    text = _TIME_PART.sub("", text.strip())
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007  # a calendar date
        except ValueError:
            continue
    return None


def _exact(text: str) -> str:
    """Lower case with diacritics kept: "Xã Lộc Thành" and "Xã Lộc Thạnh" stay apart."""
    return " ".join(nfc(text).lower().split())


def _without_prefix(unit: Unit, key: Any = fold) -> str:
    name = key(unit.name)
    prefix = key(unit.division_type or "")
    if prefix and name.startswith(prefix + " "):
        return str(name[len(prefix) + 1 :])
    return str(name)


class _Lookups:
    """Everything rows are matched against, read once (a handful of queries per import)."""

    def __init__(self, default_course: Course | None) -> None:
        self.groups: dict[str, TargetGroup] = {}
        for group in TargetGroup.objects.all():
            for key in (group.code, group.name, group.short_name, *group.aliases):
                self.groups.setdefault(fold(str(key)), group)
        self.courses: dict[str, Any] = {}
        for course in Course.objects.select_related("owner_unit"):
            self._put(self.courses, fold(course.code), course)
            self._put(self.courses, fold(course.name), course)
        self.default_course = default_course
        self.units_by_code: dict[str, Unit] = {}
        self.units_by_name: dict[str, Any] = {}
        self.units_exact: dict[str, Any] = {}
        self.province_codes: set[str] = set()
        # Cells repeat (a few hundred units, groups, courses, dates in 100k rows): each
        # distinct text is matched once.
        self._unit_cache: dict[tuple[str, str], tuple[Unit | None, str]] = {}
        self._course_cache: dict[str, tuple[Course | None, str]] = {}
        self._group_cache: dict[str, TargetGroup | None] = {}

    @staticmethod
    def _put(mapping: dict[str, Any], key: str, value: Any) -> None:
        if not key:
            return
        current = mapping.get(key)
        if current is None:
            mapping[key] = value
        elif current is not value and getattr(current, "pk", None) != getattr(value, "pk", 0):
            mapping[key] = _AMBIGUOUS

    def load_units(self, province_codes: set[str]) -> None:
        """Current units of the courses' provinces by code and folded name, then former
        names (through the lineage) where they are not a current name."""
        self.province_codes = province_codes
        units = list(
            Unit.objects.current().filter(province_code__in=province_codes).order_by("depth", "pk")
        )
        names: dict[str, Any] = {}
        short: dict[str, Any] = {}
        exact: dict[str, Any] = {}
        for unit in units:
            self.units_by_code.setdefault(unit.code, unit)
            self._put(exact, _exact(unit.name), unit)
            self._put(names, fold(unit.name), unit)
            self._put(short, fold(unit.short_name), unit)
            self._put(short, _without_prefix(unit), unit)
        for unit in units:
            exact.setdefault(_without_prefix(unit, _exact), unit)
        self.units_exact = exact
        by_id = {u.pk: u for u in units}
        former: dict[str, Any] = {}
        links = UnitLineage.objects.filter(successor_id__in=list(by_id)).select_related(
            "predecessor"
        )
        successors: dict[int, set[int]] = {}
        predecessors: dict[int, Unit] = {}
        for link in links:
            successors.setdefault(link.predecessor_id, set()).add(link.successor_id)
            predecessors[link.predecessor_id] = link.predecessor
        for pk, targets in successors.items():
            old = predecessors[pk]
            # A commune split over several successors cannot say where its people went.
            value = by_id[next(iter(targets))] if len(targets) == 1 else _AMBIGUOUS
            for key in (fold(old.name), _without_prefix(old)):
                self._put(former, key, value)
        # Current full names first, then short names, then former names.
        for mapping in (short, former):
            for key, value in mapping.items():
                names.setdefault(key, value)
        self.units_by_name = names

    def unit(self, values: dict[str, str]) -> tuple[Unit | None, str]:
        key = (values.get("unit_code", ""), values.get("unit", ""))
        if key not in self._unit_cache:
            self._unit_cache[key] = self._unit(values)
        return self._unit_cache[key]

    def group(self, text: str) -> TargetGroup | None:
        if text not in self._group_cache:
            self._group_cache[text] = self.groups.get(fold(text))
        return self._group_cache[text]

    def _unit(self, values: dict[str, str]) -> tuple[Unit | None, str]:
        code = values.get("unit_code", "").strip()
        if code:
            unit = self.units_by_code.get(code)
            return (unit, "") if unit else (None, _("Unknown unit code."))
        text = values.get("unit", "")
        name = fold(text)
        if not name:
            return None, _("The unit is missing.")
        # With diacritics first: folding merges names such as Lộc Thành and Lộc Thạnh.
        found = self.units_exact.get(_exact(text))
        if found is None or found is _AMBIGUOUS:
            found = self.units_by_name.get(name)
        if found is _AMBIGUOUS:
            return None, _("Several units have this name: add the unit code.")
        if found is None:
            return None, _("Unknown commune or unit.")
        return found, ""

    def course(self, values: dict[str, str]) -> tuple[Course | None, str]:
        raw = values.get("course", "")
        if raw not in self._course_cache:
            self._course_cache[raw] = self._course(raw)
        return self._course_cache[raw]

    def _course(self, raw: str) -> tuple[Course | None, str]:
        text = fold(raw)
        if not text:
            if self.default_course is not None:
                return self.default_course, ""
            return None, _("The course is missing.")
        found = self.courses.get(text)
        if found is _AMBIGUOUS:
            return None, _("Several courses have this name: use the course code.")
        if found is None:
            return None, _("Unknown course: register it first.")
        return found, ""


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_row(
    row: ImportRow, lookups: _Lookups, today: dt.date
) -> tuple[_Entry | None, list[RowError]]:
    values = row.values
    errors: list[RowError] = []

    def fail(key: str, message: str) -> None:
        errors.append(RowError(row.number, _label(key), message))

    digits = normalise_id(values.get("id_number", ""), numeric="id_number" in row.numeric)
    if digits is None:
        fail("id_number", _("Not a 12-digit citizen identification number."))
    unit, message = lookups.unit(values)
    if unit is None:
        fail("unit_code" if values.get("unit_code") else "unit", message)
    group = lookups.group(values.get("group", ""))
    if group is None:
        fail("group", _("Unknown target group."))
    course, message = lookups.course(values)
    if course is None:
        fail("course", message)
    dates: dict[str, dt.date | None] = {}
    for key in ("enrolled_on", "completed_on", "certificate_date"):
        text = values.get(key, "")
        dates[key] = _parse_date(text) if text else None
        if text and dates[key] is None:
            fail(key, _("Not a date (dd/mm/yyyy)."))
        elif dates[key] is not None and dates[key] > today:  # type: ignore[operator]  # checked
            fail(key, _("The date is in the future."))
    enrolled, completed = dates["enrolled_on"], dates["completed_on"]
    certificate_date = dates["certificate_date"]
    if not values.get("enrolled_on"):
        fail("enrolled_on", _("The enrolment date is missing."))
    if enrolled and completed and completed < enrolled:
        fail("completed_on", _("The completion date is before the enrolment date."))
    number = values.get("certificate_number", "").strip()
    if (number or certificate_date) and not values.get("completed_on"):
        fail("certificate_number", _("A certificate needs a completion date."))
    if certificate_date and completed and certificate_date < completed:
        fail("certificate_date", _("The certificate date is before the completion date."))
    mode_text = fold(values.get("mode", ""))
    mode = ""
    if mode_text in _ONLINE:
        mode = CourseMode.ONLINE
    elif mode_text in _OFFLINE:
        mode = CourseMode.OFFLINE
    elif mode_text:
        fail("mode", _("Write “trực tuyến” (online) or “trực tiếp” (in person)."))
    if errors:
        return None, errors
    assert digits and unit and group and course and enrolled  # noqa: S101  # checked above
    return (
        _Entry(
            course=course,
            person=person_key(digits),
            unit_id=unit.pk,
            group_id=group.pk,
            mode=mode or course.mode,
            enrolled_on=enrolled,
            completed_on=completed,
            certificate_number=number,
            certificate_date=certificate_date,
            row=row.number,
        ),
        [],
    )


def _earliest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _merge(kept: _Entry, new: _Entry, errors: list[RowError]) -> None:
    """Fold a later row (or the stored record) into `kept`; conflicting certificates fail."""
    numbers = (kept.certificate_number, new.certificate_number)
    if all(numbers) and numbers[0] != numbers[1]:
        errors.append(
            RowError(
                max(kept.row, new.row),
                _label("certificate_number"),
                _("This person already has another certificate for this course."),
            )
        )
    kept.certificate_number = kept.certificate_number or new.certificate_number
    kept.certificate_date = kept.certificate_date or new.certificate_date
    kept.enrolled_on = min(kept.enrolled_on, new.enrolled_on)
    kept.completed_on = _earliest(kept.completed_on, new.completed_on)


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
