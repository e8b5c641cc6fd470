"""The real AGPM v0.4.14 as a differential oracle (docs/agpm-oracle.md says how to build it).

Tests that use it are marked ``requires_agpm``: they skip, saying why, unless the
environment variable ``WORKBENCH_AGPM_ORACLE`` names the ``agpm`` binary. ``agpm_install``
runs ``agpm install`` in a consumer project (local-path dependencies only: nothing is
fetched) and returns what it installed for each manifest entry.
"""

from __future__ import annotations

import os
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ORACLE_ENV = "WORKBENCH_AGPM_ORACLE"


def oracle_binary() -> Path | None:
    value = os.environ.get(ORACLE_ENV)
    if not value:
        return None
    path = Path(value)
    return path if path.is_file() and os.access(path, os.X_OK) else None


def _skip_reason() -> str:
    value = os.environ.get(ORACLE_ENV)
    if not value:
        return f"the real AGPM v0.4.14 is not available: set {ORACLE_ENV} (docs/agpm-oracle.md)"
    return f"{ORACLE_ENV}={value} is not an executable file (docs/agpm-oracle.md)"


requires_agpm = pytest.mark.skipif(oracle_binary() is None, reason=_skip_reason())


@dataclass
class Installed:
    """What one ``agpm install`` did."""

    returncode: int
    output: str  # stdout and stderr
    files: dict[str, bytes] = field(default_factory=dict)  # manifest alias -> installed bytes
    paths: dict[str, str] = field(default_factory=dict)  # manifest alias -> installed_at

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def agpm_install(root: Path, home: Path) -> Installed:
    """``agpm install`` in ``root`` with a private HOME (its cache); never touches the network
    for local-path dependencies."""
    binary = oracle_binary()
    assert binary is not None, _skip_reason()
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(home), "NO_COLOR": "1", "AGPM_NO_PROGRESS": "1"}
    proc = subprocess.run(
        [str(binary), "install"], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    result = Installed(proc.returncode, proc.stdout + proc.stderr)
    if not result.ok:
        return result
    lock = tomllib.loads((root / "agpm.lock").read_text(encoding="utf-8"))
    for entries in lock.values():
        if not isinstance(entries, list):
            continue
        for entry in entries:
            alias = entry.get("manifest_alias")
            if alias and entry.get("installed_at"):
                result.paths[alias] = entry["installed_at"]
                result.files[alias] = (root / entry["installed_at"]).read_bytes()
    return result
