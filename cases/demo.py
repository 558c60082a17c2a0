"""Demo register: about 50,000 people at scale 1.0, in households, in every commune.

Names follow the province: mostly Kinh names (Nguyễn about 38%), with Ê Đê,
M'nông and Gia Rai names (Y … for men, H'… for women, family name last).
Categories follow rough real proportions: older people and people with
disabilities dominate the monthly-allowance lists. Rows go in by COPY.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from socialwork.demo.bulk import (
    copy_rows,
    indexes_built_after,
    no_insert_history,
    reserve_ids,
    row_triggers_skipped,
)
from socialwork.demo.context import DemoContext

from .models import (
    NO_CARER_CATEGORY,
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
from .tallies import tallies_rebuild

FULL_SIZE = 50_000
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
PROFILE_SHARES = [(code, share) for code, share, _ages in PROFILES]
PROFILE_AGES = {code: ages for code, _share, ages in PROFILES}
ELDERLY = ["ND20-5.5a", "ND20-5.5b", "ND20-5.5c", "ND20-5.5d"]
CHILDREN = ["ND20-5.1b", "ND20-5.1a", "TE-a3", "TE-b1", "TE-c", "TE-d2", "TE-h2", "TE-n1",
            "TE-o1", "ND20-5.7", "YT-THIENTAI", "YT-CDHH"]  # fmt: skip
VULNERABLE = ["YT-XINAN", "YT-THIENTAI", "YT-BAOLUC", "YT-TAMTHAN", "YT-MATUY", "YT-CDHH",
              "YT-MUABAN"]  # fmt: skip


def _category_since(dates, registered_on: datetime.date, today: datetime.date):
    """None (from the registration date, the rule) or a later date."""
    if dates.random() >= LATER_CATEGORY_SHARE or registered_on >= today:
        return None
    return registered_on + datetime.timedelta(days=dates.randint(1, (today - registered_on).days))


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
# halves the writes. Edits made after the seed are tracked as usual. Where the
# database role may, the foreign-key checks are skipped too (row_triggers_skipped):
# the rows are consistent by construction.
INSERT_TRIGGERS = ("cases.Beneficiary:insert_insert", "cases.Household:insert_insert")

# The columns each row below gives, in order (COPY: no model instance per row).
HOUSEHOLD_COLUMNS = ("id", "commune_id", "code", "address", "head_id")
PERSON_COLUMNS = ("id", "full_name", "identified", "birth_date", "birth_year", "sex", "cccd",
                  "ethnicity_id", "phone", "commune_id", "address", "household_id",
                  "relation_to_head", "disability_level", "registered_on")  # fmt: skip

# The register the province brings to the portal started being kept in 2019:
# people were identified (registered_on) from then until the day the demo is
# built, never before they were born, so every past period has its history.
# A category link mostly has no `since` (it counts from registered_on); about
# one in seven was recognised later (since between registration and today).
REGISTER_START = datetime.date(2019, 1, 1)
LATER_CATEGORY_SHARE = 0.15


def _registered_on(dates, *, profile: str, birth: datetime.date | None, today: datetime.date):
    earliest = max(REGISTER_START, birth or REGISTER_START)
    if profile == "unidentified":  # reported by the hotline, not yet identified: recent
        earliest = max(earliest, today - datetime.timedelta(days=180))
    earliest = min(earliest, today)
    return earliest + datetime.timedelta(days=dates.randint(0, (today - earliest).days))


# Their plain indexes are built once after the rows (a dozen on the people).
TABLES = ("cases_household", "cases_beneficiary", "cases_beneficiarycategory", "cases_consent")


def seed(ctx: DemoContext) -> None:
    with (
        transaction.atomic(),
        no_insert_history(*INSERT_TRIGGERS),
        row_triggers_skipped(),
        indexes_built_after(TABLES),
    ):
        _seed(ctx)
        # Its inserts skipped the triggers that keep the per-commune counts.
        tallies_rebuild()


def _seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    total = ctx.scaled(FULL_SIZE)
    communes = ctx.communes
    categories = {c.code: c.pk for c in Category.objects.all()}
    ethnicities = {e.code: e.pk for e in Ethnicity.objects.all()}
    today = datetime.date(YEAR, 10, 1)

    # Households: about 2.2 registered people each, spread over every commune.
    n_households = max(len(communes), total * 10 // 22)
    household_ids = reserve_ids(Household, n_households)
    # (commune id, village) per household, in the order of household_ids
    households = [
        (communes[i % len(communes)].pk, rng.choice(VILLAGES)) for i in range(n_households)
    ]
    poverty = []
    for household_id in household_ids:
        roll = rng.random()
        status = (
            PovertyStatus.POOR
            if roll < 0.35
            else (PovertyStatus.NEAR_POOR if roll < 0.55 else PovertyStatus.NONE)
        )
        poverty.append((household_id, YEAR, status))

    person_ids = reserve_ids(Beneficiary, total)
    people: list[list] = []  # rows in PERSON_COLUMNS order
    links: list[tuple[int, str]] = []  # (person id, category code)
    # The dates draw from their own generator: the register's other draws
    # (and every seeder after this one) stay as they were.
    dates = random.Random(total)
    built_on = timezone.localdate()
    registered: dict[int, datetime.date] = {}
    for i in range(total):
        profile = _weighted(rng, PROFILE_SHARES)
        low, high = PROFILE_AGES[profile]
        age = rng.randint(low, high)
        sex = rng.choice((Sex.MALE, Sex.FEMALE))
        ethnic = _weighted(rng, ETHNIC_SHARE)
        h = rng.randrange(n_households)
        commune_id, village = households[h]
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
        full_name = _name(rng, sex, ethnic) if identified else ""
        birth_year = born_year if identified or rng.random() < 0.5 else None
        phone = (
            f"09{rng.randint(0, 99_999_999):08d}"
            if identified and age >= 18 and rng.random() < 0.5
            else ""
        )
        person_id = person_ids[i]
        born = birth_date or (datetime.date(birth_year, 1, 1) if birth_year else None)
        registered[person_id] = _registered_on(dates, profile=profile, birth=born, today=built_on)
        people.append([
            person_id, full_name, identified, birth_date if identified else None, birth_year,
            sex, cccd, ethnicities.get(ethnic), phone, commune_id, village, household_ids[h], "",
            disability, registered[person_id],
        ])  # fmt: skip
        if profile == "elderly":
            links.append((person_id, ELDERLY[0] if rng.random() < 0.5 else rng.choice(ELDERLY)))
            if i % 61 == 0:  # a few with no one to care for them (TGXH-966a); no draw
                links.append((person_id, NO_CARER_CATEGORY))
        elif profile == "disability":
            code = "ND20-5.6-especially" if disability == "especially_severe" else "ND20-5.6-severe"
            links.append((person_id, code))
            if age < 16:
                links.append((person_id, "TE-d1" if disability == "especially_severe" else "TE-d2"))
        elif profile in ("children", "unidentified"):
            links.append((person_id, rng.choice(CHILDREN)))
        elif profile == "single_parent":
            links.append((person_id, "ND20-5.4"))
        elif profile == "hiv":
            links.append((person_id, "ND20-5.8" if rng.random() < 0.6 else "YT-HIV"))
        else:
            links.append((person_id, rng.choice(VULNERABLE)))
    # The eldest identified member heads each household, known before the
    # insert: the households go in with their heads (the foreign key is checked
    # at the commit), no update after.
    heads: dict[int, list] = {}
    for person in people:
        if not person[2]:
            continue
        current = heads.get(person[11])
        if current is None or (person[4] or 9999) < (current[4] or 9999):
            heads[person[11]] = person
    for person in heads.values():
        person[12] = "Chủ hộ"
    consents = [
        (
            person[0],
            ConsentBasis.PERSON if person[2] else ConsentBasis.STATUTORY,
            datetime.date(YEAR, rng.randint(1, 9), rng.randint(1, 28)),
        )
        for person in people
        if (person[4] or 2020) <= today.year - 16 and rng.random() < 0.6
    ]
    copy_rows(
        Household,
        HOUSEHOLD_COLUMNS,
        (
            (household_id, commune_id, f"HGD-{i + 1:06d}", village,
             heads[household_id][0] if household_id in heads else None)
            for i, (household_id, (commune_id, village)) in enumerate(
                zip(household_ids, households, strict=True)
            )
        ),
    )  # fmt: skip
    copy_rows(HouseholdPoverty, ("household_id", "year", "status"), poverty)
    copy_rows(Beneficiary, PERSON_COLUMNS, people)
    copy_rows(
        BeneficiaryCategory,
        ("beneficiary_id", "category_id", "since"),
        (
            (person_id, categories[code], _category_since(dates, registered[person_id], built_on))
            for person_id, code in links
        ),
    )
    copy_rows(Consent, ("beneficiary_id", "basis", "given_on"), consents)
    ctx.say(f"cases: {len(people)} người, {n_households} hộ, {len(links)} nhóm đối tượng")
