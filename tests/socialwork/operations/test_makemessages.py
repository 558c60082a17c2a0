"""makemessages keeps the messages marked N_ (gettext_noop) in the catalogue."""

import subprocess
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]


def test_makemessages_is_ours_and_reads_n_():
    from socialwork.operations.management.commands.makemessages import Command

    assert get_commands()["makemessages"] == "socialwork.operations"
    assert "--keyword=N_" in Command.xgettext_options


def test_an_n_marked_message_is_extracted(tmp_path):
    source = tmp_path / "example.py"
    source.write_text(
        'from django.utils.translation import gettext_noop as N_\nX = N_("Ngày không có")\n'
    )
    from socialwork.operations.management.commands.makemessages import Command

    pot = tmp_path / "out.pot"
    subprocess.run(
        ["xgettext", "-L", "Python", *Command.xgettext_options, "-o", str(pot), str(source)],
        check=True,
        cwd=ROOT,
    )
    assert 'msgid "Ngày không có"' in pot.read_text()
