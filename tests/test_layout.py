"""`tests/` mirrors the source tree: tests/cases/casework/test_x.py tests
cases/casework/x.py. A test directory with no source directory of the same
path (a flattened tests/casework/, say) fails here."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

# Test directories that test no one module, each with its reason.
CROSS_CUTTING = {
    Path("e2e"): "browser journeys across every app (Playwright)",
    Path("bench"): "benchmarks at province size, run on demand",
}


def test_every_test_directory_mirrors_a_source_directory():
    strays = []
    for test in TESTS.rglob("test_*.py"):
        relative = test.parent.relative_to(TESTS)
        if relative == Path("."):
            continue  # the project root's own files (pyproject, docker-compose)
        if any(relative == allowed or allowed in relative.parents for allowed in CROSS_CUTTING):
            continue
        if not (ROOT / relative).is_dir():
            strays.append(str(test.relative_to(ROOT)))
    assert not strays, f"tests outside the mirrored tree: {sorted(strays)}"


def test_the_allowed_cross_cutting_directories_exist():
    for directory in CROSS_CUTTING:
        assert (TESTS / directory).is_dir(), directory
