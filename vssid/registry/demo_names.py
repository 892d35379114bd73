"""Vietnamese names, addresses, phone numbers and citizen-id numbers for the demo data.

Flask-free and pure: every function takes the seeded ``random.Random`` it draws from,
so the same seed gives the same people (vssid/registry/demo.py).
"""
from __future__ import annotations

import random
from bisect import bisect_right
from itertools import accumulate

from vssid.core.text import fold

# --- Names ----------------------------------------------------------------------------
# Family names with rough frequencies (per mille); Hoàng/Vũ are northern spellings of
# the names the south writes Huỳnh/Võ, so the region shifts the weights.
_FAMILY_COMMON = (
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Phan", 45), ("Đặng", 21),
    ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 7),
    ("Trương", 6), ("Đoàn", 4), ("Trịnh", 4), ("Mai", 4), ("Đào", 4), ("Hà", 4), ("Lương", 3),
    ("Cao", 3), ("Lưu", 3), ("Lâm", 3), ("Tạ", 2), ("Chu", 2), ("Tô", 2), ("Vương", 2),
)
_FAMILY_NORTH = (("Hoàng", 50), ("Vũ", 40), ("Huỳnh", 2), ("Võ", 4))
_FAMILY_SOUTH = (("Hoàng", 8), ("Vũ", 6), ("Huỳnh", 50), ("Võ", 45))
# Ethnic minorities of the northern mountains (Thái, Tày, Nùng, Mông) and Khmer in the
# Mekong delta: a share of the names in those provinces.
_FAMILY_THAI_TAY = (("Lò", 30), ("Lường", 20), ("Quàng", 10), ("Nông", 25), ("Lục", 10), ("Ma", 8), ("Hà", 20))
_FAMILY_MONG = (("Giàng", 30), ("Thào", 25), ("Sùng", 20), ("Vàng", 20), ("Mùa", 10), ("Lầu", 10))
_FAMILY_KHMER = (("Thạch", 40), ("Danh", 30), ("Sơn", 20), ("Kim", 15), ("Lâm", 10))

_MIDDLE = {
    # (gender, generation): generation 0 born before 1975, 1 born 1975–1994, 2 since 1995
    (1, 0): (("Văn", 60), ("Hữu", 8), ("Đức", 8), ("Công", 6), ("Quang", 5), ("Xuân", 5), ("Đình", 6), ("Ngọc", 4), ("Minh", 4)),
    (1, 1): (("Văn", 40), ("Minh", 10), ("Đức", 10), ("Quang", 8), ("Hữu", 6), ("Thanh", 6), ("Tuấn", 4), ("Ngọc", 4), ("Hoàng", 5), ("Anh", 4)),
    (1, 2): (("Văn", 18), ("Minh", 15), ("Đức", 10), ("Gia", 10), ("Quang", 8), ("Hoàng", 8), ("Bảo", 8), ("Đăng", 6), ("Nhật", 6), ("Anh", 6), ("Tuấn", 5)),
    (2, 0): (("Thị", 85), ("Ngọc", 5), ("Kim", 5), ("Thu", 5)),
    (2, 1): (("Thị", 55), ("Ngọc", 8), ("Thu", 8), ("Thanh", 8), ("Minh", 5), ("Kim", 5), ("Hồng", 5), ("Phương", 6)),
    (2, 2): (("Thị", 20), ("Ngọc", 10), ("Thu", 8), ("Thanh", 6), ("Minh", 6), ("Phương", 8), ("Bảo", 8), ("Khánh", 8), ("Hà", 5), ("Gia", 6), ("Quỳnh", 6), ("Diệu", 5), ("Mai", 5)),
}
_GIVEN = {
    (1, 0): "Hùng Dũng Hải Thắng Sơn Hòa Bình Thành Tuấn Long Cường Lâm Phúc Nam Quý Tùng Hưng Chiến Lợi Tâm Toàn Trung Việt Kiên Hiệp Thanh Vinh Khánh",
    (1, 1): "Hùng Dũng Hải Tuấn Long Cường Nam Tùng Hưng Trung Việt Kiên Thành Huy Minh Quang Sơn Hiếu Đạt Duy Phong Tiến Thịnh Khoa Hoàng Anh",
    (1, 2): "Anh Minh Huy Khoa Khang Phúc Bảo Duy Đạt Hiếu Hoàng Khôi Kiệt Lâm Long Nam Nhân Phong Quân Quang Thịnh Tuấn Vinh Vũ An Đăng Nguyên Trí Tùng Khánh",
    (2, 0): "Hoa Lan Hương Hồng Mai Nga Thủy Hằng Loan Liên Tuyết Hạnh Dung Hiền Nhung Oanh Thảo Thu Yến Xuân Bích Cúc Đào Huệ Lý Phượng Vân Tâm",
    (2, 1): "Hoa Lan Hương Hằng Mai Nga Thủy Trang Linh Hạnh Dung Hiền Nhung Huyền Thảo Phương Yến Vân Ngọc Anh Hà Giang Loan Tuyết Quyên Thúy",
    (2, 2): "Anh Linh Trang Ngọc Hà Huyền Phương Quỳnh Thảo My Vy Ngân Uyên Trâm Nhi Hân Chi Giang Hạnh Diệp Nhung Thư An Châu Hương Mai",
}
_GIVEN_MONG = {1: "Sử Chứ Páo Dình Tủa Lử Seo Pó Chơ", 2: "Mỷ Dế Sua Chá Mai Pà Say Dung"}

