"""Vietnamese names of the codes the personal records carry (DOMAIN.md §5, §6).

These are the names the law and the Ministry of Health's data standard use, kept as data
next to their codes. ``N_`` only marks them for Babel's extractor (a default keyword):
templates translate them at display time with ``_(name)``.
"""
from __future__ import annotations

from dataclasses import dataclass

from vssid.core.i18n import N_


@dataclass(frozen=True)
class Scheme:
    code: str  # ParticipationPeriod.scheme
    slug: str  # the URL segment
    short: str  # the abbreviation people know, shown on the tab
    name: str


SCHEMES: tuple[Scheme, ...] = (
    Scheme("BHXH", "bhxh", N_("BHXH"), N_("Bảo hiểm xã hội")),
    Scheme("BHTN", "bhtn", N_("BHTN"), N_("Bảo hiểm thất nghiệp")),
    Scheme("BHTNLD_BNN", "bhtnld-bnn", N_("TNLĐ-BNN"), N_("Bảo hiểm tai nạn lao động – bệnh nghề nghiệp")),
    Scheme("BHYT", "bhyt", N_("BHYT"), N_("Bảo hiểm y tế")),
)
SCHEME_BY_SLUG = {scheme.slug: scheme for scheme in SCHEMES}
SCHEME_BY_CODE = {scheme.code: scheme for scheme in SCHEMES}

PARTICIPATION_MODES = {
    "compulsory": N_("Bắt buộc"),
    "voluntary": N_("Tự nguyện"),
    "household": N_("Hộ gia đình"),
}

# Benefit regimes, in the order of DOMAIN.md §5 (the order the list shows them in).
REGIMES: dict[str, str] = {
    "om_dau": N_("Ốm đau"),
    "thai_san": N_("Thai sản"),
    "duong_suc": N_("Dưỡng sức phục hồi sức khỏe"),
    "huu_tri": N_("Hưu trí"),
    "bhxh_mot_lan": N_("BHXH một lần"),
    "tu_tuat": N_("Tử tuất"),
    "tnld_bnn": N_("Tai nạn lao động – bệnh nghề nghiệp"),
    "that_nghiep": N_("Trợ cấp thất nghiệp"),
    "huu_tri_xa_hoi": N_("Trợ cấp hưu trí xã hội"),
}

PAYMENT_METHODS = {
    "atm": N_("Chuyển khoản qua tài khoản ATM"),
    "cash": N_("Tiền mặt qua bưu điện"),
}

BENEFIT_STATUSES = {
    "paid": N_("Đã chi trả"),
    "active": N_("Đang hưởng"),
    "paying": N_("Đang chi trả"),
    "pending": N_("Đang giải quyết"),
    "suspended": N_("Tạm dừng chi trả"),
    "stopped": N_("Đã dừng hưởng"),
}

# Regimes paid every month: the record's amount is the monthly amount (pension, social
# pension, unemployment; survivors' allowance when it is monthly, i.e. has a period).
MONTHLY_REGIMES = frozenset({"huu_tri", "huu_tri_xa_hoi", "that_nghiep"})


def is_monthly(regime: str, period_from) -> bool:
    return regime in MONTHLY_REGIMES or (regime == "tu_tuat" and period_from is not None)


# MA_NHOM, the cost groups of Phụ lục 3, QĐ 5937/QĐ-BYT (2021) as kept by QĐ 130/QĐ-BYT
# (2023). Codes 5, 6, 9 and 11 belonged to the older QĐ 4210/QĐ-BYT table and no longer
# carry a description; a line that still uses one shows under "Chi phí khác".
COST_GROUPS: dict[int, str] = {
    1: N_("Xét nghiệm"),
    2: N_("Chẩn đoán hình ảnh"),
    3: N_("Thăm dò chức năng"),
    4: N_("Thuốc"),
    7: N_("Máu"),
    8: N_("Phẫu thuật"),
    10: N_("Vật tư y tế"),
    12: N_("Vận chuyển"),
    13: N_("Khám bệnh"),
    14: N_("Ngày giường bệnh ban ngày"),
    15: N_("Ngày giường bệnh điều trị nội trú"),
    16: N_("Ngày giường lưu"),
    17: N_("Chế phẩm máu"),
    18: N_("Thủ thuật"),
}
OTHER_COST_GROUP = N_("Chi phí khác")

# MA_LOAI_KCB (QĐ 130/QĐ-BYT, bảng 1).
VISIT_TYPES = {
    "01": N_("Khám bệnh"),
    "02": N_("Điều trị ngoại trú"),
    "03": N_("Điều trị nội trú"),
    "04": N_("Điều trị nội trú ban ngày"),
    "05": N_("Điều trị ngoại trú bệnh mạn tính"),
    "06": N_("Điều trị lưu tại trạm y tế xã, phòng khám đa khoa khu vực"),
    "07": N_("Nhận thuốc theo hẹn"),
    "08": N_("Điều trị ngoại trú bệnh mạn tính có dịch vụ kỹ thuật"),
    "09": N_("Điều trị nội trú dưới 4 giờ"),
}

# KET_QUA_DTRI and MA_LOAI_RV (DOMAIN.md §6).
TREATMENT_RESULTS = {
    1: N_("Khỏi"),
    2: N_("Đỡ"),
    3: N_("Không thay đổi"),
    4: N_("Nặng hơn"),
    5: N_("Tử vong"),
    6: N_("Tiên lượng nặng xin về"),
    7: N_("Chưa xác định"),
}
DISCHARGE_TYPES = {
    1: N_("Ra viện"),
    2: N_("Chuyển tuyến"),
    3: N_("Trốn viện"),
    4: N_("Xin ra viện"),
    5: N_("Chuyển tuyến theo yêu cầu"),
}


def cost_group_name(code: int) -> str:
    return COST_GROUPS.get(code, OTHER_COST_GROUP)
