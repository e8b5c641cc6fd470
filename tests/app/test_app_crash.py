"""An internal error in the app never prints a traceback and never loses unsaved text."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.app.app import WorkbenchApp
from agent_workbench.app.compat import exit_messages
from agent_workbench.session.workspace import Workspace

AGENT = "---\nname: helper\ndescription: Helps.\n---\nYou help.\n"


async def test_internal_error_keeps_unsaved_text_and_writes_a_report(
    make_project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    root = make_project({"agents/claude-code/helper.md": AGENT})
    workspace, initial = Workspace.from_target(root / "agents" / "claude-code" / "helper.md")
    app = WorkbenchApp(workspace, initial, preload_tokens=False)
    shown: list[str] = []
    monkeypatch.setattr(app, "_print_error_renderables", lambda: shown.extend(exit_messages(app)))

    def fail() -> None:
        raise RuntimeError("simulated failure")

    with pytest.raises(RuntimeError, match="simulated failure"):
        async with app.run_test() as pilot:
            await pilot.pause()
            workspace.set_text(workspace.text + "words typed but not saved\n")
            app.call_later(fail)
            await pilot.pause()

    folder = state / "agent-workbench"
    reports = list(folder.glob("crash-*.txt"))
    recovered = list(folder.glob("unsaved-*-helper.md"))
    assert len(reports) == 1 and "simulated failure" in reports[0].read_text()
    assert len(recovered) == 1
    assert recovered[0].read_text().endswith("words typed but not saved\n")
    # The file on disk is untouched, and the user is told in one line where things are.
    assert (root / "agents" / "claude-code" / "helper.md").read_text() == AGENT
    assert len(shown) == 1 and "\n" not in shown[0].strip()
    assert "RuntimeError: simulated failure" in shown[0] and str(recovered[0]) in shown[0]
