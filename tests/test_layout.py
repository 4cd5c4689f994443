"""The package's folders follow the flow: each stage imports only from itself and the stages before it, and the
stages that run before the web never import Datasette."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "claims"
# The order in which the stages may import one another: the corpus's models are what every later stage shares.
STAGES = ("corpus", "extraction", "intake", "build", "web")
COMMANDS = {"cli", "schema", "__main__", "__init__"}  # the package's top: the commands that join the stages
LONGEST = 700


def stage_of(module: str) -> int:
    """claims.build.rows -> the index of "build"; the top-level modules come after every stage."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else len(STAGES)


def module_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, package: str) -> set[str]:
    """The claims modules (or packages) that source code in `package` imports, as absolute names."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found |= {target} if node.module else {f"{target}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.split(".")[0] == "claims"}


def package_of(path: Path) -> str:
    return module_of(path) if path.name == "__init__.py" else module_of(path).rpartition(".")[0]


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_stage_folder_or_is_a_command():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.stem not in COMMANDS]
    assert loose == []
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(STAGES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_from_its_stage_and_those_before(path):
    own = stage_of(module_of(path))
    later = sorted(
        name
        for name in imported(path.read_text(encoding="utf-8"), package_of(path))
        if name != "claims" and stage_of(name) > own
    )
    assert later == [], f"{module_of(path)} ({STAGES[own] if own < len(STAGES) else 'top'}) imports {later}"


@pytest.mark.parametrize("stage", STAGES[:-1])
def test_no_stage_before_the_web_imports_datasette(stage):
    users = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / stage).rglob("*.py")
        if any(name.split(".")[0] == "datasette" for name in _all_imports(path))
    ]
    assert users == []


def _all_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_no_module_is_longer_than_a_reader_takes_in():
    long = {str(p.relative_to(PACKAGE)): n for p in MODULES if (n := len(p.read_text().splitlines())) > LONGEST}
    assert long == {}


def test_the_import_check_sees_a_backward_import():
    """The check itself: a corpus module that imported the build or the web would be caught."""
    source = "from ..web import pages\nfrom ..build.rows import ClaimRow\nfrom .yamlfile import x\nimport claims.cli\n"
    names = imported(source, "claims.corpus")
    assert names == {"claims.web", "claims.build.rows", "claims.corpus.yamlfile", "claims.cli"}
    assert sorted(n for n in names if stage_of(n) > stage_of("claims.corpus.models")) == [
        "claims.build.rows",
        "claims.cli",
        "claims.web",
    ]
