"""Demo news for `make run` (after `flask seed-demo`): eight articles, three videos and one
scheduled article, all clearly marked as demo content, linking to the VSS portal.

The figures are those of DOMAIN.md; the YouTube ids are placeholders ("vssidDemo01"…),
so tapping play in the demo shows YouTube's "video unavailable", never someone else's video.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from vssid.core.dates import VN_TZ
from vssid.news.models import KIND_ARTICLE, KIND_VIDEO, ORIGIN_DEMO, STATUS_PUBLISHED, NewsItem
from vssid.news.sanitize import clean_html, plain_text
from vssid.news.services import slugify

PORTAL = "https://baohiemxahoi.gov.vn"
DEMO_NOTE = ("<p><em>Tin minh họa cho bản trình diễn VssID web. Thông tin chính thức xem tại "
             f'<a href="{PORTAL}">baohiemxahoi.gov.vn</a>.</em></p>')

# (days ago, hour, title, thumbnail, body)
ARTICLES = [
    (0, 9, "Từ 01/7/2026, lương cơ sở 2.530.000 đồng: mức đóng BHYT hộ gia đình thay đổi thế nào?", "the-bhyt",
     "<p>Theo Nghị định 161/2026/NĐ-CP, lương cơ sở tăng từ 2.340.000 đồng lên <strong>2.530.000 đồng/tháng</strong> "
     "từ ngày 01/7/2026. Mức đóng BHYT hộ gia đình bằng 4,5% lương cơ sở nên cũng thay đổi theo.</p>"
     "<table><caption>Mức đóng 12 tháng từ 01/7/2026</caption><thead><tr><th scope=\"col\">Thành viên</th>"
     "<th scope=\"col\">Số tiền</th></tr></thead><tbody>"
     "<tr><td>Người thứ nhất</td><td>1.366.200 đồng</td></tr><tr><td>Người thứ hai (70%)</td><td>956.340 đồng</td></tr>"
     "<tr><td>Người thứ ba (60%)</td><td>819.720 đồng</td></tr><tr><td>Người thứ tư (50%)</td><td>683.100 đồng</td></tr>"
     "<tr><td>Từ người thứ năm (40%)</td><td>546.480 đồng</td></tr></tbody></table>"
     "<p>Người tham gia có thể đóng theo kỳ 3, 6 hoặc 12 tháng tại điểm thu, đại lý thu hoặc trên ứng dụng.</p>"),
    (1, 15, "Đi khám bệnh chỉ cần thẻ BHYT trên VssID hoặc VNeID", "vssid-app",
     "<p>Từ ngày 01/6/2025, cơ quan BHXH không in thẻ BHYT giấy theo mặc định (Công văn 168/BHXH-QLT). "
     "Khi đi khám chữa bệnh, người bệnh xuất trình thẻ BHYT trên ứng dụng VssID, hoặc trên VNeID, "
     "hoặc căn cước công dân gắn chip.</p><ul><li>Mở ứng dụng, chọn <strong>Thẻ BHYT</strong>.</li>"
     "<li>Đưa mã QR cho nhân viên tiếp đón quét.</li><li>Thẻ vẫn xem được khi điện thoại không có mạng.</li></ul>"),
    (3, 10, "Đổi nơi đăng ký khám chữa bệnh ban đầu trong 15 ngày đầu mỗi quý", "kham-benh",
     "<p>Theo Luật BHYT sửa đổi (Luật số 51/2024/QH15) có hiệu lực từ 01/7/2025, người tham gia BHYT được "
     "đổi nơi đăng ký khám chữa bệnh ban đầu trong <strong>15 ngày đầu</strong> của mỗi quý (trước đây là 10 ngày).</p>"
     "<p>Hồ sơ gồm tờ khai TK1-TS; có thể nộp trực tuyến trên Cổng Dịch vụ công hoặc ứng dụng VssID.</p>"),
    (5, 8, "BHXH tự nguyện: Nhà nước hỗ trợ từ 66.000 đến 165.000 đồng mỗi tháng", "bhxh-tu-nguyen",
     "<p>Từ 01/7/2025, người tham gia BHXH tự nguyện được Nhà nước hỗ trợ tiền đóng theo tỷ lệ trên mức đóng "
     "22% × chuẩn nghèo khu vực nông thôn (1.500.000 đồng):</p><ul>"
     "<li>Hộ nghèo, người sống ở xã đảo, đặc khu: 50% – 165.000 đồng/tháng;</li>"
     "<li>Hộ cận nghèo: 40% – 132.000 đồng/tháng;</li><li>Người dân tộc thiểu số: 30% – 99.000 đồng/tháng;</li>"
     "<li>Đối tượng khác: 20% – 66.000 đồng/tháng.</li></ul><p>Thời gian hỗ trợ tối đa 10 năm (120 tháng).</p>"),
    (8, 14, "Lương hưu được tính thế nào theo Luật BHXH năm 2024?", "luong-huu",
     "<p>Luật BHXH số 41/2024/QH15 cho phép hưởng lương hưu khi có từ đủ 15 năm đóng BHXH.</p>"
     "<p>Tỷ lệ hưởng bằng 45% ứng với 15 năm đóng đối với lao động nữ và 20 năm đối với lao động nam; "
     "mỗi năm đóng thêm được cộng 2%, tối đa 75%. Lao động nam có từ đủ 15 năm đến dưới 20 năm đóng "
     "thì tỷ lệ bằng 40% và mỗi năm cộng thêm 1%.</p>"),
    (12, 9, "Người thuộc hộ cận nghèo được hưởng BHYT 100% từ 01/01/2026", "kham-benh",
     "<p>Từ ngày 01/01/2026, người thuộc hộ gia đình cận nghèo (mã đối tượng CN) chuyển sang mức hưởng 2: "
     "được quỹ BHYT chi trả 100% chi phí khám chữa bệnh trong phạm vi được hưởng (Nghị quyết 261/2025/QH15).</p>"),
    (16, 16, "Trợ cấp hưu trí xã hội: chế độ mới cho người cao tuổi", "bhxh-tu-nguyen",
     "<p>Luật BHXH năm 2024 bổ sung chế độ trợ cấp hưu trí xã hội cho công dân cao tuổi không có lương hưu "
     "hoặc trợ cấp BHXH hằng tháng. Người hưởng trợ cấp còn được Nhà nước đóng BHYT.</p>"
     "<p>Hồ sơ nộp tại Ủy ban nhân dân cấp xã nơi cư trú.</p>"),
    (21, 11, "Cảnh giác với cuộc gọi giả danh cơ quan BHXH", "article",
     "<p>Cơ quan BHXH <strong>không</strong> gọi điện đề nghị người dân cung cấp mật khẩu, mã OTP hay chuyển tiền. "
     "Khi nghi ngờ, hãy gọi tổng đài <a href=\"tel:19009068\">1900 9068</a> để được hỗ trợ.</p>"
     "<p>Không bấm vào đường dẫn lạ gửi qua tin nhắn; chỉ cài ứng dụng VssID từ kho ứng dụng chính thức.</p>"),
]
SCHEDULED = ("Giao dịch BHXH điện tử vẫn hoạt động 24/7 trong dịp nghỉ lễ", "vssid-app",
             "<p>Trong thời gian nghỉ lễ, người dân vẫn tra cứu, nộp hồ sơ và xem thẻ BHYT trên ứng dụng VssID.</p>")
VIDEOS = [
    (2, "Hướng dẫn cài đặt và đăng nhập ứng dụng VssID", "vssidDemo01",
     "Các bước cài ứng dụng, đăng nhập bằng mã số BHXH và bật đăng nhập bằng vân tay."),
    (9, "Xem quá trình đóng BHXH, BHYT trên điện thoại", "vssidDemo02",
     "Cách mở mục Quản lý cá nhân để xem từng giai đoạn tham gia, mức lương đóng và số tháng còn nợ."),
    (18, "BHYT hộ gia đình: đóng ở đâu, đóng bao nhiêu?", "vssidDemo03",
     "Mức đóng theo số thành viên, kỳ đóng 3, 6 hoặc 12 tháng và các điểm thu gần nhà."),
]


def seed_demo_news(session: Session, *, now: dt.datetime) -> int:
    """Add the demo items (once: nothing when demo news exist). Returns how many were added."""
    if session.execute(select(NewsItem.id).where(NewsItem.origin == ORIGIN_DEMO).limit(1)).first():
        return 0
    items = []
    for days, hour, title, picture, body in ARTICLES:
        day = (now.astimezone(VN_TZ) - dt.timedelta(days=days)).date()
        when = dt.datetime.combine(day, dt.time(hour), tzinfo=VN_TZ).astimezone(dt.timezone.utc)
        items.append(_item(KIND_ARTICLE, title, picture, body, min(when, now)))
    title, picture, body = SCHEDULED
    items.append(_item(KIND_ARTICLE, title, picture, body, now + dt.timedelta(days=3)))
    for days, title, youtube, summary in VIDEOS:
        item = _item(KIND_VIDEO, title, "video-poster", f"<p>{summary}</p>", now - dt.timedelta(days=days, hours=2))
        item.video_url = f"https://www.youtube.com/watch?v={youtube}"
        item.summary = summary
        items.append(item)
    session.add_all(items)
    session.flush()
    return len(items)


def _item(kind: str, title: str, picture: str, body: str, when: dt.datetime) -> NewsItem:
    html = clean_html(body + DEMO_NOTE)
    return NewsItem(
        kind=kind, status=STATUS_PUBLISHED, origin=ORIGIN_DEMO, title=title, slug=slugify(title),
        summary=plain_text(body, limit=200), body_html=html, thumbnail_url=f"/static/img/news/{picture}.svg",
        source_url=PORTAL, publish_at=when, created_at=when, updated_at=when, updated_by="demo",
    )
