"""Seed the 766 indicator set as the national portal computes it (spec §1.3 layer B).

Every row carries its source. Choices where sources disagree (kept editable, spec §5):
4.2 linear (fitted API, Q-5; the operator doc's 80 % threshold is one edit away), 3.3
without the 1.4 sync factor (the fitted API formula; set `factor_code` = "1.4" to apply
it), 4.5a/4.5b computed for communes too (`not_applicable_full` off, Q-6), 1.2/1.3
computed for communes (Q-3), PAKN indicators full marks when there is no petition (Q-7),
intermediate bands 80/70/50 are placeholders (Q-1).
"""

from decimal import Decimal

from django.db import migrations

S7 = "Mô tả công thức tính chỉ số 766 của đơn vị vận hành Cổng DVCQG [S7]"
S8 = "khớp công thức với dữ liệu API Cổng DVCQG (Phú Thọ, 9/2026) [S8]"
S10 = "bảng METRICS “Công thức 766.xlsx” [S10]"

LABELS = {
    "announced": "Số TTHC được công bố trong kỳ",
    "announced_on_time": "Số TTHC công bố đúng hạn",
    "publish_due": "Số TTHC phải công khai trên CSDLQG",
    "published_on_time": "Số TTHC công khai đúng hạn",
    "procedures_public": "Số TTHC đang công khai",
    "procedures_complete": "Số TTHC công khai đủ bộ phận tạo thành",
    "received": "Số hồ sơ tiếp nhận trong kỳ",
    "synced": "Số hồ sơ đồng bộ lên Cổng DVCQG",
    "on_time": "Số hồ sơ đúng hạn hoặc đang xử lý trong hạn",
    "procedures": "Số TTHC thuộc thẩm quyền",
    "procedures_online": "Số TTHC cung cấp DVC trực tuyến (một phần, toàn trình)",
    "online_services": "Số DVC trực tuyến",
    "online_services_used": "Số DVC trực tuyến có phát sinh hồ sơ trực tuyến",
    "received_online": "Số hồ sơ tiếp nhận trực tuyến (đủ điều kiện)",
    "fee_dossiers": "Số hồ sơ của TTHC có thu phí, lệ phí",
    "paid_online": "Số hồ sơ thanh toán trực tuyến",
    "fee_procedures": "Số TTHC có nghĩa vụ tài chính",
    "fee_procedures_paid": "Số TTHC có giao dịch thanh toán trực tuyến",
    "fee_procedures_integrated": "Số TTHC tích hợp thanh toán trên Cổng DVCQG",
    "doc_dossiers": "Số hồ sơ của TTHC có kết quả là giấy tờ",
    "e_result": "Số hồ sơ có kết quả điện tử",
    "digitised": "Số hồ sơ được số hóa",
    "ecopy_units": "Số xã cung cấp dịch vụ chứng thực bản sao điện tử",
    "managed_units": "Số xã thuộc phạm vi quản lý",
    "reused": "Số hồ sơ tái sử dụng dữ liệu số hóa",
    "data_store": "Số hồ sơ lấy từ hoặc đẩy vào kho dữ liệu cá nhân",
    "population": "Số hồ sơ sử dụng dữ liệu dân cư (VNeID)",
    "citizen_procedures": "Số TTHC có đối tượng là công dân",
    "citizen_procedures_connected": "Số TTHC đã kết nối dữ liệu dân cư",
    "pakn_in_competence": "Số PAKN thuộc thẩm quyền",
    "pakn_on_time": "Số PAKN xử lý đúng hạn",
    "pakn_received": "Số PAKN tiếp nhận trong kỳ",
    "pakn_satisfied": "Số PAKN không bị đánh giá không hài lòng, khiếu nại hay trễ hạn",
    "late": "Số hồ sơ trễ hạn",
    "unsatisfied": "Số hồ sơ bị đánh giá không hài lòng (không trễ hạn)",
}

