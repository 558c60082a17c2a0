"""Households and beneficiaries for a province of any size, in a few statements.

Everything is computed in SQL from generate_series and a seeded hash, so a
million people take seconds and the same seed gives the same province.
"""

from __future__ import annotations

from django.db import connection

from socialwork.demo.bulk import insert_select, no_insert_history
from socialwork.demo.generate import GeneratorContext

# Nguyễn is about 38% of Vietnamese people; the list keeps the proportions.
COMMON = ["Hoàng", "Huỳnh", "Võ", "Vũ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương"]
RARE = ["Đinh", "Lý", "Lương", "Mai", "Tạ", "Quách", "Văn", "Đoàn", "Cao", "Lâm", "Kiều"]
FAMILY = ["Nguyễn"] * 38 + ["Trần"] * 11 + ["Lê"] * 9 + ["Phạm"] * 7 + COMMON * 2 + RARE
MIDDLE_M = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Bích"]
GIVEN_M = [
    "Đức",
    "Hùng",
    "Dũng",
    "Nam",
    "Hải",
    "Tuấn",
    "Sơn",
    "Long",
    "Phúc",
    "Thắng",
    "Quân",
    "Hiếu",
    "Tài",
    "Khánh",
    "Bảo",
    "Lộc",
    "Vinh",
    "Trung",
    "Hòa",
    "Tín",
    "Cường",
    "Định",
]
GIVEN_F = [
    "Lan",
    "Hương",
    "Hoa",
    "Mai",
    "Linh",
    "Trang",
    "Thảo",
    "Hạnh",
    "Nga",
    "Yến",
    "Nhung",
    "Phương",
    "Hằng",
    "Hiền",
    "Loan",
    "Vân",
    "Tuyết",
    "Dung",
    "Ánh",
    "Ngân",
    "Thủy",
    "Oanh",
]
# Ê Đê and M'nông names: "Y" for men, "H'" for women, then the clan name.
EDE_GIVEN_M = ["Y Ngông", "Y Bih", "Y Moan", "Y Jơk", "Y Kông", "Y Tlam"]
EDE_GIVEN_F = ["H'Hen", "H'Bia", "H'Lan", "H'Nhi", "H'Zuin", "H'Mai"]
EDE_CLAN = ["Niê", "Niê Kdăm", "Mlô", "Ksor", "Êban", "Byă", "Adrơng", "Buôn Yă", "Hđơk"]


