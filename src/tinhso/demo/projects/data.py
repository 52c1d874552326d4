"""Sources, spec dataclasses and the 12 projects of the projects demo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

D = dt.date
BN = 1_000_000_000  # one billion đồng

ILLUSTRATIVE = "Minh họa (illustrative): not from a published source."
S70 = "[S70] vietnamnews.vn, Mar 2025: UBND tỉnh plan, concentrated IT park in Long Thành by 2030"
S71 = (
    "[S71] tuoitre.vn, 19/03/2026: 1:2,000 zoning of the Long Thành Digital Technology Park"
    " approved, ~119 ha in An Phước and Bình An communes, 9,500–10,500 workers"
)
S72 = (
    "[S72] vneconomy.vn / sggp.org.vn, Oct 2025: IT park of over 100 ha in former Long Thành"
    " under implementation; 300-ha innovation zone in Bình An in detailed planning"
)
S74 = "[S74] tracuuquyhoach.com (reported, unconfirmed): 200-ha S&T and innovation zone, Đồng Xoài"


@dataclass(frozen=True)
class Step:
    kind: str
    planned: dt.date | None
    actual: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class Update:
    as_of: dt.date
    physical: int
    financial: int | None
    disbursed: int | None
    narrative: str
    blockers: str = ""
    recommendations: str = ""
    source: str = ""


@dataclass(frozen=True)
class Blocker:
    description: str
    raised_on: dt.date
    owner: str  # unit code
    decision_from: str
    resolved_on: dt.date | None = None
    resolution: str = ""


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    kind: str
    unit: str  # managing unit code (units table)
    investor: str
    investor_type: str
    location: str
    communes: tuple[str, ...]  # commune/ward names in the 2025 units table
    start: dt.date
    end: dt.date
    total: int | None
    status: str
    source: str
    illustrative: bool
    area_ha: str | None = None
    latitude: str | None = None
    longitude: str | None = None
    description: str = ""
    steps: tuple[Step, ...] = ()
    updates: tuple[Update, ...] = ()
    blockers: tuple[Blocker, ...] = ()
    target_words: tuple[str, ...] = field(default_factory=tuple)


SKHCN, SXD, VP, TTPV = "75.SKHCN", "75.SXD", "75.VPUBND", "75.TTPVHCC"
SGD, SYT, SNNMT, SNV, STC = "75.SGDDT", "75.SYT", "75.SNNMT", "75.SNV", "75.STC"

PROJECTS: tuple[Spec, ...] = (
    Spec(
        code="DA-01",
        name="Khu công viên công nghệ số Long Thành",
        kind="flagship",
        unit=SKHCN,
        investor="Chưa lựa chọn nhà đầu tư (minh họa)",
        investor_type="private",
        location="Xã An Phước và xã Bình An (khu vực huyện Long Thành cũ), gần Cảng hàng không"
        " quốc tế Long Thành",
        communes=("An Phước", "Bình An"),
        start=D(2025, 3, 1),
        end=D(2030, 12, 31),
        total=None,
        status="preparing",
        source=f"{S70}; {S71}; {S72}. Dates, progress and blockers: illustrative.",
        illustrative=False,
        area_ha="119",
        description=(
            "Khu công nghệ thông tin tập trung, hạt nhân công nghiệp công nghệ số của tỉnh:"
            " sản xuất, nghiên cứu – ươm tạo, điều hành, hạ tầng kỹ thuật, nhà ở – dịch vụ,"
            " tài chính; mật độ xây dựng ≤ 40 %, cây xanh – hạ tầng ≥ 21 %, cao ≤ 45 m;"
            " khoảng 9.500–10.500 lao động (quy hoạch phân khu 1/2.000, tháng 3/2026)."
        ),
        steps=(
            Step(
                "planning_approval",
                D(2025, 12, 31),
                D(2026, 3, 19),
                "[S71] phê duyệt quy hoạch 1/2.000",
            ),
            Step("land_clearance", D(2026, 9, 30)),
            Step("investor_selection", D(2026, 12, 31)),
            Step("construction_start", D(2027, 6, 30)),
            Step("completion", D(2030, 6, 30)),
            Step("operation", D(2030, 12, 31)),
        ),
        updates=(
            Update(
                D(2025, 10, 10),
                5,
                1,
                None,
                "Khu công nghệ thông tin tập trung trên 100 ha đang được triển khai [S72];"
                " đang lập quy hoạch phân khu.",
                source=S72,
            ),
            Update(
                D(2026, 3, 31),
                10,
                2,
                None,
                "Quy hoạch phân khu tỷ lệ 1/2.000 (~119 ha) đã được phê duyệt [S71].",
                recommendations="Sớm ban hành kế hoạch bồi thường, giải phóng mặt bằng.",
                source=S71,
            ),
            Update(
                D(2026, 9, 30),
                12,
                3,
                None,
                "Đang kiểm đếm, lập phương án bồi thường (minh họa).",
                blockers="Phương án bồi thường chưa được phê duyệt.",
            ),
        ),
        blockers=(
            Blocker(
                "Phương án bồi thường, hỗ trợ, tái định cư 119 ha chưa được phê duyệt (minh họa)",
                D(2026, 6, 15),
                SNNMT,
                "Ủy ban nhân dân tỉnh",
            ),
        ),
        target_words=("kinh tế số", "công nghệ số"),
    ),
    Spec(
        code="DA-02",
        name="Khu đổi mới sáng tạo 300 ha tại xã Bình An",
        kind="flagship",
        unit=SXD,
        investor="Ủy ban nhân dân tỉnh Đồng Nai (chuẩn bị đầu tư, minh họa)",
        investor_type="state",
        location="Xã Bình An",
        communes=("Bình An",),
        start=D(2025, 10, 1),
        end=D(2030, 12, 31),
        total=None,
        status="planning",
        source=f"{S72}. Dates, progress and blockers: illustrative.",
        illustrative=False,
        area_ha="300",
        steps=(
            Step("planning_approval", D(2026, 6, 30), note="quy hoạch chi tiết [S72]"),
            Step("land_clearance", D(2027, 6, 30)),
            Step("investor_selection", D(2027, 12, 31)),
            Step("construction_start", D(2028, 6, 30)),
            Step("operation", D(2030, 12, 31)),
        ),
        updates=(
            Update(D(2025, 10, 10), 2, 0, None, "Đang lập quy hoạch chi tiết [S72].", source=S72),
            Update(
                D(2026, 6, 30),
                4,
                1,
                None,
                "Hồ sơ quy hoạch đang lấy ý kiến các sở, ngành (minh họa).",
                blockers="Dự toán nhiệm vụ quy hoạch chưa được thẩm định.",
            ),
        ),
        blockers=(
            Blocker(
                "Dự toán lập quy hoạch chi tiết chưa được thẩm định, chưa bố trí vốn (minh họa)",
                D(2026, 7, 10),
                STC,
                "Ủy ban nhân dân tỉnh",
            ),
        ),
        target_words=("đổi mới sáng tạo",),
    ),
    Spec(
        code="DA-03",
        name="Khu khoa học công nghệ và đổi mới sáng tạo 200 ha tại phường Đồng Xoài",
        kind="flagship",
        unit=SKHCN,
        investor="Ủy ban nhân dân tỉnh Đồng Nai (minh họa)",
        investor_type="state",
        location="Phường Đồng Xoài",
        communes=("Đồng Xoài",),
        start=D(2026, 1, 1),
        end=D(2030, 12, 31),
        total=None,
        status="planning",
        source=f"{S74}. Dates and progress: illustrative.",
        illustrative=False,
        area_ha="200",
        steps=(
            Step("planning_approval", D(2026, 12, 31)),
            Step("investor_selection", D(2027, 12, 31)),
            Step("operation", D(2030, 12, 31)),
        ),
        updates=(
            Update(D(2026, 4, 30), 3, 0, None, "Khảo sát địa điểm, đề xuất ranh giới (minh họa)."),
        ),
    ),
    Spec(
        code="DA-04",
        name="Nâng cấp, mở rộng Trung tâm dữ liệu tỉnh tại phường Trấn Biên",
        kind="public_investment",
        unit=SKHCN,
        investor="Sở Khoa học và Công nghệ",
        investor_type="state",
        location="Phường Trấn Biên",
        communes=("Trấn Biên",),
        start=D(2025, 3, 1),
        end=D(2026, 12, 31),
        total=185 * BN,
        status="construction",
        source=ILLUSTRATIVE + " Context: two integrated data centres operate [S81].",
        illustrative=True,
        steps=(
            Step("investor_selection", D(2025, 5, 31), D(2025, 5, 20)),
            Step("construction_start", D(2025, 7, 1), D(2025, 7, 15)),
            Step("completion", D(2026, 10, 31)),
            Step("operation", D(2026, 12, 31)),
        ),
        updates=(
            Update(D(2025, 8, 31), 20, None, 30 * BN, "Hoàn thành lắp đặt hạ tầng điện, làm mát."),
            Update(D(2025, 12, 31), 45, None, 78 * BN, "Lắp đặt tủ rack, hệ thống lưu trữ."),
            Update(
                D(2026, 6, 30), 70, None, 120 * BN, "Đang triển khai nền tảng điện toán đám mây."
            ),
            Update(
                D(2026, 10, 31),
                85,
                None,
                150 * BN,
                "Chạy thử nghiệm hệ thống.",
                blockers="Thiết bị bảo mật nhập khẩu về chậm.",
            ),
        ),
        blockers=(
            Blocker(
                "Thiết bị tường lửa thế hệ mới giao chậm 2 tháng",
                D(2026, 9, 1),
                SKHCN,
                "Chủ đầu tư",
            ),
        ),
    ),
    Spec(
        code="DA-05",
        name="Trung tâm Giám sát, điều hành đô thị thông minh (IOC) tỉnh Đồng Nai",
        kind="public_investment",
        unit=VP,
        investor="Văn phòng Ủy ban nhân dân tỉnh",
        investor_type="state",
        location="Phường Trấn Biên",
        communes=("Trấn Biên",),
        start=D(2025, 4, 1),
        end=D(2026, 9, 30),
        total=96 * BN,
        status="construction",
        source=ILLUSTRATIVE,
        illustrative=True,
        steps=(
            Step("investor_selection", D(2025, 6, 30), D(2025, 6, 25)),
            Step("construction_start", D(2025, 8, 1), D(2025, 9, 15)),
            Step("completion", D(2026, 9, 30)),
            Step("operation", D(2026, 10, 31)),
        ),
        updates=(
            Update(D(2025, 12, 31), 25, None, 20 * BN, "Lắp đặt màn hình, phòng điều hành."),
            Update(
                D(2026, 6, 30),
                50,
                None,
                41 * BN,
                "Tích hợp dữ liệu camera, phản ánh hiện trường.",
                blockers="Dữ liệu các sở chưa kết nối qua LGSP.",
            ),
        ),
        blockers=(
            Blocker(
                "Các sở, ngành chưa cung cấp API dữ liệu chuyên ngành để tích hợp vào IOC",
                D(2026, 4, 15),
                SKHCN,
                "Ban Chỉ đạo tỉnh",
            ),
        ),
    ),
    Spec(
        code="DA-06",
        name="Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính và nền tảng LGSP tỉnh",
        kind="public_investment",
        unit=TTPV,
        investor="Trung tâm Phục vụ hành chính công tỉnh",
        investor_type="state",
        location="Toàn tỉnh",
        communes=(),
        start=D(2025, 7, 1),
        end=D(2026, 6, 30),
        total=42 * BN,
        status="operating",
        source=ILLUSTRATIVE,
        illustrative=True,
        steps=(
            Step("investor_selection", D(2025, 8, 31), D(2025, 8, 20)),
            Step("construction_start", D(2025, 9, 1), D(2025, 9, 1)),
            Step("completion", D(2026, 5, 31), D(2026, 5, 28)),
            Step("operation", D(2026, 6, 30), D(2026, 6, 15)),
        ),
        updates=(
            Update(D(2025, 12, 31), 55, None, 18 * BN, "Chuyển đổi hệ thống sau hợp nhất tỉnh."),
            Update(D(2026, 6, 30), 100, None, 40 * BN, "Đưa vào vận hành chính thức."),
        ),
    ),
    Spec(
        code="DA-07",
        name="Hạ tầng băng rộng cố định và 4G/5G cho các xã vùng sâu, vùng xa",
        kind="public_investment",
        unit=SKHCN,
        investor="Sở Khoa học và Công nghệ",
        investor_type="mixed",
        location="Các xã phía Bắc tỉnh (khu vực Bình Phước cũ)",
        communes=("Bù Gia Mập", "Đăk Ơ", "Đa Kia"),
        start=D(2025, 6, 1),
        end=D(2026, 12, 31),
        total=120 * BN,
        status="construction",
        source=ILLUSTRATIVE,
        illustrative=True,
        steps=(
            Step("investor_selection", D(2025, 9, 30), D(2025, 11, 10)),
            Step("construction_start", D(2025, 11, 1), D(2025, 12, 1)),
            Step("completion", D(2026, 12, 31)),
        ),
        updates=(
            Update(D(2025, 12, 31), 8, None, 6 * BN, "Khảo sát vị trí trạm BTS."),
            Update(
                D(2026, 6, 30),
                25,
                None,
                22 * BN,
                "Lắp đặt 18/60 trạm.",
                blockers="Thủ tục thuê đất đặt trạm kéo dài.",
            ),
        ),
        blockers=(
            Blocker(
                "Thủ tục cho thuê đất đặt trạm BTS tại xã chậm",
                D(2026, 3, 1),
                SNNMT,
                "Ủy ban nhân dân xã",
            ),
        ),
    ),
    Spec(
        code="DA-08",
        name="Chuyển đổi số trong giáo dục: quản trị trường học và lớp học thông minh",
        kind="public_investment",
        unit=SGD,
        investor="Sở Giáo dục và Đào tạo",
        investor_type="state",
        location="Toàn tỉnh",
        communes=(),
        start=D(2025, 8, 1),
        end=D(2026, 12, 31),
        total=68 * BN,
        status="construction",
        source=ILLUSTRATIVE,
        illustrative=True,
        steps=(
            Step("investor_selection", D(2025, 10, 31), D(2025, 10, 25)),
            Step("construction_start", D(2025, 11, 15), D(2025, 11, 20)),
            Step("completion", D(2026, 12, 31)),
        ),
        updates=(
            Update(D(2026, 3, 31), 40, None, 24 * BN, "Trang bị 120 lớp học thông minh."),
            Update(
                D(2026, 9, 30), 70, None, 45 * BN, "Triển khai phần mềm quản trị tại 300 trường."
            ),
        ),
    ),
    Spec(
        code="DA-09",
        name="Bệnh án điện tử và khám chữa bệnh từ xa tại các bệnh viện tuyến tỉnh",
        kind="public_investment",
        unit=SYT,
        investor="Sở Y tế",
        investor_type="state",
        location="Phường Trấn Biên, phường Bình Phước",
        communes=("Trấn Biên", "Bình Phước"),
        start=D(2025, 5, 1),
        end=D(2026, 10, 31),
        total=75 * BN,
        status="construction",
        source=ILLUSTRATIVE,
        illustrative=True,
        steps=(
            Step("investor_selection", D(2025, 7, 31), D(2025, 9, 30)),
            Step("construction_start", D(2025, 8, 15), D(2025, 10, 15)),
            Step("completion", D(2026, 10, 31)),
        ),
        updates=(
            Update(D(2025, 12, 31), 15, None, 9 * BN, "Triển khai EMR tại 2 bệnh viện."),
            Update(
                D(2026, 8, 31),
                45,
                None,
                28 * BN,
                "EMR tại 4/9 bệnh viện.",
                blockers="Thiếu nhân lực CNTT tại bệnh viện.",
            ),
        ),
        blockers=(
            Blocker(
                "Thiếu nhân lực công nghệ thông tin vận hành bệnh án điện tử",
                D(2026, 5, 20),
                SYT,
                "Sở Nội vụ",
            ),
        ),
    ),
    Spec(
        code="DA-10",
        name="Xây dựng cơ sở dữ liệu đất đai tỉnh Đồng Nai (giai đoạn 2)",
        kind="public_investment",
        unit=SNNMT,
        investor="Sở Nông nghiệp và Môi trường",
        investor_type="state",
        location="Toàn tỉnh",
        communes=(),
        start=D(2025, 1, 1),
        end=D(2026, 12, 31),
        total=140 * BN,
        status="construction",
        source=ILLUSTRATIVE,
        illustrative=True,
        steps=(
            Step("investor_selection", D(2025, 3, 31), D(2025, 3, 20)),
            Step("construction_start", D(2025, 4, 1), D(2025, 4, 10)),
            Step("completion", D(2026, 12, 31)),
        ),
        updates=(
            Update(D(2025, 9, 30), 35, None, 40 * BN, "Số hóa hồ sơ địa chính 40 xã."),
            Update(
                D(2026, 6, 30),
                62,
                None,
                82 * BN,
                "Chuẩn hóa dữ liệu sau sắp xếp đơn vị hành chính.",
            ),
            Update(
                D(2026, 10, 31),
                78,
                None,
                105 * BN,
                "Kết nối với cơ sở dữ liệu quốc gia về đất đai.",
            ),
        ),
    ),
    Spec(
        code="DA-11",
        name="Số hóa tài liệu lưu trữ lịch sử tỉnh",
        kind="public_investment",
        unit=SNV,
        investor="Sở Nội vụ",
        investor_type="state",
        location="Phường Trấn Biên",
        communes=("Trấn Biên",),
        start=D(2025, 6, 1),
        end=D(2026, 11, 30),
        total=35 * BN,
        status="construction",
        source=ILLUSTRATIVE,
        illustrative=True,
        steps=(
            Step("investor_selection", D(2025, 8, 31), D(2025, 8, 15)),
            Step("construction_start", D(2025, 9, 1), D(2025, 9, 5)),
            Step("completion", D(2026, 11, 30)),
        ),
        updates=(
            Update(D(2026, 2, 28), 30, None, 9 * BN, "Số hóa 1,2 triệu trang tài liệu."),
            Update(
                D(2026, 10, 31),
                60,
                None,
                19 * BN,
                "Số hóa 2,5 triệu trang; đang nhập siêu dữ liệu.",
            ),
        ),
    ),
    Spec(
        code="DA-12",
        name="Trung tâm giám sát an toàn thông tin mạng (SOC) tỉnh",
        kind="public_investment",
        unit=SKHCN,
        investor="Sở Khoa học và Công nghệ",
        investor_type="state",
        location="Phường Trấn Biên",
        communes=("Trấn Biên",),
        start=D(2025, 9, 1),
        end=D(2026, 8, 31),
        total=58 * BN,
        status="suspended",
        source=ILLUSTRATIVE,
        illustrative=True,
        steps=(
            Step("investor_selection", D(2025, 11, 30)),
            Step("construction_start", D(2026, 1, 15)),
            Step("completion", D(2026, 8, 31)),
        ),
        updates=(
            Update(
                D(2026, 3, 31),
                5,
                None,
                2 * BN,
                "Tạm dừng lựa chọn nhà thầu để điều chỉnh chủ trương đầu tư.",
                blockers="Điều chỉnh chủ trương đầu tư theo mô hình thuê dịch vụ.",
                recommendations="Chuyển sang thuê dịch vụ SOC.",
            ),
        ),
        blockers=(
            Blocker(
                "Chưa có quyết định điều chỉnh chủ trương đầu tư (chuyển sang thuê dịch vụ)",
                D(2026, 2, 20),
                SKHCN,
                "Hội đồng nhân dân tỉnh",
            ),
            Blocker(
                "Hồ sơ mời thầu phải lập lại",
                D(2025, 12, 10),
                SKHCN,
                "Chủ đầu tư",
                resolved_on=D(2026, 1, 20),
                resolution="Đã tạm dừng gói thầu, chờ điều chỉnh chủ trương.",
            ),
        ),
    ),
)
