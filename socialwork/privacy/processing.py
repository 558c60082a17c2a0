"""The record of processing activities and its impact assessment (Law 91/2025
Art. 21), as the portal itself performs them: the controller, each activity's
purpose, data, legal basis, recipients, retention and safeguards. Kept as code
beside the features it describes, so a change to one is reviewed with the other."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Controller:
    name: str
    joint: str
    unit: str
    contact: str


CONTROLLER = Controller(
    name=_("Sở Y tế (cơ quan quản lý nhà nước về bảo trợ xã hội) tỉnh"),
    joint=_(
        "Ủy ban nhân dân các xã, phường: đồng kiểm soát dữ liệu của người dân trên địa bàn"
        " mình (tiếp nhận, lập hồ sơ, quyết định trợ cấp)."
    ),
    unit=_("Bộ phận bảo vệ dữ liệu cá nhân của Sở (Điều 33 Luật 91/2025)"),
    contact=getattr(settings, "PORTAL_PRIVACY_CONTACT", ""),
)


@dataclass(frozen=True)
class Activity:
    name: str
    purpose: str
    data: str
    legal_basis: str
    recipients: str
    retention: str
    risks: str
    safeguards: str


ACTIVITIES = [
    Activity(
        name=_("Sổ đăng ký đối tượng bảo trợ xã hội"),
        purpose=_("Xác định, trợ giúp người cần hỗ trợ; thống kê chỉ tiêu kế hoạch."),
        data=_(
            "Họ tên, ngày sinh, giới tính, CCCD, dân tộc, địa chỉ, hộ gia đình, nhóm đối tượng,"
            " mức độ khuyết tật, tình trạng sức khỏe (nhạy cảm)."
        ),
        legal_basis=_(
            "Thực hiện nhiệm vụ theo luật (Nghị định 20/2021, Nghị định 110/2024);"
            " sự đồng ý khi không có căn cứ khác (Điều 19 Luật 91/2025)."
        ),
        recipients=_(
            "Cán bộ Sở, công chức và cộng tác viên xã nơi người đó cư trú; cơ sở trợ giúp"
            " xã hội khi được chuyển gửi."
        ),
        retention=_("Trong thời gian trợ giúp và thời hạn lưu trữ hồ sơ theo quy định."),
        risks=_("Lộ dữ liệu sức khỏe, khuyết tật; truy cập chéo giữa các xã."),
        safeguards=_(
            "Phân quyền theo xã và cơ sở; nhật ký truy cập có chuỗi băm; xác thực hai lớp"
            " cho cán bộ cấp tỉnh; ẩn trường nhạy cảm."
        ),
    ),
    Activity(
        name=_("Quản lý trường hợp và bảo vệ trẻ em"),
        purpose=_("Đánh giá, lập kế hoạch, can thiệp, theo dõi; bảo vệ khẩn cấp trẻ em."),
        data=_("Nội dung thông tin, người báo tin (bảo mật), đánh giá, kế hoạch, dịch vụ."),
        legal_basis=_(
            "Luật Trẻ em 2016; Nghị định 56/2017 (Điều 24: bảo mật thông tin);"
            " bảo vệ tính mạng, sức khỏe trong tình huống khẩn cấp (Điều 19 Luật 91/2025)."
        ),
        recipients=_("Người phụ trách trường hợp, lãnh đạo xã phê duyệt, cơ sở nhận chuyển gửi."),
        retention=_("Theo thời hạn lưu trữ hồ sơ trẻ em cần bảo vệ."),
        risks=_("Lộ danh tính người báo tin; người gây tổn hại biết được hồ sơ."),
        safeguards=_(
            "Danh tính người báo tin không bao giờ có trong báo cáo cho chủ thể dữ liệu;"
            " hồ sơ bảo vệ trẻ em không cung cấp cho người bị nghi gây tổn hại."
        ),
    ),
    Activity(
        name=_("Chi trả trợ cấp xã hội"),
        purpose=_("Xét duyệt, chi trả trợ cấp hằng tháng, hỗ trợ mai táng, hỗ trợ khẩn cấp."),
        data=_("Nhóm đối tượng, mức trợ cấp, tài khoản nhận tiền."),
        legal_basis=_("Nghị định 20/2021/NĐ-CP và các văn bản sửa đổi."),
        recipients=_("UBND xã, đơn vị chi trả, Bảo hiểm xã hội (thẻ BHYT)."),
        retention=_("Theo quy định về lưu trữ chứng từ chi."),
        risks=_("Sai lệch danh sách chi; lộ số tài khoản."),
        safeguards=_("Danh sách chi khóa sau khi duyệt; mọi lần xuất file được ghi nhật ký."),
    ),
    Activity(
        name=_("Mạng lưới cộng tác viên và tài khoản người dùng"),
        purpose=_("Quản lý người làm công tác xã hội và quyền truy cập cổng."),
        data=_("Họ tên, số điện thoại, tổ chức, đào tạo; nhật ký đăng nhập và truy cập."),
        legal_basis=_("Thực hiện hợp đồng, nhiệm vụ; bảo đảm an toàn hệ thống."),
        recipients=_("Cán bộ Sở, UBND xã."),
        retention=_("Trong thời gian tham gia và 5 năm sau đó (nhật ký truy cập)."),
        risks=_("Tài khoản bị chiếm đoạt dùng để dò tìm hồ sơ."),
        safeguards=_(
            "Khóa đăng nhập khi thử sai; thu hồi phiên khi đổi mật khẩu; nhật ký từ chối."
        ),
    ),
]
