import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cases import cccd


def test_parse_reads_province_century_sex_and_year():
    info = cccd.parse("066185000123")
    assert (info.province_code, info.birth_year, info.female) == (66, 1985, True)


def test_parse_21st_century_male():
    info = cccd.parse("054208001234")
    assert (info.birth_year, info.female) == (2008, False)


@pytest.mark.parametrize("value", ["06618500012", "0661850001234", "06618500012a", ""])
def test_malformed_number_is_an_error(value):
    with pytest.raises(ValidationError) as exc:
        cccd.validate_cccd(value)
    assert "12 chữ số" in exc.value.messages[0]


def test_matching_number_gives_no_warning():
    assert cccd.warnings_for("066185000123", birth_year=1985, sex="female") == []


def test_birth_year_and_sex_mismatch_are_warnings():
    found = cccd.warnings_for("066185000123", birth_year=1958, sex="male")
    assert len(found) == 2
    assert "1985" in found[0]


def test_unknown_province_prefix_is_a_warning():
    assert cccd.warnings_for("003185000123", birth_year=1985, sex="female")


def test_normalise_drops_spaces_and_dots():
    assert cccd.normalise("066 185.000-123") == "066185000123"


def test_the_soft_checks_are_kept_as_msgids_and_shown_in_the_active_language():
    [(msgid, params)] = cccd.warning_entries("001300000001", birth_year=None, sex="male")
    assert msgid == "Số CCCD cho giới tính %(cccd)s, khác giới tính đã nhập."
    assert params == {"cccd": {"msgid": "nữ"}}
    with translation.override("en"):
        [warning] = cccd.warnings_for("001300000001", birth_year=None, sex="male")
    assert "female" in warning
