"""Seed the official 2025 and 2026 calendars for civil servants (spec §4.3–4.4), confirmed.

Every weekday off and every make-up working Saturday has a row; weekend days inside a
holiday break have none (they are off anyway). Statutory holidays of Labour Code 2019
Art. 112(1) apply to all employees (`all`); the days the Prime Minister fixes or swaps for
the public sector (Tết days, the National-Day adjacent day, swaps and make-up Saturdays)
apply to civil servants (`civil_service`).

Decision, 24 Nov 2026 (Vietnamese Culture Day, spec §4.2 and Q-16): seeded as a confirmed
day off. Politburo Resolution 80-NQ/TW (Jan 2026) designated 24 Nov as a paid day off and
Government Resolution 30/NQ-CP (Feb 2026) assigned the amendment of Labour Code
Art. 112(1); the `holidays` package 0.108 (Nov 2026) independently lists Tue 24 Nov 2026
"Vietnam Cultural Day". Two independent sources agree, and a wrong "working day" would
make deadlines one day too early (an overdue dossier), while a wrong "day off" only gives
one day of slack; an administrator can delete the row if the amendment did not apply.

Legal references cite the instrument numbers given by the spec's sources; where a source
gave no number the row names the decision-maker and the date of the announcement.
"""

import datetime as dt

from django.db import migrations

CODE = "Bộ luật Lao động 2019"
ART112 = CODE + ", Điều 112 khoản 1 điểm {}"
TB_6150 = "Thông báo số 6150/TB-BLĐTBXH năm 2024 của Bộ LĐ-TB&XH"
SWAP_2025 = (
    "Thủ tướng Chính phủ đồng ý hoán đổi ngày làm việc dịp 30/4–1/5/2025 "
    "(đề xuất của Bộ LĐ-TB&XH; baochinhphu.vn, 03/2025)"
)
CV_12729 = "Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
PM_2026 = (
    "Thủ tướng Chính phủ đồng ý phương án nghỉ Tết Âm lịch và Quốc khánh năm 2026 "
    "(đề xuất của Bộ Nội vụ, 10/2025)"
)
CULTURE_DAY = (
    "Nghị quyết số 80-NQ/TW (01/2026) của Bộ Chính trị; Nghị quyết số 30/NQ-CP (02/2026); "
    + CODE
    + ", Điều 112 khoản 1 (sửa đổi, bổ sung Ngày Văn hóa Việt Nam)"
)

OFF, WORK = "day_off", "working_day"
CS, ALL = "civil_service", "all"

