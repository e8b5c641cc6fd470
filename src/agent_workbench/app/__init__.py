"""The Textual app. ``run(target, language)`` is what ``workbench [PATH] [--lang]`` calls."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.model.sources import SourceError


def run(target: Path, language: str | None = None) -> int:
    """Open the workbench on a project folder or one agent file; returns the exit code."""
    # No garbage collection during start-up: the imports, the widgets and the tokenizer's
    # tables are ~100,000 objects that all live as long as the app, and full passes over
    # them cost ~10 % of start-up. Enabled again with the first preview (IdleCollector).
    gc.disable()
    try:
        return _run(target, language)
    finally:
        gc.enable()


def _run(target: Path, language: str | None) -> int:
    # The tokenizer starts loading at mount, not before these imports: started first, it
    # shared the interpreter with them and put the first paint off by ~2 s under load
    # for no earlier counts (bench_startup.py, alternated with the tree before).
    from agent_workbench.app.app import WorkbenchApp
    from agent_workbench.app.keymap_check import keymap_warnings
    from agent_workbench.app.keymap_file import KeymapError, keymap_path, load_keymap
    from agent_workbench.app.keys import binding_ids
    from agent_workbench.app.ui_state import state_path
    from agent_workbench.session.workspace import Workspace

    target = Path(target)
    if not target.exists():
        print(f"workbench: {target}: no such file or folder", file=sys.stderr)
        return 1

    def known_ids() -> Iterator[str]:
        # Read only when a keymap file exists: the ids come from every screen's bindings,
        # and importing the diff, changes, tokens and conflict screens for them cost
        # ~30 ms of start-up for the many who have no keymap.
        yield from binding_ids()

    try:
        keymap = load_keymap(keymap_path(), known_ids())
    except KeymapError as exc:  # the app does not start with half a keymap
        print(f"workbench: {exc}", file=sys.stderr)
        return 1
    notes = keymap_warnings(keymap_path(), keymap)  # it works, but loses a key: the app says so
    try:
        workspace, initial = Workspace.from_target(target, language=language)
    except (DiagnosticError, SourceError, ValueError) as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return 1
    app = WorkbenchApp(workspace, initial, keymap=keymap, notes=notes, state_file=state_path())
    result = app.run()
    if app.return_code:  # an internal error (Textual sets 1): the shell must know
        return app.return_code
    return result if isinstance(result, int) else 0


__all__ = ["run"]
