"""What happens when the app itself fails: no traceback on the terminal, nothing unsaved lost.

The traceback goes to a crash report file; the unsaved buffer (if any) is written
beside it; the terminal gets one line saying where both are.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from agent_workbench.session.workspace import Workspace


def crash_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    folder = Path(base) / "agent-workbench"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        return Path(tempfile.gettempdir())


def write_crash_report(traceback_text: str, workspace: Workspace | None) -> str:
    """Save the traceback and any unsaved text; return the one line to show the user."""
    folder = crash_dir()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    report = folder / f"crash-{stamp}-{os.getpid()}.txt"
    kept = ""
    try:
        report.write_text(traceback_text, encoding="utf-8")
    except OSError:
        report = Path("(could not write the crash report)")
    if workspace is not None and workspace.rel is not None and workspace.dirty:
        name = Path(workspace.rel).name
        recovered = folder / f"unsaved-{stamp}-{name}"
        try:
            recovered.write_text(workspace.text, encoding="utf-8", newline="")
            kept = f"; your unsaved text of {workspace.rel} is in {recovered}"
        except OSError as exc:
            kept = f"; could not keep your unsaved text ({exc.strerror})"
    last = traceback_text.strip().splitlines()[-1] if traceback_text.strip() else "unknown error"
    return f"workbench: internal error: {last} (details in {report}){kept}"
