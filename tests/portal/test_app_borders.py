"""The apps' borders, read from their imports: the demo is imported by no app, mentorship knows nothing of the
roster built on it, and the public page reads people only through mentorship's selectors."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["config", "portal", "submissions", "mentorship", "roster", "roadmap", "indicators", "reports", "public", "demo"]


def _imports(app):
    """{(file, imported module)} of the app's code (migrations left out: they are history)."""
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {(path.relative_to(ROOT).as_posix(), alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found |= {(path.relative_to(ROOT).as_posix(), f"{node.module}.{alias.name}") for alias in node.names}
    return found


def _offending(app, *, forbidden, allowed=()):
    return sorted(
        (file, module)
        for file, module in _imports(app)
        if module.split(".")[0] in forbidden and not any(module.startswith(f"{a}.") for a in allowed)
    )


@pytest.mark.parametrize("app", [a for a in APPS if a != "demo"])
def test_no_app_imports_the_demo(app):
    assert _offending(app, forbidden={"demo"}) == []


def test_mentorship_does_not_import_the_roster():
    assert _offending("mentorship", forbidden={"roster"}) == []


def test_the_public_page_reads_people_only_through_mentorship_selectors():
    allowed = ("mentorship.selectors", "mentorship.names", "mentorship.purge")
    assert _offending("public", forbidden={"mentorship"}, allowed=allowed) == []


def test_the_walk_sees_an_import_of_a_models_module():
    # reports' purge reads mentorship's models directly: the walk must see it.
    offending = _offending("reports", forbidden={"mentorship"}, allowed=("mentorship.selectors",))
    assert ("reports/purge.py", "mentorship.models.BestMentor") in offending
