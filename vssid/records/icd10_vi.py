"""Vietnamese names of the ICD-10 codes a medical-visit book shows (DOMAIN.md §6).

Source: the Vietnamese edition of ICD-10 issued by the Ministry of Health with
Quyết định 4469/QĐ-BYT (28/10/2020), the list hospitals code main diagnoses with
(MA_BENH_CHINH of QĐ 130/QĐ-BYT). Only the codes the demo and the common outpatient
books use are shipped: the three-character categories of DOMAIN.md §6 and their usual
sub-codes. The wording follows the Ministry's list as hospital software prints it; where
staff find a difference, correct the row here (it is data, not logic).

``lookup`` falls back from a sub-code to its three-character category, so "E11.65"
still reads "Bệnh đái tháo đường không phụ thuộc insulin".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SOURCE = "Quyết định 4469/QĐ-BYT ngày 28/10/2020 của Bộ Y tế (ICD-10 bản tiếng Việt)"

ICD10_VI: dict[str, str] = {
    # Chapter I – infectious diseases
    "A09": "Tiêu chảy và viêm dạ dày ruột có nguồn gốc nhiễm trùng",
    "A09.0": "Viêm dạ dày ruột và viêm đại tràng khác có nguồn gốc nhiễm trùng",
    "A09.9": "Viêm dạ dày ruột và viêm đại tràng không rõ nguồn gốc",
    "B34.9": "Nhiễm virus, không đặc hiệu",
    # Chapter IV – endocrine
    "E11": "Bệnh đái tháo đường không phụ thuộc insulin",
    "E11.0": "Bệnh đái tháo đường không phụ thuộc insulin, có hôn mê",
    "E11.1": "Bệnh đái tháo đường không phụ thuộc insulin, có nhiễm toan ceton",
    "E11.2": "Bệnh đái tháo đường không phụ thuộc insulin, có biến chứng thận",
    "E11.3": "Bệnh đái tháo đường không phụ thuộc insulin, có biến chứng mắt",
    "E11.4": "Bệnh đái tháo đường không phụ thuộc insulin, có biến chứng thần kinh",
    "E11.5": "Bệnh đái tháo đường không phụ thuộc insulin, có biến chứng tuần hoàn ngoại vi",
    "E11.6": "Bệnh đái tháo đường không phụ thuộc insulin, có biến chứng xác định khác",
    "E11.7": "Bệnh đái tháo đường không phụ thuộc insulin, có đa biến chứng",
    "E11.8": "Bệnh đái tháo đường không phụ thuộc insulin, có biến chứng không đặc hiệu",
    "E11.9": "Bệnh đái tháo đường không phụ thuộc insulin, không có biến chứng",
    "E78": "Rối loạn chuyển hóa lipoprotein và tình trạng tăng lipid máu khác",
    "E78.5": "Tăng lipid máu, không đặc hiệu",
    # Chapter VII/IX – eye, circulatory
    "H10": "Viêm kết mạc",
    "I10": "Bệnh tăng huyết áp vô căn (nguyên phát)",
    "I11": "Bệnh tim do tăng huyết áp",
    "I20": "Cơn đau thắt ngực",
    "I25": "Bệnh tim thiếu máu cục bộ mạn",
    # Chapter X – respiratory
    "J00": "Viêm mũi họng cấp [cảm thường]",
    "J02": "Viêm họng cấp",
    "J02.9": "Viêm họng cấp, không đặc hiệu",
    "J03": "Viêm amidan cấp",
    "J03.9": "Viêm amidan cấp, không đặc hiệu",
    "J06": "Nhiễm trùng đường hô hấp trên cấp tính ở nhiều vị trí và vị trí không xác định",
    "J06.0": "Viêm thanh quản – khí quản cấp",
    "J06.8": "Nhiễm trùng cấp khác của đường hô hấp trên ở nhiều vị trí",
    "J06.9": "Nhiễm trùng đường hô hấp trên cấp, không đặc hiệu",
    "J18": "Viêm phổi, tác nhân không xác định",
    "J18.9": "Viêm phổi, không đặc hiệu",
    "J20": "Viêm phế quản cấp",
    "J20.9": "Viêm phế quản cấp, không đặc hiệu",
    "J45": "Hen [suyễn]",
    # Chapter XI – digestive
    "K21": "Bệnh trào ngược dạ dày – thực quản",
    "K29": "Viêm dạ dày và tá tràng",
    "K29.0": "Viêm dạ dày xuất huyết cấp",
    "K29.1": "Viêm dạ dày cấp khác",
    "K29.5": "Viêm dạ dày mạn, không đặc hiệu",
    "K29.7": "Viêm dạ dày, không đặc hiệu",
    "K35": "Viêm ruột thừa cấp",
    "K35.2": "Viêm ruột thừa cấp có viêm phúc mạc toàn thể",
    "K35.3": "Viêm ruột thừa cấp có viêm phúc mạc khu trú",
    "K35.8": "Viêm ruột thừa cấp, khác và không đặc hiệu",
    "K35.9": "Viêm ruột thừa cấp, không đặc hiệu",
    # Chapter XII/XIII – skin, musculoskeletal
    "L20": "Viêm da cơ địa",
    "M17": "Thoái hóa khớp gối",
    "M54": "Đau lưng",
    "M54.2": "Đau vùng cổ",
    "M54.4": "Đau thắt lưng kèm đau dây thần kinh tọa",
    "M54.5": "Đau vùng thắt lưng",
    "M54.9": "Đau lưng, không đặc hiệu",
    # Chapter XIV/XV – genitourinary, pregnancy
    "N39.0": "Nhiễm trùng đường tiết niệu, vị trí không xác định",
    "O80": "Đẻ thường một thai",
    "O80.0": "Đẻ thường ngôi chỏm",
    "O80.9": "Đẻ thường một thai, không đặc hiệu",
    "O82": "Đẻ một thai bằng mổ lấy thai",
    # Chapter XVIII/XIX/XXI – symptoms, injuries, contact with services
    "R50.9": "Sốt, không đặc hiệu",
    "R51": "Đau đầu",
    "S52": "Gãy xương cẳng tay",
    "S52.5": "Gãy đầu dưới xương quay",
    "S52.6": "Gãy đầu dưới cả xương trụ và xương quay",
    "S52.9": "Gãy xương cẳng tay, phần không xác định",
    "Z00.0": "Khám sức khỏe tổng quát",
    "Z34": "Theo dõi thai bình thường",
}

_CODE = re.compile(r"([A-Z])(\d{2})(?:\.?([0-9A-Z]{1,4}))?")


@dataclass(frozen=True)
class Diagnosis:
    code: str  # normalised, with the dot: "E11.9"
    name: str | None  # None when neither the code nor its category is known
    exact: bool  # False when the name is the category's


def normalise(code: str) -> str | None:
    """ "e119", "E11.9 ", "E11.9" -> "E11.9"; anything that is not ICD-10 shaped -> None."""
    match = _CODE.fullmatch((code or "").strip().upper())
    if match is None:
        return None
    letter, digits, rest = match.groups()
    return f"{letter}{digits}.{rest}" if rest else f"{letter}{digits}"


def lookup(code: str) -> Diagnosis:
    normal = normalise(code)
    if normal is None:
        return Diagnosis(code=(code or "").strip(), name=None, exact=False)
    if normal in ICD10_VI:
        return Diagnosis(code=normal, name=ICD10_VI[normal], exact=True)
    category = normal[:3]
    return Diagnosis(code=normal, name=ICD10_VI.get(category), exact=False)


def lookup_many(codes: str | None) -> list[Diagnosis]:
    """The secondary codes of a visit: ";"-separated (QĐ 130/QĐ-BYT, MA_BENH_KT)."""
    return [lookup(part) for part in (codes or "").split(";") if part.strip()]
