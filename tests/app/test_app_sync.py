"""The app follows the disk: Pilot tests with real files written from outside the app.

No mocked watcher: the real one runs, files are written with ordinary file
operations (as another editor, git or a script would), and each test waits,
with a generous timeout, for what the author would see.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from agent_workbench.app.app import WorkbenchApp
from agent_workbench.app.disk_watch import DiskWatch
from agent_workbench.app.screens.conflict import ConflictScreen
from agent_workbench.app.screens.main import MainScreen
from agent_workbench.session.workspace import Workspace
from app_helpers import burst, until

TIMEOUT = 30.0

AGENT = """---
description: Reviews code
dependencies:
  snippets:
    - path: ../snippets/{{ agpm.project.language }}.md
      name: guide
agpm:
  templating: true
---
# Reviewer

Follow the guide:

{{ agpm.deps.snippets.guide.content }}

Line five of the body.
Line six of the body.
"""

OTHER = AGENT.replace("description: Reviews code", "description: Other reviewer")


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project(
        {
            "agents/reviewer.md": AGENT,
            "agents/other.md": OTHER,
            "snippets/python.md": "Use type hints.\n",
            "snippets/rust.md": "Run clippy.\n",
        }
    )


def make_app(project: Path, rel: str = "agents/reviewer.md") -> WorkbenchApp:
    workspace, _ = Workspace.from_target(project)
    return WorkbenchApp(workspace, rel, preload_tokens=False)


def main_screen(app: WorkbenchApp) -> MainScreen:
    for screen in app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    raise AssertionError("no main screen")


def disk_watch(app: WorkbenchApp) -> DiskWatch:
    return main_screen(app).disk_watch


async def started(pilot: Pilot[int]) -> MainScreen:
    app: WorkbenchApp = pilot.app  # type: ignore[assignment]
    await until(pilot, lambda: any(isinstance(s, MainScreen) for s in app.screen_stack), "screen")
    screen = main_screen(app)
    await until(pilot, lambda: screen.ws.last_good is not None, "first render")
    await until(pilot, lambda: disk_watch(app).watching, "watcher in place")
    return screen


def preview_text(screen: MainScreen) -> str:
    return screen.preview.text


async def test_external_edit_reloads_in_place_keeping_cursor_and_view(project: Path) -> None:
    app = make_app(project)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        screen.set_preview_mode("raw")
        screen.editor.focus()
        screen.editor.cursor_location = (4, 5)
        await pilot.pause()

        (project / "agents/reviewer.md").write_text(AGENT.replace("Line six", "Line SIX"))

        await until(pilot, lambda: "Line SIX" in screen.editor.text, "editor reloaded")
        await until(pilot, lambda: "Line SIX" in preview_text(screen), "preview re-rendered")
        assert not screen.ws.dirty
        assert screen.editor.cursor_location == (4, 5)
        assert screen.preview_mode == "raw"
        assert not isinstance(app.screen, ConflictScreen)


async def test_external_edit_with_unsaved_changes_raises_the_conflict_and_loses_nothing(
    project: Path,
) -> None:
    app = make_app(project)
    path = project / "agents/reviewer.md"
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        screen.editor.focus()
        screen.editor.cursor_location = (0, 0)
        await pilot.press("M", "i", "n", "e", "space")
        await until(pilot, lambda: screen.ws.dirty, "typing registered")
        mine = screen.ws.text
        theirs = AGENT.replace("Line six", "Their line six")
        path.write_text(theirs)

        await until(pilot, lambda: isinstance(app.screen, ConflictScreen), "conflict screen")
        conflict = app.screen
        assert isinstance(conflict, ConflictScreen)
        diff = conflict.conflict.diff()
        assert "+Mine # Reviewer" in diff and "-Their line six of the body." in diff
        # Nothing was overwritten on either side.
        assert path.read_text() == theirs
        assert screen.ws.text == mine

        await pilot.press("m")  # keep mine: saving overwrites the disk on purpose
        await until(pilot, lambda: path.read_text() == mine.replace("\ufeff", ""), "saved")
        assert not screen.ws.dirty


async def test_conflict_take_disk_and_decide_later(project: Path) -> None:
    app = make_app(project)
    path = project / "agents/reviewer.md"
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        screen.editor.focus()
        await pilot.press("x")
        await until(pilot, lambda: screen.ws.dirty, "typing registered")
        path.write_text(AGENT + "Theirs.\n")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen), "conflict screen")
        await pilot.press("escape")  # decide later: both kept
        await until(pilot, lambda: not isinstance(app.screen, ConflictScreen), "dismissed")
        assert screen.ws.dirty and path.read_text() == AGENT + "Theirs.\n"

        await pilot.press("ctrl+s")  # the save notices the disk changed: the same question
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen), "conflict on save")
        assert path.read_text() == AGENT + "Theirs.\n"
        await pilot.press("d")
        await until(pilot, lambda: screen.ws.text == AGENT + "Theirs.\n", "disk's version")
        assert not screen.ws.dirty


async def test_snippet_change_rerenders_the_dependent_agent(project: Path) -> None:
    app = make_app(project)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        assert "Use type hints." in preview_text(screen)
        entries = screen.browser.entries
        await until(pilot, lambda: entries["agents/other.md"].tokens is not None, "counted")
        before = entries["agents/other.md"].tokens
        assert before is not None

        (project / "snippets/python.md").write_text(
            "Use type hints everywhere, and say why in one sentence.\n"
        )
        await until(
            pilot, lambda: "Use type hints everywhere" in preview_text(screen), "preview follows"
        )
        watch = disk_watch(app)
        assert watch.last_report is not None and "agents/other.md" in watch.last_report.stale
        # The other agent's count is refreshed in the background.
        await until(
            pilot,
            lambda: (
                not entries["agents/other.md"].stale
                and (entries["agents/other.md"].tokens or 0) > before
            ),
            "the other agent's count refreshed",
        )


async def test_delete_with_unsaved_changes_keeps_the_text_and_save_recreates(
    project: Path,
) -> None:
    app = make_app(project)
    path = project / "agents/reviewer.md"
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        screen.editor.focus()
        await pilot.press("K", "e", "p", "t", "space")
        await until(pilot, lambda: screen.ws.dirty, "typing registered")
        kept = screen.ws.text
        path.unlink()
        await until(
            pilot,
            lambda: screen.ws.buffer is not None and screen.ws.buffer.deleted,
            "marked deleted",
        )
        entry = screen.browser.entries["agents/reviewer.md"]
        assert entry.error is not None and "deleted" in entry.error
        assert screen.ws.text == kept
        await pilot.press("ctrl+s")
        await until(pilot, lambda: path.exists(), "recreated by saving")
        assert path.read_text() == kept


async def test_delete_and_recreate_from_outside(project: Path) -> None:
    app = make_app(project)
    path = project / "agents/reviewer.md"
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        path.unlink()
        await until(
            pilot,
            lambda: screen.ws.buffer is not None and screen.ws.buffer.deleted,
            "marked deleted",
        )
        path.write_text(AGENT.replace("Line five", "Line FIVE"))
        await until(pilot, lambda: "Line FIVE" in screen.editor.text, "reloaded")
        assert screen.ws.buffer is not None and not screen.ws.buffer.deleted
        assert not screen.ws.dirty


async def test_rename_is_followed(project: Path) -> None:
    app = make_app(project)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        os.rename(project / "agents/reviewer.md", project / "agents/code-reviewer.md")
        await until(pilot, lambda: screen.ws.rel == "agents/code-reviewer.md", "followed")
        assert "agents/code-reviewer.md" in screen.browser.entries
        assert "agents/reviewer.md" not in screen.browser.entries
        assert screen.browser.current == "agents/code-reviewer.md"
        # Editing and saving writes to the new path.
        screen.editor.focus()
        await pilot.press("Z")
        await until(pilot, lambda: screen.ws.dirty, "typing registered")
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: (project / "agents/code-reviewer.md").read_text().count("Z") == 1,
            "saved to the new path",
        )
        assert not (project / "agents/reviewer.md").exists()


async def test_burst_of_500_writes_while_typing(project: Path) -> None:
    app = make_app(project)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        screen.editor.focus()
        generated = project / "agents" / "generated"
        generated.mkdir()
        for index in range(500):
            (generated / f"agent-{index:03}.md").write_text(
                f"---\ndescription: generated {index}\n---\nBody {index}\n"
            )
        # Keys keep working while the burst is processed.
        await pilot.press("a", "b", "c")
        expected = {f"agents/generated/agent-{index:03}.md" for index in range(500)}
        await until(
            pilot, lambda: expected <= set(screen.browser.entries), "all 500 in the browser"
        )
        assert "abc" in screen.ws.text
        await until(
            pilot,
            lambda: all(screen.browser.entries[rel].tokens is not None for rel in expected),
            "counts refreshed in the background",
        )


async def test_agpm_toml_change_switches_the_default_language(project: Path) -> None:
    app = make_app(project)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        assert screen.ws.language == "python"
        assert "Use type hints." in preview_text(screen)
        (project / "agpm.toml").write_text('[project]\nlanguage = "rust"\n')
        await until(pilot, lambda: "Run clippy." in preview_text(screen), "rust preview")
        assert screen.ws.language == "rust"
        assert screen.ws.project.default_language == "rust"


async def test_own_save_does_not_reload_or_conflict(project: Path) -> None:
    app = make_app(project)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        screen.editor.focus()
        screen.editor.cursor_location = (2, 0)
        await pilot.press("S", "a", "v", "e", "d")
        await until(pilot, lambda: screen.ws.dirty, "typing registered")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not screen.ws.dirty, "saved")
        # A later unrelated change arrives alone: our own save was never reported.
        watch = disk_watch(app)
        (project / "snippets/rust.md").write_text("Run clippy often.\n")
        await until(
            pilot,
            lambda: (
                watch.last_report is not None
                and "snippets/rust.md" in watch.last_report.batch.paths
            ),
            "unrelated change seen",
        )
        assert watch.last_report is not None
        assert "agents/reviewer.md" not in watch.last_report.batch.paths
        assert not isinstance(app.screen, ConflictScreen)
        assert screen.editor.cursor_location == (2, 5)


async def test_reload_keeps_the_scroll_position_of_a_long_agent(project: Path) -> None:
    long_agent = AGENT + "".join(f"Filler line {i}.\n" for i in range(200))
    (project / "agents/reviewer.md").write_text(long_agent)
    app = make_app(project)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await started(pilot)
        editor = screen.editor
        editor.focus()
        editor.cursor_location = (120, 3)
        editor.scroll_cursor_visible()
        await pilot.pause()
        scrolled = editor.scroll_offset.y
        assert scrolled > 50

        (project / "agents/reviewer.md").write_text(long_agent.replace("line 199", "line 1999"))
        await until(pilot, lambda: "line 1999" in editor.text, "reloaded")
        await pilot.pause()
        assert editor.cursor_location == (120, 3)
        assert editor.scroll_offset.y == scrolled


WITH_CARE = " with care"


def laid_out(screen: Screen[object]) -> bool:
    return any(w.size.height > 0 for w in screen.query("#conflict-diff-text"))


def shown(widget: Widget) -> str:
    """The widget's lines as drawn on the screen."""
    return "\n".join(strip.text for strip in widget.render_lines(widget.size.region))


