"""The layers contract (`lint-imports`, run by `make lint`): arrows point down only."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "priorities", "funding", "meetings", "eucastrategy")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


@pytest.fixture
def project_copy(tmp_path):
    for name in PACKAGES:
        shutil.copytree(PROJECT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path)
    return tmp_path


def test_it_keeps_the_layers_contract_of_the_project():
    result = lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("priorities/models.py", "funding.models"),  # priorities sits beneath funding
        ("funding/views.py", "meetings.models"),  # funding sits beneath meetings
        ("core/registry.py", "priorities.models"),  # core names no app
        ("meetings/views.py", "eucastrategy.views"),  # the site is on top
    ],
)
def test_it_fails_lint_on_an_upward_import(project_copy, module, upward):
    path = project_copy / module
    path.write_text(path.read_text() + f"\nimport {upward}  # noqa: E402, F401\n")
    result = lint_imports(project_copy)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {upward}" in result.stdout
