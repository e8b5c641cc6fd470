"""The real Tera (tools/tera-oracle), for differential tests: found through
``WORKBENCH_TERA_ORACLE`` or at tools/tera-oracle/build.sh's default build path.
Tests that use it skip, naming the reason, when it is not there (docs/tera-oracle.md)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

DEFAULT_BUILD = Path("/tmp/tera-oracle-build/target/release/tera-oracle")


def oracle_path() -> Path | None:
    configured = os.environ.get("WORKBENCH_TERA_ORACLE")
    path = Path(configured) if configured else DEFAULT_BUILD
    return path if path.is_file() and os.access(path, os.X_OK) else None


def require_oracle() -> Path:
    path = oracle_path()
    if path is None:
        pytest.skip(
            "the real Tera is not available: build it with tools/tera-oracle/build.sh and/or "
            "set WORKBENCH_TERA_ORACLE to the binary (docs/tera-oracle.md)"
        )
    return path


def tera_render(cases: list[tuple[str, dict[str, Any]]], **env: str) -> list[dict[str, Any]]:
    """Render each (template, context) with the real Tera: ``{"ok": text}`` or ``{"error": …}``."""
    path = require_oracle()
    payload = json.dumps([{"template": t, "context": c} for t, c in cases])
    proc = subprocess.run(
        [str(path)],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={"PATH": os.environ.get("PATH", ""), "TZ": "UTC", **env},
    )
    return json.loads(proc.stdout)
