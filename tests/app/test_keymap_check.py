"""A keymap that works but loses a key says so at start (path:line), and the app runs."""

from __future__ import annotations

from pathlib import Path

from agent_workbench.app.keymap_check import keymap_warnings
from agent_workbench.app.keymap_file import load_keymap
from agent_workbench.app.keys import binding_ids
from app_helpers import make_app, settle
from app_project import write_project


def warnings_for(tmp_path: Path, text: str) -> tuple[Path, list[str]]:
    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    return path, keymap_warnings(path, load_keymap(path, binding_ids()))


def test_one_key_for_two_actions_of_one_screen_is_named_at_its_line(tmp_path: Path) -> None:
    path, warnings = warnings_for(tmp_path, '# mine\nsave = "f10"\n\ntoggle-form = "f10"\n')
    assert warnings == [
        f"{path}:4: `f10` is given to both `save` and `toggle-form`, which act on the"
        " same screen: only one of them will run"
    ]


def test_a_key_another_action_of_the_screen_keeps_is_named(tmp_path: Path) -> None:
    path, warnings = warnings_for(tmp_path, 'save = "ctrl+t"\n')
    assert warnings == [
        f"{path}:1: `ctrl+t` is already the key of `tokens` (Tokens, main screen): only one"
        " of them will run; give `tokens` another key in the keymap"
    ]
    # Everywhere's keys (the app's) meet every screen's
    path, warnings = warnings_for(tmp_path, 'diff-split = "f9"\n')
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "`f9` is already the key of `changes` (Changes since HEAD, everywhere): only one"
        " of them will run; give `changes` another key in the keymap"
    ]


def test_keys_that_never_meet_give_no_warning(tmp_path: Path) -> None:
    # Moved away from a key that another action then takes: nothing is lost.
    _, warnings = warnings_for(tmp_path, 'save = "f4"\nnext-language = "f10"\n')
    assert warnings == []
    # Two widgets that cannot both have focus may share a key (as Esc is shared).
    _, warnings = warnings_for(tmp_path, 'filter-clear = "ctrl+x"\nproblems-leave = "ctrl+x"\n')
    assert warnings == []
    # A key of another screen (the diff's s) is free on the main screen.
    _, warnings = warnings_for(tmp_path, 'toggle-form = "s"\n')
    assert warnings == []


def test_alt_b_and_alt_f_never_arrive(tmp_path: Path) -> None:
    path, warnings = warnings_for(tmp_path, 'toggle-browser = "ctrl+b, alt+b"\n')
    assert warnings == [
        f"{path}:1: `alt+b` never arrives: terminals send it as a sequence Textual reads as"
        " `ctrl+left`; choose another key for `toggle-browser`"
    ]


async def test_the_app_shows_the_warnings_once_at_start_and_runs(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    path, warnings = warnings_for(tmp_path, 'save = "f10"\ntoggle-form = "f10"\n')
    assert len(warnings) == 1
    app = make_app(project / "agents/claude-code/reviewer.md")
    app.start_notes = warnings
    said: list[str] = []  # what was notified (a notification may expire under load)
    notify = app.notify
    app.notify = lambda message, **kw: (said.append(str(message)), notify(message, **kw))[1]  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert app.is_running
        assert app.screen.query_one("#edit-tabs").active == "tab-form"  # type: ignore[attr-defined]
    assert [m for m in said if str(path) in m] == warnings
