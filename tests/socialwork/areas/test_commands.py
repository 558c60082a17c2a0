import dataclasses

import pytest
from django.core.management import CommandError, call_command

from socialwork.areas import services
from tests.socialwork.areas.checks import table_checksum


def test_load_admin_units_prints_a_summary_and_changes_nothing_twice(loaded, capsys):
    before = table_checksum()

    call_command("load_admin_units")

    out = capsys.readouterr().out
    assert "Xã (2025): 0 mới, 0 cập nhật, 3321 không đổi" in out
    assert "Huyện (trước 2025): 0 mới, 0 cập nhật, 696 không đổi" in out
    assert table_checksum() == before


def test_broken_package_data_is_a_command_error(loaded, monkeypatch):
    real = services.package_source

    def partial_source():
        source = real()
        return dataclasses.replace(source, provinces=source.provinces[:33])

    monkeypatch.setattr(services, "package_source", partial_source)
    before = table_checksum()

    with pytest.raises(CommandError, match="bảng giữ nguyên.*34"):
        call_command("load_admin_units")

    assert table_checksum() == before
