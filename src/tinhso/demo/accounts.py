"""Demo accounts for Đồng Nai: one per role the issue names, plus realistic commune staff.

Every demo account shares the clearly-demo password `DEMO_PASSWORD`; it is printed by
`seed_demo` and listed in the README. Never run this against a production database.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q

from tinhso.accounts import services
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
        "skhcn.lanhdao",
        "Đỗ Thị Kim Oanh",
        "Phó Giám đốc Sở Khoa học và Công nghệ (cơ quan thường trực Ban Chỉ đạo)",
        (("dept:Khoa học và Công nghệ", "leader"),),
        "standing agency leader (reviews reports)",
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


def _bootstrap_admin(roles: dict[str, Role], password_hash: str) -> User:
    """The province administrator: in production `createsuperuser` plays this part."""
    account = ACCOUNTS[0]
    admin, created = User.objects.get_or_create(
        username=account.username,
        defaults={
            "full_name": account.full_name,
            "position": account.position,
            "email": f"{account.username}@dongnai.gov.vn",
            "password": password_hash,
        },
    )
    if created:
        Membership.objects.create(user=admin, unit=_unit("province"), role=roles["admin"])
        audit_record(
            actor=None,
            action="create",
            obj=admin,
            unit=_unit("province"),
            message="seed_demo: bootstrap province administrator",
        )
    return admin


def _staff_workbook(existing: set[str]) -> bytes | None:
    """An import sheet of three staff accounts per Đồng Nai commune (as an office fills it)."""
    from openpyxl import Workbook

    rng = random.Random(75)  # noqa: S311  # deterministic demo names, not security
    communes = (
        Unit.objects.current()
        .filter(province_code=PROVINCE_CODE, level__code="commune")
        .order_by("code")
    )
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "Tên đăng nhập",
            "Họ và tên",
            "Thư điện tử",
            "Số điện thoại",
            "Chức vụ",
            "Mã đơn vị",
            "Vai trò",
        ]
    )
    rows = 0
    for commune in communes:
        kind = commune.name.split(" ", 1)[0].lower()
        for i, (role_code, position) in enumerate(_STAFF_POSITIONS, start=1):
            name = f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
            username = f"cb{commune.code}.{i}"
            if username in existing:
                continue
            phone = f"09{rng.randrange(10**7, 10**8)}"
            ws.append(
                [
                    username,
                    name,
                    f"{username}@dongnai.gov.vn",
                    phone,
                    f"{position} {kind}",
                    commune.code,
                    role_code,
                ]
            )
            rows += 1
    if not rows:
        return None
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def seed_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts through the real services, so the audit log is real too.

    The administrator is bootstrapped; every other account is created by `user_create` /
    `membership_create`, and commune staff by `users_import_excel`, all acting as the
    administrator. Demo convenience only: every demo account then gets the published demo
    password and no forced change. Idempotent: existing accounts are left alone.
    """
    roles = {r.code: r for r in Role.objects.all()}
    password_hash = make_password(DEMO_PASSWORD)  # hashed once, shared by all demo users
    admin = _bootstrap_admin(roles, password_hash)
    for account in ACCOUNTS[1:]:
        if User.objects.filter(username=account.username).exists():
            continue
        (first_unit, first_role), *more = account.grants
        created = services.user_create(
            actor=admin,
            username=account.username,
            full_name=account.full_name,
            email=f"{account.username}@dongnai.gov.vn",
            position=account.position,
            unit=_unit(first_unit),
            role=first_role,
        )
        for selector, role_code in more:
            services.membership_create(
                actor=admin, user=created.user, unit=_unit(selector), role=role_code
            )
    existing = set(
        User.objects.filter(username__startswith="cb").values_list("username", flat=True)
    )
    sheet = _staff_workbook(existing)
    if sheet is not None:
        result = services.users_import_excel(
            actor=admin, file=io.BytesIO(sheet), filename="can-bo-cap-xa-dong-nai.xlsx"
        )
        if not result.ok:
            raise RuntimeError(f"demo staff import failed: {result.errors[:3]}")
    demo_names = [a.username for a in ACCOUNTS]
    User.objects.filter(Q(username__in=demo_names) | Q(username__startswith="cb")).update(
        password=password_hash, must_change_password=False
    )
    return ACCOUNTS
