"""The four target groups of the movement (spec §5.2), with the spellings import files use."""

from django.db import migrations

GROUPS = [
    (
        "officials",
        "Cán bộ, công chức, viên chức, người lao động khu vực công",
        "Cán bộ, công chức, viên chức",
        [
            "can bo, cong chuc, vien chuc",
            "can bo cong chuc vien chuc",
            "cbccvc",
            "cbccvc, nld",
            "can bo",
            "cong chuc",
            "vien chuc",
            "nguoi lao dong khu vuc cong",
            "officials",
        ],
        10,
    ),
    (
        "students",
        "Học sinh trung học cơ sở, trung học phổ thông, sinh viên",
        "Học sinh, sinh viên",
        ["hoc sinh", "sinh vien", "hoc sinh, sinh vien", "hoc sinh sinh vien", "hssv", "students"],
        20,
    ),
    (
        "workers",
        "Người lao động trong doanh nghiệp",
        "Người lao động doanh nghiệp",
        [
            "nguoi lao dong",
            "nguoi lao dong trong doanh nghiep",
            "lao dong doanh nghiep",
            "cong nhan",
            "workers",
        ],
        30,
    ),
    (
        "adults",
        "Người dân (người trưởng thành)",
        "Người dân",
        ["nguoi dan", "nguoi truong thanh", "cong dan", "adults", "residents"],
        40,
    ),
]


def load(apps, schema_editor):
    TargetGroup = apps.get_model("literacy", "TargetGroup")
    for code, name, short_name, aliases, order in GROUPS:
        TargetGroup.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short_name,
                "aliases": aliases,
                "sort_order": order,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("literacy", "TargetGroup").objects.filter(
        code__in=[g[0] for g in GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("literacy", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
