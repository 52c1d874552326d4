"""Reference data of the steering demo: documents, catalogues and the sourced CSV rows.

Documents and catalogues below are real (sources in `source_note`); the CSV files in
`data/plans/` are the research team's sourced rows, copied unchanged. Anything generated
to fill gaps is built in `steering.py` and marked illustrative.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "plans"

D = dt.date


@dataclass(frozen=True)
class Doc:
    key: str
    number: str
    doc_type: str
    issuer: str
    issued_on: dt.date
    title: str
    source_note: str
    source_url: str = ""
    owner: str = "75.SKHCN"  # unit code keeping the registry row
    illustrative: bool = False


DOCUMENTS: list[Doc] = [
    Doc(
        "nq57",
        "57-NQ/TW",
        "resolution",
        "Bộ Chính trị",
        D(2024, 12, 22),
        "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi"
        " số quốc gia",
        "Văn bản gốc; spec programme-monitoring §2.1 [H]",
        "https://tulieuvankien.dangcongsan.vn",
    ),
    Doc(
        "nq03",
        "03/NQ-CP",
        "resolution",
        "Chính phủ",
        D(2025, 1, 9),
        "Nghị quyết ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW",
        "spec §2.3 [C: S21, S22]; Phụ lục I: danh mục 41 chỉ tiêu (data/plans/targets.csv)",
    ),
    Doc(
        "nq71",
        "71/NQ-CP",
        "resolution",
        "Chính phủ",
        D(2025, 4, 1),
        "Nghị quyết sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ thực hiện"
        " Nghị quyết số 57-NQ/TW",
        "spec §2.3 [C: S11, S79, S93]",
    ),
    Doc(
        "cv01",
        "01-CV/BCĐTW",
        "dispatch",
        "Ban Chỉ đạo Trung ương về phát triển KHCN, ĐMST và CĐS",
        D(2025, 3, 25),
        "Về việc xây dựng Kế hoạch hành động thực hiện Nghị quyết số 57-NQ/TW (kèm Khung kế"
        " hoạch hành động của tỉnh ủy, thành ủy)",
        "spec §2.4 [C: S24]",
    ),
    Doc(
        "qc02",
        "02-QC/BCĐTW",
        "regulation",
        "Ban Chỉ đạo Trung ương về phát triển KHCN, ĐMST và CĐS",
        D(2025, 6, 10),
        "Quy chế vận hành Hệ thống thông tin giám sát, đánh giá việc thực hiện Nghị quyết số"
        " 57-NQ/TW",
        "spec §0 [C: S4]",
    ),
    Doc(
        "kh02",
        "02-KH/BCĐTW",
        "plan",
        "Ban Chỉ đạo Trung ương về phát triển KHCN, ĐMST và CĐS",
        D(2025, 6, 19),
        "Kế hoạch thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh, hiệu quả đáp ứng yêu cầu"
        " sắp xếp tổ chức bộ máy của hệ thống chính trị",
        "spec §2.4 [C: S25–S28]",
    ),
    Doc(
        "qc08",
        "08-QC/TW",
        "regulation",
        "Ban Bí thư",
        D(2025, 11, 5),
        "Quy định về giám sát, đánh giá việc thực hiện các nghị quyết chiến lược của Bộ Chính"
        " trị bằng hệ thống số hóa",
        "spec §1.4 [C: S7, S8, S9]",
    ),
    Doc(
        "kh433",
        "433-KH/TU",
        "plan",
        "Ban Thường vụ Tỉnh ủy Đồng Nai",
        # The exact date is not in the sources: the plan was presented at the workshop of
        # 21/3/2025, so that day stands in (said in the source note).
        D(2025, 3, 21),
        "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
        "startupdongnai.gov.vn; bhtpa.dongnai.gov.vn [H]. Ngày ban hành không có trong nguồn:"
        " ghi ngày hội thảo 21/3/2025 (kế hoạch ban hành trước ngày này).",
        "http://startupdongnai.gov.vn/tin-tuc-su-kien/dong-nai-ban-hanh-ke-hoach-thuc-hien-nghi-quyet-57-cua-bo-chinh-tri",
    ),
    Doc(
        "kh469",
        "469-KH/TU",
        "plan",
        "Tỉnh ủy Đồng Nai",
        D(2025, 5, 16),
        "Kế hoạch hành động thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học,"
        " công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        "Báo Đồng Nai 11/9/2025; BC 198/BC-UBND [C: S37]. Toàn văn (43 chỉ tiêu, phụ lục"
        " nhiệm vụ) chưa công khai.",
    ),
    Doc(
        "kh487",
        "487-KH/TU",
        "plan",
        "Tỉnh ủy Đồng Nai",
        D(2025, 6, 24),
        "Kế hoạch thực hiện Kế hoạch số 02-KH/BCĐTW về thúc đẩy chuyển đổi số liên thông, đồng"
        " bộ, nhanh, hiệu quả",
        "KH 233/KH-UBND; Báo Đồng Nai [C: S37]",
    ),
    Doc(
        "kh233",
        "233/KH-UBND",
        "plan",
        "Ủy ban nhân dân tỉnh Đồng Nai",
        D(2025, 6, 26),
        "Kế hoạch thúc đẩy chuyển đổi số liên thông, đồng bộ trên địa bàn tỉnh, thực hiện KH"
        " 02-KH/BCĐTW và KH 487-KH/TU",
        "hethongphapluat.com (URL ghi nhầm '223') [M]",
    ),
    Doc(
        "kh217",
        "217/KH-UBND",
        "plan",
        "Ủy ban nhân dân tỉnh Đồng Nai",
        D(2025, 6, 20),
        "Kế hoạch tổ chức phong trào thi đua phát triển khoa học, công nghệ, đổi mới sáng tạo"
        " và chuyển đổi số",
        "data/plans/tasks.csv [M]",
    ),
    Doc(
        "bc198",
        "198/BC-UBND",
        "report",
        "Ủy ban nhân dân tỉnh Đồng Nai",
        D(2025, 6, 20),
        "Báo cáo kết quả thực hiện Nghị quyết số 57-NQ/TW 6 tháng đầu năm 2025",
        "data/plans/figures.csv [C: S42]",
    ),
    Doc(
        "kh92",
        "92/KH-UBND",
        "plan",
        "Ủy ban nhân dân tỉnh Đồng Nai",
        D(2025, 9, 15),
        "Kế hoạch (điều chỉnh) của UBND tỉnh thực hiện NQ 71/NQ-CP và KH 469-KH/TU",
        "Được dẫn trong phần căn cứ của KH 179/KH-UBND; toàn văn chưa đọc được [M]",
    ),
    Doc(
        "kh179",
        "179/KH-UBND",
        "plan",
        "Ủy ban nhân dân tỉnh Đồng Nai",
        D(2025, 11, 18),
        "Kế hoạch phát triển kinh tế số và xã hội số tỉnh Đồng Nai giai đoạn 2026–2030",
        "vbpl.freshdesk.com (phần đầu văn bản) [M]",
    ),
    Doc(
        "ctr_hcm",
        "CTr-TU/TP.HCM-57",
        "programme",
        "Thành ủy Thành phố Hồ Chí Minh",
        D(2025, 3, 1),
        "Chương trình hành động của Thành ủy thực hiện Nghị quyết số 57-NQ/TW (so sánh; số"
        " hiệu và ngày chính xác không có trong nguồn)",
        "VietnamNews, SGGP, PLVN, VnExpress (2–3/2025) [M]; số hiệu là mã nội bộ của bản demo",
        owner="79",
    ),
]

# (source key, kind, target key)
RELATIONS: list[tuple[str, str, str]] = [
    ("nq03", "implements", "nq57"),
    ("nq71", "amends", "nq03"),
    ("cv01", "guides", "nq57"),
    ("qc02", "guides", "nq57"),
    ("kh02", "implements", "nq57"),
    ("kh433", "implements", "nq57"),
    ("kh469", "implements", "nq57"),
    ("kh487", "implements", "kh02"),
    ("kh233", "implements", "kh487"),
    ("kh92", "implements", "kh469"),
    ("kh92", "implements", "nq71"),
    ("kh179", "implements", "kh469"),
    ("ctr_hcm", "implements", "nq57"),
]

# The seven groups of tasks and solutions of NQ 57 (spec §2.2, wording paraphrased).
NQ57_GROUPS = [
    ("1", "Nâng cao nhận thức, đột phá về đổi mới tư duy, quyết tâm chính trị mạnh mẽ"),
    ("2", "Khẩn trương, quyết liệt hoàn thiện thể chế; xóa bỏ mọi tư tưởng, quan niệm, rào cản"),
    ("3", "Tăng cường đầu tư, hoàn thiện hạ tầng cho phát triển KHCN, ĐMST và CĐS"),
    ("4", "Phát triển, trọng dụng nhân lực chất lượng cao, nhân tài"),
    ("5", "Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan trong hệ thống chính trị"),
    ("6", "Thúc đẩy mạnh mẽ hoạt động KHCN, ĐMST và CĐS trong doanh nghiệp"),
    ("7", "Tăng cường hợp tác quốc tế trong phát triển KHCN, ĐMST và CĐS"),
]

# The eight task groups of Plan 02-KH/BCĐTW (spec §2.4).
KH02_GROUPS = [
    ("1", "Hoàn thiện thể chế, pháp luật"),
    ("2", "Hạ tầng số"),
    ("3", "Dữ liệu"),
    ("4", "Nền tảng, ứng dụng dùng chung"),
    ("5", "Nhân lực chuyển đổi số"),
    ("6", "Nguồn lực tài chính"),
    ("7", "Chuyển đổi số trong cơ quan Đảng, Quốc hội, Mặt trận, tòa án, viện kiểm sát"),
    ("8", "Bảo đảm an toàn, an ninh thông tin"),
]


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


_NUMBER = re.compile(r"\d+(?:\.\d{3})*(?:,\d+)?|\d+")


def parse_vn_number(text: str) -> Decimal | None:
    """The first number of a Vietnamese-formatted cell ("≥ 50", "13,8", "118.000"), else None."""
    match = _NUMBER.search(text or "")
    if not match:
        return None
    raw = match.group(0).replace(".", "").replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern only matches digits
        return None


def is_quantitative(value: str, unit: str) -> bool:
    """A target with one measurable number (not a rank, a band of ranks or a qualitative aim)."""
    if not value or "định tính" in unit or "thứ bậc" in unit or "top" in value.lower():
        return False
    return parse_vn_number(value) is not None and ";" not in value
