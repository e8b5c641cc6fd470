"""What the app remembers between runs: the width the author gave the agent list.

Kept in ``$XDG_STATE_HOME/agent-workbench/state.json`` (``~/.local/state/…`` when
the variable is unset or empty: the XDG Base Directory Specification's folder for
state that persists between restarts, such as layouts, added in version 0.8,
specifications.freedesktop.org/basedir-spec/0.8; checked 2026-12-04), written atomically (``model/atomic.py``). A
file that cannot be read, or does not hold what the app writes, is ignored with a
message saying where and why, and written afresh at the next change. Only
``workbench`` itself passes a path (``app.run``); an app built without one (the
tests) remembers nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from agent_workbench.model.atomic import atomic_write
from agent_workbench.model.diagnostics import DiagnosticError

WIDTH_KEY = "browser_width"


def state_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "agent-workbench" / "state.json"


@dataclass(frozen=True)
class UiState:
    browser_width: int | None = None  # cells; None: the width the layout gives it


def load_state(path: Path) -> tuple[UiState, str | None]:
    """(the state kept in ``path``, what was wrong with the file, if anything)."""
    ignored = "ignored; the agent list starts at its usual width"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return UiState(), None
    except (OSError, UnicodeDecodeError) as exc:
        return UiState(), f"{path}: cannot read it ({exc}); {ignored}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return UiState(), f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}); {ignored}"
    width = data.get(WIDTH_KEY) if isinstance(data, dict) else None
    if not isinstance(data, dict) or (width is not None and (type(width) is not int or width < 1)):
        return UiState(), (
            f'{path}: expected {{"{WIDTH_KEY}": <cells>}}, found {text.strip()[:60]!r}; {ignored}'
        )
    return UiState(browser_width=width), None


def save_state(path: Path, state: UiState) -> str | None:
    """Write ``state`` to ``path`` atomically; what went wrong, if anything (never raises)."""
    data = json.dumps({WIDTH_KEY: state.browser_width}, indent=2) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data.encode("utf-8"))
    except (OSError, DiagnosticError) as exc:
        return f"{path}: cannot keep the agent list's width ({exc})"
    return None
