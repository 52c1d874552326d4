"""Entry rules of values (table-driven), versions, locking, batches and status changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.indicators.models import Indicator, IndicatorRollup, IndicatorValue
from tinhso.indicators.services import (
    indicator_create,
    indicator_update,
    indicator_value_save,
    indicator_values_save_batch,
    indicator_values_set_status,
)
from tinhso.units.tests.factories import UnitFactory, level

from .factories import DimensionMemberFactory, IndicatorFactory, month

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 9, 30)


def save(actor, indicator, unit, period=None, **kwargs):
    kwargs.setdefault("as_of", AS_OF)
    return indicator_value_save(
        actor=actor, indicator=indicator, unit=unit, period=period or month(), **kwargs
    )


@pytest.mark.parametrize(
    ("traits", "figures", "field", "fragment"),
    [
        ({"ratio": True}, {"numerator": "11", "denominator": "10"}, "numerator", "exceed"),
        ({"ratio": True}, {"numerator": "1", "denominator": "0"}, "denominator", "greater"),
        ({"ratio": True}, {"numerator": "-1", "denominator": "5"}, "numerator", "negative"),
        ({"ratio": True}, {"numerator": "", "denominator": "5"}, "numerator", "Enter"),
        ({"ratio": True}, {"numerator": "x", "denominator": "5"}, "numerator", "number"),
        ({"bounded": True}, {"value": "-1"}, "value", "minimum"),
        ({"bounded": True}, {"value": "1000.5"}, "value", "maximum"),
        ({}, {"value": None}, "value", "Enter"),
        ({}, {"value": "abc"}, "value", "number"),
        ({}, {"value": "1e309x"}, "value", "number"),
    ],
)
def test_entry_rules(tree, officer_a, traits, figures, field, fragment):
    indicator = IndicatorFactory(**traits)
    with pytest.raises(ValidationError) as caught:
        save(officer_a, indicator, tree["A"], **figures)
    assert field in caught.value.message_dict
    assert fragment in " ".join(caught.value.message_dict[field])
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("figures", "value"),
    [
        ({"numerator": "1", "denominator": "3"}, Decimal("33.3333")),
        ({"numerator": "10", "denominator": "10"}, Decimal(100)),
        ({"numerator": "0", "denominator": "7"}, Decimal(0)),
    ],
)
def test_ratio_value_is_derived(tree, officer_a, figures, value):
    saved = save(officer_a, IndicatorFactory(ratio=True), tree["A"], **figures)
    assert saved.value == value


def test_wrong_level_and_frequency_are_refused(tree, admin):
    indicator = IndicatorFactory(quarterly=True)
    with pytest.raises(ValidationError) as caught:
        save(admin, indicator, tree["P"], value="1")
    assert {"unit", "period"} <= set(caught.value.message_dict)


@pytest.mark.parametrize(
    ("previous", "value", "comment", "outlier", "refused"),
    [
        ("100", "149", "", False, False),
        ("100", "151", "", True, True),
        ("100", "40", "", True, True),
        ("100", "151", "Thêm điểm giao dịch mới", True, False),
        ("0", "1", "", True, True),
        (None, "1000", "", False, False),
    ],
)
def test_outlier_needs_a_comment(tree, officer_a, previous, value, comment, outlier, refused):
    indicator = IndicatorFactory(guarded=True)
    if previous is not None:
        save(officer_a, indicator, tree["A"], month(2025, 8), value=previous)
    if refused:
        with pytest.raises(ValidationError) as caught:
            save(officer_a, indicator, tree["A"], value=value, comment=comment)
        assert "comment" in caught.value.message_dict
        return
    saved = save(officer_a, indicator, tree["A"], value=value, comment=comment)
    assert saved.is_outlier is outlier


def test_version_check_and_audit(tree, officer_a):
    indicator = IndicatorFactory()
    first = save(officer_a, indicator, tree["A"], value="1", expected_version=0)
    assert first.version == 1
    assert AuditEntry.objects.filter(object_type="indicators.IndicatorValue").count() == 1
    second = save(officer_a, indicator, tree["A"], value="2", expected_version=1)
    assert second.version == 2
    with pytest.raises(ConcurrentEditError):
        save(officer_a, indicator, tree["A"], value="3", expected_version=1)
    with pytest.raises(ConcurrentEditError):  # two people entering a new value at once
        save(officer_a, indicator, tree["A"], value="3", expected_version=0)
    assert IndicatorValue.objects.get().value == Decimal(2)
    unchanged = save(officer_a, indicator, tree["A"], value="2", expected_version=2)
    assert unchanged.version == 2  # nothing changed, nothing written


def test_confirmed_value_is_locked_until_reopened(tree, officer_a, leader_a):
    indicator = IndicatorFactory()
    save(officer_a, indicator, tree["A"], value="1")
    period = month()
    assert (
        indicator_values_set_status(
            actor=officer_a, unit=tree["A"], period=period, status="submitted"
        )
        == 1
    )
    with pytest.raises(Http404):  # an officer cannot confirm
        indicator_values_set_status(
            actor=officer_a, unit=tree["A"], period=period, status="confirmed"
        )
    indicator_values_set_status(actor=leader_a, unit=tree["A"], period=period, status="confirmed")
    with pytest.raises(DomainError):
        save(officer_a, indicator, tree["A"], value="2")
    with pytest.raises(ValidationError):  # reopening needs a reason
        indicator_values_set_status(
            actor=leader_a, unit=tree["A"], period=period, status="submitted", reopen=True
        )
    indicator_values_set_status(
        actor=leader_a,
        unit=tree["A"],
        period=period,
        status="submitted",
        reopen=True,
        reason="Sai số liệu mẫu số",
    )
    assert save(officer_a, indicator, tree["A"], value="2").value == Decimal(2)


def test_reporting_may_confirm_on_the_reviewers_authority(tree):
    indicator = IndicatorFactory()
    officer = member(tree["A"], "officer")
    save(officer, indicator, tree["A"], value="4")
    indicator_values_set_status(actor=officer, unit=tree["A"], period=month(), status="submitted")
    reviewer = member(UnitFactory(department=True), "leader")  # no role in commune A
    with pytest.raises(Http404):
        indicator_values_set_status(
            actor=reviewer, unit=tree["A"], period=month(), status="confirmed"
        )
    changed = indicator_values_set_status(
        actor=reviewer,
        unit=tree["A"],
        period=month(),
        status="confirmed",
        authorised_by_caller=True,
    )
    assert changed == 1
    assert IndicatorRollup.objects.get(unit=tree["P"]).confirmed == 1


def test_other_unit_gets_404(tree, officer_a):
    indicator = IndicatorFactory()
    with pytest.raises(Http404):
        save(officer_a, indicator, tree["B"], value="1")
    with pytest.raises(Http404):
        indicator_values_set_status(
            actor=officer_a, unit=tree["B"], period=month(), status="submitted"
        )
    assert not IndicatorValue.objects.exists()


def test_breakdown_members(tree, officer_a):
    member_ = DimensionMemberFactory()
    indicator = IndicatorFactory()
    indicator.dimensions.add(member_.dimension)
    saved = save(officer_a, indicator, tree["A"], value="3", breakdown=member_.key)
    assert saved.breakdown == member_.key
    with pytest.raises(ValidationError) as caught:
        save(officer_a, indicator, tree["A"], value="3", breakdown="dim:nope")
    assert "breakdown" in caught.value.message_dict


def test_batch_is_all_or_nothing_with_a_row_report(tree, officer_a):
    ratio = IndicatorFactory(ratio=True)
    plain = IndicatorFactory()
    rows = [
        {
            "indicator": plain.code,
            "unit": "26041",
            "period": "2025-M09",
            "value": "5",
            "as_of": AS_OF,
        },
        {
            "indicator": ratio,
            "unit": tree["A"],
            "period": month(),
            "numerator": "12",
            "denominator": "10",
            "as_of": AS_OF,
        },
        {"indicator": "NOPE", "unit": "26041", "period": "2025-M09", "value": "1", "as_of": AS_OF},
    ]
    with pytest.raises(ValidationError) as caught:
        indicator_values_save_batch(actor=officer_a, rows=rows)
    errors = caught.value.message_dict
    assert set(errors) == {"rows.1.numerator", "rows.2.indicator"}
    assert errors["rows.1.numerator"][0].startswith("Row 2, numerator:")
    assert not IndicatorValue.objects.exists()
    assert not IndicatorRollup.objects.exists()
    rows[1]["numerator"] = "8"
    rows.pop()
    saved = indicator_values_save_batch(actor=officer_a, rows=rows)
    assert [v.value for v in saved] == [Decimal(5), Decimal(80)]


def test_batch_with_a_foreign_unit_is_a_404(tree, officer_a):
    plain = IndicatorFactory()
    rows = [
        {"indicator": plain, "unit": tree["A"], "period": month(), "value": "1", "as_of": AS_OF},
        {"indicator": plain, "unit": tree["B"], "period": month(), "value": "1", "as_of": AS_OF},
    ]
    with pytest.raises(Http404):
        indicator_values_save_batch(actor=officer_a, rows=rows)
    assert not IndicatorValue.objects.exists()


def test_catalogue_writes_need_manage_on_the_owner(tree, admin, officer_a):
    data = {
        "code": "DVC-01",
        "name": "Tỷ lệ hồ sơ trực tuyến",
        "unit_of_measure": "%",
        "aggregation": "ratio",
        "frequency": "month",
        "entry_level": level("commune"),
    }
    with pytest.raises(Http404):
        indicator_create(actor=officer_a, owner_unit=tree["P"], data=data)
    created = indicator_create(actor=admin, owner_unit=tree["P"], data=data)
    assert created.version == 1
    updated = indicator_update(
        actor=admin,
        indicator=created,
        data={"name": "Tỷ lệ hồ sơ TTHC trực tuyến"},
        expected_version=1,
    )
    assert updated.version == 2
    with pytest.raises(ConcurrentEditError):
        indicator_update(actor=admin, indicator=created, data={"name": "x"}, expected_version=1)
    with pytest.raises(ValidationError):
        indicator_update(actor=admin, indicator=updated, data={"bogus": 1}, expected_version=2)
    assert Indicator.objects.get().name == "Tỷ lệ hồ sơ TTHC trực tuyến"


def test_changing_the_rule_rebuilds_the_rollups(tree, admin):
    from tinhso.indicators.services import indicator_values_set_status as set_status

    indicator = IndicatorFactory(owner_unit=tree["P"])
    for unit, v in ((tree["A"], "2"), (tree["B"], "4")):
        save(admin, indicator, unit, value=v)
        set_status(actor=admin, unit=unit, period=month(), status="submitted")
    assert IndicatorRollup.objects.get(unit=tree["P"]).value == Decimal(6)
    indicator_update(
        actor=admin, indicator=indicator, data={"aggregation": "avg"}, expected_version=1
    )
    assert IndicatorRollup.objects.get(unit=tree["P"]).value == Decimal(3)


def test_adhoc_period(tree, admin):
    from tinhso.indicators.selectors import period_previous
    from tinhso.indicators.services import period_adhoc_create

    first = period_adhoc_create(
        actor=admin,
        code="2025-BDHVS-1",
        start=dt.date(2025, 3, 1),
        end=dt.date(2025, 3, 31),
        name="Đợt 1 Bình dân học vụ số",
        unit=tree["P"],
    )
    second = period_adhoc_create(
        actor=admin,
        code="2025-BDHVS-2",
        start=dt.date(2025, 6, 1),
        end=dt.date(2025, 6, 30),
        name="Đợt 2 Bình dân học vụ số",
        unit=tree["P"],
    )
    assert period_previous(second) == first
    assert period_previous(first) is None
    with pytest.raises(ValidationError):
        period_adhoc_create(
            actor=admin,
            code="2025-X",
            start=dt.date(2025, 6, 2),
            end=dt.date(2025, 6, 1),
            name="x",
            unit=tree["P"],
        )


def test_draft_edits_leave_rollups_alone(tree, officer_a, django_assert_max_num_queries):
    indicator = IndicatorFactory()
    save(officer_a, indicator, tree["A"], value="1")
    assert not IndicatorRollup.objects.exists()
    with django_assert_max_num_queries(12):  # lock, previous, save, audit; no rollup SQL
        save(officer_a, indicator, tree["A"], value="2", expected_version=1)


def test_dimension_create(tree, admin, officer_a):
    from tinhso.indicators.selectors import dimension_list
    from tinhso.indicators.services import dimension_create

    members = [("officials", "Cán bộ, công chức"), ("residents", "Người dân")]
    with pytest.raises(Http404):
        dimension_create(
            actor=officer_a, owner_unit=tree["A"], code="target", name="Đối tượng", members=members
        )
    dimension_create(
        actor=admin, owner_unit=tree["P"], code="target", name="Đối tượng", members=members
    )
    [dimension] = dimension_list()
    assert [m.key for m in dimension.members.all()] == ["target:officials", "target:residents"]
    with pytest.raises(ValidationError):
        dimension_create(actor=admin, owner_unit=tree["P"], code="target", name="x", members=[])


def test_batch_checks_outliers_and_repeated_rows(tree, officer_a, django_assert_max_num_queries):
    indicator = IndicatorFactory(guarded=True)
    save(officer_a, indicator, tree["A"], month(2025, 8), value="100")
    row = {"indicator": indicator, "unit": tree["A"], "period": month(), "as_of": AS_OF}
    with pytest.raises(ValidationError) as caught:
        indicator_values_save_batch(
            actor=officer_a,
            rows=[{**row, "value": "300", "version": 0}, {**row, "value": "120", "version": 0}],
        )
    assert set(caught.value.message_dict) == {"rows.0.comment"}  # the previous period: 100
    with pytest.raises(ValidationError) as caught:
        indicator_values_save_batch(
            actor=officer_a,
            rows=[
                {**row, "value": "300", "version": 0, "comment": "Mở thêm điểm hỗ trợ"},
                {**row, "value": "120", "version": 0},  # the same key again: a conflict
            ],
        )
    assert set(caught.value.message_dict) == {"rows.1"}
    assert IndicatorValue.objects.count() == 1
    others = [IndicatorFactory() for _ in range(20)]
    rows = [{**row, "indicator": i, "value": "1"} for i in others]
    # per row: the insert and its audit row, nothing else (no lookup, no savepoint)
    with django_assert_max_num_queries(20 * 2 + 12):
        indicator_values_save_batch(actor=officer_a, rows=rows)
