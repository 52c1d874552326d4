"""Services and selectors of the catalogue beyond import: edit rules, applicability, owner."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from tinhso.accounts.access import AccessDenied
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.procedures import selectors, services
from tinhso.procedures.models import ProcedureApplicability
from tinhso.procedures.tests.factories import ProcedureFactory
from tinhso.units.tests.factories import UnitFactory


def test_update_changes_fields_and_audits_once(tree, admin):
    p = ProcedureFactory(owner_unit=tree["P"])
    before = AuditEntry.objects.count()
    saved = services.procedure_update(
        actor=admin, procedure=p, data={"name": "Tên mới", "boundary_free": True}, version=1
    )
    assert saved.version == 2 and saved.name == "Tên mới" and saved.boundary_free
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-pk").first()
    assert set(entry.after) == {"name", "boundary_free", "version"}


def test_update_without_change_writes_nothing(tree, admin):
    p = ProcedureFactory(owner_unit=tree["P"])
    before = AuditEntry.objects.count()
    saved = services.procedure_update(actor=admin, procedure=p, data={"name": p.name}, version=1)
    assert saved.version == 1 and AuditEntry.objects.count() == before


def test_update_rules(tree, admin, admin_b):
    p = ProcedureFactory(owner_unit=tree["P"])
    with pytest.raises(ConcurrentEditError):
        services.procedure_update(actor=admin, procedure=p, data={"name": "x"}, version=7)
    with pytest.raises(ValidationError) as exc:
        services.procedure_update(actor=admin, procedure=p, data={"at_commune": False}, version=1)
    assert "at_commune" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.procedure_update(actor=admin, procedure=p, data={"code": "1.000000"}, version=1)
    with pytest.raises(ValidationError):
        services.procedure_update(
            actor=admin, procedure=p, data={"online_level": "level4"}, version=1
        )
    with pytest.raises(AccessDenied):
        services.procedure_update(actor=admin_b, procedure=p, data={"name": "x"}, version=1)
    p.refresh_from_db()
    assert p.version == 1


def test_applicability_default_and_restricted(tree):
    commune_level = ProcedureFactory(owner_unit=tree["P"])
    assert selectors.procedure_applies_in(procedure=commune_level, unit=tree["A"])
    other_province = UnitFactory(province=True)
    elsewhere = UnitFactory(parent=other_province)
    assert not selectors.procedure_applies_in(procedure=commune_level, unit=elsewhere)
    province_only = ProcedureFactory(owner_unit=tree["P"], at_commune=False, at_province=True)
    assert not selectors.procedure_applies_in(procedure=province_only, unit=tree["A"])
    assert selectors.procedure_applies_in(procedure=province_only, unit=tree["P"])
    restricted = ProcedureFactory(owner_unit=tree["P"], restricted=True)
    ProcedureApplicability.objects.create(procedure=restricted, unit=tree["A"])
    assert selectors.procedure_applies_in(procedure=restricted, unit=tree["A"])
    assert not selectors.procedure_applies_in(procedure=restricted, unit=tree["B"])


def test_default_owner_is_the_province_or_its_standing_agency(tree):
    other = UnitFactory(province=True, code="01")
    with override_settings(TINHSO_PROVINCE_CODE="01"):
        assert selectors.default_owner_unit() == other
    agency = UnitFactory(parent=tree["P"], department=True)
    tree["P"].standing_agency = agency
    tree["P"].save()
    with override_settings(TINHSO_PROVINCE_CODE="75"):
        assert selectors.default_owner_unit() == agency


def test_list_is_for_signed_in_users_only(tree):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.procedure_list(user=AnonymousUser())
