#!/usr/bin/env python
"""CI check of the English catalogue.

1. Every message the code and templates use is in the catalogue, translated
   and not fuzzy (runs makemessages into a scratch copy: needs GNU gettext).
2. The committed .mo files are exactly what the .po files compile to, so a
   fresh machine, which has no gettext, serves the same English.

Run from the project root with the venv's python. Exit 1 on any problem.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "socialwork" / "locale"
DOMAINS = ("django", "djangojs")


def entries(po: Path) -> dict[str, tuple[str, bool]]:
    """msgid → (msgstr, fuzzy), read with msgcat's normalised output."""
    text = subprocess.run(
        ["msgcat", "--no-wrap", "--sort-output", str(po)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, tuple[str, bool]] = {}
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid = "".join(_strings(lines, "msgid "))
        plural = "".join(_strings(lines, "msgid_plural "))
        msgstr = "".join(_strings(lines, "msgstr")) or "".join(_strings(lines, "msgstr[0]"))
        if msgid or plural:
            result[msgid + ("\x00" + plural if plural else "")] = (msgstr, fuzzy)
    return result


def _strings(lines: list[str], keyword: str) -> list[str]:
    out, taking = [], False
    for line in lines:
        if line.startswith(keyword):
            taking = True
            out.append(line[len(keyword) :].strip().strip('"'))
        elif taking and line.startswith('"'):
            out.append(line.strip('"'))
        else:
            taking = False if not line.startswith('"') else taking
    return out


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "locale"
        shutil.copytree(LOCALE, copy)
        for domain in DOMAINS:
            if not (LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po").exists():
                continue
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "makemessages",
                    "-l",
                    "en",
                    "-d",
                    domain,
                    "--no-obsolete",
                    "--no-location",
                    "-i",
                    ".venv/*",
                    "-i",
                    "staticfiles/*",
                    "-i",
                    "tests/*",
                    "-i",
                    ".data/*",
                ],
                cwd=ROOT,
                check=True,
                capture_output=True,
                env={
                    **__import__("os").environ,
                    "DJANGO_SETTINGS_MODULE": "socialwork.settings.base",
                },
            )
            fresh = entries(LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po")
            # Put the committed catalogue back: this check must not change the tree.
            shutil.copy(
                copy / "en" / "LC_MESSAGES" / f"{domain}.po",
                LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po",
            )
            committed = entries(LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po")
            for msgid in sorted(set(fresh) - set(committed)):
                problems.append(f"{domain}: not in the catalogue: {msgid[:80]!r}")
            for msgid, (msgstr, fuzzy) in committed.items():
                if msgid and (not msgstr or fuzzy) and msgid in fresh:
                    problems.append(f"{domain}: untranslated or fuzzy: {msgid[:80]!r}")
            po = LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po"
            mo = po.with_suffix(".mo")
            compiled = Path(scratch) / f"{domain}.mo"
            subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(po)], check=True)
            if not mo.exists() or mo.read_bytes() != compiled.read_bytes():
                problems.append(
                    f"{mo.relative_to(ROOT)} does not match its .po: run compilemessages"
                )
    for line in problems[:200]:
        print(line)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print("Translations: complete, and the .mo files match.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
