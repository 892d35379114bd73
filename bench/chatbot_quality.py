"""Answer quality of the virtual assistant (vssid/support/chatbot.py) on phrased questions.

    .venv/bin/python bench/chatbot_quality.py          # held-out set (the figures to report)
    .venv/bin/python bench/chatbot_quality.py --dev    # the development set used for tuning
    .venv/bin/python bench/chatbot_quality.py --misses # list the misses too

The index is built from the FAQ as seeded by migration 0005 (vssid/support/faq_data.py), so
no database is needed. Each question is worded differently from the FAQ titles, like people
type them: with and without diacritics, with chat shorthand, sometimes as a statement.

HELD_OUT was written before the threshold and the term handling were tuned, and only DEV was
looked at while tuning; OUT_OF_SCOPE questions must get "I do not know" (they are not about
BHXH or VssID, and several share words with the FAQ: "bao nhieu tien", "can cuoc", "dang ky").

Reported: top-1 and top-3 hit rates (the expected entry ranks first / in the first three),
"answered right" (ranked first AND above the confidence threshold, so the assistant gives it
as the answer), "answered wrong" (a different entry given as the answer), and for the
out-of-scope questions the share the assistant declines.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vssid.support import chatbot  # noqa: E402
from vssid.support.faq_data import ENTRIES  # noqa: E402

HELD_OUT: list[tuple[str, str]] = [
    ("cach tao tai khoan vssid", "dang-ky-tai-khoan"),
    ("Muốn dùng VssID thì đăng ký ở đâu?", "dang-ky-tai-khoan"),
    ("sao dang nhap may moi cu bat nhap ma", "otp-thiet-bi-moi"),
    ("Tôi đổi điện thoại mới, app đòi mã gửi qua tin nhắn là sao?", "otp-thiet-bi-moi"),
    ("khong nho pass vssid", "quen-mat-khau"),
    ("Làm lại mật khẩu như thế nào?", "quen-mat-khau"),
    ("nhap sai mat khau 5 lan bi khoa bao lau", "tai-khoan-bi-khoa"),
    ("Tài khoản bị khóa phải chờ bao lâu?", "tai-khoan-bi-khoa"),
    ("dang nhap bang so can cuoc duoc khong", "dang-nhap-bang-cccd"),
    ("Có thể vào app bằng vân tay không?", "dang-nhap-van-tay"),
    ("mat khau ban dau gui qua tin nhan co phai doi khong", "doi-mat-khau-lan-dau"),
    ("Xem thẻ bảo hiểm của con nhỏ trên app được không?", "tai-khoan-cho-con"),
    ("Bây giờ còn in thẻ BHYT giấy không?", "ngung-cap-the-giay"),
    ("di kham khong co the giay duoc khong", "ngung-cap-the-giay"),
    ("kiem tra the bhyt con gia tri khong", "the-con-han"),
    ("Làm sao xem hạn sử dụng thẻ bảo hiểm y tế?", "the-con-han"),
    ("nhan tin kiem tra the bhyt so nao", "tin-nhan-8079"),
    ("Cú pháp tin nhắn tra cứu thẻ BHYT là gì?", "tin-nhan-8079"),
    ("the bhyt qua han roi phai lam sao", "the-het-han"),
    ("Thẻ bảo hiểm y tế hết hạn có đi khám được không?", "the-het-han"),
    ("danh mat the bao hiem y te", "mat-the"),
    ("Thẻ BHYT bị rách thì xin cấp lại ở đâu?", "mat-the"),
    ("ma the bhyt co bao nhieu so", "ma-the-10-so"),
    ("Quên mã số bảo hiểm xã hội thì tìm lại thế nào?", "ma-so-bhxh"),
    ("tham gia bhyt lien tuc 5 nam duoc loi gi", "du-5-nam-lien-tuc"),
    ("Ký hiệu K2 trên thẻ nghĩa là gì?", "ma-noi-sinh-song"),
    ("mat mang van xem duoc the khong", "the-khi-mat-mang"),
    ("Bệnh viện quét mã QR trên điện thoại để làm gì?", "co-so-kiem-tra-the"),
    ("doi benh vien dang ky kham ban dau", "doi-noi-kcb-ban-dau"),
    ("Tôi muốn chuyển nơi khám ban đầu sang bệnh viện khác", "doi-noi-kcb-ban-dau"),
    ("muc huong 4 duoc bao nhieu phan tram", "muc-huong"),
    ("Số 3 ở ô mức hưởng trên thẻ là gì?", "muc-huong"),
    ("kham o tram y te xa co phai tra tien khong", "huong-100-phan-tram"),
    ("Hộ cận nghèo năm 2026 được hưởng bao nhiêu phần trăm?", "ho-can-ngheo-2026"),
    ("be duoi 6 tuoi di kham co mat tien khong", "tre-em-duoi-6-tuoi"),
    ("xem lich su di kham benh tren app", "so-kham-chua-benh"),
    ("Sổ khám bệnh có lần khám mà tôi không hề đi", "sai-lich-su-kham"),
    ("mua bhyt ho gia dinh het bao nhieu tien 1 nam", "muc-dong-bhyt-hgd"),
    ("Giá BHYT cho người thứ hai trong nhà là bao nhiêu?", "muc-dong-bhyt-hgd"),
    ("co dong bhyt 6 thang duoc khong", "ky-dong-bhyt-hgd"),
    ("Nộp tiền gia hạn bảo hiểm y tế trên điện thoại", "gia-han-bhyt-hgd"),
    ("dong bhxh tu nguyen thang bao nhieu tien", "muc-dong-bhxh-tu-nguyen"),
    ("Hộ nghèo đóng BHXH tự nguyện được hỗ trợ không?", "ho-tro-bhxh-tu-nguyen"),
    ("dong bhxh tu nguyen 1 lan cho 5 nam duoc khong", "phuong-thuc-dong-tu-nguyen"),
    ("Nộp BHXH tự nguyện ở bưu điện được không?", "dong-bhxh-tu-nguyen-o-dau"),
    ("cong ty tru luong dong bao hiem bao nhieu", "ty-le-dong-bat-buoc"),
    ("Lương cơ sở năm 2026 là bao nhiêu tiền?", "luong-co-so"),
    ("luong toi thieu vung 1 nam 2026", "luong-toi-thieu-vung"),
    ("Mức lương tối đa để đóng BHXH là bao nhiêu?", "muc-tham-chieu-tran-dong"),
    ("dong bao nhieu nam thi duoc luong huu", "dieu-kien-luong-huu"),
    ("Nghỉ việc được nhận trợ cấp thất nghiệp bao nhiêu tiền?", "tro-cap-that-nghiep"),
    ("tham gia bhxh duoc huong nhung quyen loi gi", "che-do-bhxh"),
    ("Công ty không đóng BHXH mấy tháng cho tôi", "qua-trinh-thieu-thang"),
    ("so dien thoai tong dai bao hiem xa hoi", "tong-dai-ho-tro"),
    ("Gọi ai khi cần hỏi về BHYT?", "tong-dai-ho-tro"),
    ("lam thu tuc cap lai so bhxh tren app duoc khong", "dich-vu-cong-vssid"),
    ("Muốn khiếu nại thì gửi ở đâu?", "gui-phan-anh"),
    ("toi doi sim moi thi cap nhat the nao", "doi-so-dien-thoai"),
    ("Có người gọi xưng BHXH hỏi mã OTP, có phải lừa đảo?", "email-gia-mao"),
    ("thong tin suc khoe cua toi ai xem duoc", "du-lieu-suc-khoe"),
    ("Tên tôi trên hệ thống bị sai, sửa thế nào?", "yeu-cau-du-lieu"),
    ("xem ai da dang nhap tai khoan cua toi", "nhat-ky-dang-nhap"),
]

DEV: list[tuple[str, str]] = [
    ("doi noi kham ban dau", "doi-noi-kcb-ban-dau"),
    ("quen mat khau", "quen-mat-khau"),
    ("the het han", "the-het-han"),
    ("quen mk", "quen-mat-khau"),
    ("khi nao duoc doi noi kcb ban dau", "doi-noi-kcb-ban-dau"),
    ("đăng ký vssid thế nào", "dang-ky-tai-khoan"),
    ("sao bắt nhập otp", "otp-thiet-bi-moi"),
    ("bhyt ho gia dinh bao nhieu tien", "muc-dong-bhyt-hgd"),
    ("mất thẻ bhyt", "mat-the"),
    ("the giay con dung khong", "ngung-cap-the-giay"),
    ("muc huong la gi", "muc-huong"),
    ("tong dai bhxh", "tong-dai-ho-tro"),
    ("bhxh tu nguyen dong bao nhieu", "muc-dong-bhxh-tu-nguyen"),
    ("nha nuoc ho tro bao nhieu bhxh tu nguyen", "ho-tro-bhxh-tu-nguyen"),
    ("luong huu bao nhieu phan tram", "dieu-kien-luong-huu"),
    ("tro cap that nghiep", "tro-cap-that-nghiep"),
    ("tai khoan bi khoa", "tai-khoan-bi-khoa"),
    ("tin nhan 8079", "tin-nhan-8079"),
    ("k1 la gi", "ma-noi-sinh-song"),
    ("thieu thang dong bhxh", "qua-trinh-thieu-thang"),
    ("gui khieu nai", "gui-phan-anh"),
    ("lua dao otp", "email-gia-mao"),
    ("the cua toi het han thi lam gi", "the-het-han"),
    ("xem the cua con", "tai-khoan-cho-con"),
    ("dong bhyt may thang", "ky-dong-bhyt-hgd"),
    ("Cho em hỏi thẻ BHYT của em hết hạn rồi thì phải đi đâu làm lại ạ?", "the-het-han"),
    ("minh moi mua dien thoai moi dang nhap vssid thi no bao nhap ma gui ve sdt", "otp-thiet-bi-moi"),
    ("Bố mẹ tôi muốn đổi sang khám ở bệnh viện huyện thì làm thủ tục gì?", "doi-noi-kcb-ban-dau"),
    ("nha toi 4 nguoi mua bao hiem y te thi moi nguoi dong bao nhieu", "muc-dong-bhyt-hgd"),
    ("Tôi làm tự do muốn đóng bảo hiểm để sau này có lương hưu thì đóng bao nhiêu?", "muc-dong-bhxh-tu-nguyen"),
    ("em nhap sai mat khau may lan gio khong vao duoc app", "tai-khoan-bi-khoa"),
    ("Cháu tôi mới sinh có được miễn phí khám bệnh không?", "tre-em-duoi-6-tuoi"),
    ("di kham benh ma quen mang the thi sao", "ngung-cap-the-giay"),
    ("Thẻ ghi mức hưởng 4 thì tôi phải trả bao nhiêu khi nằm viện?", "muc-huong"),
    ("app co luu lai lich su dang nhap khong", "nhat-ky-dang-nhap"),
    ("Trên ứng dụng có làm được thủ tục ủy quyền nhận lương hưu không?", "dich-vu-cong-vssid"),
    ("toi bi mat viec co duoc nhan tien gi khong", "tro-cap-that-nghiep"),
    ("Tôi thấy app ghi tôi đi khám ở phòng khám mà tôi chưa từng đến", "sai-lich-su-kham"),
    ("co ai goi dien bao toi no bao hiem doi chuyen tien", "email-gia-mao"),
    ("Lương đóng bảo hiểm cao nhất là bao nhiêu?", "muc-tham-chieu-tran-dong"),
]

OUT_OF_SCOPE: list[str] = [
    "thời tiết hà nội hôm nay",
    "giá vàng hôm nay bao nhiêu",
    "cach nau pho bo",
    "tỷ số trận bóng đá tối qua",
    "mua vé máy bay đi Đà Nẵng",
    "đăng ký xe máy ở đâu",
    "lam cccd mat bao lau",
    "xin visa đi Nhật cần gì",
    "thuế thu nhập cá nhân tính thế nào",
    "cách cài wifi cho điện thoại",
    "mã giảm giá shopee",
    "học lái xe ô tô hết bao nhiêu tiền",
]


def evaluate(index: chatbot.FaqIndex, questions: list[tuple[str, str]]) -> dict:
    top1 = top3 = right = wrong = 0
    misses = []
    for question, expected in questions:
        hits = index.rank(question, limit=3)
        slugs = [hit.doc.slug for hit in hits]
        answered = chatbot.Ranking(hits).best
        top1 += bool(slugs) and slugs[0] == expected
        top3 += expected in slugs
        if answered is not None:
            right += answered.doc.slug == expected
            wrong += answered.doc.slug != expected
        if not slugs or slugs[0] != expected or answered is None:
            misses.append((question, expected, [(h.doc.slug, round(h.score, 1), h.confidence) for h in hits]))
    n = len(questions)
    return {"n": n, "top1": top1 / n, "top3": top3 / n, "right": right / n, "wrong": wrong / n, "misses": misses}


def main(argv: list[str]) -> None:
    docs = [chatbot.Doc(n, e.slug, e.question, e.keywords, e.answer) for n, e in enumerate(ENTRIES, start=1)]
    index = chatbot.FaqIndex(docs)
    slugs = {e.slug for e in ENTRIES}
    questions = DEV if "--dev" in argv else HELD_OUT
    assert all(expected in slugs for _, expected in questions), "an expected entry is not in the FAQ"
    result = evaluate(index, questions)
    declined = sum(chatbot.Ranking(index.rank(q)).best is None for q in OUT_OF_SCOPE)
    name = "development" if "--dev" in argv else "held-out"
    print(f"FAQ entries: {len(ENTRIES)}; {name} questions: {result['n']}; "
          f"thresholds: coverage >= {chatbot.MIN_COVERAGE}, score >= {chatbot.MIN_SCORE}")
    print(f"top-1 hit rate: {result['top1']:.1%}")
    print(f"top-3 hit rate: {result['top3']:.1%}")
    print(f"answered right (top-1 above threshold): {result['right']:.1%}; answered wrong: {result['wrong']:.1%}; "
          f"handed over: {1 - result['right'] - result['wrong']:.1%}")
    print(f"out-of-scope declined: {declined}/{len(OUT_OF_SCOPE)}")
    started = time.perf_counter()
    for _ in range(20):
        for question, _expected in questions:
            index.rank(question)
    per_question = (time.perf_counter() - started) / (20 * len(questions))
    print(f"ranking time per question (pure Python, {len(ENTRIES)} entries): {per_question * 1000:.2f} ms")
    if "--misses" in argv:
        for question, expected, got in result["misses"]:
            print(f"  MISS {question!r}: expected {expected}, got {got}")
        for q in OUT_OF_SCOPE:
            best = chatbot.Ranking(index.rank(q)).best
            if best is not None:
                print(f"  ANSWERED OUT-OF-SCOPE {q!r}: {best.doc.slug} score {best.score:.1f} cov {best.confidence}")


if __name__ == "__main__":
    main(sys.argv[1:])
