"""The Textual app. ``run(target, language)`` is what ``workbench [PATH] [--lang]`` calls."""

from __future__ import annotations

import sys
from pathlib import Path

from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.model.sources import SourceError


def run(target: Path, language: str | None = None) -> int:
    """Open the workbench on a project folder or one agent file; returns the exit code."""
    from agent_workbench.app.app import WorkbenchApp
    from agent_workbench.session.workspace import Workspace

    target = Path(target)
    if not target.exists():
        print(f"workbench: {target}: no such file or folder", file=sys.stderr)
        return 1
    try:
        workspace, initial = Workspace.from_target(target, language=language)
    except (DiagnosticError, SourceError, ValueError) as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return 1
    if language is not None:
        problem = unknown_language(workspace, language)
        if problem:
            print(f"workbench: {problem}", file=sys.stderr)
            return 2
    app = WorkbenchApp(workspace, initial)
    result = app.run()
    if app.return_code:  # an internal error (Textual sets 1): the shell must know
        return app.return_code
    return result if isinstance(result, int) else 0


def unknown_language(workspace: object, language: str) -> str | None:
    """Why ``--lang language`` cannot be honoured (None when some agent offers it)."""
    from agent_workbench.session.languages import project_languages

    offered = project_languages(workspace.project)  # type: ignore[attr-defined]
    if language in offered:
        return None
    if not offered:
        return f"--lang {language}: no agent here renders differently per language"
    return f"--lang {language}: no agent here offers it (offered: {', '.join(offered)})"


__all__ = ["run", "unknown_language"]