# (date, kind, applies_to, reason, legal_ref)
DAYS = [
    # ---- 2025 (spec §4.3): weekdays off 1 Jan; 27–31 Jan; 7 Apr; 30 Apr; 1–2 May; 1–2 Sep.
    (dt.date(2025, 1, 1), OFF, ALL, "Tết Dương lịch", ART112.format("a")),
    (dt.date(2025, 1, 27), OFF, CS, "Tết Nguyên đán Ất Tỵ (28 tháng Chạp)",
     ART112.format("b") + "; " + TB_6150),
    (dt.date(2025, 1, 28), OFF, CS, "Tết Nguyên đán Ất Tỵ (29 tháng Chạp, giao thừa)",
     ART112.format("b") + "; " + TB_6150),
    (dt.date(2025, 1, 29), OFF, CS, "Tết Nguyên đán Ất Tỵ (mùng 1 Tết)",
     ART112.format("b") + "; " + TB_6150),
    (dt.date(2025, 1, 30), OFF, CS, "Tết Nguyên đán Ất Tỵ (mùng 2 Tết)",
     ART112.format("b") + "; " + TB_6150),
    (dt.date(2025, 1, 31), OFF, CS, "Tết Nguyên đán Ất Tỵ (mùng 3 Tết)",
     ART112.format("b") + "; " + TB_6150),
    (dt.date(2025, 4, 7), OFF, ALL, "Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch)", ART112.format("e")),
    (dt.date(2025, 4, 26), WORK, CS, "Làm bù cho ngày nghỉ thứ Sáu 02/5/2025", SWAP_2025),
    (dt.date(2025, 4, 30), OFF, ALL, "Ngày Chiến thắng (30/4)", ART112.format("c")),
    (dt.date(2025, 5, 1), OFF, ALL, "Ngày Quốc tế Lao động (1/5)", ART112.format("d")),
    (dt.date(2025, 5, 2), OFF, CS, "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)",
     SWAP_2025),
    (dt.date(2025, 9, 1), OFF, CS, "Quốc khánh (ngày liền kề trước 2/9)",
     ART112.format("đ") + "; " + TB_6150),
    (dt.date(2025, 9, 2), OFF, ALL, "Quốc khánh (2/9)", ART112.format("đ")),
    # ---- 2026 (spec §4.4): weekdays off 1–2 Jan; 16–20 Feb; 27 Apr; 30 Apr; 1 May;
    # 31 Aug; 1–2 Sep; 24 Nov. Working Saturdays 10 Jan and 22 Aug.
    (dt.date(2026, 1, 1), OFF, ALL, "Tết Dương lịch", ART112.format("a")),
    (dt.date(2026, 1, 2), OFF, CS, "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
     CV_12729),
    (dt.date(2026, 1, 10), WORK, CS, "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026", CV_12729),
    (dt.date(2026, 2, 16), OFF, CS, "Tết Nguyên đán Bính Ngọ (29 tháng Chạp, giao thừa)",
     ART112.format("b") + "; " + PM_2026),
    (dt.date(2026, 2, 17), OFF, CS, "Tết Nguyên đán Bính Ngọ (mùng 1 Tết)",
     ART112.format("b") + "; " + PM_2026),
    (dt.date(2026, 2, 18), OFF, CS, "Tết Nguyên đán Bính Ngọ (mùng 2 Tết)",
     ART112.format("b") + "; " + PM_2026),
    (dt.date(2026, 2, 19), OFF, CS, "Tết Nguyên đán Bính Ngọ (mùng 3 Tết)",
     ART112.format("b") + "; " + PM_2026),
    (dt.date(2026, 2, 20), OFF, CS, "Tết Nguyên đán Bính Ngọ (mùng 4 Tết)",
     ART112.format("b") + "; " + PM_2026),
    (dt.date(2026, 4, 27), OFF, ALL,
     "Nghỉ bù Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch trùng Chủ nhật 26/4/2026)",
     CODE + ", Điều 111 khoản 3 và Điều 112 khoản 1 điểm e"),
    (dt.date(2026, 4, 30), OFF, ALL, "Ngày Chiến thắng (30/4)", ART112.format("c")),
    (dt.date(2026, 5, 1), OFF, ALL, "Ngày Quốc tế Lao động (1/5)", ART112.format("d")),
    (dt.date(2026, 8, 22), WORK, CS, "Làm bù cho ngày nghỉ thứ Hai 31/8/2026", PM_2026),
    (dt.date(2026, 8, 31), OFF, CS, "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)",
     PM_2026),
    (dt.date(2026, 9, 1), OFF, CS, "Quốc khánh (ngày liền kề trước 2/9)",
     ART112.format("đ") + "; " + PM_2026),
    (dt.date(2026, 9, 2), OFF, ALL, "Quốc khánh (2/9)", ART112.format("đ")),
    # See the module docstring for why 24 Nov 2026 is seeded as a confirmed day off.
    (dt.date(2026, 11, 24), OFF, ALL, "Ngày Văn hóa Việt Nam (24/11)", CULTURE_DAY),
]


def seed(apps, schema_editor):
    Day = apps.get_model("workcalendar", "OfficialCalendarDay")
    Revision = apps.get_model("workcalendar", "CalendarRevision")
    for date, kind, applies_to, reason, legal_ref in DAYS:
        # Never overwrite a row an administrator may already have entered.
        Day.objects.get_or_create(
            date=date,
            applies_to=applies_to,
            defaults={
                "kind": kind,
                "reason": reason,
                "legal_ref": legal_ref,
                "status": "confirmed",
            },
        )
    revision, created = Revision.objects.get_or_create(pk=1, defaults={"revision": 1})
    if not created:
        revision.revision += 1
        revision.save(update_fields=["revision"])


def unseed(apps, schema_editor):
    Day = apps.get_model("workcalendar", "OfficialCalendarDay")
    for date, _kind, applies_to, _reason, _legal_ref in DAYS:
        Day.objects.filter(date=date, applies_to=applies_to).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
