"""Create the three NQ57 indicators the 766 index feeds, when the catalogue lacks them.

Only on a database that already holds the province and the commune level (a fresh test
database has neither: `services.nq57_indicators_ensure` then creates them on first use).
"""

from decimal import Decimal

from django.conf import settings
from django.db import migrations

SOURCE = "Hệ thống một cửa (tự động)"
ROWS = [
    (
        "DVC_ONLINE_RATE",
        "Tỷ lệ hồ sơ TTHC nộp trực tuyến (chỉ số 766 mục 3.3)",
        "Số hồ sơ tiếp nhận trực tuyến",
        "Tổng số hồ sơ tiếp nhận",
    ),
    (
        "HS_SO_HOA_RATE",
        "Tỷ lệ hồ sơ TTHC được số hóa (chỉ số 766 mục 4.2)",
        "Số hồ sơ được số hóa",
        "Tổng số hồ sơ tiếp nhận",
    ),
    (
        "KQ_DIEN_TU_RATE",
        "Tỷ lệ hồ sơ TTHC có kết quả điện tử (chỉ số 766 mục 4.1)",
        "Số hồ sơ có kết quả điện tử",
        "Số hồ sơ của TTHC có kết quả là giấy tờ",
    ),
]


def create(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Unit = apps.get_model("units", "Unit")
    UnitLevel = apps.get_model("units", "UnitLevel")
    province = (
        Unit.objects.filter(
            valid_to__isnull=True,
            level__code="province",
            code=getattr(settings, "TINHSO_PROVINCE_CODE", "75"),
        )
        .order_by("pk")
        .first()
    )
    level = UnitLevel.objects.filter(code="commune").first()
    if province is None or level is None:
        return
    for code, name, num, den in ROWS:
        if Indicator.objects.filter(code=code).exists():
            continue
        Indicator.objects.create(
            code=code,
            name=name,
            unit_of_measure="%",
            aggregation="ratio",
            numerator_label=num,
            denominator_label=den,
            scale=Decimal(100),
            frequency="month",
            direction="higher",
            kind="operational",
            entry_level=level,
            owner_unit=province,
            data_source=SOURCE,
            min_value=Decimal(0),
            max_value=Decimal(100),
            decimals=2,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("serviceindex", "0002_seed_portal_set"),
        ("indicators", "0001_initial"),
        ("units", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
