"""The projects demo: 12 projects DA-01…DA-12 with the sourced zones, real communes, overdue
milestones, open blockers and lagging projects; a second run creates nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from tinhso.accounts.models import User
from tinhso.audit.models import AuditEntry
from tinhso.demo.accounts import seed_demo_accounts
from tinhso.demo.projects import seed_projects
from tinhso.projects import selectors
from tinhso.projects.models import Project, ProjectBlocker, ProjectProgress

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 10, 31)


@pytest.fixture
def seeded():
    call_command("load_units", verbosity=0)
    seed_demo_accounts()
    out = io.StringIO()
    projects = seed_projects(stdout=out)
    return projects, out.getvalue()


def test_projects_demo(seeded):
    projects, output = seeded
    assert [p.code for p in projects] == [f"DA-{i:02d}" for i in range(1, 13)]
    assert "12 projects" in output
    _zones_are_sourced_and_located_in_real_communes()
    _eight_managing_units_and_totals_in_dong()
    _overdue_milestones_open_blockers_and_lagging()
    _writes_went_through_audited_services()
    _second_run_creates_nothing()


def _zones_are_sourced_and_located_in_real_communes():
    park = Project.objects.get(code="DA-01")
    assert park.area_ha == 119
    assert "[S71]" in park.source and "[S72]" in park.source
    assert not park.is_illustrative
    assert sorted(u.code for u in park.communes.all()) == ["26383", "26389"]  # An Phước, Bình An
    zone = Project.objects.get(code="DA-02")
    assert zone.area_ha == 300 and [u.name for u in zone.communes.all()] == ["Xã Bình An"]
    xoai = Project.objects.get(code="DA-03")
    assert [u.code for u in xoai.communes.all()] == ["25210"]  # Phường Đồng Xoài
    approval = park.milestones.get(kind="planning_approval")
    assert approval.actual_on == dt.date(2026, 3, 19)
    illustrative = Project.objects.filter(is_illustrative=True)
    assert illustrative.count() == 9
    assert all("Minh họa" in p.source for p in illustrative)


def _eight_managing_units_and_totals_in_dong():
    assert Project.objects.values("unit").distinct().count() == 8
    totals = [p.total_investment for p in Project.objects.filter(kind="public_investment")]
    assert all(isinstance(t, int) and t > 10**9 for t in totals)
    # Financial % from the disbursed amount: 150 bn of 185 bn → 81 %.
    dc = Project.objects.get(code="DA-04")
    assert (dc.disbursed_amount, dc.financial_percent) == (150 * 10**9, 81)


def _overdue_milestones_open_blockers_and_lagging():
    leader = User.objects.get(username="bcd.lanhdao")
    counts = selectors.project_counts(user=leader, as_of=AS_OF)
    assert counts["total"] == 12
    assert counts["overdue_milestones"] >= 3
    assert counts["open_blockers"] >= 5
    lagging = {
        p.code
        for p in selectors.project_list(user=leader, filters={"as_of": AS_OF, "lagging": True})
    }
    assert {"DA-01", "DA-12"} <= lagging
    assert "DA-06" not in lagging  # in operation, 100 %
    open_codes = {
        b.project.code for b in selectors.blocker_open_list(user=leader, filters={"as_of": AS_OF})
    }
    assert "DA-01" in open_codes
    resolved = ProjectBlocker.objects.filter(resolved_on__isnull=False)
    assert resolved.count() == 1


def _writes_went_through_audited_services():
    progress = ProjectProgress.objects.count()
    assert progress >= 20
    assert AuditEntry.objects.filter(object_type__icontains="projectprogress").count() == progress


def _second_run_creates_nothing():
    before = (Project.objects.count(), ProjectProgress.objects.count(), AuditEntry.objects.count())
    seed_projects()
    after = (Project.objects.count(), ProjectProgress.objects.count(), AuditEntry.objects.count())
    assert before == after
