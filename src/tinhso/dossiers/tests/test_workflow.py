"""The transition table, exhaustively: every (action, status) pair is either applied or
refused with `invalid_transition`, and nothing changes on a refusal."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from tinhso.accounts.tests.factories import UserFactory, member
from tinhso.core.exceptions import DomainError
from tinhso.dossiers import services, workflow
from tinhso.dossiers.models import NATIONAL_CODE, PRE_RECEPTION_STATES, Dossier, Status
from tinhso.dossiers.tests.factories import DossierFactory
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

EXPECTED_TARGET = {
    ("receive", Status.SUBMITTED): Status.RECEIVED,
    ("receive", Status.PRE_SUPPLEMENT): Status.RECEIVED,
    ("request_completion", Status.SUBMITTED): Status.PRE_SUPPLEMENT,
    ("resubmit", Status.PRE_SUPPLEMENT): Status.SUBMITTED,
    ("refuse", Status.SUBMITTED): Status.REFUSED,
    ("refuse", Status.PRE_SUPPLEMENT): Status.REFUSED,
    ("start", Status.RECEIVED): Status.IN_PROCESS,
    ("send_interagency", Status.IN_PROCESS): Status.INTERAGENCY,
    ("interagency_back", Status.INTERAGENCY): Status.IN_PROCESS,
    ("request_supplement", Status.RECEIVED): Status.SUPPLEMENT,
    ("request_supplement", Status.IN_PROCESS): Status.SUPPLEMENT,
    ("request_supplement", Status.INTERAGENCY): Status.SUPPLEMENT,
    ("supplement_received", Status.SUPPLEMENT): Status.IN_PROCESS,
    ("request_payment", Status.IN_PROCESS): Status.AWAITING_PAYMENT,
    ("payment_received", Status.AWAITING_PAYMENT): Status.IN_PROCESS,
    ("finish", Status.IN_PROCESS): Status.DONE,
    ("return_result", Status.DONE): Status.RETURNED,
    **{
        ("stop", s): Status.STOPPED
        for s in (
            Status.RECEIVED,
            Status.IN_PROCESS,
            Status.INTERAGENCY,
            Status.SUPPLEMENT,
            Status.AWAITING_PAYMENT,
        )
    },
    **{
        ("withdraw", s): Status.WITHDRAWN
        for s in (
            Status.SUBMITTED,
            Status.PRE_SUPPLEMENT,
            Status.RECEIVED,
            Status.IN_PROCESS,
            Status.INTERAGENCY,
            Status.SUPPLEMENT,
            Status.AWAITING_PAYMENT,
        )
    },
    # reschedule keeps the status
    **{
        ("reschedule", s): s
        for s in (
            Status.RECEIVED,
            Status.IN_PROCESS,
            Status.INTERAGENCY,
            Status.SUPPLEMENT,
            Status.AWAITING_PAYMENT,
        )
    },
}


def test_the_table_is_what_the_spec_draws():
    table = {(t.action, s): (t.target or s) for t in workflow.TRANSITIONS for s in t.sources}
    assert table == EXPECTED_TARGET


def test_every_state_maps_to_a_national_code():
    assert set(NATIONAL_CODE) == set(Status.values)
    assert sorted(set(NATIONAL_CODE.values())) == list(range(1, 11))


def _dossier(status: str) -> Dossier:
    unit = UnitFactory()
    received = None if status in PRE_RECEPTION_STATES else timezone.now() - dt.timedelta(days=2)
    return DossierFactory(
        status=status,
        resolving_unit=unit,
        registered_at=timezone.now() - dt.timedelta(days=2),
        received_at=received,
        due_at=received + dt.timedelta(days=5) if received else None,
        original_due_at=received + dt.timedelta(days=5) if received else None,
    )


@pytest.mark.parametrize(
    ("action", "status"), list(itertools.product(workflow.ACTIONS, Status.values))
)
def test_every_pair(action, status):
    admin = UserFactory(is_superuser=True)
    dossier = _dossier(status)
    kwargs = {"note": "Lý do ghi rõ", "new_due_at": timezone.now() + dt.timedelta(days=30)}
    if (action, status) in EXPECTED_TARGET:
        after = services.dossier_transition(actor=admin, dossier=dossier, action=action, **kwargs)
        assert after.status == EXPECTED_TARGET[(action, status)]
        assert after.version == dossier.version + 1
        event = after.events.get()
        assert (event.action, event.from_status, event.to_status) == (action, status, after.status)
        assert event.national_code == NATIONAL_CODE[after.status]
    else:
        with pytest.raises(DomainError) as err:
            services.dossier_transition(actor=admin, dossier=dossier, action=action, **kwargs)
        assert err.value.code == "invalid_transition"
        fresh = Dossier.objects.get(pk=dossier.pk)
        assert (fresh.status, fresh.version) == (status, dossier.version)
        assert not fresh.events.exists()


@pytest.mark.parametrize("step", workflow.TRANSITIONS, ids=lambda t: t.action)
def test_rights_follow_the_table(step):
    """The right is checked on the table's unit: an officer of an unrelated unit gets 404,
    the unit of the `on` column with the right may act."""
    from tinhso.accounts.access import AccessDenied

    status = sorted(step.sources)[0]
    dossier = _dossier(status)
    stranger = member(UnitFactory(), "leader")
    with pytest.raises(AccessDenied):
        services.dossier_transition(
            actor=stranger,
            dossier=dossier,
            action=step.action,
            note="x",
            new_due_at=timezone.now() + dt.timedelta(days=30),
        )
    role = "leader" if step.right == "approve" else "officer"
    unit = dossier.receiving_unit if step.on == "receiving" else dossier.resolving_unit
    assert unit.pk in workflow.units_for(step, dossier)
    insider = member(unit, role)
    assert workflow.may(insider, step, dossier)
    viewer = member(dossier.resolving_unit, "viewer")
    assert not workflow.may(viewer, step, dossier)