NORTH_MOUNTAIN = {"04", "08", "11", "12", "14", "15", "20"}
MEKONG_KHMER = {"86", "91", "92"}
SOUTH = {"56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96"}


class Weighted:
    """A weighted choice table that draws with one ``rng.random()`` call."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, pairs):
        pairs = list(pairs)
        self.values = [value for value, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random):
        return self.values[bisect_right(self.cum, rng.random() * self.total)]


def split_words(names: str) -> tuple[str, ...]:
    """"Lê_Lợi Trần_Phú" -> ("Lê Lợi", "Trần Phú"): word lists with "_" joining syllables."""
    return tuple(name.replace("_", " ") for name in names.split())


_FAMILY_BY_REGION = {
    "north": Weighted(_FAMILY_COMMON + _FAMILY_NORTH),
    "south": Weighted(_FAMILY_COMMON + _FAMILY_SOUTH),
}
_FAMILY_THAI = Weighted(_FAMILY_THAI_TAY)
_FAMILY_MONG_W = Weighted(_FAMILY_MONG)
_FAMILY_KHMER_W = Weighted(_FAMILY_KHMER)
_MIDDLE_W = {key: Weighted(pairs) for key, pairs in _MIDDLE.items()}
_GIVEN_T = {key: split_words(names) for key, names in _GIVEN.items()}
_GIVEN_MONG_T = {key: split_words(names) for key, names in _GIVEN_MONG.items()}


def generation(birth_year: int) -> int:
    return 0 if birth_year < 1975 else 1 if birth_year < 1995 else 2


def family_name(rng: random.Random, province: str) -> str:
    """A family name as common in ``province`` (a 2025 province code)."""
    if province in NORTH_MOUNTAIN:
        roll = rng.random()
        if roll < 0.25:
            return _FAMILY_THAI.pick(rng)
        if roll < 0.35:
            return _FAMILY_MONG_W.pick(rng)
    elif province in MEKONG_KHMER and rng.random() < 0.08:
        return _FAMILY_KHMER_W.pick(rng)
    return _FAMILY_BY_REGION["south" if province in SOUTH else "north"].pick(rng)


def full_name(rng: random.Random, *, family: str, gender: int, birth_year: int) -> str:
    """Họ + tên đệm + tên, with correct diacritics: "Nguyễn Thị Thu Hà"."""
    if family in {"Giàng", "Thào", "Sùng", "Vàng", "Mùa", "Lầu"}:
        middle = "A" if gender == 1 else rng.choice(("Thị", "Mí"))
        return f"{family} {middle} {rng.choice(_GIVEN_MONG_T[gender])}"
    gen = generation(birth_year)
    middle = _MIDDLE_W[(gender, gen)].pick(rng)
    given = rng.choice(_GIVEN_T[(gender, gen)])
    if gen == 2 and middle not in ("Văn", "Thị") and rng.random() < 0.2:
        # Two-syllable middle names are common among the young: "Nguyễn Ngọc Bảo Anh".
        second = _MIDDLE_W[(gender, gen)].pick(rng)
        if second not in (middle, given, "Văn", "Thị"):
            middle = f"{middle} {second}"
    if middle.split()[-1] == given:  # no "Nguyễn Minh Minh"
        names = _GIVEN_T[(gender, gen)]
        given = names[(names.index(given) + 1) % len(names)]
    return f"{family} {middle} {given}"


def email_for(rng: random.Random, name: str, birth_year: int) -> str:
    """A plausible personal address: "nguyenthuha1992@gmail.com"."""
    local = fold(name).replace(" ", "")
    domain = "gmail.com" if rng.random() < 0.85 else rng.choice(("yahoo.com", "outlook.com"))
    return f"{local}{birth_year % 100:02d}{rng.randrange(10, 100)}@{domain}"


# --- Phones ---------------------------------------------------------------------------
# Mobile prefixes in use since the 2018 renumbering: Viettel 086/096/097/098/032–039,
# VinaPhone 091/094/081–085/088, MobiFone 089/090/093.
MOBILE_PREFIXES = (
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",
    "091", "094", "081", "082", "083", "084", "085", "088", "089", "090", "093",
)


def mobile(rng: random.Random) -> str:
    """A 10-digit mobile number, 09x/03x/08x."""
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"


def landline(rng: random.Random, area_code: str) -> str:
    """A fixed line under its area code: "024 3826 1234" (3-digit codes) or "0234 3822 123"."""
    if len(area_code) == 3:
        return f"{area_code} 3{rng.randrange(1000):03d} {rng.randrange(10000):04d}"
    return f"{area_code} 3{rng.randrange(1000):03d} {rng.randrange(1000):03d}"


# --- Addresses ------------------------------------------------------------------------
STREETS = split_words(
    "Lê_Lợi Trần_Hưng_Đạo Nguyễn_Huệ Hai_Bà_Trưng Lý_Thường_Kiệt Quang_Trung Hùng_Vương "
    "Lê_Duẩn Nguyễn_Trãi Phan_Chu_Trinh Điện_Biên_Phủ Võ_Thị_Sáu Nguyễn_Văn_Cừ Trần_Phú "
    "Ngô_Quyền Hoàng_Diệu Bà_Triệu Lạc_Long_Quân Nguyễn_Du Lê_Lai Nguyễn_Thái_Học "
    "Phan_Đình_Phùng Lê_Thánh_Tông Trần_Quốc_Toản Nguyễn_Chí_Thanh Võ_Nguyên_Giáp "
    "Nguyễn_Văn_Linh Tôn_Đức_Thắng Lê_Hồng_Phong Hoàng_Văn_Thụ Nguyễn_Thị_Minh_Khai "
    "Cách_Mạng_Tháng_Tám Ba_Tháng_Hai Lý_Tự_Trọng Phạm_Ngũ_Lão Nguyễn_Đình_Chiểu "
    "Trường_Chinh Phạm_Văn_Đồng Hàm_Nghi Chu_Văn_An Yết_Kiêu Mạc_Đĩnh_Chi"
)
VILLAGES = split_words(
    "Đông Tây Nam Bắc Trung Thượng Hạ Đông_Hòa Tân_Lập Phú_Xuân An_Lạc Yên_Bình "
    "Trung_Hậu Phú_Lợi Bình_An Tân_Phú Hòa_Bình Thạnh_Mỹ Phước_Lộc Long_Thành Đồng_Tâm"
)
HAMLETS_NORTHWEST = split_words("Phiêng_Lanh Nà_Tấu Huổi_Lóng Nậm_Cang Pá_Khoang Co_Mạy Na_Sang Tà_Cọ")
NORTHWEST = {"11", "12", "14", "15"}


def province_display(name: str) -> str:
    """"Thành phố Hà Nội" stays; "Cao Bằng" becomes "Tỉnh Cao Bằng"."""
    return name if name.startswith("Thành phố") else f"Tỉnh {name}"


def street_address(rng: random.Random, *, province: str) -> str:
    """The house-and-street part of an urban address, in the region's style."""
    street = rng.choice(STREETS)
    number = rng.randrange(1, 400)
    roll = rng.random()
    if province in SOUTH and roll < 0.35:
        return f"Số {number}/{rng.randrange(1, 60)}, đường {street}"  # "123/45" hẻm numbering
    if province not in SOUTH and roll < 0.35:
        return f"Số {number}, ngõ {rng.randrange(1, 200)}, đường {street}"
    return f"Số {number}, đường {street}"


