"""Counts from dossier rows, stored scores, incremental refresh, manual inputs, NQ57 flow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from tinhso.accounts.access import AccessDenied
from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.dossiers.models import Evaluation, SatisfactionLevel, Status
from tinhso.dossiers.tests.factories import DossierFactory
from tinhso.indicators.models import IndicatorRollup, IndicatorValue, ValueStatus
from tinhso.procedures.models import Channel
from tinhso.serviceindex import services, tasks
from tinhso.serviceindex.models import RefreshRun, UnitPeriodScore
from tinhso.serviceindex.periods import month, parse, quarter, year

from .conftest import at

Q3 = quarter(2025, 3)


def _dossier(unit, proc, **kwargs):
    received = kwargs.pop("received_at", at(5))
    return DossierFactory(
        resolving_unit=unit,
        procedure=proc,
        registered_at=received,
        received_at=received,
        due_at=kwargs.pop("due_at", received + dt.timedelta(days=5)),
        **kwargs,
    )


def test_counts_follow_the_portal_rules(world):
    a, proc, plain = world["A"], world["proc"], world["plain"]
    # On time: finished before due; open and not yet due at the period end.
    _dossier(
        a,
        proc,
        status=Status.DONE,
        finished_at=at(7),
        has_e_result=True,
        channel=Channel.ONLINE,
        is_digitised=True,
        portal_synced_at=at(5),
    )
    _dossier(a, plain, due_at=at(2, month=10), channel=Channel.ONLINE, is_digitised=True)
    # Late: finished after due; two supplement requests; open and overdue at period end.
    _dossier(a, proc, status=Status.DONE, finished_at=at(20), fee_total=5000, paid_online=True)
    _dossier(a, proc, status=Status.DONE, finished_at=at(7), supplement_count=2)
    _dossier(a, proc, due_at=at(9))
    # Online but no e-result for a document-returning procedure: not a qualifying online one.
    _dossier(
        a,
        proc,
        status=Status.DONE,
        finished_at=at(6),
        channel=Channel.ONLINE,
        is_digitised=True,
        has_reused=True,
        vneid_verified=True,
    )
    # Another period and another commune: not counted for A in Q3.
    _dossier(a, proc, received_at=at(5, month=10))
    _dossier(world["B"], proc)
    score = services.score_compute(unit=a, period=Q3)
    c = score.counts
    assert c["received"] == 6
    assert c["on_time"] == 3
    assert c["late"] == 3
    assert c["synced"] == 1
    assert c["received_online"] == 2  # the third online dossier lacks its e-result
    assert c["digitised"] == 2  # the proc dossier digitised without e-result does not count
    assert (c["doc_dossiers"], c["e_result"]) == (5, 1)
    assert (c["fee_dossiers"], c["paid_online"]) == (1, 1)
    assert (c["reused"], c["population"]) == (1, 1)
    # Procedure level: both procedures are commune procedures; one is online.
    assert (c["procedures"], c["procedures_online"], c["online_services_used"]) == (2, 1, 1)
    assert (c["fee_procedures"], c["fee_procedures_paid"]) == (2, 1)
    points = {i["code"]: i for i in score.points["indicators"]}
    assert Decimal(points["2.1"]["points"]) == Decimal(10)  # 20 × 3/6
    assert points["1.1"]["status"] == "no_data"
    assert points["5.2"]["points"] == "6.00"  # no PAKN figure: full marks (zero policy)
    # The province sums all its units.
    province = services.score_compute(unit=world["P"], period=Q3)
    assert province.counts["received"] == 7


def test_open_dossier_of_the_running_period_is_judged_now(world):
    now = timezone.now()
    current = month(now.year, now.month) if False else parse(f"{now.year}")
    _dossier(
        world["A"],
        world["proc"],
        received_at=now - dt.timedelta(hours=2),
        due_at=now + dt.timedelta(days=1),
    )
    score = services.score_compute(unit=world["A"], period=current)
    assert score.counts["on_time"] == 1


def test_unsatisfied_counts_once_for_5_4(world):
    a, proc = world["A"], world["proc"]
    ok = _dossier(a, proc, status=Status.DONE, finished_at=at(6))
    late = _dossier(a, proc, status=Status.DONE, finished_at=at(30))
    for d in (ok, late):
        Evaluation.objects.create(
            dossier=d,
            channel=Channel.ONLINE,
            created_at=at(28),
            level=SatisfactionLevel.NOT_SATISFIED,
        )
    score = services.score_compute(unit=a, period=Q3)
    assert (score.counts["late"], score.counts["unsatisfied"]) == (1, 1)
    item = next(i for i in score.points["indicators"] if i["code"] == "5.4")
    assert item["rate"] == "0"


def test_full_period_compute_has_a_constant_number_of_queries(world, django_assert_max_num_queries):
    from tinhso.units.tests.factories import UnitFactory

    for _ in range(8):
        commune = UnitFactory(parent=world["P"])
        for day in (3, 4):
            _dossier(commune, world["proc"], received_at=at(day))
    with django_assert_max_num_queries(14):
        result = services.serviceindex_refresh(period=Q3)
    assert result.scores == 11  # province + 10 communes
    ranks = UnitPeriodScore.objects.filter(period_code="2025-Q3").count()
    assert ranks == 11


def test_a_full_refresh_scores_only_this_province(world):
    """The directory holds all 34 provinces; only the deployment's own are scored."""
    from tinhso.units.tests.factories import UnitFactory

    elsewhere = UnitFactory(province=True, code="01", name="Thành phố Hà Nội")
    UnitFactory(parent=elsewhere, name="Phường Hoàn Kiếm")
    result = services.serviceindex_refresh(period=Q3)
    assert result.scores == 3  # Đồng Nai and its two communes
    assert not UnitPeriodScore.objects.filter(unit__province_code="01").exists()


