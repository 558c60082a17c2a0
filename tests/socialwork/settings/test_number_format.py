"""Numbers print the Vietnamese way (1.234.567 đ) except where a machine reads them.

The thousands separator is on for the whole site, so an id, a page number or a row count
printed plainly into a link or an attribute turns 2623 into "2.623": a link to the wrong
person, a pager that stops at page 999, a progress bar that reads 12.000 as twelve.
"""

import re
import subprocess
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]

# A machine-read number: an id, a page or row number, a row count.
MACHINE_NUMBER = re.compile(r"\{\{ *[\w.]*(\.pk|\.id|_id|page_number|row_number|_rows) *\}\}")


def _templates():
    listed = subprocess.run(
        ["git", "ls-files", "*.html", "*.js", "*.txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if "/templates/" in f"/{name}"]


def test_no_template_prints_an_id_or_a_page_number_grouped():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        # Inside blocktranslate no filter is allowed; those lines are prose, read by people.
        for number, line in enumerate(text.splitlines(), 1):
            if "blocktranslate" in line:
                continue
            if MACHINE_NUMBER.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, "add |unlocalize: " + ", ".join(offenders)


def test_an_id_in_a_link_stays_whole_while_amounts_are_grouped():
    template = Template('<a href="?beneficiary={{ pk|unlocalize }}">{{ amount }}</a>')
    with translation.override("vi"):
        html = template.render(Context({"pk": 2623, "amount": 1500000}))
    assert html == '<a href="?beneficiary=2623">1.500.000</a>'
