"""Column layouts, constants and synthetic name/note tables of the dossier generator."""

from __future__ import annotations

UTC_OFFSET = 7 * 3600  # Asia/Ho_Chi_Minh has no DST: local = UTC + 7 h
DAY = 86400
WH = "working_hours"
HC = "hour_count"

# Column order of the COPY rows (and of the tuples `generate` yields).
DOSSIER_COLUMNS: tuple[str, ...] = (
    "id",
    "code",
    "procedure_id",
    "case_id",
    "channel",
    "return_method",
    "summary",
    "applicant_name",
    "applicant_kind",
    "applicant_id_number",
    "applicant_key",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "vneid_verified",
    "receiving_unit_id",
    "resolving_unit_id",
    "return_unit_id",
    "received_by_id",
    "handler_id",
    "status",
    "registered_at",
    "received_at",
    "limit_amount",
    "limit_unit",
    "limit_policy",
    "original_due_at",
    "due_at",
    "rescheduled_due_at",
    "reschedule_reason",
    "finished_at",
    "returned_at",
    "timeliness",
    "supplement_count",
    "pause_started_at",
    "outcome_reason",
    "missing_items",
    "is_digitised",
    "has_reused",
    "from_data_store",
    "has_e_result",
    "e_result_to_store",
    "fee_total",
    "paid_online",
    "portal_synced_at",
    "version",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "dossier_id",
    "action",
    "from_status",
    "to_status",
    "national_code",
    "at",
    "actor_id",
    "unit_id",
    "note",
    "due_at",
)
_D = {name: i for i, name in enumerate(DOSSIER_COLUMNS)}
_TIME_COLUMNS = frozenset(n for n in DOSSIER_COLUMNS if n.endswith("_at"))

# Officials' texts (Vietnamese data, not UI strings).
SUPPLEMENT_NOTES = (
    "Bổ sung bản sao giấy tờ chứng minh nơi cư trú.",
    "Tờ khai chưa ghi đủ thông tin, đề nghị bổ sung.",
    "Bổ sung văn bản ủy quyền có chứng thực.",
    "Bản vẽ chưa đúng hiện trạng, đề nghị điều chỉnh.",
)
STOP_NOTES = ("Hồ sơ không đủ điều kiện giải quyết theo quy định.",)
WITHDRAW_NOTES = ("Người nộp hồ sơ đề nghị rút hồ sơ.",)
REFUSE_NOTES = ("Thủ tục không thuộc thẩm quyền tiếp nhận; đã hướng dẫn nộp đúng nơi.",)
APOLOGY_NOTES = (
    "Hồ sơ cần xác minh thêm với cơ quan liên quan; xin lỗi và hẹn lại ngày trả kết quả.",
)
_FAMILY = (
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
)
_MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Thu", "Đức", "Kim", "Gia")
_GIVEN = (
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
    "Long",
    "Hương",
    "Sơn",
)
_COMPANY = ("Thành Công", "Phú Lý", "Đồng Tiến", "Hưng Thịnh", "Sao Mai", "Tân Phát", "An Bình")

# Department of a province procedure, by words of its sector (fallback: a stable hash).
_SECTOR_DEPARTMENTS = (
    (("tư pháp", "hộ tịch", "chứng thực", "lý lịch", "luật sư", "công chứng"), "STP"),
    (("đất đai", "tài nguyên", "môi trường", "nông nghiệp", "thủy lợi", "lâm"), "SNNMT"),
    (("xây dựng", "giao thông", "nhà ở", "quy hoạch"), "SXD"),
    (("giáo dục", "đào tạo"), "SGDDT"),
    (("y tế", "dược", "khám"), "SYT"),
    (("văn hóa", "du lịch", "thể thao", "gia đình"), "SVHTTDL"),
    (("tôn giáo", "dân tộc"), "SDTTG"),
    (("công thương", "thương mại", "điện", "hóa chất"), "SCT"),
    (("doanh nghiệp", "tài chính", "đầu tư", "hợp tác xã"), "STC"),
    (("lao động", "nội vụ", "người có công", "thi đua", "bảo trợ", "việc làm"), "SNV"),
    (("khoa học", "công nghệ", "bưu chính", "viễn thông"), "SKHCN"),
)


# Relative volumes of the busiest sourced procedures (certification and civil status take
# most of a commune's counter; an estimate from provincial reports, not a statistic).
POPULARITY: dict[str, float] = {
    "2.000815": 12.0,  # chứng thực bản sao từ bản chính
    "2.000884": 6.0,  # chứng thực chữ ký
    "1.001193": 5.0,  # đăng ký khai sinh
    "1.004873": 4.0,  # xác nhận tình trạng hôn nhân
    "2.000635": 4.0,  # bản sao trích lục hộ tịch
    "1.004222": 3.0,  # đăng ký thường trú
    "1.013831": 3.0,  # đăng ký biến động đất đai
    "2.001035": 3.0,  # chứng thực giao dịch
    "1.000656": 2.0,  # đăng ký khai tử
    "1.000894": 2.0,  # đăng ký kết hôn
    "1.013978": 2.0,  # đăng ký đất đai lần đầu
    "1.001612": 2.0,  # đăng ký hộ kinh doanh
}