def test_refresh_changed_recomputes_only_what_a_change_touches(world):
    a, b = world["A"], world["B"]
    d = _dossier(a, world["proc"])
    _dossier(b, world["proc"])
    services.serviceindex_refresh(full=True)
    assert set(UnitPeriodScore.objects.values_list("period_code", flat=True).distinct()) == {
        "2025-M08",
        "2025-Q3",
        "2025",
    }
    before_b = UnitPeriodScore.objects.get(unit=b, period_code="2025-Q3").computed_at
    since = RefreshRun.objects.latest("started_at").started_at
    d.status, d.finished_at = Status.DONE, at(6)
    d.save()
    result = services.serviceindex_refresh_changed(since=since)
    assert sorted(result.periods) == ["2025", "2025-M08", "2025-Q3"]
    assert result.scores == 6  # A and the province for the month, quarter and year
    assert UnitPeriodScore.objects.get(unit=b, period_code="2025-Q3").computed_at == before_b
    score_a = UnitPeriodScore.objects.get(unit=a, period_code="2025-Q3")
    assert score_a.counts["on_time"] == 1 and score_a.data_version == 2


def test_refresh_changed_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    from tinhso.units.tests.factories import UnitFactory

    services.nq57_indicators_ensure()  # created once, on first use
    for day in range(1, 11):
        _dossier(UnitFactory(parent=world["P"]), world["proc"], received_at=at(day))
    since = timezone.now() - dt.timedelta(minutes=5)
    # Month, quarter and year of 10 communes: a constant number of queries per period.
    with django_assert_max_num_queries(50):
        services.serviceindex_refresh_changed(since=since)


def test_default_refresh_is_incremental_after_a_first_full_run(world):
    _dossier(world["A"], world["proc"])
    first = tasks.refresh.apply().get()
    assert "2025-Q3" in first["periods"]
    second = services.serviceindex_refresh()
    assert second.periods == [] and second.scores == 0
    assert RefreshRun.objects.count() == 2


def test_management_command(world, capsys):
    _dossier(world["A"], world["proc"])
    call_command("serviceindex_refresh", "--period", "2025-Q3")
    assert "scores" in capsys.readouterr().out
    assert UnitPeriodScore.objects.filter(period_code="2025-Q3", unit=world["A"]).exists()


