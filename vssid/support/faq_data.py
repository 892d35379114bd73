"""The FAQ as first published (Câu hỏi thường gặp): categories and entries. Flask-free.

Migration 0005 loads this text into `faq_category` and `faq_entry`, so every database starts
with it; from then on editors change entries on the staff screen, and a later change to the
seed needs its own revision. The assistant's quality bench (bench/chatbot_quality.py) and
the unit tests read it too, without a database.

Every answer names the rule it rests on (`source`), from the facts in /work/shared/DOMAIN.md.
Answers are plain text: paragraphs separated by a blank line, lines starting with "- " form a
list. `keywords` are other ways people ask, in the words they type (often without diacritics);
they feed search and the assistant but are never shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from vssid.core.text import search_key


@dataclass(frozen=True)
class Faq:
    slug: str
    category: str
    question: str
    answer: str
    source: str
    keywords: str = ""


CATEGORIES: tuple[tuple[str, str], ...] = (
    ("tai-khoan", "Tài khoản và đăng nhập VssID"),
    ("the-bhyt", "Thẻ BHYT"),
    ("kham-chua-benh", "Khám chữa bệnh BHYT"),
    ("bhyt-ho-gia-dinh", "BHYT hộ gia đình"),
    ("bhxh-tu-nguyen", "BHXH tự nguyện"),
    ("bhxh-bat-buoc", "BHXH bắt buộc, mức đóng và chế độ"),
    ("dich-vu-ho-tro", "Dịch vụ công và hỗ trợ"),
    ("du-lieu-ca-nhan", "Bảo vệ dữ liệu cá nhân"),
)

ENTRIES: tuple[Faq, ...] = (
    # --- Tài khoản và đăng nhập -------------------------------------------------------
    Faq(
        "dang-ky-tai-khoan", "tai-khoan",
        "Làm thế nào để đăng ký tài khoản VssID?",
        "Chọn “Đăng ký” trên trang chủ và khai: họ và tên, mã số BHXH, số CCCD, địa chỉ liên hệ, "
        "số điện thoại di động, email (nếu có) và cơ quan BHXH tiếp nhận. Có thể quét mã QR trên thẻ BHYT "
        "hoặc CCCD để điền sẵn thông tin.\n\n"
        "Khi số CCCD khớp với Cơ sở dữ liệu quốc gia về dân cư, tài khoản được duyệt ngay; nếu chưa khớp, "
        "cán bộ BHXH sẽ kiểm tra hồ sơ. Tên đăng nhập và mật khẩu ban đầu được gửi qua SMS hoặc email; "
        "lần đăng nhập đầu tiên bạn phải đổi mật khẩu.",
        "Nghị định 164/2025/NĐ-CP về giao dịch điện tử trong lĩnh vực BHXH",
        "dang ky vssid, tao tai khoan, mo tai khoan giao dich dien tu, dang ki app bao hiem, lam tai khoan moi",
    ),
    Faq(
        "otp-thiet-bi-moi", "tai-khoan",
        "Vì sao đăng nhập trên điện thoại mới lại phải nhập mã OTP?",
        "Mỗi tài khoản chỉ dùng trên một thiết bị tại một thời điểm. Khi bạn đăng nhập từ một điện thoại hay "
        "trình duyệt chưa từng dùng, VssID gửi mã OTP 6 chữ số qua SMS đến số điện thoại đã đăng ký để chắc chắn "
        "đó là bạn. Mã dùng một lần và hết hạn sau 5 phút.\n\n"
        "Sau khi đăng nhập trên thiết bị mới, phiên trên thiết bị cũ tự kết thúc. Nếu bạn không còn dùng số "
        "điện thoại cũ, hãy gọi tổng đài 1900 9068 để được hướng dẫn đổi số.",
        "Quy định bảo mật tài khoản của ứng dụng VssID; Nghị định 164/2025/NĐ-CP",
        "ma otp, ma xac thuc, doi dien thoai, may moi, thiet bi la, khong nhan duoc otp, tin nhan ma",
    ),
    Faq(
        "quen-mat-khau", "tai-khoan",
        "Tôi quên mật khẩu VssID thì lấy lại thế nào?",
        "Trên trang đăng nhập, chọn “Quên mật khẩu”, nhập mã số BHXH. VssID gửi mã OTP đến email đã đăng ký; "
        "mã có hiệu lực 5 phút. Nhập mã rồi đặt mật khẩu mới.\n\n"
        "Nếu không còn dùng email đã đăng ký, hãy gọi tổng đài 1900 9068 hoặc đến cơ quan BHXH gần nhất để được hỗ trợ.",
        "Quy định đăng nhập của ứng dụng VssID (khôi phục mật khẩu qua OTP gửi email, hiệu lực 5 phút)",
        "quen mat khau, quen pass, khong nho mat khau, lay lai mat khau, dat lai mat khau, reset mat khau",
    ),
    Faq(
        "tai-khoan-bi-khoa", "tai-khoan",
        "Vì sao tài khoản bị tạm khóa khi đăng nhập?",
        "Sau 5 lần nhập sai mật khẩu liên tiếp, tài khoản bị tạm khóa 15 phút để chống dò mật khẩu. "
        "Hết 15 phút bạn có thể đăng nhập lại, hoặc dùng “Quên mật khẩu” để đặt mật khẩu mới.",
        "Quy định đăng nhập của ứng dụng VssID (khóa 15 phút sau 5 lần sai mật khẩu)",
        "bi khoa tai khoan, nhap sai mat khau nhieu lan, khong dang nhap duoc, tai khoan bi tam khoa",
    ),
    Faq(
        "dang-nhap-bang-cccd", "tai-khoan",
        "Tôi có thể đăng nhập bằng số CCCD thay cho mã số BHXH không?",
        "Có. Tên đăng nhập là mã số BHXH (10 chữ số) hoặc số căn cước công dân (12 chữ số) đã đăng ký với tài khoản, "
        "kèm mật khẩu của bạn.",
        "Quy định đăng nhập của ứng dụng VssID; Nghị định 164/2025/NĐ-CP",
        "ten dang nhap, dang nhap bang can cuoc, so cccd, dung can cuoc de dang nhap",
    ),
    Faq(
        "dang-nhap-van-tay", "tai-khoan",
        "Làm sao bật đăng nhập bằng vân tay hoặc khuôn mặt?",
        "Sau khi đăng nhập, vào “Cài đặt tài khoản” và chọn “Đăng nhập bằng vân tay”. Điện thoại sẽ hỏi vân tay "
        "hoặc khuôn mặt của bạn. Lần sau chỉ cần chạm vân tay để vào VssID.\n\n"
        "Dấu vân tay và khuôn mặt không bao giờ rời khỏi điện thoại: VssID chỉ nhận một khóa xác thực (chuẩn WebAuthn), "
        "không nhận hình ảnh hay dữ liệu sinh trắc học.",
        "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 (dữ liệu sinh trắc học là dữ liệu nhạy cảm); chuẩn WebAuthn",
        "van tay, khuon mat, sinh trac hoc, face id, dang nhap nhanh, passkey",
    ),
    Faq(
        "doi-mat-khau-lan-dau", "tai-khoan",
        "Vì sao lần đăng nhập đầu tiên tôi phải đổi mật khẩu?",
        "Mật khẩu ban đầu được gửi qua SMS hoặc email nên có thể bị người khác đọc được. Vì vậy lần đăng nhập đầu tiên "
        "VssID yêu cầu bạn đặt mật khẩu của riêng mình trước khi xem thông tin.",
        "Nghị định 164/2025/NĐ-CP (cấp tài khoản và mật khẩu ban đầu qua SMS, email)",
        "mat khau ban dau, mat khau tam, doi mat khau lan dau, mat khau moi",
    ),
    Faq(
        "tai-khoan-cho-con", "tai-khoan",
        "Bố mẹ có xem được thẻ BHYT của con trên VssID không?",
        "Có. Cha, mẹ hoặc người giám hộ được ghi trong hồ sơ của BHXH xem được thẻ BHYT và thông tin của con dưới "
        "18 tuổi cùng hộ gia đình, ngay trong tài khoản của mình (chọn tên con ở đầu trang thẻ). Bạn cũng có thể "
        "đăng ký tài khoản riêng cho con qua dịch vụ công trên VssID.",
        "Dịch vụ công của BHXH Việt Nam trên VssID (đăng ký tài khoản cho con); Nghị định 158/2025/NĐ-CP",
        "the cua con, con nho, tre em, xem the cho con, the bhyt cua be",
    ),
    # --- Thẻ BHYT -----------------------------------------------------------------------
    Faq(
        "ngung-cap-the-giay", "the-bhyt",
        "Từ ngày 01/06/2025 có còn được cấp thẻ BHYT giấy không?",
        "Từ 01/06/2025, BHXH Việt Nam không còn in thẻ BHYT giấy theo mặc định. Khi đi khám chữa bệnh, bạn xuất "
        "trình thẻ BHYT trên ứng dụng VssID hoặc VNeID thay cho thẻ giấy.",
        "Công văn 168/BHXH-QLT của BHXH Việt Nam",
        "the giay, khong cap the giay, in the, the nhua, dung the tren dien thoai, vneid, quen mang the, khong mang the",
    ),
    Faq(
        "the-con-han", "the-bhyt",
        "Làm sao biết thẻ BHYT của tôi còn hạn hay không?",
        "Đăng nhập VssID và mở “Thẻ BHYT”: trang thẻ ghi rõ “Còn hạn”, “Sắp hết hạn” (còn dưới 30 ngày) hoặc "
        "“Hết hạn”, kèm ngày bắt đầu và ngày hết hạn sử dụng.\n\n"
        "Không có ứng dụng, bạn nhắn tin “BH THE <mã số BHXH>” gửi 8079 để biết tình trạng thẻ.",
        "Quyết định 1666/QĐ-BHXH về mẫu thẻ BHYT; dịch vụ tin nhắn 8079 của BHXH Việt Nam",
        "han the, the con han khong, kiem tra han the, gia tri su dung, the het han chua, han su dung the",
    ),
    Faq(
        "tin-nhan-8079", "the-bhyt",
        "Tra cứu thẻ BHYT bằng tin nhắn SMS như thế nào?",
        "Soạn tin “BH THE <mã số BHXH>” (ví dụ: BH THE 7912345678) gửi 8079. Tin nhắn trả lời cho biết thẻ còn giá trị "
        "sử dụng hay không. Cước tin nhắn theo quy định của nhà mạng.",
        "Dịch vụ tin nhắn 8079 của BHXH Việt Nam",
        "sms, tin nhan, nhan tin tra cuu, 8079, bh the",
    ),
    Faq(
        "the-het-han", "the-bhyt",
        "Thẻ BHYT hết hạn thì phải làm gì?",
        "Thẻ hết hạn thì không dùng được để hưởng BHYT. Tùy người đóng cho bạn:\n\n"
        "- Người lao động: thẻ do đơn vị đóng, hãy hỏi bộ phận nhân sự.\n"
        "- Người tham gia BHYT hộ gia đình: gia hạn bằng cách đóng tiếp cho 3, 6 hoặc 12 tháng ngay trên VssID "
        "(Dịch vụ công → Gia hạn BHYT hộ gia đình) hoặc tại điểm thu, đại lý thu.\n"
        "- Học sinh, sinh viên: hỏi nhà trường.\n\n"
        "Đóng liên tục giúp không bị gián đoạn thời gian tham gia BHYT 5 năm liên tục.",
        "Luật Bảo hiểm y tế; Nghị định 188/2025/NĐ-CP",
        "the het han, gia han the, the qua han, the het gia tri, tiep tuc dong bhyt, the bi het han",
    ),
    Faq(
        "mat-the", "the-bhyt",
        "Bị mất thẻ BHYT thì có phải làm lại không?",
        "Bạn không cần thẻ giấy để đi khám: mở thẻ BHYT trên VssID hoặc VNeID. "
        "Nếu vẫn cần thẻ giấy, hãy dùng dịch vụ công “Cấp lại thẻ BHYT do mất, hỏng” trên VssID; thông tin trên thẻ "
        "cấp lại giữ nguyên.",
        "Công văn 168/BHXH-QLT; dịch vụ công cấp lại thẻ BHYT của BHXH Việt Nam",
        "mat the, lam lai the, cap lai the, the bi hong, danh roi the, the rach, that lac the",
    ),
    Faq(
        "ma-the-10-so", "the-bhyt",
        "Mã thẻ BHYT 10 số và mã 15 ký tự khác nhau thế nào?",
        "Từ 01/04/2021, thẻ BHYT chỉ in “Mã số” là mã số BHXH 10 chữ số. Mã cũ 15 ký tự gồm: 2 chữ mã đối tượng, "
        "1 số mức hưởng, 2 số mã tỉnh và 10 số mã số BHXH (ví dụ HS4010120878811). Cơ sở khám chữa bệnh nhận "
        "cả hai dạng.",
        "Quyết định 1666/QĐ-BHXH ngày 03/12/2020; Quyết định 1351/QĐ-BHXH năm 2015",
        "ma the 15 ky tu, ma the cu, ma the moi, ma doi tuong tren the, ky tu tren the",
    ),
    Faq(
        "ma-so-bhxh", "the-bhyt",
        "Mã số BHXH là gì và tra cứu ở đâu?",
        "Mã số BHXH gồm 10 chữ số, mỗi người chỉ có một mã và dùng suốt đời; đây cũng là mã thẻ BHYT và tên đăng nhập "
        "VssID. Nếu quên, bạn tra cứu tại mục Tra cứu → Mã số BHXH bằng họ tên, ngày sinh và số CCCD.",
        "Quyết định 1666/QĐ-BHXH (mã số BHXH in trên thẻ BHYT)",
        "quen ma so bhxh, tim ma so, ma so bao hiem, so so bhxh, tra ma so",
    ),
    Faq(
        "du-5-nam-lien-tuc", "the-bhyt",
        "“Thời điểm đủ 5 năm liên tục” trên thẻ BHYT có ý nghĩa gì?",
        "Đó là ngày bạn tham gia BHYT đủ 5 năm liên tục. Từ ngày này, khi số tiền cùng chi trả khám chữa bệnh "
        "trong năm vượt quá 6 tháng lương cơ sở, phần còn lại của năm được quỹ BHYT chi trả 100%.",
        "Luật Bảo hiểm y tế, Điều 22 (sửa đổi bởi Luật 51/2024/QH15)",
        "5 nam lien tuc, nam nam lien tuc, mien cung chi tra, du 5 nam",
    ),
    Faq(
        "ma-noi-sinh-song", "the-bhyt",
        "Mã nơi sinh sống K1, K2, K3 trên thẻ là gì?",
        "K1: người dân tộc thiểu số, người thuộc hộ nghèo sống ở vùng có điều kiện kinh tế - xã hội khó khăn; "
        "K2: những người đó sống ở vùng đặc biệt khó khăn; K3: người sống ở xã đảo, huyện đảo. "
        "Ô này để trống với phần lớn người tham gia.",
        "Quyết định 1666/QĐ-BHXH (mẫu thẻ BHYT); Luật Bảo hiểm y tế",
        "k1 k2 k3, ma khu vuc, noi sinh song, vung kho khan, xa dao",
    ),
    Faq(
        "the-khi-mat-mang", "the-bhyt",
        "Không có mạng Internet có mở được thẻ BHYT trên VssID không?",
        "Có, nếu bạn đã bật “Lưu thẻ để dùng khi không có mạng” trên trang Thẻ BHYT của thiết bị đó. Bản lưu ghi giờ "
        "đồng bộ gần nhất và tự hết hiệu lực khi thẻ hết hạn hoặc sau một thời gian không đồng bộ. Đăng xuất sẽ xóa "
        "bản lưu khỏi thiết bị.",
        "Công văn 168/BHXH-QLT (xuất trình thẻ trên ứng dụng); hướng dẫn sử dụng VssID",
        "khong co mang, mat mang, offline, khong co internet, khong co song, xem the khi khong co mang",
    ),
    Faq(
        "co-so-kiem-tra-the", "the-bhyt",
        "Bệnh viện kiểm tra thẻ BHYT trên VssID như thế nào?",
        "Bệnh viện quét mã QR trên trang thẻ hoặc nhập mã số, họ tên, ngày sinh vào Cổng giám định BHYT để biết thẻ "
        "còn giá trị, mức hưởng và nơi đăng ký khám chữa bệnh ban đầu. Mỗi lần tra cứu ghi tên cán bộ tra cứu.",
        "Công văn 1923/BHXH-CNTT ngày 20/06/2024 (API tra cứu thẻ BHYT)",
        "quet ma qr, benh vien kiem tra the, cong giam dinh, xuat trinh the, ma qr tren the",
    ),
    # --- Khám chữa bệnh -----------------------------------------------------------------
    Faq(
        "doi-noi-kcb-ban-dau", "kham-chua-benh",
        "Khi nào được thay đổi nơi đăng ký khám chữa bệnh ban đầu?",
        "Bạn được thay đổi nơi đăng ký khám chữa bệnh (KCB) ban đầu trong 15 ngày đầu của mỗi quý (từ ngày 01 đến 15 "
        "của tháng 1, 4, 7 và 10). Quy định này áp dụng từ 01/07/2025; trước đó là 10 ngày đầu quý.\n\n"
        "Cách làm: trên VssID chọn Dịch vụ công → Thay đổi nơi đăng ký KCB ban đầu (tờ khai TK1-TS), chọn cơ sở mới "
        "trong danh sách cơ sở nhận đăng ký ban đầu.",
        "Luật Bảo hiểm y tế sửa đổi số 51/2024/QH15 (hiệu lực 01/07/2025); mẫu TK1-TS",
        "doi noi kham ban dau, doi benh vien dang ky, chuyen noi kham, thay doi noi kcb, doi kcbbd, doi noi dang ky kham, "
        "doi sang benh vien khac, thu tuc doi noi kham, thay doi co so kham ban dau",
    ),
    Faq(
        "muc-huong", "kham-chua-benh",
        "Mức hưởng 1, 2, 3, 4, 5 trên thẻ BHYT nghĩa là gì?",
        "Mức hưởng cho biết quỹ BHYT trả bao nhiêu chi phí trong phạm vi BHYT:\n\n"
        "- Mức 1: 100%, không giới hạn tỷ lệ với thuốc, vật tư, dịch vụ có giới hạn; có chi phí vận chuyển (CC, TE).\n"
        "- Mức 2: 100% có giới hạn tỷ lệ; có chi phí vận chuyển (CK, CB, KC, HN, DT, DK, XD, BT, TS, CT; từ 01/01/2026 "
        "thêm CN, LH).\n"
        "- Mức 3: 95% (HT, TC).\n"
        "- Mức 4: 80% (người lao động DN, HC, học sinh HS, sinh viên SV, hộ gia đình GD và các đối tượng khác).\n"
        "- Mức 5: 100% kể cả chi phí ngoài phạm vi BHYT; có chi phí vận chuyển (QN, CA, CY).",
        "Quyết định 1351/QĐ-BHXH, sửa đổi bởi Quyết định 1018/QĐ-BHXH năm 2024; Nghị quyết 261/2025/QH15",
        "muc huong, ma muc huong, duoc huong bao nhieu phan tram, ty le huong, chi tra bao nhieu",
    ),
    Faq(
        "huong-100-phan-tram", "kham-chua-benh",
        "Khi nào người có mức hưởng 80% hoặc 95% được chi trả 100%?",
        "Người có mức hưởng 3 hoặc 4 được quỹ BHYT chi trả 100% khi:\n\n"
        "- khám chữa bệnh tại tuyến xã (trạm y tế);\n"
        "- chi phí một lần khám chữa bệnh thấp hơn 15% lương cơ sở;\n"
        "- đã tham gia BHYT 5 năm liên tục và số tiền cùng chi trả trong năm vượt 6 tháng lương cơ sở (phần còn lại của năm).",
        "Luật Bảo hiểm y tế, Điều 22 (sửa đổi bởi Luật 51/2024/QH15)",
        "100 phan tram, mien phi kham, tram y te xa, chi phi thap, khong phai tra tien",
    ),
    Faq(
        "ho-can-ngheo-2026", "kham-chua-benh",
        "Người thuộc hộ cận nghèo được BHYT chi trả bao nhiêu?",
        "Đến hết 31/12/2025, người thuộc hộ cận nghèo (mã CN) có mức hưởng 3 (95%). Từ 01/01/2026, họ có mức hưởng 2: "
        "100% chi phí trong phạm vi BHYT (có giới hạn tỷ lệ với một số thuốc, dịch vụ) và được chi trả chi phí vận chuyển.",
        "Nghị quyết 261/2025/QH15; Công văn 38/BYT-BH",
        "can ngheo, ho can ngheo, ma cn, nguoi ngheo duoc huong",
    ),
    Faq(
        "tre-em-duoi-6-tuoi", "kham-chua-benh",
        "Trẻ em dưới 6 tuổi được hưởng BHYT thế nào?",
        "Trẻ em dưới 6 tuổi (mã TE) có mức hưởng 1: quỹ BHYT trả 100% chi phí trong phạm vi BHYT, không giới hạn tỷ lệ "
        "với thuốc, vật tư, dịch vụ, và chi phí vận chuyển khi chuyển tuyến.",
        "Quyết định 1351/QĐ-BHXH, sửa đổi bởi Quyết định 1018/QĐ-BHXH năm 2024; Luật Bảo hiểm y tế",
        "tre em, tre duoi 6 tuoi, em be, ma te, con nho di kham, tre so sinh, be moi sinh, kham mien phi cho tre",
    ),
    Faq(
        "so-kham-chua-benh", "kham-chua-benh",
        "Sổ khám chữa bệnh trên VssID cho biết những gì?",
        "Mỗi lần khám, điều trị có: cơ sở khám, ngày vào và ra, chẩn đoán (mã ICD-10), kết quả điều trị, và chi phí: "
        "tổng chi phí, phần quỹ BHYT trả, phần bạn cùng chi trả, phần ngoài phạm vi BHYT. Bấm vào từng lần để xem từng "
        "loại thuốc, xét nghiệm, dịch vụ. Luôn có: tổng chi phí = quỹ BHYT trả + cùng chi trả + ngoài phạm vi + nguồn khác.",
        "Quyết định 130/QĐ-BYT năm 2023 (sửa đổi bởi Quyết định 4750/QĐ-BYT và 3176/QĐ-BYT)",
        "lich su kham benh, lich su kcb, chi phi kham, so kham, tien thuoc, lan kham benh",
    ),
    Faq(
        "sai-lich-su-kham", "kham-chua-benh",
        "Lịch sử khám bệnh trên VssID có lần khám tôi không đi thì làm gì?",
        "Hãy gửi “Phản ánh, kiến nghị” (chủ đề Khám chữa bệnh BHYT) ghi ngày, cơ sở khám và số tiền của lần khám đó, "
        "hoặc gọi tổng đài 1900 9068. BHXH sẽ đối chiếu dữ liệu giám định với cơ sở khám chữa bệnh và trả lời bạn.",
        "Luật Bảo hiểm y tế (trách nhiệm giám định của cơ quan BHXH); Quyết định 130/QĐ-BYT",
        "lan kham khong di, kham ao, sai lich su, bi lam dung the, lich su kham sai, khong kham ma co, chua tung den kham",
    ),
    # --- BHYT hộ gia đình ---------------------------------------------------------------
    Faq(
        "muc-dong-bhyt-hgd", "bhyt-ho-gia-dinh",
        "Mức đóng BHYT hộ gia đình là bao nhiêu?",
        "Người thứ nhất đóng 4,5% lương cơ sở mỗi tháng; người thứ hai đóng 70%, người thứ ba 60%, người thứ tư 50%, "
        "từ người thứ năm trở đi 40% mức của người thứ nhất.\n\n"
        "Từ 01/07/2026 (lương cơ sở 2.530.000 đ), mức đóng 12 tháng: người thứ nhất 1.366.200 đ; thứ hai 956.340 đ; "
        "thứ ba 819.720 đ; thứ tư 683.100 đ; từ người thứ năm 546.480 đ.\n\n"
        "Từ 01/07/2024 đến 30/06/2026 (lương cơ sở 2.340.000 đ): 1.263.600 đ; 884.520 đ; 758.160 đ; 631.800 đ; 505.440 đ.",
        "Luật Bảo hiểm y tế; Nghị định 188/2025/NĐ-CP; Nghị định 161/2026/NĐ-CP và 73/2024/NĐ-CP (lương cơ sở)",
        "bhyt ho gia dinh bao nhieu tien, tien mua bhyt, gia bhyt ho gia dinh, dong bhyt cho ca nha, mua bao hiem y te",
    ),
    Faq(
        "ky-dong-bhyt-hgd", "bhyt-ho-gia-dinh",
        "BHYT hộ gia đình được đóng theo kỳ mấy tháng?",
        "Bạn chọn đóng cho 3 tháng, 6 tháng hoặc 12 tháng. Số tiền mỗi kỳ bằng mức đóng một tháng của từng người "
        "nhân với số tháng.",
        "Nghị định 188/2025/NĐ-CP",
        "dong 3 thang, dong 6 thang, dong 1 nam, ky dong, dong theo thang",
    ),
    Faq(
        "gia-han-bhyt-hgd", "bhyt-ho-gia-dinh",
        "Gia hạn BHYT hộ gia đình trên VssID thế nào?",
        "Chọn Dịch vụ công → Gia hạn BHYT hộ gia đình, chọn các thành viên và kỳ đóng (3, 6 hoặc 12 tháng), kiểm tra số "
        "tiền rồi thanh toán. Thẻ mới có giá trị nối tiếp thẻ cũ nếu bạn đóng trước khi thẻ hết hạn.",
        "Nghị định 188/2025/NĐ-CP; dịch vụ công của BHXH Việt Nam trên VssID",
        "gia han bhyt, dong tien bhyt online, thanh toan bhyt, nop tien bao hiem y te, dong tiep the",
    ),
    Faq(
        "thu-tu-thanh-vien-hgd", "bhyt-ho-gia-dinh",
        "Trong hộ gia đình, ai là “người thứ nhất” khi tính tiền BHYT?",
        "Mức giảm áp dụng cho các thành viên cùng tham gia BHYT theo hộ gia đình: người thứ nhất đóng đủ 4,5% lương cơ sở; "
        "người thứ hai, thứ ba, thứ tư đóng 70%, 60%, 50% và từ người thứ năm 40% mức của người thứ nhất. Người đã có thẻ "
        "BHYT theo nhóm khác (người lao động, học sinh, trẻ em dưới 6 tuổi…) không tham gia theo hộ gia đình nên không "
        "tính vào thứ tự.",
        "Luật Bảo hiểm y tế; Nghị định 188/2025/NĐ-CP",
        "nguoi thu nhat, nguoi thu hai, giam tru, giam tien bhyt, nhieu nguoi trong nha",
    ),
    # --- BHXH tự nguyện -----------------------------------------------------------------
    Faq(
        "muc-dong-bhxh-tu-nguyen", "bhxh-tu-nguyen",
        "Đóng BHXH tự nguyện mỗi tháng bao nhiêu tiền?",
        "Mỗi tháng đóng 22% mức thu nhập bạn chọn, trừ phần Nhà nước hỗ trợ. Thu nhập chọn thấp nhất bằng chuẩn nghèo khu vực "
        "nông thôn (1.500.000 đ) và cao nhất bằng 20 lần mức tham chiếu.\n\n"
        "Ví dụ: chọn 1.500.000 đ thì 22% là 330.000 đ; trừ hỗ trợ 66.000 đ (đối tượng khác), bạn đóng 264.000 đ mỗi tháng.",
        "Luật BHXH 41/2024/QH15; Nghị định 159/2025/NĐ-CP",
        "bhxh tu nguyen bao nhieu tien, dong bao hiem xa hoi tu nguyen, muc dong tu nguyen, tien dong bhxh tu do, "
        "lao dong tu do, khong co hop dong lao dong, tu dong bao hiem de co luong huu",
    ),
    Faq(
        "ho-tro-bhxh-tu-nguyen", "bhxh-tu-nguyen",
        "Nhà nước hỗ trợ bao nhiêu khi đóng BHXH tự nguyện?",
        "Nhà nước hỗ trợ theo tỷ lệ của mức đóng 22% × 1.500.000 đ:\n\n"
        "- Hộ nghèo, người sống ở xã đảo, đặc khu: 50% (165.000 đ/tháng).\n"
        "- Hộ cận nghèo: 40% (132.000 đ/tháng).\n"
        "- Người dân tộc thiểu số: 30% (99.000 đ/tháng).\n"
        "- Đối tượng khác: 20% (66.000 đ/tháng).\n\n"
        "Mỗi người được hỗ trợ tối đa 120 tháng; thuộc nhiều nhóm thì hưởng mức cao nhất.",
        "Luật BHXH 41/2024/QH15; Nghị định 159/2025/NĐ-CP",
        "ho tro dong bhxh, nha nuoc ho tro, duoc giam tien, ho ngheo dong bhxh, dan toc thieu so ho tro",
    ),
    Faq(
        "phuong-thuc-dong-tu-nguyen", "bhxh-tu-nguyen",
        "BHXH tự nguyện có những phương thức đóng nào, hạn đóng khi nào?",
        "- Hằng tháng: đóng trong tháng.\n"
        "- 3 tháng một lần: đóng trong 3 tháng đó.\n"
        "- 6 tháng một lần: đóng trong 4 tháng đầu của kỳ.\n"
        "- 12 tháng một lần: đóng trong 7 tháng đầu của kỳ.\n"
        "- Một lần cho nhiều năm về sau (2 đến 5 năm), được giảm theo lãi suất đầu tư của quỹ.\n"
        "- Một lần cho những tháng còn thiếu (tối đa 60 tháng) khi đã đủ tuổi nghỉ hưu.",
        "Luật BHXH 41/2024/QH15; Nghị định 159/2025/NĐ-CP",
        "phuong thuc dong, dong mot lan, dong nhieu nam, han dong, dong bu thang con thieu, dong truoc",
    ),
    Faq(
        "dong-bhxh-tu-nguyen-o-dau", "bhxh-tu-nguyen",
        "Đóng BHXH tự nguyện ở đâu?",
        "Bạn đóng ngay trên VssID (Dịch vụ công → Đóng BHXH tự nguyện) hoặc tại điểm thu, đại lý thu gần nhà. "
        "Danh sách điểm thu có ở mục Tra cứu → Điểm thu, đại lý thu.",
        "Luật BHXH 41/2024/QH15; Nghị định 159/2025/NĐ-CP",
        "noi dong bhxh, dai ly thu, diem thu, dong tien o dau, buu dien dong bao hiem",
    ),
    # --- BHXH bắt buộc, mức đóng và chế độ -----------------------------------------------
    Faq(
        "ty-le-dong-bat-buoc", "bhxh-bat-buoc",
        "Người lao động và công ty đóng BHXH, BHYT, BHTN bao nhiêu phần trăm lương?",
        "Tính trên tiền lương đóng bảo hiểm:\n\n"
        "- Người lao động: hưu trí, tử tuất 8%; BHTN 1%; BHYT 1,5%. Tổng 10,5%.\n"
        "- Đơn vị: hưu trí, tử tuất 14%; ốm đau, thai sản 3%; tai nạn lao động, bệnh nghề nghiệp 0,5%; BHTN 1%; BHYT 3%. "
        "Tổng 21,5%.",
        "Luật BHXH 41/2024/QH15; Luật Việc làm 38/2013/QH13; Nghị định 188/2025/NĐ-CP",
        "ty le dong bhxh, tru luong bao nhieu, cong ty dong bao nhieu, 10 5 phan tram, trich luong dong bao hiem",
    ),
    Faq(
        "luong-co-so", "bhxh-bat-buoc",
        "Lương cơ sở hiện nay là bao nhiêu?",
        "- Từ 01/07/2023: 1.800.000 đ/tháng (Nghị định 24/2023/NĐ-CP).\n"
        "- Từ 01/07/2024: 2.340.000 đ/tháng (Nghị định 73/2024/NĐ-CP).\n"
        "- Từ 01/07/2026: 2.530.000 đ/tháng (Nghị định 161/2026/NĐ-CP).\n\n"
        "Lương cơ sở dùng để tính mức đóng BHYT hộ gia đình, mức tham chiếu và nhiều mức hưởng.",
        "Nghị định 24/2023/NĐ-CP, 73/2024/NĐ-CP, 161/2026/NĐ-CP",
        "luong co so, muc luong co so, luong toi thieu chung",
    ),
    Faq(
        "luong-toi-thieu-vung", "bhxh-bat-buoc",
        "Lương tối thiểu vùng dùng để làm gì và bao nhiêu?",
        "Lương tối thiểu vùng là mức thấp nhất trả cho người lao động, và mức trần đóng BHTN bằng 20 lần lương tối thiểu vùng.\n\n"
        "- Từ 01/07/2024: vùng I 4.960.000 đ; vùng II 4.410.000 đ; vùng III 3.860.000 đ; vùng IV 3.450.000 đ.\n"
        "- Từ 01/01/2026: vùng I 5.310.000 đ; vùng II 4.730.000 đ; vùng III 4.140.000 đ; vùng IV 3.700.000 đ.",
        "Nghị định 74/2024/NĐ-CP; Nghị định 293/2025/NĐ-CP",
        "luong toi thieu vung, vung 1, vung i, tran bhtn, luong vung",
    ),
    Faq(
        "muc-tham-chieu-tran-dong", "bhxh-bat-buoc",
        "Mức tham chiếu là gì, tiền lương đóng BHXH tối đa bao nhiêu?",
        "Từ 01/07/2025, Luật BHXH dùng “mức tham chiếu” thay cho lương cơ sở; khi lương cơ sở còn được áp dụng thì mức tham "
        "chiếu bằng lương cơ sở. Tiền lương đóng BHXH, BHYT tối đa bằng 20 lần mức tham chiếu (50.600.000 đ từ 01/07/2026).",
        "Luật BHXH 41/2024/QH15; Nghị định 158/2025/NĐ-CP, Điều 5 khoản 2",
        "muc tham chieu, tran dong bhxh, luong dong toi da, muc dong cao nhat",
    ),
    Faq(
        "dieu-kien-luong-huu", "bhxh-bat-buoc",
        "Đóng BHXH bao nhiêu năm thì được nhận lương hưu, tỷ lệ bao nhiêu?",
        "Từ 01/07/2025, đóng BHXH đủ 15 năm trở lên và đủ tuổi nghỉ hưu thì được lương hưu hằng tháng.\n\n"
        "- Nữ: 45% khi đủ 15 năm, mỗi năm thêm cộng 2%, tối đa 75%.\n"
        "- Nam: 45% khi đủ 20 năm, mỗi năm thêm cộng 2%, tối đa 75%; nam đóng từ 15 đến dưới 20 năm: 40% khi đủ 15 năm, "
        "mỗi năm thêm cộng 1%.",
        "Luật BHXH 41/2024/QH15",
        "luong huu, bao nhieu nam duoc nghi huu, ty le huong luong huu, 15 nam, ve huu, luong huu duoc bao nhieu phan tram",
    ),
    Faq(
        "tro-cap-that-nghiep", "bhxh-bat-buoc",
        "Trợ cấp thất nghiệp được bao nhiêu?",
        "Mức trợ cấp thất nghiệp hằng tháng bằng 60% bình quân tiền lương đóng BHTN của 6 tháng liền kề trước khi nghỉ việc. "
        "Hồ sơ nộp tại trung tâm dịch vụ việc làm; quá trình đóng BHTN xem trên VssID ở mục Quá trình tham gia.",
        "Luật Việc làm 38/2013/QH13",
        "that nghiep, bhtn, nghi viec, mat viec, tro cap mat viec, tien that nghiep",
    ),
    Faq(
        "che-do-bhxh", "bhxh-bat-buoc",
        "BHXH có những chế độ nào?",
        "Ốm đau; thai sản; dưỡng sức, phục hồi sức khỏe; hưu trí; BHXH một lần; tử tuất; tai nạn lao động, bệnh nghề nghiệp; "
        "trợ cấp thất nghiệp; và từ 2025 có trợ cấp hưu trí xã hội. Các lần bạn đã hưởng (số quyết định, thời gian, số tiền, "
        "cách nhận) xem ở mục Thông tin hưởng.",
        "Luật BHXH 41/2024/QH15; Luật Việc làm 38/2013/QH13",
        "che do bao hiem, om dau, thai san, tu tuat, huu tri xa hoi, duoc huong nhung gi",
    ),
    Faq(
        "qua-trinh-thieu-thang", "bhxh-bat-buoc",
        "Quá trình tham gia trên VssID thiếu tháng đóng thì làm sao?",
        "Mục Quá trình tham gia đánh dấu những tháng không có ghi nhận đóng. Nếu khi đó bạn vẫn đi làm, hãy hỏi đơn vị "
        "(công ty) về việc đóng BHXH cho những tháng đó; đơn vị có trách nhiệm đóng đủ và đúng hạn. Nếu cần, gửi Phản ánh, "
        "kiến nghị kèm hợp đồng lao động hoặc bảng lương.",
        "Luật BHXH 41/2024/QH15 (trách nhiệm đóng của người sử dụng lao động)",
        "thieu thang, cong ty khong dong, no bhxh, qua trinh dong bi thieu, ngat quang, khong thay thang dong",
    ),
    # --- Dịch vụ công và hỗ trợ ---------------------------------------------------------
    Faq(
        "tong-dai-ho-tro", "dich-vu-ho-tro",
        "Số tổng đài hỗ trợ của BHXH Việt Nam là gì?",
        "Tổng đài 1900 9068 hoạt động 24/7, giải đáp về BHXH, BHYT, BHTN và ứng dụng VssID. Cước gọi theo quy định của nhà "
        "mạng (đầu số 1900 có tính phí). Bạn cũng có thể hỏi trợ lý ảo, gửi email hoặc gửi Phản ánh, kiến nghị trên VssID.",
        "BHXH Việt Nam (tổng đài chăm sóc khách hàng 1900 9068)",
        "hotline, so dien thoai bhxh, goi tong dai, cham soc khach hang, lien he bao hiem, so tong dai",
    ),
    Faq(
        "dich-vu-cong-vssid", "dich-vu-ho-tro",
        "Trên VssID làm được những dịch vụ công nào?",
        "- Cấp lại thẻ BHYT do mất, hỏng.\n"
        "- Cấp lại sổ BHXH.\n"
        "- Thay đổi nơi, cách nhận lương hưu và trợ cấp.\n"
        "- Ủy quyền người khác nhận thay.\n"
        "- Đăng ký tài khoản cho con.\n"
        "- Gia hạn BHYT hộ gia đình, đóng BHXH tự nguyện.\n"
        "- Thay đổi nơi đăng ký khám chữa bệnh ban đầu.",
        "Dịch vụ công của BHXH Việt Nam trên ứng dụng VssID; Nghị định 164/2025/NĐ-CP",
        "dich vu cong, thu tuc online, lam ho so tren app, nop ho so truc tuyen, cap lai so bhxh, uy quyen nhan thay",
    ),
    Faq(
        "gui-phan-anh", "dich-vu-ho-tro",
        "Gửi phản ánh, kiến nghị cho BHXH trên VssID thế nào?",
        "Đăng nhập, vào Hỗ trợ → Phản ánh, kiến nghị → Gửi phản ánh mới. Chọn chủ đề, ghi nội dung và đính kèm ảnh (JPEG, PNG) "
        "hoặc tệp PDF nếu cần (tối đa 5 tệp, mỗi tệp 5 MB). Bạn theo dõi trạng thái (Đã tiếp nhận, Đang xử lý, Đã trả lời, "
        "Đã đóng), đọc câu trả lời và nhận tin nhắn SMS khi có trả lời.",
        "Nghị định 164/2025/NĐ-CP (giao dịch điện tử); quy trình tiếp nhận phản ánh của BHXH Việt Nam",
        "khieu nai, gop y, phan anh, kien nghi, gui yeu cau ho tro, bao loi, to cao",
    ),
    Faq(
        "doi-so-dien-thoai", "dich-vu-ho-tro",
        "Tôi đổi số điện thoại thì cập nhật trên VssID thế nào?",
        "Số điện thoại nhận OTP phải là số đã đăng ký với BHXH. Nếu đổi số, hãy gửi Phản ánh, kiến nghị (chủ đề Tài khoản) "
        "khi còn đăng nhập được, hoặc gọi tổng đài 1900 9068, hoặc đến cơ quan BHXH gần nhất mang theo CCCD để cập nhật.",
        "Nghị định 164/2025/NĐ-CP (thông tin tài khoản giao dịch điện tử)",
        "doi so dien thoai, mat sim, thay sim, so dien thoai cu, cap nhat so dien thoai",
    ),
    Faq(
        "co-quan-bhxh-gan-nha", "dich-vu-ho-tro",
        "Tìm cơ quan BHXH, bệnh viện nhận BHYT gần nhà ở đâu?",
        "Vào mục Tra cứu: “Cơ quan BHXH” cho địa chỉ, điện thoại, giờ làm việc; “Cơ sở KCB ký hợp đồng KCB BHYT” cho bệnh viện, "
        "phòng khám, trạm y tế; “Điểm thu, đại lý thu” cho nơi đóng tiền. Gõ có dấu hay không dấu đều được và lọc theo tỉnh, xã.",
        "Danh bạ công khai của BHXH Việt Nam",
        "dia chi bhxh, bhxh gan nha, benh vien nhan bhyt, tim benh vien, phong kham bhyt, van phong bao hiem",
    ),
    Faq(
        "email-gia-mao", "dich-vu-ho-tro",
        "Làm sao nhận biết tin nhắn, email giả mạo BHXH?",
        "Cổng thông tin chính thức là baohiemxahoi.gov.vn; email của cán bộ BHXH Việt Nam dùng tên miền vss.gov.vn. "
        "VssID và tổng đài 1900 9068 không bao giờ hỏi mật khẩu hay mã OTP của bạn. Không bấm vào đường dẫn lạ và "
        "không cài ứng dụng ngoài kho ứng dụng chính thức.",
        "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; quy định bảo mật của ứng dụng VssID",
        "lua dao, gia mao, tin nhan la, cuoc goi la, bi lua, email gia, hoi ma otp, gia danh can bo bhxh, goi dien doi no, "
        "yeu cau chuyen tien",
    ),
    # --- Dữ liệu cá nhân ----------------------------------------------------------------
    Faq(
        "du-lieu-suc-khoe", "du-lieu-ca-nhan",
        "Dữ liệu khám chữa bệnh của tôi trên VssID được bảo vệ thế nào?",
        "Dữ liệu sức khỏe và sinh trắc học là dữ liệu cá nhân nhạy cảm. Chỉ bạn (và cha, mẹ, người giám hộ với con dưới 18 tuổi) "
        "xem được; các trang có dữ liệu cá nhân không được lưu trong bộ nhớ đệm của trình duyệt. Khi có sự cố lộ lọt, "
        "đơn vị xử lý dữ liệu phải báo cáo cơ quan chuyên trách trong 72 giờ.",
        "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 (hiệu lực 01/01/2026); Nghị định 356/2025/NĐ-CP",
        "bao mat, du lieu ca nhan, lo thong tin, ai xem duoc, rieng tu, thong tin suc khoe",
    ),
    Faq(
        "yeu-cau-du-lieu", "du-lieu-ca-nhan",
        "Tôi muốn xem hoặc đề nghị sửa dữ liệu cá nhân BHXH đang giữ thì làm sao?",
        "Gửi Phản ánh, kiến nghị với nội dung đề nghị (xem, sửa, giới hạn xử lý dữ liệu). Yêu cầu của chủ thể dữ liệu được "
        "xác nhận tiếp nhận trong 2 ngày làm việc. Thông tin sai lệch về quá trình đóng, thẻ BHYT cần có giấy tờ chứng minh.",
        "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; Nghị định 356/2025/NĐ-CP",
        "sua thong tin, sai ten, sai ngay sinh, dieu chinh thong tin, xoa du lieu, quyen du lieu",
    ),
    Faq(
        "nhat-ky-dang-nhap", "du-lieu-ca-nhan",
        "VssID có lưu lịch sử đăng nhập của tôi không?",
        "Có. Các lần đăng nhập, đổi mật khẩu, thêm vân tay được ghi nhật ký và lưu ít nhất 12 tháng để bảo vệ tài khoản. "
        "Bạn xem các thiết bị, phiên đăng nhập và kết thúc phiên lạ trong Cài đặt tài khoản.",
        "Nghị định 53/2022/NĐ-CP (lưu nhật ký hệ thống ít nhất 12 tháng)",
        "lich su dang nhap, nhat ky, ai dang nhap tai khoan, thiet bi dang nhap, phien dang nhap",
    ),
)


def entry_rows(category_ids: dict[str, int]) -> list[dict]:
    """Rows for `faq_entry`, positions in the order above within each category, with the
    search key computed the way the model's column default computes it."""
    rows, positions = [], {}
    for faq in ENTRIES:
        position = positions[faq.category] = positions.get(faq.category, 0) + 1
        rows.append({
            "slug": faq.slug, "category_id": category_ids[faq.category], "question": faq.question,
            "answer": faq.answer, "source": faq.source, "keywords": faq.keywords, "published": True,
            "position": position,
            "search_text": search_key(" ".join((faq.question, faq.keywords, faq.answer))),
        })
    return rows
