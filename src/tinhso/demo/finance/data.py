"""Budget lines and figures of the finance demo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

YEAR = 2025
TENTH_BN = 10**8  # amounts below are in tenths of a billion đồng (1680 = VND 168.0 bn)
MILLION = 10**6
SOURCE = (
    "Tổng dự toán 1.018 tỷ đồng (297,6 tỷ chi thường xuyên, 720,4 tỷ chi đầu tư phát triển) và "
    "giải ngân đến 31/8/2025 (35,7 %; đầu tư phát triển 45,6 % trên 12 dự án của 8 đơn vị) "
    "theo buổi làm việc của UBND tỉnh tháng 8/2025; phân bổ theo dòng và theo tháng: minh họa"
)
SNAPSHOT_SOURCE = "Minh họa (tổng các dòng khớp số liệu công bố ngày 31/8/2025)"
TOTAL_SOURCE = (
    "Minh họa: tổng dự toán chi ngân sách địa phương năm 2025 của tỉnh Đồng Nai (sau hợp nhất) "
    "chưa đối chiếu với nghị quyết của HĐND tỉnh; chỉ để minh họa cách tính tỷ lệ ≥ 3 %"
)
TOTAL_ESTIMATE = 420_000 * TENTH_BN  # VND 42,000 bn, illustrative
AS_OF_PUBLISHED = dt.date(2025, 8, 31)
MONTH_ENDS = [
    dt.date(YEAR, m, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31) for m in range(1, 12)
]
# Cumulative share (%) of the end-August disbursement reached at each month end Jan–Aug.
PATH_TO_AUGUST = (2, 6, 13, 22, 35, 52, 74, 100)
# Share (%) of what was still undisbursed at end August that is disbursed by Sep, Oct, Nov.
PATH_AFTER_AUGUST = (18, 37, 58)


@dataclass(frozen=True)
class Line:
    code: str
    unit: str  # unit code
    kind: str  # recurrent | investment
    title: str
    allocated: int  # tenths of a bn
    disbursed_aug: int  # tenths of a bn, cumulative at 31/08/2025
    source: str = "local"
    supplementary: int = 0  # tenths of a bn
    supplementary_from: int = 13  # month from which it shows (13 = never)
    carried_over: int = 0  # tenths of a bn, from 2024, shown from January
    returned_nov: int = 0  # tenths of a bn, cancelled in November
    starts_late: bool = False  # nothing disbursed before October


LINES: tuple[Line, ...] = (
    # Development investment: 12 public-investment projects of 8 managing units.
    Line(
        "ĐT-01",
        "75.SKHCN",
        "investment",
        "Trung tâm dữ liệu tỉnh Đồng Nai (giai đoạn 1)",
        1680,
        964,
        carried_over=367,
    ),
    Line(
        "ĐT-02",
        "75.SKHCN",
        "investment",
        "Nền tảng chính quyền số dùng chung (LGSP, hệ thống giải quyết thủ tục hành chính)",
        925,
        413,
    ),
    Line(
        "ĐT-03",
        "75.SKHCN",
        "investment",
        "Trung tâm giám sát, điều hành đô thị thông minh (IOC) tỉnh",
        850,
        305,
    ),
    Line(
        "ĐT-04",
        "75.SKHCN",
        "investment",
        "Hạ tầng băng rộng, sóng di động cho các xã vùng sâu, vùng xa",
        463,
        120,
        source="central",
        supplementary=250,
        supplementary_from=7,
    ),
    Line(
        "ĐT-05",
        "75.SXD",
        "investment",
        "Hạ tầng kỹ thuật Khu công viên công nghệ số tập trung Long Thành (bồi thường, "
        "giải phóng mặt bằng, san nền)",
        1200,
        588,
    ),
    Line(
        "ĐT-06",
        "75.SXD",
        "investment",
        "Chuẩn bị đầu tư Khu khoa học, công nghệ và đổi mới sáng tạo Bình An",
        186,
        21,
        returned_nov=60,
    ),
    Line(
        "ĐT-07",
        "75.VPUBND",
        "investment",
        "Hệ thống họp trực tuyến và văn phòng số liên thông từ tỉnh đến xã",
        248,
        156,
    ),
    Line(
        "ĐT-08",
        "75.SNNMT",
        "investment",
        "Xây dựng cơ sở dữ liệu đất đai tỉnh Đồng Nai",
        724,
        389,
        carried_over=145,
    ),
    Line(
        "ĐT-09",
        "75.SYT",
        "investment",
        "Chuyển đổi số y tế: bệnh án điện tử và nền tảng quản lý sức khỏe",
        382,
        112,
        source="central",
        supplementary=100,
        supplementary_from=6,
    ),
    Line(
        "ĐT-10",
        "75.SGDDT",
        "investment",
        "Hạ tầng công nghệ thông tin cho trường học (phòng học số)",
        296,
        134,
    ),
    Line(
        "ĐT-11",
        "75.SNV",
        "investment",
        "Số hóa tài liệu lưu trữ lịch sử của tỉnh",
        129,
        0,
        starts_late=True,
    ),
    Line(
        "ĐT-12",
        "75.STC",
        "investment",
        "Hệ thống thông tin quản lý tài chính, đầu tư công của tỉnh",
        121,
        83,
    ),
    # Recurrent expenditure: S&T tasks, training, service and software rental.
    Line(
        "TX-01",
        "75.SKHCN",
        "recurrent",
        "Nhiệm vụ khoa học và công nghệ cấp tỉnh chuyển tiếp và mở mới năm 2025",
        1120,
        142,
    ),
    Line(
        "TX-02",
        "75.SKHCN",
        "recurrent",
        "Thuê dịch vụ công nghệ thông tin: nền tảng số dùng chung, hội nghị truyền hình",
        465,
        68,
    ),
    Line(
        "TX-03",
        "75.SKHCN",
        "recurrent",
        "Hỗ trợ đổi mới sáng tạo, khởi nghiệp và Techfest Đồng Nai 2025",
        184,
        31,
    ),
    Line(
        "TX-04",
        "75.SNV",
        "recurrent",
        "Đào tạo, bồi dưỡng kỹ năng số và trí tuệ nhân tạo cho cán bộ, công chức",
        217,
        46,
    ),
    Line(
        "TX-05",
        "75.VPUBND",
        "recurrent",
        "Duy trì Cổng thông tin điện tử và hệ thống quản lý văn bản, điều hành",
        153,
        29,
    ),
    Line("TX-06", "75.SGDDT", "recurrent", "Thuê phần mềm quản lý trường học và học bạ số", 272, 9),
    Line(
        "TX-07",
        "75.SYT",
        "recurrent",
        "Thuê dịch vụ phần mềm bệnh án điện tử cho bệnh viện tuyến tỉnh",
        335,
        0,
        returned_nov=80,
        starts_late=True,
    ),
    Line(
        "TX-08",
        "75.STC",
        "recurrent",
        "Bảo đảm an toàn thông tin, thuê dịch vụ giám sát an ninh mạng (SOC)",
        230,
        20,
    ),
)


@dataclass(frozen=True)
class FinanceSummary:
    lines: int
    snapshots: int
    totals: int


# Lines that finance a project of the projects demo (`demo/projects.py`, codes DA-xx).
PROJECT_OF_LINE = {
    "ĐT-01": "DA-04",  # data centre
    "ĐT-02": "DA-06",  # LGSP and the administrative-procedure system
    "ĐT-03": "DA-05",  # IOC
    "ĐT-04": "DA-07",  # broadband for remote communes
    "ĐT-05": "DA-01",  # Long Thành digital-technology park
    "ĐT-06": "DA-02",  # Bình An innovation zone
    "ĐT-08": "DA-10",  # land database
    "ĐT-09": "DA-09",  # electronic medical records
    "ĐT-10": "DA-08",  # digital education
    "ĐT-11": "DA-11",  # archives digitisation
    "TX-08": "DA-12",  # security operations centre (service rental)
}