def rural_address(rng: random.Random, *, province: str) -> str:
    """The village part of a rural address: Thôn (north, centre), Ấp (south), Bản (north-west)."""
    if province in NORTHWEST and rng.random() < 0.6:
        return f"Bản {rng.choice(HAMLETS_NORTHWEST)}"
    word = "Ấp" if province in SOUTH else "Thôn"
    if rng.random() < 0.4:
        return f"{word} {rng.randrange(1, 15)}"
    return f"{word} {rng.choice(VILLAGES)}"


def address(rng: random.Random, *, province: str, province_name: str, ward_name: str, ward_type: str) -> str:
    """"Số 12, đường Lê Lợi, Phường Hoàn Kiếm, Thành phố Hà Nội" / "Thôn Đông, Xã …, Tỉnh …"."""
    if ward_type == "phường":
        head = street_address(rng, province=province)
    elif ward_type == "đặc khu":
        head = f"Tổ dân phố {rng.randrange(1, 12)}"
    else:
        head = rural_address(rng, province=province)
    return f"{head}, {ward_name}, {province_display(province_name)}"


def ward_lower(ward_name: str) -> str:
    """"Phường Hoàn Kiếm" -> "phường Hoàn Kiếm", as in "Trạm Y tế phường Hoàn Kiếm"."""
    kind, _, rest = ward_name.partition(" ")
    if kind == "Đặc":  # "Đặc khu Phú Quốc"
        return "đặc " + rest
    return f"{kind.lower()} {rest}"


