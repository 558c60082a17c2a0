"""Demo register: about 50,000 people at scale 1.0, in households, in every commune.

Names follow the province: mostly Kinh names (Nguyễn about 38%), with Ê Đê,
M'nông and Gia Rai names (Y … for men, H'… for women, family name last).
Categories follow rough real proportions: older people and people with
disabilities dominate the monthly-allowance lists. Bulk inserts only.
"""

from __future__ import annotations

import datetime

import pgtrigger
from django.db import connection

from socialwork.demo.context import DemoContext

from .models import (
    Beneficiary,
    BeneficiaryCategory,
    Category,
    Consent,
    ConsentBasis,
    DisabilityLevel,
    Ethnicity,
    Household,
    HouseholdPoverty,
    PovertyStatus,
    Sex,
)

FULL_SIZE = 50_000
BATCH = 5_000
YEAR = 2025

KINH_FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Hoàng", 3),
               ("Phan", 4), ("Võ", 4), ("Vũ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1.5),
               ("Hồ", 1.5), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Đinh", 1),
               ("Trương", 1)]  # fmt: skip
KINH_MIDDLE = {Sex.MALE: ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Ngọc", "Thanh"],
               Sex.FEMALE: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh"]}  # fmt: skip
KINH_GIVEN = {
    Sex.MALE: ["Đức", "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Sơn", "Long", "Phúc",
               "Tài", "Thắng", "Quân", "Bình", "Cường", "Khoa", "Lộc", "Tâm", "Trí", "Vinh"],
    Sex.FEMALE: ["Hoa", "Lan", "Hương", "Mai", "Linh", "Thảo", "Hạnh", "Nhung", "Trang", "Yến",
                 "Hồng", "Loan", "Bích", "Cúc", "Đào", "Hằng", "Liên", "Nga", "Phượng", "Tuyết"],
}  # fmt: skip
# Ê Đê, M'nông, Gia Rai: given name after Y (men) or H' (women), family name last.
MINORITY = {
    "12": (["Niê", "Êban", "Mlô", "Ksơr", "Byă", "Adrơng", "Hwing", "Kbuôr", "Niê Kdăm", "Buôn Yă"],
           ["Bhin", "Ngông", "Khuê", "Blốt", "Kô", "Sơn", "Thuôt", "Jôn", "Nuê", "Dhăm"],
           ["Hen", "Linh", "Bla", "Nga", "Yim", "Ruth", "Hoan", "Ngăm", "Điêm", "Mai"]),
    "20": (["Bon Ding", "Điểu", "Liêng Hot", "Bkrông", "Lơ Mu", "Mdrang"],
           ["Broi", "Krăk", "Nguôn", "Dơng", "Lip", "K'Lung"],
           ["Brơm", "Ơn", "Drim", "Bơr", "Jăn", "Đap"]),
    "10": (["Rơ Mah", "Ksor", "Siu", "Rah Lan", "Nay"],
           ["Blương", "Hyưh", "Tlang", "Hnheo"],
           ["Nhiên", "Hlâm", "Pui", "Bia"]),
}  # fmt: skip
ETHNIC_SHARE = [("01", 0.78), ("12", 0.12), ("20", 0.04), ("10", 0.03), ("05", 0.01),
                ("08", 0.01), ("07", 0.01)]  # fmt: skip
VILLAGES = ["Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4", "Buôn Ko Sơr", "Buôn Ale A", "Buôn Ea Kmar",
            "Tổ dân phố 5", "Tổ dân phố 7", "Khu phố 2", "Thôn Đông", "Thôn Tây"]  # fmt: skip

# (main category code, share of the register, age range, weight of sub-codes)
PROFILES = [
    ("elderly", 0.42, (60, 99)),
    ("disability", 0.28, (5, 85)),
    ("children", 0.12, (0, 15)),
    ("single_parent", 0.06, (20, 50)),
    ("hiv", 0.015, (18, 60)),
    ("vulnerable", 0.085, (16, 70)),
    ("unidentified", 0.02, (3, 14)),
]
ELDERLY = ["ND20-5.5a", "ND20-5.5b", "ND20-5.5c", "ND20-5.5d"]
CHILDREN = ["ND20-5.1b", "ND20-5.1a", "TE-a3", "TE-b1", "TE-c", "TE-d2", "TE-h2", "TE-n1",
            "TE-o1", "ND20-5.7", "YT-THIENTAI", "YT-CDHH"]  # fmt: skip
VULNERABLE = ["YT-XINAN", "YT-THIENTAI", "YT-BAOLUC", "YT-TAMTHAN", "YT-MATUY", "YT-CDHH",
              "YT-MUABAN"]  # fmt: skip


def _weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def _name(rng, sex: str, ethnic: str) -> str:
    if ethnic in MINORITY:
        families, men, women = MINORITY[ethnic]
        if sex == Sex.MALE:
            return f"Y {rng.choice(men)} {rng.choice(families)}"
        return f"H'{rng.choice(women)} {rng.choice(families)}"
    family = _weighted(rng, KINH_FAMILY)
    return f"{family} {rng.choice(KINH_MIDDLE[sex])} {rng.choice(KINH_GIVEN[sex])}"


# Fake people need no "created" history event each: skipping the row triggers
# halves the writes. Edits made after the seed are tracked as usual.
INSERT_TRIGGERS = (
    "cases.Beneficiary:insert_insert",
    "cases.Household:insert_insert",
    "cases.Household:update_update",  # the heads set below, right after the insert
)


def seed(ctx: DemoContext) -> None:
    with pgtrigger.ignore(*INSERT_TRIGGERS):
        _seed(ctx)


def _seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    total = ctx.scaled(FULL_SIZE)
    communes = ctx.communes
    categories = {c.code: c.pk for c in Category.objects.all()}
    ethnicities = {e.code: e.pk for e in Ethnicity.objects.all()}
    today = datetime.date(YEAR, 10, 1)

    # Households: about 2.2 registered people each, spread over every commune.
    n_households = max(len(communes), total * 10 // 22)
    households = Household.objects.bulk_create(
        (
            Household(
                commune=communes[i % len(communes)],
                code=f"HGD-{i + 1:06d}",
                address=rng.choice(VILLAGES),
            )
            for i in range(n_households)
        ),
        batch_size=BATCH,
    )
    poverty = []
    for household in households:
        roll = rng.random()
        status = (
            PovertyStatus.POOR
            if roll < 0.35
            else (PovertyStatus.NEAR_POOR if roll < 0.55 else PovertyStatus.NONE)
        )
        poverty.append(HouseholdPoverty(household=household, year=YEAR, status=status))
    HouseholdPoverty.objects.bulk_create(poverty, batch_size=BATCH)

    people: list[Beneficiary] = []
    links: list[tuple[int, str]] = []  # (index in people, category code)
    for i in range(total):
        profile = _weighted(rng, [(p[0], p[1]) for p in PROFILES])
        low, high = next(p[2] for p in PROFILES if p[0] == profile)
        age = rng.randint(low, high)
        sex = rng.choice((Sex.MALE, Sex.FEMALE))
        ethnic = _weighted(rng, ETHNIC_SHARE)
        household = households[rng.randrange(n_households)]
        born_year = today.year - age
        birth_date = None
        if not (profile == "elderly" and rng.random() < 0.3):  # the old: often the year only
            birth_date = datetime.date(born_year, rng.randint(1, 12), rng.randint(1, 28))
        identified = profile != "unidentified"
        cccd = None
        if identified and age >= 14 and rng.random() < 0.7:
            prefix = "066" if rng.random() < 0.6 else "054"
            century = (0 if born_year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
            cccd = f"{prefix}{century}{born_year % 100:02d}{(i * 7919) % 1_000_000:06d}"
        disability = DisabilityLevel.NONE
        if profile == "disability":
            disability = rng.choice(
                (DisabilityLevel.SEVERE, DisabilityLevel.SEVERE, DisabilityLevel.ESPECIALLY_SEVERE)
            )
        people.append(
            Beneficiary(
                full_name=_name(rng, sex, ethnic) if identified else "",
                identified=identified,
                birth_date=birth_date if identified else None,
                birth_year=born_year if identified or rng.random() < 0.5 else None,
                sex=sex,
                cccd=cccd,
                ethnicity_id=ethnicities.get(ethnic),
                phone=f"09{rng.randint(0, 99_999_999):08d}"
                if identified and age >= 18 and rng.random() < 0.5
                else "",
                commune_id=household.commune_id,
                address=household.address,
                household=household,
                disability_level=disability,
            )
        )
        if profile == "elderly":
            links.append((i, ELDERLY[0] if rng.random() < 0.5 else rng.choice(ELDERLY)))
        elif profile == "disability":
            code = "ND20-5.6-especially" if disability == "especially_severe" else "ND20-5.6-severe"
            links.append((i, code))
            if age < 16:
                links.append((i, "TE-d1" if disability == "especially_severe" else "TE-d2"))
        elif profile in ("children", "unidentified"):
            links.append((i, rng.choice(CHILDREN)))
        elif profile == "single_parent":
            links.append((i, "ND20-5.4"))
        elif profile == "hiv":
            links.append((i, "ND20-5.8" if rng.random() < 0.6 else "YT-HIV"))
        else:
            links.append((i, rng.choice(VULNERABLE)))
    # The eldest identified member heads each household (decided before the insert,
    # so only the households are updated afterwards, in one statement).
    heads: dict[int, Beneficiary] = {}
    for person in people:
        if not person.identified:
            continue
        current = heads.get(person.household_id)
        if current is None or (person.birth_year or 9999) < (current.birth_year or 9999):
            heads[person.household_id] = person
    for person in heads.values():
        person.relation_to_head = "Chủ hộ"
    Beneficiary.objects.bulk_create(people, batch_size=BATCH)
    BeneficiaryCategory.objects.bulk_create(
        (BeneficiaryCategory(beneficiary_id=people[i].pk, category_id=categories[code])
         for i, code in links),
        batch_size=BATCH,
    )  # fmt: skip
    Consent.objects.bulk_create(
        (
            Consent(
                beneficiary_id=person.pk,
                basis=ConsentBasis.PERSON if person.identified else ConsentBasis.STATUTORY,
                given_on=datetime.date(YEAR, rng.randint(1, 9), rng.randint(1, 28)),
            )
            for person in people
            if (person.birth_year or 2020) <= today.year - 16 and rng.random() < 0.6
        ),
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_household h SET head_id = v.head FROM unnest(%s::bigint[], "
            "%s::bigint[]) AS v(household, head) WHERE h.id = v.household",
            [list(heads), [p.pk for p in heads.values()]],
        )
    ctx.say(f"cases: {len(people)} người, {len(households)} hộ, {len(links)} nhóm đối tượng")