def test_ensure_current_recomputes_after_a_dossier_change(world, officer_a):
    d = _dossier(world["A"], world["proc"], status=Status.DONE, finished_at=at(6))
    first = services.score_ensure_current(user=officer_a, unit=world["A"], period=Q3)
    assert first.counts["on_time"] == 1
    d.supplement_count = 2
    d.save()
    again = services.score_ensure_current(user=officer_a, unit=world["A"], period=Q3)
    assert again.counts["on_time"] == 0
    with pytest.raises(AccessDenied):
        services.score_ensure_current(user=officer_a, unit=world["B"], period=Q3)


def test_manual_input_feeds_the_score_and_is_audited(world, officer_a):
    row = services.manual_input_save(
        actor=officer_a,
        unit=world["A"],
        period_code="2025-Q3",
        indicator_code="1.1",
        numerator="38",
        denominator="40",
        source="Sở Tư pháp, báo cáo quý III",
    )
    assert row.version == 1
    assert AuditEntry.objects.filter(object_type="serviceindex.ManualInput").count() == 1
    score = UnitPeriodScore.objects.get(unit=world["A"], period_code="2025-Q3")
    item = next(i for i in score.points["indicators"] if i["code"] == "1.1")
    assert Decimal(item["points"]) == Decimal("5.7")
    with pytest.raises(ValidationError) as exc:
        services.manual_input_save(
            actor=officer_a,
            unit=world["A"],
            period_code="2025-Q9",
            indicator_code="2.1",
            numerator="5",
            denominator="4",
            source="",
        )
    assert set(exc.value.message_dict) == {"period"}
    with pytest.raises(ValidationError) as exc:
        services.manual_input_save(
            actor=officer_a,
            unit=world["A"],
            period_code="2025-Q3",
            indicator_code="2.1",
            numerator="5",
            denominator="4",
            source="",
        )
    assert set(exc.value.message_dict) == {"indicator", "numerator", "source"}
    with pytest.raises(AccessDenied):
        services.manual_input_save(
            actor=officer_a,
            unit=world["B"],
            period_code="2025-Q3",
            indicator_code="1.1",
            numerator="1",
            denominator="1",
            source="x",
        )
    viewer = member(world["A"], "viewer")
    with pytest.raises(AccessDenied):
        services.manual_input_save(
            actor=viewer,
            unit=world["A"],
            period_code="2025-Q3",
            indicator_code="1.1",
            numerator="1",
            denominator="1",
            source="x",
        )


def test_nq57_values_flow_from_monthly_commune_scores(world):
    a = world["A"]
    _dossier(a, world["proc"], channel=Channel.ONLINE, has_e_result=True, is_digitised=True)
    _dossier(a, world["proc"])
    result = services.serviceindex_refresh(period=month(2025, 8))
    assert result.nq57_values == 3
    values = {
        v.indicator.code: v for v in IndicatorValue.objects.filter(unit=a, period__code="2025-M08")
    }
    assert set(values) == {"DVC_ONLINE_RATE", "HS_SO_HOA_RATE", "KQ_DIEN_TU_RATE"}
    online = values["DVC_ONLINE_RATE"]
    assert (online.numerator, online.denominator, online.value) == (1, 2, Decimal("50"))
    assert online.status == ValueStatus.SUBMITTED
    assert online.source == "Hệ thống một cửa (tự động)"
    assert IndicatorRollup.objects.filter(unit=world["P"], period__code="2025-M08").count() == 3
    # A confirmed value is locked: a later refresh leaves it alone.
    IndicatorValue.objects.filter(pk=online.pk).update(status=ValueStatus.CONFIRMED)
    _dossier(a, world["proc"], received_at=at(9))
    services.serviceindex_refresh(period=month(2025, 8))
    online.refresh_from_db()
    assert online.denominator == 2
    assert IndicatorValue.objects.get(unit=a, indicator__code="HS_SO_HOA_RATE").denominator == 3
    # Quarters and years write nothing into monthly indicators.
    assert services.nq57_values_write(period=Q3, scores=[]) == 0


def test_periods():
    assert parse("2025-Q3") == quarter(2025, 3)
    assert parse("2025-M13") is None and parse("x") is None and parse("1999") is None
    assert [p.code for p in month(2025, 8).containing()] == ["2025-M08", "2025-Q3", "2025"]
    assert len(year(2025).months()) == 12
    assert Q3.start_at.isoformat() == "2025-07-01T00:00:00+07:00"
