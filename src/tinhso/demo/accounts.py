"""Demo accounts for Đồng Nai: one per role the issue names, plus realistic commune staff.

Every demo account shares the clearly-demo password `DEMO_PASSWORD`; it is printed by
`seed_demo` and listed in the README. Never run this against a production database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from tinhso.accounts.models import Membership, Role, User
from tinhso.audit.services import audit_record
from tinhso.units.models import Unit

DEMO_PASSWORD = "demo-Tinhso-2026"  # noqa: S105  # published demo password, demo data only
PROVINCE_CODE = "75"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    position: str
    grants: tuple[tuple[str, str], ...]  # (unit selector, role code)
    purpose: str


def _unit(selector: str) -> Unit:
    """Resolve a demo unit selector: "province", "level:<code>", "dept:<name part>", a code."""
    qs = Unit.objects.current().filter(province_code=PROVINCE_CODE)
    if selector == "province":
        return qs.get(level__code="province")
    if selector.startswith("level:"):
        return qs.get(level__code=selector.removeprefix("level:"))
    if selector.startswith("dept:"):
        return qs.get(level__code="department", name__icontains=selector.removeprefix("dept:"))
    return qs.get(code=selector, level__code="commune")


ACCOUNTS = [
    DemoAccount(
        "admin.tinh",
        "Trần Quốc Hùng",
        "Quản trị hệ thống, Sở Khoa học và Công nghệ",
        (("province", "admin"),),
        "province administrator",
    ),
    DemoAccount(
        "bcd.lanhdao",
        "Nguyễn Thị Thanh Hà",
        "Phó Trưởng Ban Chỉ đạo",
        (("level:steering_committee", "leader"), ("province", "viewer")),
        "Steering Committee leader",
    ),
    DemoAccount(
        "skhcn.canbo",
        "Lê Minh Tuấn",
        "Chuyên viên Phòng Chuyển đổi số",
        (("dept:Khoa học và Công nghệ", "officer"),),
        "DoST officer",
    ),
    DemoAccount(
        "thanhtra",
        "Phạm Văn Đức",
        "Thanh tra viên, Thanh tra tỉnh",
        (("province", "inspector"),),
        "inspector (reads everything, writes nothing)",
    ),
    DemoAccount(
        "bienhoa.canbo",
        "Võ Thị Mai",
        "Công chức Văn phòng HĐND và UBND phường",
        (("26068", "officer"),),
        "officer, Phường Biên Hòa",
    ),
    DemoAccount(
        "bienhoa.lanhdao",
        "Huỳnh Văn Long",
        "Phó Chủ tịch UBND phường",
        (("26068", "leader"),),
        "leader, Phường Biên Hòa",
    ),
    DemoAccount(
        "longkhanh.canbo",
        "Đặng Thị Hồng",
        "Công chức Văn hóa - Xã hội",
        (("26080", "officer"),),
        "officer, Phường Long Khánh",
    ),
    DemoAccount(
        "longkhanh.lanhdao",
        "Bùi Quang Vinh",
        "Chủ tịch UBND phường",
        (("26080", "leader"),),
        "leader, Phường Long Khánh",
    ),
    DemoAccount(
        "phuly.canbo",
        "Ngô Thị Lan",
        "Công chức Tư pháp - Hộ tịch",
        (("26173", "officer"),),
        "officer, Xã Phú Lý",
    ),
    DemoAccount(
        "phuly.lanhdao",
        "Trịnh Văn Sơn",
        "Chủ tịch UBND xã",
        (("26173", "leader"),),
        "leader, Xã Phú Lý",
    ),
]

_FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
_MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Thu", "Đức", "Kim"]
_GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hải",
    "Hạnh",
    "Khoa",
    "Linh",
    "Nam",
    "Nhung",
    "Phúc",
    "Quân",
    "Thảo",
    "Trung",
    "Tú",
    "Uyên",
    "Vy",
    "Yến",
    "Tâm",
]
_STAFF_POSITIONS = [
    ("officer", "Công chức Văn phòng HĐND và UBND"),
    ("officer", "Công chức Kinh tế"),
    ("leader", "Phó Chủ tịch UBND"),
]


@transaction.atomic
def seed_demo_accounts() -> list[DemoAccount]:
    """Create (or refresh) the demo accounts and three staff accounts per commune.

    Idempotent: existing usernames are updated in place, memberships are added if missing.
    """
    roles = {r.code: r for r in Role.objects.all()}
    password_hash = make_password(DEMO_PASSWORD)  # hashed once, shared by all demo users
    created = 0
    for account in ACCOUNTS:
        user, was_created = User.objects.update_or_create(
            username=account.username,
            defaults={
                "full_name": account.full_name,
                "position": account.position,
                "email": f"{account.username}@dongnai.gov.vn",
                "password": password_hash,
                "is_active": True,
            },
        )
        created += was_created
        for selector, role_code in account.grants:
            Membership.objects.get_or_create(user=user, unit=_unit(selector), role=roles[role_code])
    rng = random.Random(75)  # noqa: S311  # deterministic demo names, not security
    communes = list(
        Unit.objects.current()
        .filter(province_code=PROVINCE_CODE, level__code="commune")
        .order_by("code")
    )
    existing = set(
        User.objects.filter(username__startswith="cb").values_list("username", flat=True)
    )
    new_users: list[User] = []
    grants: list[tuple[str, int, str]] = []
    for commune in communes:
        for i, (role_code, position) in enumerate(_STAFF_POSITIONS, start=1):
            username = f"cb{commune.code}.{i}"
            grants.append((username, commune.pk, role_code))
            if username in existing:
                continue
            name = f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
            user = User(
                username=username,
                full_name=name,
                password=password_hash,
                position=f"{position} {commune.name.split(' ', 1)[0].lower()}",
                email=f"{username}@dongnai.gov.vn",
            )
            new_users.append(user)
    for user in new_users:
        user.save()  # save() fills search_text; a few hundred rows, once
    users = {u.username: u.pk for u in User.objects.filter(username__startswith="cb")}
    have = set(
        Membership.objects.filter(user_id__in=users.values()).values_list(
            "user_id", "unit_id", "role_id"
        )
    )
    Membership.objects.bulk_create(
        [
            Membership(user_id=users[u], unit_id=unit_id, role=roles[r])
            for u, unit_id, r in grants
            if (users[u], unit_id, roles[r].pk) not in have
        ]
    )
    audit_record(
        actor=None,
        action="import",
        object_type="accounts.User",
        object_repr="demo accounts",
        message=f"seed_demo: {created + len(new_users)} accounts created",
    )
    return ACCOUNTS