def generate(ctx: GeneratorContext) -> None:
    households = max(1, ctx.people // 4)
    # Households are found again by their generated code, never by assumed ids.
    prefix = f"SINH{ctx.seed}-"
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, code FROM cases_ethnicity WHERE code IN ('01', '12', '20')")
        ethnicity = {code: pk for pk, code in cursor.fetchall()}
    # Generated people need no "created" history event each.
    with no_insert_history("cases.Household:insert_insert", "cases.Beneficiary:insert_insert"):
        _people(ctx, households, prefix, ethnicity)
    # The name words the search expands typed words against (the triggers
    # that collect them are skipped while generating).
    from cases.name_search import collect_words

    collect_words()
    _categories(ctx)


def _people(ctx: GeneratorContext, households: int, prefix: str, ethnicity: dict) -> None:
    from cases.models import Beneficiary, Household

    communes = ctx.commune_ids
    insert_select(
        Household,
        {
            "code": "%(prefix)s || lpad(g::text, 7, '0')",
            "commune_id": "(%(communes)s::bigint[])[1 + (g %% %(n_communes)s)]",
            "address": "'Thôn ' || (1 + (g %% 12))::text",
        },
        "generate_series(1, %(households)s) AS g",
        {
            "prefix": prefix,
            "communes": communes,
            "n_communes": len(communes),
            "households": households,
        },
    )
    # Without fresh statistics the planner takes the new households for a few
    # rows and joins them by nested loop: hours at a million people.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_household")
    h = "abs(hashtextextended(g::text, %(seed)s))"
    minority = f"({h} %% 100 < 9)"
    male = f"({h} %% 2 = 0)"
    birth = f"(date '1930-01-01' + ({h} %% 33500)::int)"
    # Registered (identified) on a day from 2019, or from birth, to yesterday,
    # drawn from a hash of its own: past periods have their history.
    born = f"least({birth}, current_date - 1)"
    earliest = f"greatest({born}, date '2019-01-01')"
    registered = (
        f"({earliest} + (abs(hashtextextended(g::text || 'registered', %(seed)s))"
        f" %% greatest(current_date - {earliest}, 1))::int)"
    )

    def pick(name: str) -> str:
        # Each part of a name draws from its own hash, so parts combine freely.
        part = f"abs(hashtextextended(g::text || '{name}', %(seed)s))"
        return f"(%({name})s::text[])[1 + ({part} %% cardinality(%({name})s::text[]))]"

    insert_select(
        Beneficiary,
        {
            "full_name": f"""CASE WHEN {minority} THEN
                  (CASE WHEN {male} THEN {pick("ede_m")} ELSE {pick("ede_f")} END)
                  || ' ' || {pick("ede_clan")}
                ELSE {pick("family")} || ' ' ||
                  (CASE WHEN {male} THEN {pick("middle_m")} || ' ' || {pick("given_m")}
                   ELSE {pick("middle_f")} || ' ' || {pick("given_f")} END)
                END""",
            "identified": "true",
            "registered_on": registered,
            "birth_date": f"least({birth}, current_date - 1)",
            "birth_year": f"extract(year FROM least({birth}, current_date - 1))::int",
            "sex": f"CASE WHEN {male} THEN 'male' ELSE 'female' END",
            # Province of birth, century-and-sex digit, year, then a serial unique per person.
            "cccd": f"""CASE WHEN {h} %% 10 < 7 THEN
                (ARRAY['066','054','052','064'])[1 + (g / 1000000) %% 4]
                || (CASE WHEN least({birth}, current_date - 1) >= date '2000-01-01'
                    THEN 2 ELSE 0 END
                    + CASE WHEN {male} THEN 0 ELSE 1 END)::text
                || to_char(least({birth}, current_date - 1), 'YY')
                || lpad((g %% 1000000)::text, 6, '0') END""",
            "ethnicity_id": f"CASE WHEN {minority} THEN (CASE WHEN {h} %% 3 = 0"
            " THEN %(ede)s::bigint ELSE %(mnong)s::bigint END) ELSE %(kinh)s::bigint END",
            "commune_id": "hh.commune_id",
            "household_id": "hh.id",
            "address": "hh.address",
            "disability_level": f"CASE WHEN {h} %% 40 = 0 THEN 'severe' WHEN {h} %% 97 = 0"
            " THEN 'especially_severe' ELSE 'none' END",
        },
        "generate_series(1, %(people)s) AS g JOIN cases_household hh"
        " ON hh.code = %(prefix)s || lpad(((g - 1) / 4 + 1)::text, 7, '0')"
        # Ids follow g: later generators find a person by their position.
        " ORDER BY g",
        {
            "seed": ctx.seed,
            "people": ctx.people,
            "prefix": prefix,
            "kinh": ethnicity.get("01"),
            "ede": ethnicity.get("12"),
            "mnong": ethnicity.get("20"),
            "family": FAMILY,
            "middle_m": MIDDLE_M,
            "middle_f": MIDDLE_F,
            "given_m": GIVEN_M,
            "given_f": GIVEN_F,
            "ede_m": EDE_GIVEN_M,
            "ede_f": EDE_GIVEN_F,
            "ede_clan": EDE_CLAN,
        },
    )


def _categories(ctx: GeneratorContext) -> None:
    """Legal groups in rough real proportions, chosen by age and disability.
    No `since`: a link counts from the person's registered_on (the rule)."""
    from cases.models import BeneficiaryCategory

    rules = [
        ("ND20-5.5c", "b.birth_year <= extract(year FROM current_date) - 80 AND b.id %% 3 = 0"),
        ("ND20-5.6-severe", "b.disability_level = 'severe'"),
        ("ND20-5.6-especially", "b.disability_level = 'especially_severe'"),
        ("TE-a", "b.birth_year > extract(year FROM current_date) - 16 AND b.id %% 97 = 0"),
        ("TE-b", "b.birth_year > extract(year FROM current_date) - 16 AND b.id %% 301 = 0"),
        (
            "TE-d2",
            "b.birth_year > extract(year FROM current_date) - 16 AND b.disability_level <> 'none'",
        ),
        ("TE-dd", "b.birth_year > extract(year FROM current_date) - 16 AND b.id %% 997 = 0"),
        ("ND20-5.4", "b.sex = 'female' AND b.birth_year BETWEEN 1975 AND 2000 AND b.id %% 61 = 0"),
        ("YT-HIV", "b.id %% 331 = 0"),
        ("YT-CDHH", "b.id %% 211 = 0"),
        ("YT-THIENTAI", "b.id %% 53 = 0"),
    ]
    for code, condition in rules:
        insert_select(
            BeneficiaryCategory,
            {"beneficiary_id": "b.id", "category_id": "c.id"},
            f"cases_beneficiary b JOIN cases_category c ON c.code = %(code)s WHERE {condition}",
            {"code": code},
        )
