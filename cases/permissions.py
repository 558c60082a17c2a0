"""What each role may do in the register, casework, referrals and the hotline.

The engine is `socialwork.accounts.capabilities`; the unit (the commune or the
facility) is checked by `require(actor, name, commune=…, facility=…)`.
"""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import CASEWORK, PROVINCE, define
from socialwork.accounts.models import Role

# Commune workers and the department keep the register; facilities read the
# people referred to them, leadership reads aggregates only.
REGISTER_KEEPERS = frozenset(
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE}
)

define("person.read", CASEWORK, _("Xem hồ sơ đối tượng"))
# The collaborator's "find a person" is a name search; the full filter is for
# the desk roles.
define(
    "person.filter",
    CASEWORK - {Role.COLLABORATOR},
    _("Lọc danh sách đối tượng theo tiêu chí"),
)
define("person.register", REGISTER_KEEPERS, _("Đăng ký, sửa hồ sơ đối tượng và hộ gia đình"))
define(
    "person.merge",
    PROVINCE,
    _("Gộp hai hồ sơ của cùng một người"),
)
# Sensitive data (DOMAIN §8): commune officials and leaders see it for the
# people of their commune; department staff when granted (User.can_view_sensitive).
define(
    "person.sensitive.commune",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER},
    _("Xem dữ liệu nhạy cảm của người dân trong xã"),
)
define(
    "person.sensitive.granted",
    PROVINCE,
    _("Xem dữ liệu nhạy cảm khi được cấp quyền"),
)
define(
    "person.export",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Xuất danh sách đối tượng"),
)
define(
    "case.work",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, Role.FACILITY, *PROVINCE},
    _("Ghi việc của một trường hợp (thăm, dịch vụ, đánh giá)"),
)
define("case.read", CASEWORK, _("Xem các trường hợp"))
define(
    "case.review",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, Role.FACILITY, *PROVINCE},
    _("Rà soát sau kế hoạch (Mẫu 06)"),
)
define(
    "case.plan.draft",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL, *PROVINCE},
    _("Soạn kế hoạch hỗ trợ"),
)
define(
    "case.plan.submit",
    {Role.COMMUNE_OFFICIAL, *PROVINCE},
    _("Trình kế hoạch hỗ trợ để lãnh đạo ký"),
)
# The commune leader of the case's commune signs, in person (Decree 56 Art.
# 24-27): not the department, and not an administrator by being one.
define(
    "case.plan.approve",
    {Role.COMMUNE_LEADER},
    _("Phê duyệt hoặc trả lại kế hoạch hỗ trợ"),
    _("Chỉ lãnh đạo UBND xã được phê duyệt kế hoạch."),
    personal=True,
)
define(
    "case.decide",
    {Role.COMMUNE_LEADER},
    _("Quyết định cách ly tạm thời, chăm sóc thay thế, đề nghị tòa án"),
    _("Chỉ lãnh đạo UBND xã của trường hợp được ra quyết định này."),
    personal=True,
)
define(
    "document.register.configure",
    {Role.COMMUNE_LEADER},
    _("Chọn cách đánh số sổ đăng ký văn bản của xã"),
    personal=True,
)
# Decree 56 Art. 24: the reporter of a confidential case is known to intake
# staff only: the commune's child-protection official (and the recorder, and
# department staff cleared for sensitive data: see person.sensitive.granted).
define(
    "case.reporter.read", {Role.COMMUNE_OFFICIAL}, _("Biết người báo tin của trường hợp bảo mật")
)
# Who may be named to work on a case (the assign form's choices).
define(
    "case.handle",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL},
    _("Được giao phụ trách trường hợp"),
)
define(
    "case.assign",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Phân công người phụ trách trường hợp"),
)
define("referral.read", CASEWORK, _("Xem chuyển gửi"))
define(
    "referral.oversee",
    PROVINCE,
    _("Theo dõi mọi chuyển gửi trong tỉnh, ghi trả lời thay nơi nhận"),
)
# The commune official follows the referrals of their commune's cases, and
# records the answer of a provider without portal users.
define(
    "referral.follow",
    {Role.COMMUNE_OFFICIAL},
    _("Theo dõi chuyển gửi của xã, ghi trả lời thay nơi nhận"),
)
# A facility's inbox: what was sent to it (the unit is the receiving facility).
define("referral.receive", {Role.FACILITY}, _("Nhận chuyển gửi đến cơ sở"), personal=True)
define(
    "referral.send",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, Role.FACILITY, *PROVINCE},
    _("Chuyển gửi một trường hợp"),
)
define("hotline.read", CASEWORK, _("Xem cuộc gọi đường dây nóng"))
define(
    "hotline.log",
    {Role.FACILITY, *PROVINCE},
    _("Ghi cuộc gọi đường dây nóng"),
    _("Chỉ nhân viên của đơn vị có đường dây nóng ghi được cuộc gọi."),
)
define(
    "document.seal",
    {Role.COMMUNE_CLERK, Role.ADMIN},
    _("Vào số, đóng dấu văn bản"),
    _("Chỉ văn thư UBND xã được vào số và đóng dấu."),
)
# Decree 30 Art. 25: the clerk (văn thư) numbers and registers the commune's
# documents, a paper-signed decision's scan included; the leader who signed may too.
# Narrow: the register's pages show the decision's date and signer, not the case.
define(
    "document.register_paper",
    {Role.COMMUNE_CLERK, Role.COMMUNE_LEADER, Role.ADMIN},
    _("Vào số quyết định ký trên giấy từ bản quét"),
    _("Chỉ văn thư hoặc lãnh đạo UBND xã được vào số quyết định ký trên giấy."),
)

# The places the menu and the home pages lead to (issue 15: one menu, asked by name).
define(
    "case.list.own",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL},
    _("Xem các trường hợp mình phụ trách"),
)
define(
    "case.list.unit",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Xem danh sách trường hợp của xã hoặc của tỉnh"),
)
define(
    "referral.list",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Xem các lượt chuyển gửi đã gửi"),
)
define("referral.inbox", {Role.FACILITY}, _("Nhận chuyển gửi đến cơ sở"))
define("referral.list_all", PROVINCE, _("Xem mọi lượt chuyển gửi trong tỉnh"))
# Moving work between people and communes (cases/casework/transfers.py).
define(
    "case.reassign",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Giao lại hàng loạt trường hợp của người nghỉ việc, chuyển công tác"),
)
define(
    "case.transfer.request",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Chuyển trường hợp sang xã khác khi gia đình chuyển nơi ở"),
)
define(
    "case.transfer.decide",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Nhận hoặc từ chối trường hợp chuyển đến xã mình"),
)

# Child protection is the commune's child-protection worker's: its culture and
# social affairs official (DOMAIN errata 1); collaborators assist and report.
define(
    "case.child_protection.own",
    {Role.COMMUNE_OFFICIAL},
    _("Phụ trách trường hợp bảo vệ trẻ em, đánh giá ban đầu (Mẫu 02)"),
    _(
        "Đánh giá ban đầu (Mẫu 02) do người làm công tác bảo vệ trẻ em cấp xã thực hiện; "
        "cộng tác viên báo tin và hỗ trợ."
    ),
)
