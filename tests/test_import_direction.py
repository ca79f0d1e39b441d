"""Dependencies run one way: `programs` imports `beneficiaries`, both import `core`; `core`
imports neither app and the registry never imports `programs` (tests excepted: they build
worlds with both apps). No app imports the project package `dinsos` (settings are read
through django.conf.settings) or the tooling app `devtools`, which imports them all."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def imported_apps(package: str) -> dict[str, set[str]]:
    """Top-level packages each non-test module of `package` imports, by file."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        if "tests" in path.relative_to(ROOT).parts:
            continue
        names = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("core", {"beneficiaries", "programs", "devtools", "dinsos"}),
        ("beneficiaries", {"programs", "devtools", "dinsos"}),
        ("programs", {"devtools", "dinsos"}),
    ],
)
def test_imports_run_one_way(package, forbidden):
    wrong = {f: sorted(names & forbidden) for f, names in imported_apps(package).items()}
    assert {f: names for f, names in wrong.items() if names} == {}
