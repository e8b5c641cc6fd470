"""The package's layers hold: ``lint-imports`` (import-linter) keeps the contracts of
``pyproject.toml`` ([tool.importlinter]; drawn in docs/architecture.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT


def _lint_imports() -> str:
    beside = Path(sys.executable).parent / "lint-imports"
    found = str(beside) if beside.exists() else shutil.which("lint-imports")
    assert found, "lint-imports is not installed: pip install -e '.[test]'"
    return found


def _run(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_lint_imports(), "--no-cache", "--config", str(config)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_import_contracts_are_kept() -> None:
    proc = _run(REPO_ROOT / "pyproject.toml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 kept, 0 broken" in proc.stdout, proc.stdout


def test_the_contracts_are_the_ones_the_architecture_draws() -> None:
    import tomllib

    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    assert contracts["layers"]["layers"][0] == "agent_workbench.app | agent_workbench.cli"
    assert contracts["layers"]["layers"][-1] == "agent_workbench.model"
    packages = {
        p.name
        for p in (REPO_ROOT / "src" / "agent_workbench").iterdir()
        if (p / "__init__.py").is_file()
    }
    layered = {
        name.strip().removeprefix("agent_workbench.")
        for layer in contracts["layers"]["layers"]
        for name in layer.split("|")
    }
    # A new package must be placed in a layer (and drawn in docs/architecture.md).
    assert packages == layered
    architecture = (REPO_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in packages:
        assert f"`{name}/`" in architecture, name
