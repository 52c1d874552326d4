"""The nine evaluation indicators of Circular 01/2018/TT-VPCP (each scored 0–2), valid from
its effective date; a later questionnaire is added as new rows with a later `valid_from`."""

import datetime as dt

from django.db import migrations

SOURCE = "Thông tư 01/2018/TT-VPCP; Nghị định 61/2018/NĐ-CP Điều 31 (spec public-services §2.13)"
QUESTIONS = [
    ("total_time", "Tổng thời gian giải quyết thủ tục hành chính so với quy định của pháp luật"),
    ("agency_time", "Thời gian thực hiện tại từng cơ quan, đơn vị tham gia giải quyết"),
    ("contacts", "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ"),
    ("agencies", "Số cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ"),
    ("organisation", "Việc thực hiện tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa"),
    ("publicity", "Công khai thủ tục hành chính theo quy định"),
    ("attitude", "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn, tiếp nhận hồ sơ"),
    ("feedback", "Tiếp nhận, giải trình ý kiến, phản ánh, kiến nghị của tổ chức, cá nhân"),
    ("online", "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến"),
]


def forwards(apps, schema_editor):
    Question = apps.get_model("dossiers", "SatisfactionQuestion")
    for position, (code, text) in enumerate(QUESTIONS, start=1):
        Question.objects.get_or_create(
            code=code,
            valid_from=dt.date(2019, 1, 6),
            defaults={"position": position, "text": text, "max_score": 2, "source": SOURCE},
        )


def backwards(apps, schema_editor):
    apps.get_model("dossiers", "SatisfactionQuestion").objects.filter(
        valid_from=dt.date(2019, 1, 6)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
