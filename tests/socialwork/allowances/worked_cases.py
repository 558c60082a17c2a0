# ruff: noqa: E501 (a table of worked cases reads best one per line)
"""Worked cases of the monthly amount, checked to the đồng (DOMAIN §2.1).

Each: (name, birth_date, birth_year, rights, month, expected). A right is
(group, start_month, end_month, units). Standard: 360,000 until 6/2024,
500,000 from 7/2024 (the seeded national levels).
"""

import datetime

D = datetime.date
M = lambda y, m: D(y, m, 1)  # noqa: E731

CASES = [
    ("5.1 child under 4", D(2023, 1, 10), None, [("ND20-5.1", M(2025, 1), None, 1)], M(2025, 5), 1_250_000),
    ("5.1 child of 10", D(2015, 1, 10), None, [("ND20-5.1", M(2025, 1), None, 1)], M(2025, 5), 750_000),
    ("5.2 student of 18", D(2007, 2, 1), None, [("ND20-5.2", M(2025, 1), None, 1)], M(2025, 5), 750_000),
    ("5.3 HIV child of 3", D(2022, 1, 1), None, [("ND20-5.3", M(2025, 1), None, 1)], M(2025, 5), 1_250_000),
    ("5.3 HIV child of 8", D(2017, 1, 1), None, [("ND20-5.3", M(2025, 1), None, 1)], M(2025, 5), 1_000_000),
    ("5.4 single parent, 2 children", D(1990, 1, 1), None, [("ND20-5.4", M(2025, 1), None, 2)], M(2025, 5), 1_000_000),
    ("5.5a older of 70", D(1955, 1, 1), None, [("ND20-5.5a", M(2025, 1), None, 1)], M(2025, 5), 750_000),
    ("5.5a older of 85", D(1940, 1, 1), None, [("ND20-5.5a", M(2025, 1), None, 1)], M(2025, 5), 1_000_000),
    ("5.5b aged 77", D(1948, 1, 1), None, [("ND20-5.5b", M(2025, 1), None, 1)], M(2025, 5), 500_000),
    ("5.5c aged 85 before 7/2025", D(1940, 1, 1), None, [("ND20-5.5c", M(2025, 1), None, 1)], M(2025, 5), 500_000),
    ("5.5c ended by the social pension", D(1940, 1, 1), None, [("ND20-5.5c", M(2025, 1), None, 1)], M(2025, 8), 0),
    ("5.5d cared for in the community", D(1950, 1, 1), None, [("ND20-5.5d", M(2025, 1), None, 1)], M(2025, 5), 1_500_000),
    ("5.6 especially severe adult", D(1995, 1, 1), None, [("ND20-5.6-especially", M(2025, 1), None, 1)], M(2025, 5), 1_000_000),
    ("5.6 especially severe child", D(2015, 1, 1), None, [("ND20-5.6-especially", M(2025, 1), None, 1)], M(2025, 5), 1_250_000),
    ("5.6 especially severe older", D(1960, 1, 1), None, [("ND20-5.6-especially", M(2025, 1), None, 1)], M(2025, 5), 1_250_000),
    ("5.6 severe adult", D(1995, 1, 1), None, [("ND20-5.6-severe", M(2025, 1), None, 1)], M(2025, 5), 750_000),
    ("5.6 severe child", D(2015, 1, 1), None, [("ND20-5.6-severe", M(2025, 1), None, 1)], M(2025, 5), 1_000_000),
    ("5.7 child of 2", D(2023, 1, 1), None, [("ND20-5.7", M(2025, 1), None, 1)], M(2025, 5), 750_000),
    ("5.8 HIV adult", D(1985, 1, 1), None, [("ND20-5.8", M(2025, 1), None, 1)], M(2025, 5), 750_000),
    (
        "several groups: only the highest",
        D(1955, 1, 1), None,
        [("ND20-5.5a", M(2025, 1), None, 1), ("ND20-5.6-especially", M(2025, 1), None, 1)],
        M(2025, 5), 1_250_000,
    ),
    (
        "single parent with severe disability gets both",
        D(1990, 1, 1), None,
        [("ND20-5.4", M(2025, 1), None, 1), ("ND20-5.6-severe", M(2025, 1), None, 1)],
        M(2025, 5), 1_250_000,
    ),
    (
        "single parent with HIV, 2 children, gets both",
        D(1990, 1, 1), None,
        [("ND20-5.4", M(2025, 1), None, 2), ("ND20-5.8", M(2025, 1), None, 1)],
        M(2025, 5), 1_750_000,
    ),
    ("child turning 4: the month before", D(2021, 3, 15), None, [("ND20-5.1", M(2024, 1), None, 1)], M(2025, 2), 1_250_000),
    ("child turning 4: the birthday month", D(2021, 3, 15), None, [("ND20-5.1", M(2024, 1), None, 1)], M(2025, 3), 750_000),
    ("older turning 80: May", D(1945, 6, 20), None, [("ND20-5.5a", M(2024, 1), None, 1)], M(2025, 5), 750_000),
    ("older turning 80: June", D(1945, 6, 20), None, [("ND20-5.5a", M(2024, 1), None, 1)], M(2025, 6), 1_000_000),
    ("death on 15/3: March paid", D(1950, 1, 1), None, [("ND20-5.5a", M(2024, 1), M(2025, 3), 1)], M(2025, 3), 750_000),
    ("death on 15/3: April not", D(1950, 1, 1), None, [("ND20-5.5a", M(2024, 1), M(2025, 3), 1)], M(2025, 4), 0),
    ("before the start month", D(1950, 1, 1), None, [("ND20-5.5a", M(2025, 6), None, 1)], M(2025, 5), 0),
    ("standard 360,000 in 6/2024", D(1950, 1, 1), None, [("ND20-5.5a", M(2024, 1), None, 1)], M(2024, 6), 540_000),
    ("standard 500,000 from 7/2024", D(1950, 1, 1), None, [("ND20-5.5a", M(2024, 1), None, 1)], M(2024, 7), 750_000),
    ("birth year only: born 1/1", None, 1945, [("ND20-5.5a", M(2024, 1), None, 1)], M(2025, 1), 1_000_000),
    ("5.1 under 4 at 360,000", D(2021, 1, 1), None, [("ND20-5.1", M(2022, 1), None, 1)], M(2022, 6), 900_000),
]  # fmt: skip