async def test_edits_on_different_lines_merge_and_the_save_holds_both(project: Path) -> None:
    app = make_app(project)
    path = project / "agents/reviewer.md"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        screen.editor.focus()
        screen.editor.cursor_location = (0, len("# Reviewer"))  # the Prompt tab: the body
        await burst(pilot, *WITH_CARE)  # as a fast typist sends them
        await until(pilot, lambda: "# Reviewer with care" in screen.ws.text, "typing registered")
        theirs = AGENT.replace("Line six", "Their line six")
        path.write_text(theirs)

        await until(pilot, lambda: isinstance(app.screen, ConflictScreen), "conflict screen")
        conflict = app.screen
        assert isinstance(conflict, ConflictScreen)
        await until(pilot, lambda: laid_out(conflict), "shown")
        # The merge is offered first, and shown before anything is written: the merged
        # text against the disk's holds my change only (the disk's is already there).
        merged_view = shown(conflict.query_one("#conflict-diff-text"))
        assert "+# Reviewer with care" in merged_view
        assert "Their line six" not in merged_view
        await pilot.press("v")  # my text against the disk's, then back to the merge
        await pilot.pause()
        assert "-Their line six" in shown(conflict.query_one("#conflict-diff-text"))
        await pilot.press("v")
        await pilot.pause()
        assert shown(conflict.query_one("#conflict-diff-text")) == merged_view
        first = conflict.query_one(".buttons Button")
        assert shown(first).strip() == "Merge both [b]"
        await pilot.press("b")
        await until(pilot, lambda: not isinstance(app.screen, ConflictScreen), "merged")
        expected = theirs.replace("# Reviewer", "# Reviewer with care")
        assert screen.ws.text == expected
        assert path.read_text() == theirs  # nothing written until the author saves

        await pilot.press("ctrl+s")
        await until(pilot, lambda: not screen.ws.dirty, "saved")
        assert path.read_bytes() == expected.encode()
        assert not isinstance(app.screen, ConflictScreen)


async def test_edits_on_the_same_line_offer_no_merge_and_say_why(project: Path) -> None:
    app = make_app(project)
    path = project / "agents/reviewer.md"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        screen.editor.focus()
        screen.editor.cursor_location = (0, len("# Reviewer"))  # the Prompt tab: the body
        await burst(pilot, *WITH_CARE)
        await until(pilot, lambda: "with care" in screen.ws.text, "typing registered")
        path.write_text(AGENT.replace("# Reviewer", "# The reviewer"))

        await until(pilot, lambda: isinstance(app.screen, ConflictScreen), "conflict screen")
        conflict = app.screen
        await until(pilot, lambda: laid_out(conflict), "shown")
        assert not conflict.query("#choose-merge")
        explanation = " ".join(shown(conflict.query_one("#conflict-explanation")).split())
        assert "No merge: you and the disk both change line 10" in explanation
        await pilot.press("b")  # not offered: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert path.read_text() == AGENT.replace("# Reviewer", "# The reviewer")
        assert "with care" in screen.ws.text
