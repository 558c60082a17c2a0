"""Demo facility network for Đắk Lắk (with the former Phú Yên): the seven
social assistance facilities, the police-run drug rehabilitation centre as an
external partner, hospitals, schools, other providers, every commune's
People's Committee as a CTXH-01 unit, and about 60 facility staff with mixed
training and social-work assignments. Deterministic (ctx.rng), bulk inserts."""

from __future__ import annotations

import datetime

from socialwork.demo.context import DemoContext
from socialwork.search import search_key

from .models import (
    SOCIAL_ASSISTANCE_KINDS,
    CivilServiceTitle,
    Facility,
    FacilityKind,
    FacilityScopePeriod,
    Ownership,
    Qualification,
    ServiceType,
    SocialWorkAssignment,
    StaffAssignment,
    StaffMember,
)

SCOPE_FROM = datetime.date(2021, 1, 1)  # Decision 112's programme start

# name, kind, ownership, preferred commune, beds, services, staff count, extras
NETWORK = [
    (
        "Trung tâm Công tác xã hội tỉnh Đắk Lắk",
        FacilityKind.SOCIAL_WORK_CENTRE,
        Ownership.PUBLIC,
        "Phường Tân Lập",
        60,
        [
            "tu_van",
            "tu_van_chinh_sach",
            "ho_tro_tam_ly",
            "quan_ly_truong_hop",
            "cham_soc_khan_cap",
            "tro_giup_phap_ly",
            "ket_noi_y_te",
        ],
        14,
        {"hotline": "02623855111", "phone": "02623855112", "email": "ctxh@daklak.gov.vn"},
    ),
    (
        "Trung tâm Bảo trợ xã hội tỉnh Đắk Lắk",
        FacilityKind.GENERAL_CARE,
        Ownership.PUBLIC,
        "Phường Ea Kao",
        250,
        [
            "cham_soc_tai_co_so",
            "cham_soc_khan_cap",
            "ho_tro_tam_ly",
            "ket_noi_y_te",
            "ho_tro_giao_duc",
        ],
        12,
        {"phone": "02623877001"},
    ),
    (
        "Trung tâm Bảo trợ xã hội tỉnh Phú Yên",
        FacilityKind.GENERAL_CARE,
        Ownership.PUBLIC,
        "Phường Tuy Hòa",
        220,
        [
            "cham_soc_tai_co_so",
            "cham_soc_khan_cap",
            "ho_tro_tam_ly",
            "ho_tro_giao_duc",
            "dao_tao_nghe",
        ],
        10,
        {"phone": "02573823456"},
    ),
    (
        "Trung tâm Chăm sóc người cao tuổi tỉnh Đắk Lắk",
        FacilityKind.ELDERLY_CARE,
        Ownership.PUBLIC,
        "Phường Thành Nhất",
        100,
        ["cham_soc_tai_co_so", "ket_noi_y_te", "ho_tro_tam_ly"],
        6,
        {"phone": "02623866100"},
    ),
    (
        "Trung tâm Chăm sóc và phục hồi chức năng người tâm thần tỉnh Đắk Lắk",
        FacilityKind.MENTAL_HEALTH,
        Ownership.PUBLIC,
        "Xã Hòa Phú",
        150,
        ["cham_soc_tai_co_so", "ket_noi_y_te", "ho_tro_tam_ly"],
        8,
        {"phone": "02623899200"},
    ),
    (
        "Trung tâm Phục hồi chức năng và trợ giúp người khuyết tật Phú Yên",
        FacilityKind.DISABILITY_CARE,
        Ownership.PUBLIC,
        "Phường Bình Kiến",
        70,
        ["cham_soc_tai_co_so", "ket_noi_y_te", "dao_tao_nghe", "ho_tro_giao_duc"],
        5,
        {"phone": "02573811789"},
    ),
    (
        "Làng trẻ em SOS Buôn Ma Thuột",
        FacilityKind.CHILDREN_CARE,
        Ownership.PRIVATE,
        "Phường Tân An",
        120,
        ["cham_soc_thay_the", "cham_soc_tai_co_so", "ho_tro_giao_duc", "ho_tro_tam_ly"],
        6,
        {"phone": "02623950333"},
    ),
    # External partner since 1/3/2025: referrals only, no admissions here.
    (
        "Cơ sở cai nghiện ma túy tỉnh Đắk Lắk (Công an tỉnh)",
        FacilityKind.DRUG_REHAB,
        Ownership.PUBLIC,
        "Xã Ea Kiết",
        500,
        ["tu_van", "ket_noi_y_te", "dao_tao_nghe"],
        0,
        {},
    ),
    (
        "Bệnh viện Đa khoa vùng Tây Nguyên",
        FacilityKind.HOSPITAL,
        Ownership.PUBLIC,
        "Phường Tân An",
        None,
        ["ket_noi_y_te", "ho_tro_tam_ly", "tu_van"],
        2,
        {"has_social_work_unit": True, "phone": "02623919009"},
    ),
    (
        "Bệnh viện Đa khoa tỉnh Phú Yên",
        FacilityKind.HOSPITAL,
        Ownership.PUBLIC,
        "Phường Tuy Hòa",
        None,
        ["ket_noi_y_te", "ho_tro_tam_ly", "tu_van"],
        2,
        {"has_social_work_unit": True},
    ),
    (
        "Bệnh viện Đa khoa khu vực Buôn Hồ",
        FacilityKind.HOSPITAL,
        Ownership.PUBLIC,
        "Phường Buôn Hồ",
        None,
        ["ket_noi_y_te"],
        1,
        {},
    ),
    (
        "Trường THPT chuyên Nguyễn Du",
        FacilityKind.SCHOOL,
        Ownership.PUBLIC,
        "Phường Tân Lập",
        None,
        ["tu_van", "ho_tro_giao_duc"],
        1,
        {},
    ),
    (
        "Trường Phổ thông Dân tộc nội trú tỉnh Đắk Lắk",
        FacilityKind.SCHOOL,
        Ownership.PUBLIC,
        "Phường Ea Kao",
        None,
        ["tu_van", "ho_tro_giao_duc"],
        1,
        {},
    ),
    (
        "Trường THPT Lương Văn Chánh",
        FacilityKind.SCHOOL,
        Ownership.PUBLIC,
        "Phường Tuy Hòa",
        None,
        ["ho_tro_giao_duc"],
        0,
        {},
    ),
    (
        "Trung tâm Dịch vụ việc làm tỉnh Đắk Lắk",
        FacilityKind.EMPLOYMENT_SERVICE,
        Ownership.PUBLIC,
        "Phường Buôn Ma Thuột",
        None,
        ["dao_tao_nghe", "gioi_thieu_viec_lam", "tu_van"],
        1,
        {},
    ),
    (
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Đắk Lắk",
        FacilityKind.LEGAL_AID,
        Ownership.PUBLIC,
        "Phường Buôn Ma Thuột",
        None,
        ["tro_giup_phap_ly"],
        0,
        {},
    ),
    (
        "Công an tỉnh Đắk Lắk",
        FacilityKind.POLICE,
        Ownership.PUBLIC,
        "Phường Buôn Ma Thuột",
        None,
        [],
        0,
        {},
    ),
    (
        "Tòa án nhân dân tỉnh Đắk Lắk",
        FacilityKind.JUDICIAL,
        Ownership.PUBLIC,
        "Phường Buôn Ma Thuột",
        None,
        [],
        0,
        {},
    ),
    (
        "Trại tạm giam Công an tỉnh Đắk Lắk",
        FacilityKind.PRISON,
        Ownership.PUBLIC,
        "Xã Hòa Phú",
        None,
        [],
        0,
        {},
    ),
]

