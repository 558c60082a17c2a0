"""Demo collaborators: 800+ over every commune of the province (at scale 1.0),
courses over several years with about a third trained, and a few communes
where the only collaborator has left. Bulk inserts; the password hashed once."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from socialwork.accounts.models import Role, User
from socialwork.demo.context import DEMO_PASSWORD, DemoContext

from .models import (
    Attendance,
    Collaborator,
    Organisation,
    Qualification,
    Sex,
    Topic,
    TrainingCourse,
)

FULL_SIZE = 830
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Kim", "Ngọc", "Thị Minh"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang"]
GIVEN_F = ["Lan", "Hoa", "Hương", "Mai", "Thảo", "Hạnh", "Trang", "Linh", "Nhung", "Yến"]
GIVEN_M = ["Hùng", "Dũng", "Tuấn", "Nam", "Sơn", "Thắng", "Phúc", "Long", "Hải", "Đức"]
# Ê Đê and M'nông names, as written: family name last.
HIGHLAND = [("H'Hen", "Niê"), ("H'Linh", "Êban"), ("Y Khuê", "Mlô"), ("Y Nguyên", "Ksơr")]
ORGANISATIONS = [
    (Organisation.WOMENS_UNION, 26),
    (Organisation.YOUTH_UNION, 22),
    (Organisation.COMMUNE_OFFICER, 18),
    (Organisation.ELDERLY_ASSOCIATION, 9),
    (Organisation.VETERANS_ASSOCIATION, 7),
    (Organisation.RED_CROSS, 6),
    (Organisation.VOLUNTEER, 10),
    (Organisation.OTHER, 2),
]
COURSES = [
    ("Tập huấn kỹ năng quản lý trường hợp", Topic.CASE_MANAGEMENT),
    ("Bảo vệ trẻ em dựa vào cộng đồng", Topic.CHILD_PROTECTION),
    ("Chăm sóc người cao tuổi tại cộng đồng", Topic.ELDERLY_CARE),
    ("Hỗ trợ người khuyết tật", Topic.DISABILITY),
    ("Sơ cứu tâm lý", Topic.PSYCHOSOCIAL_FIRST_AID),
    ("Ứng phó thiên tai và hỗ trợ khẩn cấp", Topic.DISASTER_RESPONSE),
]
PLACES = ["Buôn Ma Thuột", "Tuy Hòa", "Ea Kar", "Krông Pắc", "Sông Cầu"]


def _name(rng, sex: str) -> tuple[str, str]:
    if rng.random() < 0.08:
        return rng.choice(HIGHLAND)
    female = sex == Sex.FEMALE
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle}", given


def _organisation(rng) -> str:
    values, weights = zip(*ORGANISATIONS, strict=True)
    return rng.choices(values, weights=weights)[0]


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    communes = list(ctx.communes)
    total = max(ctx.scaled(FULL_SIZE), len(communes))
    special = {c.pk for c in (ctx.home_commune, ctx.second_commune) if c is not None}
    # A few communes whose only collaborator has left: coverage shows the gap.
    candidates = [c for c in communes if c.pk not in special]
    left_alone = rng.sample(candidates, min(len(candidates), max(1, ctx.scaled(3))))
    left_ids = {c.pk for c in left_alone}
    # Everyone else gets one, then the rest are spread at random.
    places = [c for c in communes if c.pk not in left_ids]
    places += [rng.choice(places) for _i in range(total - len(places) - len(left_alone))]
    # Hashed once for every demo login (PBKDF2 takes a second): the hash of the
    # logins socialwork.demo.users made, when it ran first.
    password = next((u.password for u in ctx.users.values()), None) or make_password(DEMO_PASSWORD)
    users, profiles = [], []
    for i, commune in enumerate([*left_alone, *places]):
        sex = Sex.FEMALE if rng.random() < 0.62 else Sex.MALE
        last, first = _name(rng, sex)
        phone = f"0388{i:06d}"
        users.append(
            User(
                username=f"ctv{phone}",
                role=Role.COLLABORATOR,
                area=commune,
                phone=phone,
                last_name=last,
                first_name=first,
                password=password,
                is_active=commune.pk not in left_ids,
            )
        )
        started = datetime.date(rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28))
        started = min(started, today)
        ended = None
        if commune.pk in left_ids:
            ended = min(today, started + datetime.timedelta(days=rng.randint(200, 900)))
        profiles.append(
            Collaborator(
                birth_year=rng.randint(1962, 2000),
                sex=sex,
                village=f"Thôn {rng.randint(1, 12)}",
                organisation=_organisation(rng),
                appointment_number=f"{rng.randint(10, 999)}/QĐ-UBND",
                appointment_date=started,
                started_on=started,
                ended_on=ended,
                leaving_reason="Chuyển công tác" if ended else "",
                qualification=rng.choices(
                    [
                        Qualification.NONE,
                        Qualification.SHORT_COURSE,
                        Qualification.INTERMEDIATE,
                        Qualification.BACHELOR,
                    ],
                    weights=[45, 40, 8, 7],
                )[0],
                monthly_allowance=rng.choice([1_000_000, 1_500_000, 2_340_000]),
            )
        )
    users = User.objects.bulk_create(users)
    for user, profile in zip(users, profiles, strict=True):
        profile.user = user
    # The demo collaborator logins made by socialwork.demo.users get a profile too.
    for demo in ctx.users.values():
        if demo.role == Role.COLLABORATOR:
            profiles.append(
                Collaborator(
                    user=demo,
                    birth_year=1990,
                    sex=Sex.FEMALE,
                    village="Buôn Ky",
                    organisation=Organisation.WOMENS_UNION,
                    appointment_number="12/QĐ-UBND",
                    appointment_date=datetime.date(2023, 3, 1),
                    started_on=datetime.date(2023, 3, 1),
                    qualification=Qualification.SHORT_COURSE,
                    monthly_allowance=2_340_000,
                )
            )
    profiles = Collaborator.objects.bulk_create(profiles)
    courses = _seed_courses(ctx, today)
    _seed_attendance(ctx, profiles, courses)
    active = sum(1 for p in profiles if p.ended_on is None)
    ctx.say(
        f"collaborators: {len(profiles)} ({active} active) in {len(communes)} communes, "
        f"{len(left_alone)} communes whose only collaborator left, {len(courses)} courses"
    )


def _seed_courses(ctx: DemoContext, today: datetime.date) -> list[TrainingCourse]:
    rng = ctx.rng
    courses = []
    for year in range(2021, today.year + 1):
        for title, topic in rng.sample(COURSES, k=min(len(COURSES), max(1, ctx.scaled(5)))):
            start = datetime.date(year, rng.randint(3, 11), rng.randint(1, 25))
            days = rng.randint(1, 4)
            courses.append(
                TrainingCourse(
                    title=f"{title} {year}",
                    topic=topic,
                    organiser="Sở Y tế tỉnh Đắk Lắk",
                    starts_on=start,
                    ends_on=start + datetime.timedelta(days=days - 1),
                    hours=days * 8,
                    place=rng.choice(PLACES),
                )
            )
    # One coming course, to show that attendance waits for it.
    start = today + datetime.timedelta(days=20)
    courses.append(
        TrainingCourse(
            title="Quản lý trường hợp nâng cao",
            topic=Topic.CASE_MANAGEMENT,
            organiser="Trung tâm Công tác xã hội tỉnh",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=2),
            hours=24,
            place="Buôn Ma Thuột",
        )
    )
    return TrainingCourse.objects.bulk_create(courses)


def _seed_attendance(ctx: DemoContext, profiles, courses) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    past = [c for c in courses if c.ends_on < today]
    rows = []
    serial = 0
    # About a third trained: 1–3 completed courses each; a few dropped out of one.
    for profile in rng.sample(profiles, k=round(len(profiles) * 0.34)):
        for course in rng.sample(past, k=min(len(past), rng.randint(1, 3))):
            serial += 1
            completed = rng.random() < 0.93
            rows.append(
                Attendance(
                    course=course,
                    collaborator=profile,
                    completed=completed,
                    certificate_number=f"CTXH-{course.starts_on.year}-{serial:05d}"
                    if completed
                    else "",
                    practice_hours=rng.choice([0, 0, 8, 16]),
                    cpd_credits=rng.choice([0, 1, 2]),
                )
            )
    # Facility staff share the training record (indicator CTXH-04).
    staff_model = apps.get_model("facilities", "StaffMember")
    staff = list(staff_model.objects.all())
    for member in rng.sample(staff, k=len(staff) // 3):
        course = rng.choice(past)
        serial += 1
        rows.append(
            Attendance(
                course=course,
                staff_member=member,
                completed=True,
                certificate_number=f"CTXH-{course.starts_on.year}-{serial:05d}",
                practice_hours=rng.choice([0, 40, 80]),
                cpd_credits=rng.choice([1, 2, 3]),
            )
        )
    Attendance.objects.bulk_create(rows)
