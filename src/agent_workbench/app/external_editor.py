"""The author's own editor (``$VISUAL``, ``$EDITOR``, else ``vi``), run with the app suspended."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

from textual.app import App


def run_suspended(app: App[Any], command: list[str]) -> object:
    """Run ``command`` in the terminal, which the app gives up until it ends."""
    with app.suspend():
        return subprocess.run(command, check=False)


def edit_in_editor(app: App[Any], path: Path) -> str | None:
    """Open ``path`` in the author's editor; a message when it could not be run."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        run_suspended(app, [*shlex.split(command), str(path)])
    except Exception as exc:
        return f"could not run {command}: {exc}"
    return None
