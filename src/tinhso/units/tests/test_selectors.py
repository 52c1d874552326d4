"""Selectors on the real data: eras, lineage, filters, tree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from tinhso.units import selectors
from tinhso.units.models import UnitLineage

from .factories import UnitFactory, UnitLineageFactory
from .helpers import current, former

pytestmark = pytest.mark.django_db

JUNE_30 = dt.date(2025, 6, 30)
JULY_1 = dt.date(2025, 7, 1)


def names(units):
    return [u.name for u in units]


def test_successors_of_a_split_commune(units):
    xuan_tam = former("26449")
    assert names(selectors.unit_successors(unit=xuan_tam)) == ["Xã Xuân Đông", "Xã Xuân Hòa"]


def test_successor_of_a_former_bien_hoa_ward(units):
    buu_hoa = former("26053")
    assert buu_hoa.name == "Phường Bửu Hòa"
    assert names(selectors.unit_successors(unit=buu_hoa)) == ["Phường Biên Hòa"]
    # Same code, different unit: old Hóa An (26068) also became Phường Biên Hòa (26068).
    assert selectors.unit_successors(unit=former("26068")) == [current("26068")]


def test_current_unit_has_no_successor(units):
    assert selectors.unit_successors(unit=current("26068")) == []


def test_successors_as_of_a_past_date(units):
    # On 30/6/2025 the old unit itself was valid: nothing to follow.
    assert selectors.unit_successors(unit=former("26449"), as_of=JUNE_30) == []


def test_retained_commune_successor_has_the_same_code(units):
    old = former("26374")  # Phường Tam Phước, not reorganised
    assert selectors.unit_successors(unit=old) == [current("26374")]


def test_successors_follow_lineage_transitively(units):
    first = UnitFactory(closed=True, valid_to=dt.date(2020, 1, 1), name="Xã Đầu")
    middle = UnitFactory(closed=True, valid_from=dt.date(2020, 1, 1), name="Xã Giữa")
    last_a = UnitFactory(name="Xã Cuối A")
    last_b = UnitFactory(name="Xã Cuối B")
    UnitLineageFactory(predecessor=first, successor=middle, effective_date=dt.date(2020, 1, 1))
    UnitLineageFactory(predecessor=middle, successor=last_b)
    UnitLineageFactory(predecessor=middle, successor=last_a)
    assert selectors.unit_successors(unit=first) == sorted(
        [last_a, last_b], key=lambda u: (u.code, u.pk)
    )
    # On a date inside the middle era, the middle unit is the answer.
    assert selectors.unit_successors(unit=first, as_of=dt.date(2024, 1, 1)) == [middle]


def test_predecessors(units):
    tran_bien = current("26041")
    assert names(selectors.unit_predecessors(unit=tran_bien)) == [
        "Phường Bửu Long",
        "Phường Quang Vinh",
        "Phường Thống Nhất",
        "Phường Trung Dũng",
        "Phường An Bình",
        "Phường Hiệp Hòa",
    ]
    links = selectors.unit_predecessor_links(unit=current("26359"))  # Xã Xuân Đông
    assert any(link.partial and link.predecessor.name == "Xã Xuân Tâm" for link in links)
    province_links = selectors.unit_predecessor_links(unit=current("75", "province"))
    assert [link.predecessor.name for link in province_links] == [
        "Tỉnh Bình Phước",
        "Tỉnh Đồng Nai",
    ]


def test_units_on_before_and_after_the_reform(units):
    before = selectors.units_on(day=JUNE_30, province_code="75", level="commune")
    after = selectors.units_on(day=JULY_1, province_code="75", level="commune")
    assert before.count() == 159  # old Đồng Nai alone; old Bình Phước carried code 70
    assert selectors.units_on(day=JUNE_30, province_code="70", level="commune").count() == 111
    assert after.count() == 95
    assert "Phường Hóa An" in names(before)
    assert "Phường Hóa An" not in names(after)
    assert selectors.units_on(day=JUNE_30, level="district").count() == 22
    assert selectors.units_on(day=JULY_1, level="district").count() == 0
    provinces_before = selectors.units_on(day=JUNE_30, level="province")
    assert sorted(p.code for p in provinces_before) == ["70", "75"]


def test_code_75_by_era(units):
    new = selectors.unit_get(code="75")
    old = selectors.unit_get(code="75", as_of=dt.date(2024, 6, 1))
    assert new != old
    assert new.valid_from == JULY_1 and new.valid_to is None
    assert old.valid_to == JULY_1
    assert selectors.unit_get(code="75", as_of=JULY_1) == new
    assert selectors.unit_get(code="75", as_of=JUNE_30) == old


def test_unit_get_missing_and_fallback(units):
    with pytest.raises(Http404):
        selectors.unit_get(code="99999")
    with pytest.raises(Http404):
        selectors.unit_get(code="26449")  # only a closed unit carries it
    assert selectors.unit_get(code="26449", closed_fallback=True) == former("26449")
    with pytest.raises(Http404):
        selectors.unit_get(code="70", as_of=JULY_1, closed_fallback=True)
    with pytest.raises(Http404):
        selectors.unit_get_by_pk(pk=10**9)


def test_unit_list_default_is_current_only(units):
    rows = selectors.unit_list(filters={"province": "75", "level": "commune"})
    assert rows.count() == 95
    assert selectors.unit_list(filters={}).count() == 34 + 3321 + 13 + 1 + 96
    everything = selectors.unit_list(filters={"include_closed": True})
    assert everything.count() == 3759


def test_unit_list_search_ignores_diacritics(units):
    found = names(selectors.unit_list(filters={"q": "bien hoa"}))
    assert "Phường Biên Hòa" in found
    assert "Phường Hóa An" not in found  # closed
    found_closed = names(selectors.unit_list(filters={"q": "BIÊN HÒA", "include_closed": True}))
    assert "Thành phố Biên Hòa" in found_closed
    by_code = selectors.unit_list(filters={"q": "26068", "include_closed": True})
    assert sorted(names(by_code)) == ["Phường Biên Hòa", "Phường Hóa An"]


def test_unit_list_as_of_and_parent(units):
    rows = selectors.unit_list(filters={"parent": "731", "as_of": JUNE_30})
    assert rows.count() == 25  # the wards of Thành phố Biên Hòa before the reform
    assert selectors.unit_list(filters={"parent": "731"}).count() == 0  # no current district
    assert selectors.unit_list(filters={"parent": "26041"}).get().code == "26041.TTPVHCC"
    dong_nai = current("75", "province")
    assert selectors.unit_list(filters={"parent_id": dong_nai.pk}).count() == 95 + 15
    # as_of wins over include_closed.
    assert (
        selectors.unit_list(
            filters={"as_of": JUNE_30, "include_closed": True, "level": "commune", "province": "75"}
        ).count()
        == 159
    )


def test_unit_list_order_is_stable(units):
    rows = list(selectors.unit_list(filters={"province": "75", "level": "commune"})[:3])
    assert [u.code for u in rows] == sorted(u.code for u in rows)


def test_children_of_closed_and_current_units(units):
    bien_hoa_city = former("731")
    assert selectors.unit_children(unit=bien_hoa_city).count() == 25
    dong_nai = current("75", "province")
    children = list(selectors.unit_children(unit=dong_nai))
    assert len(children) == 95 + 15
    # Communes (level order 30) before departments (40), then by code.
    assert children[0].level.code == "commune"
    assert selectors.unit_children_count(unit=former("75", "province")) == 11


def test_ancestors(units):
    hoa_an = former("26068")
    assert names(selectors.unit_ancestors(unit=hoa_an)) == ["Tỉnh Đồng Nai", "Thành phố Biên Hòa"]
    assert selectors.unit_ancestors(unit=current("01", "province")) == []


def test_tree_of_dong_nai(units):
    roots = selectors.unit_tree(province_code="75")
    assert len(roots) == 1
    root = roots[0]
    assert root.unit == current("75", "province")
    communes = [n for n in root.children if n.unit.level.code == "commune"]
    assert len(communes) == 95
    assert all(len(n.children) == 1 for n in communes)  # each with its service centre
    old_roots = selectors.unit_tree(province_code="75", as_of=JUNE_30)
    assert [r.unit for r in old_roots] == [former("75", "province")]
    assert len(old_roots[0].children) == 11
    assert sum(len(d.children) for d in old_roots[0].children) == 159


def test_province_codes_of_user_units(units):
    ids = [current("26068").pk, former("26053").pk, current("00070").pk]
    assert selectors.unit_province_codes_of(unit_ids=ids) == ["01", "75"]
    assert selectors.unit_province_codes_of(unit_ids=[]) == []


def test_lineage_kinds_are_labelled(units):
    link = selectors.unit_successor_links(unit=former("26449")).first()
    assert link is not None
    assert link.get_kind_display() == UnitLineage.Kind.SPLIT.label
