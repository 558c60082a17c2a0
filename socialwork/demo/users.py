"""Demo logins, one or more for every role, placed in real communes."""

from django.contrib.auth.hashers import make_password

from socialwork.accounts.models import Position, Role, User
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
    ("demo.vanthu", Role.COMMUNE_CLERK, "Hoàng Thị", "Lan", "0905000009", "home"),
    # The department's personal-data protection unit (Law 91/2025 Art. 33).
    ("demo.baovedulieu", Role.DATA_PROTECTION, "Lương Thị", "Thu", "0905000010", None),
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
                position=Position.CHAIRMAN if role == Role.COMMUNE_LEADER else "",
            )
        )
    for user in User.objects.bulk_create(users):
        ctx.users[user.username] = user
    ctx.home_commune = home
    ctx.second_commune = second
    seed_signing_keys(home)


def seed_signing_keys(home) -> str:
    """Test keys for the demo leader and clerk's commune, from a test CA, into
    settings.SIGNING_KEYS_DIR; never over a key store already there (real keys
    come from the Government Cipher Committee). Returns what was done."""
    from pathlib import Path

    from django.conf import settings

    from socialwork.documents import test_ca

    folder = Path(settings.SIGNING_KEYS_DIR)
    if (folder / "ca").exists():
        return "kept"
    try:
        authority = test_ca.Authority()
        authority.write_store(folder)
        authority.add_person(folder, "demo.chutich", "Dinh Viet Hau (demo)")
        authority.add_agency(folder, home.code, f"UBND {home.name} (demo)")
    except OSError:  # a read-only folder: the signing page says the key is missing
        return "unwritable"
    return "written"
