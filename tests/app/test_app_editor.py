"""The prompt editor draws again only the rows whose line changed, and never a stale row."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from agent_workbench.app.compat import forget_drawn_rows
from agent_workbench.app.widgets.editor import PromptEditor
from agent_workbench.app.widgets.preview import Preview
from app_helpers import make_app, settle

SIZE = (160, 50)
LONG = " ".join(["Check every changed function for a test that would fail without it."] * 3)
AGENT = f"""\
---
description: Reviews changes.
model: sonnet
---
# Reviewer

{LONG}

- use `pytest` and **care** for {{{{ agpm.project.language }}}}
- second item

Plain closing line.
{LONG}
"""


def write_agent(root: Path) -> Path:
    (root / "agpm.toml").write_text('[project]\nlanguage = "python"\n', encoding="utf-8")
    path = root / "agents" / "claude-code" / "reviewer.md"
    path.parent.mkdir(parents=True)
    path.write_text(AGENT, encoding="utf-8")
    return path


def assert_rows_current(editor: PromptEditor) -> None:
    """What the screen holds of the editor equals the editor drawn afresh, row by row.

    Rows come from two caches: the editor's rows (keyed by what their line shows)
    and Textual's per-widget cache, redrawn only where the editor marked rows dirty.
    """
    shown = editor.render_lines(editor.size.region)
    forget_drawn_rows(editor)
    fresh = editor.render_lines(editor.size.region)
    for y, (old, new) in enumerate(zip(shown, fresh, strict=True)):
        assert old == new, f"row {y} is stale: {old.text!r} != {new.text!r}"


async def press(pilot: Pilot[int], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_rows_reused_across_edits_moves_and_selection_are_never_stale(
    tmp_path: Path,
) -> None:
    app = make_app(write_agent(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.screen.query_one(PromptEditor)
        editor.focus()
        await pilot.pause()
        assert_rows_current(editor)
        await press(pilot, "down", "down", "end", *"xyz")  # a wrapped line grows
        assert_rows_current(editor)
        await press(pilot, "down", "down")  # the cursor leaves the line
        assert_rows_current(editor)
        await press(pilot, "shift+down", "shift+right")  # a selection over two lines
        assert_rows_current(editor)
        await press(pilot, "right", "enter", *"```")  # a fence opens: later lines change
        assert_rows_current(editor)
        assert any("```" in editor.render_row_uncached(y).text for y in range(editor.size.height))
        await press(pilot, "backspace", "backspace", "backspace", "backspace")
        assert_rows_current(editor)
        await press(pilot, "ctrl+z")
        assert_rows_current(editor)
        app.screen.query_one(Preview).focus()  # the cursor is no longer drawn
        await pilot.pause()
        assert_rows_current(editor)
        await press(pilot, "f6")  # the whole source, line numbers from 1
        assert_rows_current(editor)
        assert editor.line_number_start == 1


async def test_a_keystroke_draws_only_the_rows_of_its_line(tmp_path: Path) -> None:
    app = make_app(write_agent(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.screen.query_one(PromptEditor)
        editor.focus()
        await press(pilot, "down", "down", "end")
        await settle(pilot)
        asked: list[int] = []  # rows Textual asked the editor for (repainted)
        drawn: list[int] = []  # rows the editor drew (not in its cache)
        ask, draw = editor.render_line, editor.render_row_uncached

        def asking(y: int):  # type: ignore[no-untyped-def]
            asked.append(y)
            return ask(y)

        def drawing(y: int):  # type: ignore[no-untyped-def]
            drawn.append(y)
            return draw(y)

        editor.render_line = asking  # type: ignore[method-assign]
        editor.render_row_uncached = drawing  # type: ignore[method-assign]
        await press(pilot, "x")
        await settle(pilot)
        row, _ = editor.cursor_location
        assert "x" in editor.document[row]
        first = editor.wrapped_document.location_to_offset((row, 0)).y
        rows_of_line = range(first, first + len(editor.wrapped_document.get_offsets(row)) + 1)
        top = editor.scroll_offset.y
        assert drawn, "the edited line was not drawn again"
        assert {top + y for y in asked} <= set(rows_of_line)
        assert {top + y for y in drawn} <= set(rows_of_line)
