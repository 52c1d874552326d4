"""What the loader works with: data files, constants, the spec records and small text helpers."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import vietnam_provinces

from tinhso.core.text import fold

# The data files stay in `units/data/`, next to this package.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LINEAGE_CSV = DATA_DIR / "dong-nai-2025-lineage.csv"
DISTRICTS_CSV = DATA_DIR / "former_districts_70_75.csv"
AGENCIES_CSV = DATA_DIR / "dong_nai_agencies.csv"

REFORM_DATE = dt.date(2025, 7, 1)
DONG_NAI = "75"
PACKAGE_SOURCE = (
    f"vietnam-provinces {vietnam_provinces.__version__} "
    f"(dữ liệu {vietnam_provinces.__data_version__})"
)
OLD_PACKAGE_SOURCE = "vietnam-provinces 0.6.0 (dữ liệu 2025-01-04)"
NQ_202 = "NQ 202/2025/QH15 (12/6/2025)"
SERVICE_CENTRE_SUFFIX = ".TTPVHCC"
SERVICE_CENTRE_SOURCE = (
    "NĐ 118/2025/NĐ-CP (09/6/2025) về cơ chế một cửa, một cửa liên thông; mã nội bộ"
)

# (code, name, administrative, sort order). Names are data shown as-is (official Vietnamese).
LEVELS: tuple[tuple[str, str, bool, int], ...] = (
    ("province", "Tỉnh, thành phố", True, 10),
    ("district", "Huyện, quận, thị xã (trước 01/7/2025)", True, 20),
    ("commune", "Xã, phường, đặc khu", True, 30),
    ("department", "Sở, ban, ngành", False, 40),
    ("steering_committee", "Ban Chỉ đạo", False, 50),
    ("service_centre", "Trung tâm Phục vụ hành chính công", False, 60),
    ("agency", "Cơ quan, đơn vị khác", False, 70),
)

# The 4 new codes on which the sources disagree (data/README-lineage.md, "Confidence").
DISPUTED_CODES: dict[str, str] = {
    "26329": "26332",  # Xã Xuân Quế
    "25453": "25450",  # Xã Nha Bích
    "25336": "25333",  # Phường An Lộc
    "25264": "25252",  # Xã Phú Riềng
}

Key = tuple[str, str, dt.date | None]  # (level code, unit code, valid_to)


@dataclass
class UnitSpec:
    """What the loader wants one unit to look like."""

    level: str
    code: str
    name: str
    division_type: str
    province_code: str
    tier: int
    parent: Key | None = None
    standing_agency: Key | None = None
    short_name: str = ""
    codename: str = ""
    valid_from: dt.date | None = REFORM_DATE
    valid_to: dt.date | None = None
    source: str = ""

    @property
    def key(self) -> Key:
        return (self.level, self.code, self.valid_to)


@dataclass
class LineageSpec:
    """One predecessor → successor link to create."""

    predecessor: Key
    successor: Key
    kind: str
    partial: bool
    legal_basis: str
    note: str = ""


def codename(name: str) -> str:
    return fold(name).replace(" ", "_")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split_source(source: str) -> tuple[str, str]:
    """The legal clause of a lineage `source` cell, and its NOTE (if any), without tags."""
    clause, _sep, note = source.partition("; NOTE ")
    clause = clause.split(" [", 1)[0].strip()
    return clause, note.strip()


def disputed_note(new_code: str) -> str:
    other = DISPUTED_CODES.get(new_code)
    if other is None:
        return ""
    # Shown to officials as-is, hence in Vietnamese.
    return (
        f"Mã chưa thống nhất: hệ thống dùng {new_code} (vietnam-provinces 2025.10.1); "
        f"CV 1027/CTK-CSCL, sapnhap.bando.com.vn và vietnamadminunits ghi {other}. "
        "Cần đối chiếu QĐ 19/2025/QĐ-TTg."
    )


def province_names(name: str) -> tuple[str, str]:
    """("Tỉnh Đồng Nai", "Đồng Nai") from the package's "Đồng Nai"; cities keep their prefix."""
    short = name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
    full = name if name.startswith(("Thành phố ", "Tỉnh ")) else f"Tỉnh {name}"
    return full, short


def lowercase_type(name: str) -> str:
    """ "Phường Trấn Biên" → "phường Trấn Biên" (as written inside a longer name)."""
    return name[:1].lower() + name[1:]
