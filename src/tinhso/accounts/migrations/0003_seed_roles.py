"""Seed the five standard roles so every deployment starts with them.

Roles are data (ADR-0003): administrators may later rename them or add new ones, so this
migration only creates a role whose code is missing and never overwrites an existing one.
The codes, actions and scopes are the contract the factories (`STANDARD_ROLES`) mirror.
"""

from django.db import migrations

# code: (name, actions, scope, order, description) — names and descriptions are official
# Vietnamese wording, stored as data like every other role.
STANDARD_ROLES = {
    "viewer": (
        "Người xem",
        ["view"],
        "subtree",
        10,
        "Xem dữ liệu của đơn vị và các đơn vị trực thuộc.",
    ),
    "officer": (
        "Cán bộ, chuyên viên",
        ["view", "edit"],
        "subtree",
        20,
        "Xem và cập nhật dữ liệu của đơn vị và các đơn vị trực thuộc.",
    ),
    "leader": (
        "Lãnh đạo đơn vị",
        ["view", "edit", "approve"],
        "subtree",
        30,
        "Xem, cập nhật và phê duyệt dữ liệu của đơn vị và các đơn vị trực thuộc.",
    ),
    "admin": (
        "Quản trị đơn vị",
        ["view", "edit", "approve", "manage", "audit"],
        "subtree",
        40,
        "Toàn quyền trên đơn vị và các đơn vị trực thuộc: tài khoản, phân quyền, nhật ký.",
    ),
    "inspector": (
        "Thanh tra, kiểm tra",
        ["view", "audit"],
        "subtree",
        50,
        "Xem dữ liệu và nhật ký hệ thống của đơn vị và các đơn vị trực thuộc; không cập nhật.",
    ),
}


def seed_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, (name, actions, scope, order, description) in STANDARD_ROLES.items():
        Role.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "actions": actions,
                "scope": scope,
                "sort_order": order,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_must_change_password"),
    ]

    operations = [
        # Reversing keeps the roles: memberships may still point at them.
        migrations.RunPython(seed_roles, migrations.RunPython.noop),
    ]
