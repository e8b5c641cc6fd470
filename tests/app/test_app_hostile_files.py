"""The app survives what would hang or crash a careless reader: a named pipe as a
dependency or as an agent in the browser, and a YAML alias bomb in a frontmatter. The
problem shows in the problems panel and the app keeps answering keys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent_workbench.app.compat import notifications
from agent_workbench.app.widgets.error_panel import ErrorPanel
from app_helpers import make_app, settle
from cli_helpers import alias_bomb, templated

pytestmark = pytest.mark.timeout(120)
SIZE = (160, 50)


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def fifo_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write(root, "agpm.toml", '[project]\nlanguage = "python"\n')
    write(
        root,
        "agents/dep.md",
        templated(
            "dep",
            "Uses a pipe.\n{{ agpm.deps.snippets.pipe.content }}\n",
            extra="  dependencies:\n    snippets:\n      - path: ../snippets/pipe.md\n",
        ),
    )
    write(root, "agents/fine.md", "---\nname: fine\ndescription: Fine.\n---\nFine.\n")
    (root / "snippets").mkdir()
    os.mkfifo(root / "snippets" / "pipe.md")
    os.mkfifo(root / "agents" / "pipe-agent.md")
    return root


async def test_a_fifo_dependency_and_a_fifo_agent_are_problems_not_a_freeze(
    fifo_project: Path,
) -> None:
    app = make_app(fifo_project / "agents" / "dep.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(ErrorPanel)
        assert any(
            "snippets/pipe.md" in d.message and "not a regular file" in d.message
            for d in panel.diagnostics
        ), panel.diagnostics
        # the FIFO agent is listed with its problem; opening it does not wait either
        await pilot.press("ctrl+f", *"pipe-agent", "enter")
        await settle(pilot)
        assert any(
            "pipe-agent.md" in message and "not a regular file" in message
            for message in notifications(app)
        )
        await pilot.press("ctrl+f", *"fine", "enter")
        await settle(pilot)
        assert app.workspace.rel == "agents/fine.md"  # still answering keys


async def test_an_alias_bomb_is_a_problem_and_the_form_stays_read_only(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write(root, "agpm.toml", '[project]\nlanguage = "python"\n')
    write(root, "agents/bomb.md", alias_bomb())
    write(root, "agents/fine.md", "---\nname: fine\ndescription: Fine.\n---\nFine.\n")
    app = make_app(root / "agents" / "bomb.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(ErrorPanel)
        assert any("alias bomb" in d.message for d in panel.diagnostics), panel.diagnostics
        await pilot.press("f5")  # the form: fields shown read-only, no Repair offered
        await settle(pilot)
        assert all(field.disabled for field in app.screen.query("#form Input"))
        assert not app.screen.query("#repair")
        await pilot.press("ctrl+f", *"fine", "enter")
        await settle(pilot)
        assert app.workspace.rel == "agents/fine.md"  # still answering keys
