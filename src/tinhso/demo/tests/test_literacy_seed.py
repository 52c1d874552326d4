"""The literacy demo: the published Đồng Nai figures come out of the rows, generated rows are
illustrative, persons are hashed, the seed is fast and idempotent."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.management import call_command

from tinhso.accounts.tests.factories import member
from tinhso.demo.literacy import (
    AI_OFFICIALS,
    PUBLISHED_TRAINED,
    SKHCN_PARTICIPANTS,
    seed_literacy,
)
from tinhso.literacy import selectors
from tinhso.literacy.models import Course, TrainingRecord
from tinhso.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_units", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    started = time.monotonic()
    summary = seed_literacy()
    return summary, time.monotonic() - started


def test_literacy_demo(seeded):
    summary, _seconds = seeded  # the time is reported by bench/, never asserted here
    province = Unit.objects.get(code="75", level__code="province", valid_to__isnull=True)
    leader = member(province, "leader")
    sep = dt.date(2025, 9, 30)
    report = selectors.literacy_progress(user=leader, year=2025, as_of=sep)
    # > 118,000 officials, public employees and residents trained by end Sep 2025 (S38).
    assert report.overall.learners >= PUBLISHED_TRAINED
    assert report.overall.learners < PUBLISHED_TRAINED * 1.01
    officials = next(t for t in report.totals if t.group.code == "officials")
    # 29,500 officials trained in AI (S38).
    assert officials.measures.ai_learners == AI_OFFICIALS
    # ~61,200 participants in the two courses of the Dept. of S&T (S50, S52).
    skhcn = Course.objects.filter(owner_unit__code="75.SKHCN", code__startswith="SKHCN-")
    participants = sum(
        selectors.literacy_measures(user=leader, as_of=sep, course=c).enrolments for c in skhcn
    )
    assert participants == SKHCN_PARTICIPANTS
    # Enrolments and learners are different measures.
    assert report.overall.enrolments > report.overall.learners
    # Oct 2025: 3 of 5 targets achieved, including 100 % officials and 100 % students (S49).
    october = selectors.literacy_progress(user=leader, year=2025, as_of=dt.date(2025, 10, 31))
    assert len(october.targets) == 5 and october.targets_achieved == 3
    achieved = {(t.target.group.code, t.target.measure) for t in october.targets if t.achieved}
    assert ("officials", "coverage") in achieved and ("students", "coverage") in achieved
    # 95 communes, each with populations; generated persons are illustrative and hashed.
    assert len({r.unit.pk for r in october.rows if r.unit.level.code == "commune"}) == 95
    assert not TrainingRecord.objects.filter(is_illustrative=False).exists()
    assert all(
        len(h) == 64 for h in TrainingRecord.objects.values_list("person_id_hash", flat=True)[:100]
    )
    # A second run creates nothing.
    again = seed_literacy()
    assert again.records == summary.records
