"""Start-up builds and imports only what the first screen shows (issue 11).

The Prompt tab opens first, so the form's field widgets (~95 of the main screen's ~134)
are built when the Form tab is first shown; the screens a keymap's ids come from (diff,
changes, tokens, conflict) are imported only when a keymap file exists; the agent list
does not build every entry's label to measure it before it has a width.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Input

from agent_workbench.app.widgets.browser import AgentTree
from agent_workbench.app.widgets.form_fields import FormField
from app_helpers import make_app, settle

SIZE = (160, 50)
AGENT = "---\nname: first\ndescription: Opens first\nmodel: sonnet\n---\n# First agent\n"


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project({".claude/agents/first.md": AGENT})


async def test_the_form_is_built_when_first_shown_and_then_focused(project: Path) -> None:
    app = make_app(project / ".claude/agents/first.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.workspace.tokens is not None  # the first preview has its counts
        assert not app.screen.query(FormField)  # and the hidden form no widgets yet
        await pilot.press("f5")
        await settle(pilot)
        fields = {w.spec.key: w for w in app.screen.query(FormField)}
        assert {"name", "description", "model"} <= set(fields)
        focused = app.focused
        assert isinstance(focused, Input) and focused in fields["name"].query(Input)
        await pilot.press("end", *"-two")
        await settle(pilot)
        assert "name: first-two\n" in app.workspace.text


def _start(project: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """``workbench PROJECT`` up to its first frame; prints the modules imported by then."""
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from agent_workbench.app import app as app_module
        from agent_workbench import app as entry
        app_module.WorkbenchApp.run = lambda self: 0  # everything before the first frame
        code = entry.run(Path(sys.argv[1]))
        print("\\n".join(sorted(sys.modules)))
        sys.exit(code)
        """
    )
    return subprocess.run(
        [sys.executable, "-c", script, str(project)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "XDG_CONFIG_HOME": str(config)},
    )


def _modules_after_start(project: Path, config: Path) -> set[str]:
    done = _start(project, config)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


LATER_SCREENS = {
    "agent_workbench.app.screens.diff",
    "agent_workbench.app.screens.changes",
    "agent_workbench.app.screens.tokens",
    "agent_workbench.app.screens.conflict",
}


def test_without_a_keymap_the_later_screens_are_not_imported(project: Path, tmp_path: Path) -> None:
    modules = _modules_after_start(project, tmp_path / "config")
    assert not modules & LATER_SCREENS
    assert "tiktoken" not in modules


def test_a_keymap_is_still_checked_against_every_screens_ids(project: Path, tmp_path: Path) -> None:
    keymap = tmp_path / "config" / "agent-workbench" / "keymap.toml"
    keymap.parent.mkdir(parents=True)
    keymap.write_text('diff-split = "ctrl+t"\n')  # an id of the diff screen
    assert _modules_after_start(project, tmp_path / "config") >= LATER_SCREENS
    keymap.write_text('no-such-action = "ctrl+t"\n')
    done = _start(project, tmp_path / "config")
    assert done.returncode == 1
    assert "keymap.toml:1" in done.stderr and "no-such-action" in done.stderr


def test_the_agent_list_is_not_rendered_to_measure_it_before_it_has_a_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual measures every line of a tree when it first lays it out; before the list
    has a width, building each entry's label for that (1,000 agents: ~0.1 s of start-up)
    is wasted: the lines are measured again at the first resize."""
    tree = AgentTree("resources")
    node = tree.root.add("agents/claude-code", data=None).add_leaf("reviewer.md", data="r.md")

    def no_render(*args: object) -> Text:
        raise AssertionError("a label was built only to be measured")

    monkeypatch.setattr(AgentTree, "render_label", no_render)
    assert tree.get_label_width(node) == len("reviewer.md")


async def test_the_first_preview_does_not_wait_for_the_folders_names(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The open agent's name is checked against every agent of its folder; that folder is
    read in a worker, so the preview and its counts come first, and the clash once read."""
    from agent_workbench.app.widgets.error_panel import ErrorPanel
    from agent_workbench.app.widgets.status import StatusBar
    from agent_workbench.session.name_clashes import NameIndex

    others = {f".claude/agents/other-{n}.md": AGENT.replace("first", f"o{n}") for n in range(5)}
    clash = {".claude/agents/team/twin.md": AGENT.replace("Opens first", "Twin")}
    project = make_project({".claude/agents/first.md": AGENT, **others, **clash})
    reading, release = threading.Event(), threading.Event()
    read = NameIndex.read

    def slow_read(self: NameIndex, folder: str, *pause: object) -> object:
        reading.set()
        release.wait(10)
        return read(self, folder)

    monkeypatch.setattr(NameIndex, "read", slow_read)
    app = make_app(project / ".claude/agents/first.md")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if app.workspace.tokens is not None and reading.is_set():
                break
        assert reading.is_set() and app.workspace.tokens is not None
        status = str(app.screen.query_one(StatusBar).render())
        assert "tok" in status and "error" not in status  # counts shown, clash not known yet
        release.set()
        await settle(pilot)
        shown = [str(option.prompt) for option in app.screen.query_one(ErrorPanel).options]
        assert any("twin.md" in line for line in shown)
        assert "1 error" in str(app.screen.query_one(StatusBar).render())


async def test_a_folder_whose_names_cannot_be_read_is_not_read_again_and_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An engine bug reading the names must not become a loop of workers (each read
    failing, the problems shown again, which asks for the read again)."""
    from agent_workbench.session.name_clashes import NameIndex

    tries: list[str] = []

    def broken(self: NameIndex, folder: str, *pause: object) -> object:
        tries.append(folder)
        raise RuntimeError("a bug")

    monkeypatch.setattr(NameIndex, "read", broken)
    app = make_app(project / ".claude/agents/first.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        asked = len(tries)  # the worker's read, and the browser's counts
        await pilot.press(*"typed")
        await settle(pilot)
        assert app.workspace.tokens is not None and "typed" in app.workspace.text
        assert len(tries) == asked  # each key's problems did not ask again


async def test_the_temporary_file_of_a_killed_save_is_swept_after_the_first_preview(
    project: Path,
) -> None:
    """A save killed mid-write (kill -9) leaves ``.name.md.<12 hex>.tmp`` beside the file;
    the app removes those older than a minute, in the background once it has started."""
    agents = project / ".claude/agents"
    stale, fresh = agents / ".first.md.a1b2c3d4e5f6.tmp", agents / ".first.md.0123456789ab.tmp"
    for path, age in ((stale, 600), (fresh, 5)):
        path.write_bytes(b"half a save")
        then = time.time() - age
        os.utime(path, (then, then))
    app = make_app(project / ".claude/agents/first.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.workspace.tokens is not None
        assert not stale.exists()
        assert fresh.exists()  # a save that may still be running