# Units CTXH-02 does not plan (only facilities, health, education and others do).
NOT_PLANNED = {
    FacilityKind.DRUG_REHAB,
    FacilityKind.POLICE,
    FacilityKind.JUDICIAL,
    FacilityKind.PRISON,
    FacilityKind.COMMUNE_COMMITTEE,
}
# The police are a referral partner, not a unit Decision 112 target 1 counts.
NOT_COUNTED = {FacilityKind.POLICE}

STREETS = ["Lê Duẩn", "Nguyễn Tất Thành", "Hùng Vương", "Trần Phú", "Phan Bội Châu"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Thị Kim", "Thị Mỹ"]
MIDDLE_M = ["Văn", "Hữu", "Minh", "Đức", "Quốc"]
GIVEN_F = ["Hoa", "Lan", "Hạnh", "Trang", "Nhung", "Hương", "Thảo", "Linh", "Mai", "Yến"]
GIVEN_M = ["Hùng", "Dũng", "Tuấn", "Nam", "Phúc", "Long", "Sơn", "Khoa", "Bình", "Tài"]
# Ê Đê and M'nông names, as they appear in Đắk Lắk offices.
EDE = ["H'Hen Niê", "Y Bhin Êban", "H'Linh Mlô", "Y Khoa Byă", "H'Yơn Ksơr", "Y Nuê Ayŭn"]

POSITIONS_SW = ["Nhân viên công tác xã hội", "Cán bộ quản lý trường hợp", "Tư vấn viên"]
POSITIONS_OTHER = ["Điều dưỡng", "Bảo mẫu", "Y sĩ", "Kế toán", "Nhân viên hành chính"]
QUALIFICATIONS = [
    (Qualification.NONE, 3),
    (Qualification.SHORT_COURSE, 4),
    (Qualification.INTERMEDIATE, 2),
    (Qualification.COLLEGE, 2),
    (Qualification.BACHELOR, 4),
    (Qualification.MASTER, 1),
]


def _commune_for(ctx: DemoContext, preferred: str, index: int):
    by_name = {c.name: c for c in ctx.communes}
    return by_name.get(preferred) or ctx.communes[index % len(ctx.communes)]


def _name(ctx: DemoContext) -> str:
    rng = ctx.rng
    if rng.random() < 0.15:
        return rng.choice(EDE)
    if rng.random() < 0.6:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def _title(qualification: str, ownership: str) -> str:
    if ownership != Ownership.PUBLIC:
        return ""
    if qualification == Qualification.MASTER:
        return CivilServiceTitle.GRADE_II
    if qualification == Qualification.BACHELOR:
        return CivilServiceTitle.GRADE_III
    if qualification in (Qualification.INTERMEDIATE, Qualification.COLLEGE):
        return CivilServiceTitle.GRADE_IV
    return ""


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    services = dict(ServiceType.objects.values_list("code", "pk"))
    facilities = []
    plans = []  # (facility, service codes, staff count)
    for index, (name, kind, ownership, where, beds, offered, staff, extra) in enumerate(NETWORK):
        facility = Facility(
            name=name,
            search_name=search_key(name),
            kind=kind,
            ownership=ownership,
            commune=_commune_for(ctx, where, index),
            address=f"{rng.randint(1, 250)} {rng.choice(STREETS)}",
            capacity=beds,
            has_portal_users=kind in SOCIAL_ASSISTANCE_KINDS,
            **extra,
        )
        facilities.append(facility)
        plans.append((facility, offered, staff))
    # Every commune's People's Committee is a unit CTXH-01 counts.
    for commune in ctx.communes:
        name = f"UBND {commune.name}"
        facilities.append(
            Facility(
                name=name,
                search_name=search_key(name),
                kind=FacilityKind.COMMUNE_COMMITTEE,
                commune=commune,
            )
        )
    Facility.objects.bulk_create(facilities)

    Offered = Facility.services.through
    Offered.objects.bulk_create(
        Offered(facility_id=facility.pk, servicetype_id=services[code])
        for facility, offered, _ in plans
        for code in offered
        if code in services
    )
    FacilityScopePeriod.objects.bulk_create(
        FacilityScopePeriod(
            facility=facility,
            in_ctxh01_scope=facility.kind not in NOT_COUNTED,
            in_ctxh02_plan=facility.kind not in NOT_PLANNED,
            valid_from=SCOPE_FROM,
        )
        for facility in facilities
    )

    members: list[StaffMember] = []
    histories: list[list[tuple[str, datetime.date, datetime.date | None, bool]]] = []
    for facility, _, count in plans:
        for position_index in range(count):
            qualification = rng.choices(
                [q for q, _w in QUALIFICATIONS], weights=[w for _q, w in QUALIFICATIONS]
            )[0]
            social_worker = position_index < max(1, count // 2)
            started = datetime.date(rng.randint(2012, 2024), rng.randint(1, 12), 1)
            left = None
            if rng.random() < 0.05:
                left = started + datetime.timedelta(days=rng.randint(200, 700))
            name = _name(ctx)
            members.append(
                StaffMember(
                    full_name=name,
                    search_name=search_key(name),
                    facility=facility,
                    position=rng.choice(POSITIONS_SW if social_worker else POSITIONS_OTHER),
                    qualification=qualification,
                    civil_service_title=_title(qualification, facility.ownership),
                    started_on=started,
                    left_on=left,
                )
            )
            histories.append(_history(ctx, facility, social_worker, started, left))
    # The demo facility login works at the Social Work Centre.
    login = ctx.users.get("demo.coso")
    if login is not None and members:
        centre = next(m for m in members if m.facility.kind == FacilityKind.SOCIAL_WORK_CENTRE)
        centre.user = login
        centre.full_name = login.get_full_name()
        centre.search_name = search_key(centre.full_name)
        centre.left_on = None
    StaffMember.objects.bulk_create(members)
    StaffAssignment.objects.bulk_create(
        StaffAssignment(
            staff=member,
            assignment=assignment,
            valid_from=start,
            valid_to=end,
            meets_allowance_rule=allowance,
        )
        for member, history in zip(members, histories, strict=True)
        for assignment, start, end, allowance in _clip(history, member.left_on)
    )
    ctx.say(
        f"facilities: {len(plans)} providers, {len(ctx.communes)} commune committees, "
        f"{len(members)} staff"
    )


def _history(ctx, facility, social_worker, started, left):
    """A staff member's assignments: most keep one; some took on social work
    part-time later (so a past period recomputes differently)."""
    rng = ctx.rng
    full_time = facility.kind in (
        FacilityKind.SOCIAL_WORK_CENTRE,
        FacilityKind.GENERAL_CARE,
        FacilityKind.CHILDREN_CARE,
    )
    allowance = rng.random() < 0.4
    if not social_worker:
        return [(SocialWorkAssignment.NONE, started, None, False)]
    kind = SocialWorkAssignment.FULL_TIME if full_time else SocialWorkAssignment.PART_TIME
    change = datetime.date(2023, 1, 1)
    if started < change and rng.random() < 0.3:
        return [
            (SocialWorkAssignment.NONE, started, change - datetime.timedelta(days=1), False),
            (kind, change, None, allowance),
        ]
    return [(kind, started, None, allowance)]


def _clip(history, left):
    for assignment, start, end, allowance in history:
        if left is not None and start > left:
            continue
        if left is not None and (end is None or end > left):
            end = left
        yield assignment, start, end, allowance