# code, group, panel, name, max, rule, threshold, zero, num, den, den_mode, complement,
# scope, data source, source
ROWS = [
    ("1.1", 1, "transparency", "Tỷ lệ TTHC công bố đúng hạn", "6", "linear", None, "na",
     ["announced_on_time"], ["announced"], "sum", False, "province_commune", "manual",
     f"{S7}; điểm = 6 × tỷ lệ, {S8}"),
    ("1.2", 1, "transparency", "Tỷ lệ TTHC được cập nhật, công khai đúng hạn", "4", "linear",
     None, "na", ["published_on_time"], ["publish_due"], "sum", False, "province_commune",
     "manual", f"{S7}; điểm = 4 × tỷ lệ, {S8}; cấp xã: Q-3 chưa rõ"),
    ("1.3", 1, "transparency",
     "Tỷ lệ TTHC được công khai có đầy đủ các nội dung quy định về các bộ phận tạo thành"
     " của TTHC", "2", "linear", None, "na", ["procedures_complete"], ["procedures_public"],
     "sum", False, "province_commune", "catalogue",
     f"{S7}; Nghị định 63/2010 Điều 8 khoản 2; điểm = 2 × tỷ lệ, {S8}"),
    ("1.4", 1, "transparency",
     "Tỷ lệ hồ sơ được đồng bộ trạng thái theo thời gian thực với Cổng DVCQG", "6", "linear",
     None, "zero", ["synced"], ["received", "synced"], "max", False, "province_commune",
     "dossiers", f"{S7}; mẫu số = max(hồ sơ tiếp nhận, hồ sơ đồng bộ); {S8}"),
    ("2.1", 2, "progress", "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", "20", "linear", None,
     "zero", ["on_time"], ["received"], "sum", False, "province_commune", "dossiers",
     f"{S7}; điểm = 20 × tỷ lệ, {S8} (984 quan sát); Q-2"),
    ("3.1", 3, "online_services", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", "2",
     "capped", "0.80", "zero", ["procedures_online"], ["procedures"], "sum", False,
     "province_commune", "catalogue", f"{S7}; đạt từ 80 % trở lên được tối đa; {S8}"),
    ("3.2", 3, "online_services", "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ", "4",
     "linear", None, "zero", ["online_services_used"], ["online_services"], "sum", False,
     "province_commune", "dossiers", f"4 × tỷ lệ, {S8} (suy ngược, [L])"),
    ("3.3", 3, "online_services", "Tỷ lệ hồ sơ TTHC nộp trực tuyến", "6", "capped", "0.50",
     "zero", ["received_online"], ["received"], "sum", False, "province_commune", "dossiers",
     f"{S7}; đạt từ 50 % trở lên được tối đa; công thức khớp API không nhân hệ số đồng bộ"
     f" 1.4 ({S8})"),
    ("3.5a", 3, "online_payment",
     "Tỷ lệ TTHC có yêu cầu nghĩa vụ tài chính được tích hợp để thanh toán trực tuyến trên"
     " Cổng DVCQG", "2", "capped", "0.80", "zero", ["fee_procedures_integrated"],
     ["fee_procedures"], "sum", False, "province_commune", "dossiers",
     f"{S7}; đạt từ 80 % trở lên được tối đa"),
    ("3.5b", 3, "online_payment", "TTHC có giao dịch thanh toán trực tuyến", "2", "capped",
     "0.80", "zero", ["fee_procedures_paid"], ["fee_procedures"], "sum", False,
     "province_commune", "dossiers", f"min(2; 2,5 × tỷ lệ), {S8} [L]"),
    ("3.6", 3, "online_payment", "Tỷ lệ hồ sơ thanh toán trực tuyến", "6", "linear", None,
     "zero", ["paid_online"], ["fee_dossiers"], "sum", False, "province_commune", "dossiers",
     f"{S7}; 6 × tỷ lệ, {S8}"),
    ("4.1", 4, "digitisation", "Tỷ lệ hồ sơ TTHC có cấp kết quả giải quyết TTHC điện tử",
     "6", "linear", None, "zero", ["e_result"], ["doc_dossiers"], "sum", False,
     "province_commune", "dossiers", f"{S7}; ORIGINAL_RESULT_AVAILABLE; 6 × tỷ lệ"),
    ("4.2", 4, "digitisation", "Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ", "4", "linear", None,
     "zero", ["digitised"], ["received"], "sum", False, "province_commune", "dossiers",
     f"SO_HOA_GIAY_TO_GIAI_QUYET; tuyến tính theo {S8}; tài liệu vận hành: tối đa từ 80 %"
     " (Q-5)"),
    ("4.6", 4, "digitisation",
     "Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính", "2", "linear", None,
     "na", ["ecopy_units"], ["managed_units"], "sum", False, "province_commune", "manual",
     f"ELECTRONIC_CERTIFIED_COPY (đặc tả ghi 4.x); {S10}; tuyến tính (giả định)"),
    ("4.3", 4, "digitisation",
     "Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa", "2", "capped", "0.80",
     "zero", ["reused"], ["received"], "sum", False, "province_commune", "dossiers",
     f"REUSED_DIGITIZED_DATA; tối đa từ 80 %, {S8}"),
    ("4.4", 4, "digitisation",
     "Tỷ lệ hồ sơ TTHC được số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng", "4",
     "linear", None, "zero", ["data_store"], ["received"], "sum", False, "province_commune",
     "dossiers", f"SYNCED_WITH_DVCQG_PERSONAL_STORAGE; tuyến tính [L] ({S8})"),
    ("4.5a", 4, "digitisation",
     "Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư phục vụ giải quyết TTHC", "2",
     "linear", None, "zero", ["citizen_procedures_connected"], ["citizen_procedures"], "sum",
     False, "province", "dossiers",
     f"CITIZEN_DATA_CONNECTED_FORMALITY; {S10}: chỉ cấp tỉnh; tài liệu vận hành: cả cấp xã"
     " (Q-6)"),
    ("4.5b", 4, "digitisation", "Tỷ lệ hồ sơ TTHC có sử dụng thông tin, dữ liệu dân cư", "2",
     "linear", None, "zero", ["population"], ["received"], "sum", False, "province",
     "dossiers",
     f"CITIZEN_DATA_CONNECTED_DOSSIER; {S10}: chỉ cấp tỉnh; tài liệu vận hành: cả cấp xã"
     " (Q-6)"),
    ("5.2", 5, "satisfaction", "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn", "6", "linear",
     None, "full", ["pakn_on_time"], ["pakn_in_competence"], "sum", False, "province_commune",
     "manual", f"PETITION_PROCESSING_ON_TIME; 6 điểm nếu không có PAKN ({S8}; Q-7)"),
    ("5.3", 5, "satisfaction", "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị", "6",
     "linear", None, "full", ["pakn_satisfied"], ["pakn_received"], "sum", False,
     "province_commune", "manual",
     f"PETITION_HANDLING_SATISFACTION; 6 điểm nếu không có PAKN ({S8}; Q-7)"),
    ("5.4", 5, "satisfaction", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", "6",
     "capped", "0.90", "zero", ["late", "unsatisfied"], ["received"], "sum", True,
     "province_commune", "dossiers",
     f"DOSSIER_RECEIVING_SATISFACTION; 100 % − (tỷ lệ trễ hạn + tỷ lệ không hài lòng);"
     f" tối đa từ 90 % (mục tiêu NQ 76/NQ-CP); 0 điểm nếu không có hồ sơ ({S7})"),
]

