"""Keys that arrive together go where the screen shows the focus, in the order typed.

A key that moves the focus (F5, Tab, Ctrl+F, Alt+P, …) runs its binding only once it
has climbed from the focused widget to the app; the keys behind it used to be handed
out before that, to the widget focused before it (F5 Tab x y z typed ``xyz`` into the
prompt body the form had just replaced, seen in tmux). Each test sends its keys as
one burst (``burst``: queued together, no frame between them), as tmux's send-keys
and fast typists do, then compares the file with what the screen shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from app_helpers import burst, make_app, screen_lines, settle, terminal_sends
from app_project import REVIEWER as REVIEWER_TEXT
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
DESCRIPTION = "Reviews a change for correctness and clarity before it is merged."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def bar_rows(app: object) -> list[str]:
    """The editing pane's rows that carry the focus bar (▌ at the field's left edge)."""
    browser = app.screen.query_one("#browser")  # type: ignore[attr-defined]
    rows = [line[browser.region.right :] for line in screen_lines(app)]  # type: ignore[arg-type]
    return [row.strip() for row in rows if row.lstrip().startswith("▌")]


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
@pytest.mark.parametrize("started", [True, False], ids=["settled", "just-started"])
async def test_f5_tab_and_letters_in_one_burst_go_to_the_field_the_bar_marks(
    project: Path, size: tuple[int, int], started: bool
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=size) as pilot:
        if started:
            await settle(pilot)
        await burst(pilot, "f5", "tab", "x", "y", "z")
        await settle(pilot)
        description = app.screen.query_one("#field-description")
        box = description.query_one(TextArea)
        assert app.focused is box
        assert box.text == "xyz" + DESCRIPTION
        marked = bar_rows(app)
        assert any("xyz" in row for row in marked), marked  # the bar is where xyz went
        assert not any("name" in row or "reviewer" in row for row in marked), marked
        assert app.screen.query_one("#field-name Input", Input).value == "reviewer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = box.text
    text = (project / REVIEWER).read_text()
    assert text == REVIEWER_TEXT.replace(DESCRIPTION, shown)  # the body untouched


async def test_f5_burst_waits_for_a_form_built_slower_than_a_key_may_wait(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form's fields are built when F5 first shows them: on a loaded machine that
    takes longer than a key is ever held for a widget (``STUCK_AFTER``; the build is
    made that slow here), and the Tab went on before the fields were
    there: xyz went into the name field."""
    import time

    from agent_workbench.app import key_order
    from agent_workbench.app.widgets import form

    specs_for = form.specs_for  # what building the fields asks first

    def slow_specs_for(flavour: Any) -> Any:
        time.sleep(key_order.STUCK_AFTER + 0.5)  # a machine this loaded
        return specs_for(flavour)

    monkeypatch.setattr(form, "specs_for", slow_specs_for)
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query("#field-description")  # not built before it is shown
        await burst(pilot, "f5", "tab", "x", "y", "z")
        await settle(pilot)
        box = app.screen.query_one("#field-description").query_one(TextArea)
        assert app.focused is box
        assert box.text == "xyz" + DESCRIPTION
        assert app.screen.query_one("#field-name Input", Input).value == "reviewer"


async def test_a_filter_typed_in_one_burst_with_its_key_filters_the_list(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        body = app.workspace.text
        await burst(pilot, "ctrl+f", *"help")
        await settle(pilot)
        assert app.screen.query_one("#browser-filter", Input).value == "help"
        assert app.workspace.text == body and not app.workspace.dirty
        assert app.screen.query_one("#browser").shown == frozenset({"agents/opencode/helper.md"})


async def test_shift_tab_in_a_burst_moves_the_letters_behind_it_to_the_field_before(
    project: Path,
) -> None:
    helper = project / "agents/opencode/helper.md"
    before = helper.read_text()
    app = make_app(helper)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        temperature = app.screen.query_one("#field-temperature Input", Input)
        model = app.screen.query_one("#field-model Input", Input)
        temperature.focus()
        await settle(pilot)
        # a digit, Shift+Tab to the field above, more letters there: one burst
        await burst(pilot, "end", "5", "shift+tab", "end", *"-x")
        await settle(pilot)
        assert app.focused is model
        assert (temperature.value, model.value) == ("0.25", "anthropic/claude-sonnet-4-5-x")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert helper.read_text() == before.replace(
        "temperature: 0.2\n", "temperature: 0.25\n"
    ).replace("claude-sonnet-4-5\n", "claude-sonnet-4-5-x\n")


def status_line(app: object) -> str:
    return screen_lines(app)[-2]  # type: ignore[arg-type]


@pytest.mark.parametrize("where", ["editor", "form"])
async def test_alt_r_as_a_terminal_sends_it_discards_even_in_a_text_box(
    project: Path, where: str
) -> None:
    """tmux's ``send-keys Escape M-r`` writes ESC ESC r: Escape, then Alt+R carrying the
    character ``r``, which a text box typed (the ● stayed; an ``r`` was added)."""
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if where == "form":
            await pilot.press("f5")
            await settle(pilot)
        await terminal_sends(pilot, "xyz")
        await settle(pilot)
        assert app.workspace.dirty and "● unsaved" in status_line(app)
        await terminal_sends(pilot, "\x1b\x1br")  # Escape, then Alt+R
        await settle(pilot)
        assert not app.workspace.dirty
        assert "● unsaved" not in status_line(app)
        assert app.workspace.text == REVIEWER_TEXT
        if where == "form":
            box = app.screen.query_one("#field-name Input", Input)
            assert box.value == "reviewer"
        else:
            assert app.screen.query_one("#editor", TextArea).text in REVIEWER_TEXT
    assert (project / REVIEWER).read_text() == REVIEWER_TEXT


async def test_discard_from_the_palette(project: Path) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await terminal_sends(pilot, "xyz")
        await settle(pilot)
        assert app.workspace.dirty
        await pilot.press("ctrl+p")
        await settle(pilot)
        await terminal_sends(pilot, "discard")
        for _ in range(40):  # the palette searches in a worker
            await settle(pilot)
            if "Discard" in "\n".join(screen_lines(app)):
                break
        await pilot.press("enter")
        await settle(pilot)
        assert not app.workspace.dirty and app.workspace.text == REVIEWER_TEXT
        assert "● unsaved" not in status_line(app)


async def test_alt_keys_sent_by_a_terminal_run_their_action_and_type_nothing(
    project: Path,
) -> None:
    app = make_app(project / REVIEWER)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert app.focused is app.screen.query_one("#editor")
        wrap = app.screen.query_one("#preview").wrap
        # Alt+W wraps the preview, Alt+A hides the list (in two reads: Textual 8.2 reads
        # ESC w ESC a in one read as ^, w and Alt+A)
        await terminal_sends(pilot, "\x1bw")
        await terminal_sends(pilot, "\x1ba")
        await settle(pilot)
        assert app.screen.query_one("#preview").wrap is not wrap
        assert app.screen.has_class("-hide-browser")
        assert not app.workspace.dirty and app.workspace.text == REVIEWER_TEXT
