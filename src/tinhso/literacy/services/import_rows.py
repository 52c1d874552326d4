"""Rows of a course export: parsing, lookups and validation of each row, merging duplicates."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tinhso.core.text import fold, nfc
from tinhso.literacy.importfile import COLUMNS_BY_KEY, ImportRow
from tinhso.literacy.models import Course, CourseMode, TargetGroup
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
