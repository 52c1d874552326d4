"""Factories for users, roles and memberships. Roles by code mirror the seeded roles."""

from __future__ import annotations

import factory

from tinhso.accounts.models import Membership, Role, User
from tinhso.units.tests.factories import UnitFactory

STANDARD_ROLES = {
    # code: (name, actions, scope, order)
    "viewer": ("Người xem", ["view"], "subtree", 10),
    "officer": ("Cán bộ, chuyên viên", ["view", "edit"], "subtree", 20),
    "leader": ("Lãnh đạo đơn vị", ["view", "edit", "approve"], "subtree", 30),
    "admin": ("Quản trị đơn vị", ["view", "edit", "approve", "manage", "audit"], "subtree", 40),
    "inspector": ("Thanh tra, kiểm tra", ["view", "audit"], "subtree", 50),
}


def role(code: str) -> Role:
    """The Role with `code`, created with its standard actions if missing."""
    name, actions, scope, order = STANDARD_ROLES[code]
    obj, _ = Role.objects.get_or_create(
        code=code,
        defaults={"name": name, "actions": actions, "scope": scope, "sort_order": order},
    )
    return obj


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.vn")
    position = "Chuyên viên"
    password = factory.django.Password("demo-Pass-2025")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = factory.LazyFunction(lambda: role("officer"))


def member(unit: object, role_code: str = "officer", **user_kwargs: object) -> User:
    """A new user holding `role_code` in `unit`."""
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user, unit=unit, role=role(role_code))
    return user
