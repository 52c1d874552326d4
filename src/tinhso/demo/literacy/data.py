"""Figures, courses and targets of the literacy demo."""

from __future__ import annotations

import datetime as dt

from tinhso.literacy.models import (
    CourseMode,
    TargetMeasure,
)

D = dt.date
PROVINCE = "75"
YEAR = 2025
ILLUSTRATIVE = "Minh họa"
REPORTED_ON = D(2025, 9, 30)
PUBLISHED_TRAINED = 118_000  # "> 118,000 … trained" (S38): the rows give 118,300
TRAINED_BY_SEP = 118_300
AI_OFFICIALS = 29_500  # S38
SKHCN_PARTICIPANTS = 61_200  # S50, S52: the two courses together
PDP_OFFICIALS = 20_000  # how the 31,700 PDP participants split: illustrative
PROVINCE_POPULATION = 4_400_000  # order of magnitude of the merged province (illustrative)
POP_SOURCE = (
    f"{ILLUSTRATIVE}: phân bổ giả định theo xã, tổng khoảng 4,4 triệu dân của tỉnh sau hợp nhất"
)
BATCH = 5000

# Officials and public employees of the departments (illustrative: teachers of upper-
# secondary schools under the Dept. of Education, health staff under the Dept. of Health).
DEPARTMENT_OFFICIALS = {"75.SGDDT": 7_000, "75.SYT": 4_500}
OTHER_DEPARTMENT_OFFICIALS = 240

# code, name, provider, mode, AI, owner unit code, illustrative
COURSES = [
    (
        "BDHVS-CBCCVC-2025",
        "Kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức",
        "binhdanhocvuso.gov.vn",
        CourseMode.ONLINE,
        False,
        "75.SNV",
        True,
    ),
    (
        "SKHCN-BVDLCN-2025",
        "Bảo vệ dữ liệu cá nhân",
        "binhdanhocvuso.gov.vn",
        CourseMode.ONLINE,
        False,
        "75.SKHCN",
        False,
    ),
    (
        "SKHCN-AI-2025",
        "Kiến thức, kỹ năng về trí tuệ nhân tạo (AI)",
        "binhdanhocvuso.gov.vn",
        CourseMode.ONLINE,
        True,
        "75.SKHCN",
        False,
    ),
    (
        "BDHVS-ND-2025",
        "Phổ cập kiến thức, kỹ năng số cơ bản cho người dân",
        "binhdanhocvuso.gov.vn",
        CourseMode.ONLINE,
        False,
        "75.SKHCN",
        True,
    ),
    (
        "TCNS-CD-2025",
        "Tập huấn kỹ năng số tại cộng đồng (Tổ công nghệ số cộng đồng)",
        "Lớp tập huấn tại xã, phường",
        CourseMode.OFFLINE,
        False,
        "75.SKHCN",
        True,
    ),
    (
        "BDHVS-DN-2025",
        "Kỹ năng số cho người lao động trong doanh nghiệp",
        "binhdanhocvuso.gov.vn",
        CourseMode.ONLINE,
        False,
        "75.SCT",
        True,
    ),
    (
        "SGDDT-HSSV-2025",
        "Kỹ năng số và an toàn trên môi trường số cho học sinh, sinh viên",
        "Cơ sở giáo dục (học trên lớp)",
        CourseMode.OFFLINE,
        False,
        "75.SGDDT",
        True,
    ),
]

# group, measure, rate (%), illustrative, note
PROVINCE_TARGETS = [
    ("officials", TargetMeasure.COVERAGE, 100, False, "100 % CBCCVC (Báo Đồng Nai, 11/2025)"),
    ("students", TargetMeasure.COVERAGE, 100, False, "100 % học sinh, sinh viên (Báo Đồng Nai)"),
    ("workers", TargetMeasure.COVERAGE, 80, True, f"{ILLUSTRATIVE}: mức thường gặp 80 %"),
    ("adults", TargetMeasure.COVERAGE, 50, True, f"{ILLUSTRATIVE}: mức thấp thường gặp 50 %"),
    ("officials", TargetMeasure.AI, 50, True, f"{ILLUSTRATIVE}: chỉ tiêu thứ năm chưa rõ"),
]
TARGET_SOURCE = "01-KH/BCĐTW"
