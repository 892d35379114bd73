"""reference data: provinces and wards of 2025, legacy province codes, legal parameters

The administrative units come from the `vietnam-provinces` package (NQ 202/2025/QH15,
QĐ 19/2025/QĐ-TTg); the legal parameters are the figures of DOMAIN.md §4 with their
sources. Staff correct and extend parameters as data; new laws add rows, never edits.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

D = dt.date
# (name, value, unit, valid_from, valid_to, source). "bp" = basis points (1/100 %).
LEGAL_PARAMETERS = [
    ("luong_co_so", 1_800_000, "vnd", D(2023, 7, 1), D(2024, 6, 30), "Nghị định 24/2023/NĐ-CP"),
    ("luong_co_so", 2_340_000, "vnd", D(2024, 7, 1), D(2026, 6, 30), "Nghị định 73/2024/NĐ-CP"),
    ("luong_co_so", 2_530_000, "vnd", D(2026, 7, 1), None, "Nghị định 161/2026/NĐ-CP"),
    *[
        (f"luong_toi_thieu_vung_{region}", value, "vnd", D(2024, 7, 1), D(2025, 12, 31), "Nghị định 74/2024/NĐ-CP")
        for region, value in zip(("1", "2", "3", "4"), (4_960_000, 4_410_000, 3_860_000, 3_450_000))
    ],
    *[
        (f"luong_toi_thieu_vung_{region}", value, "vnd", D(2026, 1, 1), None, "Nghị định 293/2025/NĐ-CP")
        for region, value in zip(("1", "2", "3", "4"), (5_310_000, 4_730_000, 4_140_000, 3_700_000))
    ],
    # Rural poverty line: the floor of the income chosen for voluntary BHXH.
    ("chuan_ngheo_nong_thon", 1_500_000, "vnd", D(2025, 7, 1), None, "Nghị định 159/2025/NĐ-CP, Luật BHXH 41/2024/QH15"),
    # Compulsory contribution rates (% of the contribution wage), Luật BHXH 41/2024, Luật BHYT.
    ("ty_le_huu_tri_tu_tuat_nld", 800, "bp", D(2025, 7, 1), None, "Luật BHXH 41/2024/QH15 Đ.33"),
    ("ty_le_huu_tri_tu_tuat_dv", 1400, "bp", D(2025, 7, 1), None, "Luật BHXH 41/2024/QH15 Đ.34"),
    ("ty_le_om_dau_thai_san_dv", 300, "bp", D(2025, 7, 1), None, "Luật BHXH 41/2024/QH15 Đ.34"),
    ("ty_le_tnld_bnn_dv", 50, "bp", D(2025, 7, 1), None, "Luật ATVSLĐ 84/2015/QH13; Nghị định 58/2020/NĐ-CP"),
    ("ty_le_bhtn_nld", 100, "bp", D(2025, 7, 1), None, "Luật Việc làm 38/2013/QH13 Đ.57"),
    ("ty_le_bhtn_dv", 100, "bp", D(2025, 7, 1), None, "Luật Việc làm 38/2013/QH13 Đ.57"),
    ("ty_le_bhyt_nld", 150, "bp", D(2025, 7, 1), None, "Nghị định 188/2025/NĐ-CP"),
    ("ty_le_bhyt_dv", 300, "bp", D(2025, 7, 1), None, "Nghị định 188/2025/NĐ-CP"),
    # Voluntary BHXH: 22% of the chosen income; state support as a share of 22% × poverty line.
    ("ty_le_bhxh_tu_nguyen", 2200, "bp", D(2025, 7, 1), None, "Luật BHXH 41/2024/QH15; Nghị định 159/2025/NĐ-CP"),
    ("ho_tro_bhxhtn_ho_ngheo", 5000, "bp", D(2025, 7, 1), None, "Nghị định 159/2025/NĐ-CP"),
    ("ho_tro_bhxhtn_ho_can_ngheo", 4000, "bp", D(2025, 7, 1), None, "Nghị định 159/2025/NĐ-CP"),
    ("ho_tro_bhxhtn_dan_toc_thieu_so", 3000, "bp", D(2025, 7, 1), None, "Nghị định 159/2025/NĐ-CP"),
    ("ho_tro_bhxhtn_khac", 2000, "bp", D(2025, 7, 1), None, "Nghị định 159/2025/NĐ-CP"),
    # Household BHYT: the 1st member pays 4.5% of lương cơ sở; later members a share of it.
    ("ty_le_bhyt_ho_gia_dinh", 450, "bp", D(2025, 7, 1), None, "Luật BHYT; Nghị định 188/2025/NĐ-CP"),
    ("bhyt_hgd_nguoi_thu_2", 7000, "bp", D(2025, 7, 1), None, "Nghị định 188/2025/NĐ-CP"),
    ("bhyt_hgd_nguoi_thu_3", 6000, "bp", D(2025, 7, 1), None, "Nghị định 188/2025/NĐ-CP"),
    ("bhyt_hgd_nguoi_thu_4", 5000, "bp", D(2025, 7, 1), None, "Nghị định 188/2025/NĐ-CP"),
    ("bhyt_hgd_nguoi_thu_5_tro_di", 4000, "bp", D(2025, 7, 1), None, "Nghị định 188/2025/NĐ-CP"),
    # The reference level (mức tham chiếu) equals lương cơ sở while that exists; the
    # contribution base is capped at 20 times (200,000 bp) it (Luật BHXH 41/2024; NĐ 158/2025 Đ.5.2).
    ("tran_dong_bhxh_bhyt", 200_000, "bp", D(2025, 7, 1), None, "Luật BHXH 41/2024/QH15 Đ.31"),
]


def upgrade():
    from vietnam_provinces import Province, Ward

    from vssid.registry.provinces_legacy import PROVINCES_LEGACY

    province = sa.table("province", sa.column("code"), sa.column("name"), sa.column("division_type"))
    ward = sa.table(
        "ward", sa.column("code"), sa.column("name"), sa.column("division_type"), sa.column("province_code")
    )
    legacy = sa.table("legacy_province", sa.column("code"), sa.column("name"))
    parameter = sa.table(
        "legal_parameter", sa.column("name"), sa.column("value"), sa.column("unit"),
        sa.column("valid_from"), sa.column("valid_to"), sa.column("source"),
    )
    op.bulk_insert(province, [
        {"code": f"{p.code.value:02d}", "name": p.name, "division_type": p.division_type.value}
        for p in Province.iter_all()
    ])
    op.bulk_insert(ward, [
        {"code": f"{w.code.value:05d}", "name": w.name, "division_type": w.division_type.value,
         "province_code": f"{w.province_code.value:02d}"}
        for w in Ward.iter_all()
    ])
    op.bulk_insert(legacy, [{"code": code, "name": name} for code, name in PROVINCES_LEGACY.items()])
    op.bulk_insert(parameter, [
        {"name": n, "value": v, "unit": u, "valid_from": f, "valid_to": t, "source": s}
        for n, v, u, f, t, s in LEGAL_PARAMETERS
    ])


def downgrade():
    for table in ("legal_parameter", "legacy_province", "ward", "province"):
        op.execute(sa.text(f"DELETE FROM {table}"))