def ward_base(ward_name: str) -> str:
    """"Phường Hoàn Kiếm" -> "Hoàn Kiếm"."""
    for prefix in ("Phường ", "Xã ", "Đặc khu "):
        if ward_name.startswith(prefix):
            return ward_name[len(prefix):]
    return ward_name


# --- Citizen identity numbers ---------------------------------------------------------


def cccd_century_digit(*, gender: int, birth_year: int) -> int:
    """The 4th digit of a CCCD number: century of birth and gender.

    Thông tư 07/2016/TT-BCA Điều 7 (structure set by Nghị định 137/2015/NĐ-CP Điều 7,
    kept by Thông tư 59/2021/TT-BCA): 20th century (1900–1999) male 0, female 1;
    21st century male 2, female 3; 22nd male 4, female 5; 23rd 6/7; 24th 8/9.
    """
    century = (birth_year - 1900) // 100  # 0 for the 1900s, 1 for the 2000s, …
    if not 0 <= century <= 4:
        raise ValueError(f"no CCCD century digit for {birth_year}")
    return 2 * century + (0 if gender == 1 else 1)


class CccdNumbers:
    """Unique 12-digit CCCD numbers (Thông tư 07/2016/TT-BCA Điều 7).

    Digits 1–3: province of birth (0 + the province's statistics code, "001" Hà Nội,
    "079" Hồ Chí Minh); digit 4: century and gender; digits 5–6: last two digits of the
    year of birth; digits 7–12: a serial. The serial walks a fixed permutation of
    0–999,999 per 6-digit prefix, so numbers look random and never repeat.
    """

    def __init__(self, rng: random.Random) -> None:
        self._offset = rng.randrange(1_000_000)
        self._used: dict[str, int] = {}

    def next(self, *, birth_province: str, gender: int, birth_year: int) -> str:
        prefix = f"0{birth_province}{cccd_century_digit(gender=gender, birth_year=birth_year)}{birth_year % 100:02d}"
        count = self._used.get(prefix, 0)
        if count >= 1_000_000:
            raise OverflowError(f"CCCD serials exhausted for prefix {prefix}")
        self._used[prefix] = count + 1
        # 7-digit multiplier coprime with 10: a bijection of 0–999,999 per prefix.
        return f"{prefix}{(count * 3_712_933 + self._offset + int(prefix) * 7_919) % 1_000_000:06d}"