BANDS = [
    ("xuat-sac", "Xuất sắc", "90", "[H] [S4]"),
    ("tot", "Tốt", "80", "Giá trị tạm, chưa kiểm chứng (Q-1)"),
    ("kha", "Khá", "70", "Giá trị tạm, chưa kiểm chứng (Q-1)"),
    ("trung-binh", "Trung bình", "50", "Giá trị tạm, chưa kiểm chứng (Q-1)"),
    ("yeu", "Yếu", "0", "[H] [S4]"),
]


def seed(apps, schema_editor):
    Version = apps.get_model("serviceindex", "IndicatorSetVersion")
    Indicator = apps.get_model("serviceindex", "ServiceIndicator")
    Band = apps.get_model("serviceindex", "RatingBand")
    import datetime as dt

    version = Version.objects.create(
        code="766-cong-dvcqg-2026",
        name="Bộ chỉ số 766 theo cách tính của Cổng DVCQG (2025–2026)",
        valid_from=dt.date(2022, 6, 23),
        source_note=(
            "Quyết định 766/QĐ-TTg ngày 23/6/2022; bộ chỉ số do Cổng DVCQG tính năm 2025–2026"
            " (đặc tả dịch vụ công §1.3 lớp B: [S6]–[S10]). Các điểm chưa thống nhất giữa"
            " nguồn: Q-1 đến Q-7."
        ),
        not_applicable_full=False,
    )
    for position, row in enumerate(ROWS, start=1):
        (code, group, panel, name, max_points, rule, threshold, zero, num, den, mode,
         complement, scope, data_source, source) = row
        Indicator.objects.create(
            version=version,
            code=code,
            position=position,
            group=group,
            panel=panel,
            name=name,
            max_points=Decimal(max_points),
            rule=rule,
            threshold=Decimal(threshold) if threshold else None,
            zero_policy=zero,
            numerator_keys=num,
            denominator_keys=den,
            denominator_mode=mode,
            complement=complement,
            scope=scope,
            data_source=data_source,
            labels={k: LABELS[k] for k in (*num, *den)},
            source=source,
        )
    for code, name, minimum, source in BANDS:
        Band.objects.create(
            version=version, code=code, name=name, min_total=Decimal(minimum), source=source
        )


def unseed(apps, schema_editor):
    apps.get_model("serviceindex", "IndicatorSetVersion").objects.filter(
        code="766-cong-dvcqg-2026"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("serviceindex", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
