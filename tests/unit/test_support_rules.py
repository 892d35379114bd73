"""Petition due dates and attachment checks (no database)."""
from __future__ import annotations

import datetime as dt

import pytest

from vssid.support import attachments
from vssid.support.attachments import Upload
from vssid.support.petitions import add_working_days
from tests.support.support import HTML, JPEG, PDF, png_bytes

# A week with no public holiday (24/11 is one from 2026: Ngày Văn hóa Việt Nam, a paid day off).
MON, FRI, SAT, SUN = dt.date(2026, 12, 7), dt.date(2026, 12, 11), dt.date(2026, 12, 12), dt.date(2026, 12, 13)


@pytest.mark.parametrize("start, days, due", [
    (MON, 5, dt.date(2026, 12, 14)),  # Tue..Fri + Mon
    (FRI, 5, dt.date(2026, 12, 18)),  # the weekend does not count
    (SAT, 5, dt.date(2026, 12, 18)),
    (SUN, 5, dt.date(2026, 12, 18)),
    (FRI, 1, dt.date(2026, 12, 14)),
    (MON, 0, MON),
    (MON, 10, dt.date(2026, 12, 21)),
])
def test_due_dates_skip_saturdays_and_sundays(start, days, due):
    assert add_working_days(start, days) == due
    assert due.weekday() < 5 or days == 0


@pytest.mark.parametrize("start, days, due", [
    # Tết Bính Ngọ: 16–20/02/2026 are holidays (Bộ luật Lao động 2019, Điều 112; the Government's
    # Tết schedule). Received Friday 13/02: Mon 16 – Fri 20 do not count, due Friday 27/02.
    (dt.date(2026, 2, 13), 5, dt.date(2026, 2, 27)),
    # 30/4 and 1/5/2026 (Thursday, Friday): received Wednesday 29/04, 2 working days -> Tue 05/05.
    (dt.date(2026, 4, 29), 2, dt.date(2026, 5, 5)),
    # Quốc khánh 01–02/09/2026 (Tue, Wed) and the moved day off Monday 31/08.
    (dt.date(2026, 8, 28), 1, dt.date(2026, 9, 3)),
    # A request received on 31/12 counts the next year's New Year's Day as a holiday.
    (dt.date(2026, 12, 31), 1, dt.date(2027, 1, 4)),
    # Ngày Văn hóa Việt Nam, 24/11 (the Politburo's decision of 2025, a paid day off).
    (dt.date(2026, 11, 23), 1, dt.date(2026, 11, 25)),
])
def test_due_dates_skip_public_holidays(start, days, due):
    assert add_working_days(start, days) == due


def test_types_are_recognised_by_content_not_by_name():
    assert attachments.sniff(png_bytes()) == "image/png"
    assert attachments.sniff(JPEG) == "image/jpeg"
    assert attachments.sniff(PDF) == "application/pdf"
    assert attachments.sniff(HTML) is None
    assert attachments.sniff(b"GIF89a") is None
    files, problems = attachments.check([Upload("anh.jpg", HTML), Upload("giay-to.png", PDF)])
    assert [f.file_name for f in files] == ["giay-to.png.pdf"]  # a PDF named .png is kept, as a PDF
    assert problems == ["Tệp “anh.jpg” không phải ảnh JPEG, PNG hoặc tệp PDF."]


def test_every_problem_is_named_at_once():
    big = JPEG + b"\x00" * attachments.MAX_BYTES
    files, problems = attachments.check(
        [Upload(f"anh{n}.png", png_bytes()) for n in range(5)] + [Upload("to.jpg", big), Upload("rong.pdf", b"")]
    )
    assert problems[0] == "Chỉ được đính kèm tối đa 5 tệp (bạn đã chọn 7 tệp)."
    assert any("“to.jpg” lớn hơn 5 MB" in p for p in problems)
    assert "Tệp “rong.pdf” rỗng." in problems
    exactly = JPEG + b"\x00" * (attachments.MAX_BYTES - len(JPEG))
    assert attachments.check([Upload("vua.jpg", exactly)])[1] == []


def test_no_file_chosen_is_not_a_problem():
    assert attachments.check([Upload("", b"")]) == ([], [])


def test_names_lose_folders_and_control_characters_and_gain_the_real_extension():
    assert attachments.clean_name("C:\\fakepath\\Ảnh thẻ.JPG", "image/jpeg") == "Ảnh thẻ.JPG"
    assert attachments.clean_name("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert attachments.clean_name("a\x00b\n.png", "image/png") == "ab.png"
    assert attachments.clean_name("", "image/png") == "tep-dinh-kem.png"
