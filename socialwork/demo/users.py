"""Demo logins, one or more for every role, placed in real communes."""

from django.contrib.auth.hashers import make_password

from socialwork.accounts.models import Role, User
from socialwork.demo.context import DEMO_PASSWORD, DemoContext

# Real communes of Đắk Lắk; the first one that exists is used.
HOME_COMMUNES = ["Phường Buôn Ma Thuột", "Phường Tân An", "Xã Ea Tu"]
SECOND_COMMUNES = ["Phường Tuy Hòa", "Phường Phú Yên", "Xã Hòa Thịnh"]

# username, role, family+middle, given name, phone, which commune
DEMO_USERS = [
    ("demo.so", Role.DEPARTMENT, "Trần Thị", "Hạnh", "0905000001", None),
    ("demo.lanhdao", Role.LEADERSHIP, "Lê Văn", "Quang", "0905000002", None),
    ("demo.admin", Role.ADMIN, "Phạm Minh", "Tuấn", "0905000003", None),
    ("demo.ctv", Role.COLLABORATOR, "H'Hen", "Niê", "0905000004", "home"),
    ("demo.ctv2", Role.COLLABORATOR, "Nguyễn Văn", "Đức", "0905000005", "second"),
    ("demo.congchuc", Role.COMMUNE_OFFICIAL, "Y Ngông", "Niê Kdăm", "0905000006", "home"),
    ("demo.chutich", Role.COMMUNE_LEADER, "Đinh Viết", "Hậu", "0905000007", "home"),
    ("demo.coso", Role.FACILITY, "Võ Thị", "Mai", "0905000008", None),
    # The department's personal-data protection unit (Law 91/2025 Art. 33).
    ("demo.baovedulieu", Role.DATA_PROTECTION, "Hoàng Thị", "Thu", "0905000009", None),
]


def _pick(ctx: DemoContext, names: list[str], fallback_index: int):
    by_name = {c.name: c for c in ctx.communes}
    for name in names:
        if name in by_name:
            return by_name[name]
    return ctx.communes[fallback_index % len(ctx.communes)]


def seed(ctx: DemoContext) -> None:
    home = _pick(ctx, HOME_COMMUNES, 0)
    second = _pick(ctx, SECOND_COMMUNES, 1)
    password = make_password(DEMO_PASSWORD)  # hashed once for all demo logins
    users = []
    for username, role, last, first, phone, where in DEMO_USERS:
        area = {"home": home, "second": second}.get(where, ctx.province)
        users.append(
            User(
                username=username,
                role=role,
                last_name=last,
                first_name=first,
                phone=phone,
                area=area,
                password=password,
                can_view_sensitive=role == Role.DEPARTMENT,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
        )
    for user in User.objects.bulk_create(users):
        ctx.users[user.username] = user
    ctx.home_commune = home
    ctx.second_commune = second
