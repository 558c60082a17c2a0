"""What a production install gets: the runtime dependencies of pyproject.toml
(and what they require), never the test extras. An import that only the
test extras satisfy works in the tests and fails in the image; CI's
scripts/check_production_install starts a worker from such an install, and
these checks catch the plain cases before it."""

import ast
import importlib.metadata
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
OWN = ("socialwork", "cases", "facilities", "collaborators")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{line}: pin it exactly"
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def _constraints() -> dict[str, str]:
    lines = (ROOT / "requirements" / "constraints.txt").read_text().split()
    return _pins(line for line in lines if line and not line.startswith("#"))


def _runtime_closure() -> set[str]:
    """The runtime dependencies and, recursively, what they require (extras aside)."""
    todo = [canonicalize_name(Requirement(d).name) for d in _project()["dependencies"]]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for line in importlib.metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return seen


def _type_checking_only(tree: ast.AST) -> set[ast.AST]:
    """Nodes under `if TYPE_CHECKING:`: read by mypy, never run (the stubs are test extras)."""
    guarded: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            for statement in node.body:
                guarded.update(ast.walk(statement))
    return guarded


def _imported_top_level_modules() -> set[str]:
    found: set[str] = set()
    for package in OWN:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(), filename=str(path))
            guarded = _type_checking_only(tree)
            for node in ast.walk(tree):
                if node in guarded:
                    continue
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - set(OWN) - {"__future__"}


def test_every_dependency_is_pinned_as_in_the_constraints():
    constraints = _constraints()
    project = _project()
    for lines in (project["dependencies"], project["optional-dependencies"]["test"]):
        for name, version in _pins(lines).items():
            assert constraints.get(name) == version, f"{name}: pyproject and constraints differ"


def test_kombus_redis_transport_finds_packaging_in_a_production_install():
    # kombu's redis transport imports packaging without declaring it.
    runtime = _pins(_project()["dependencies"])
    assert runtime["packaging"] == _constraints()["packaging"]


def test_every_module_the_portal_imports_comes_with_the_runtime_dependencies():
    providers = importlib.metadata.packages_distributions()
    runtime = _runtime_closure()
    missing = {
        module: providers.get(module, ["?"])
        for module in _imported_top_level_modules()
        if not {canonicalize_name(d) for d in providers.get(module, [])} & runtime
    }
    assert missing == {}, "imported by the portal, but not a runtime dependency"
