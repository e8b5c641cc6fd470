"""Every key is defined once, as a binding with an id and help text; the footer, the F1
help and the palette are built from the bindings, and a user keymap moves a key in all
of them alike."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import re
from pathlib import Path

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

import agent_workbench.app as app_package
from agent_workbench.app.app import WorkbenchApp
from agent_workbench.app.compat import FooterKey, own_key_bindings
from agent_workbench.app.keys import GROUPS, owner_class
from agent_workbench.app.screens.help import HelpScreen
from agent_workbench.session.workspace import Workspace
from app_helpers import burst, palette_hits, settle
from app_project import write_project

REVIEWER = "agents/claude-code/reviewer.md"
SIZE = (160, 50)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def keymapped_app(target: Path, keymap: dict[str, str]) -> WorkbenchApp:
    workspace, initial = Workspace.from_target(target)
    return WorkbenchApp(workspace, initial, keymap=keymap)


def classes_with_bindings() -> dict[str, type]:
    """Every class of the app that declares key bindings itself, as "module:Class"."""
    found: dict[str, type] = {}
    for module_info in pkgutil.walk_packages(app_package.__path__, "agent_workbench.app."):
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__:
                found[f"{module.__name__.removeprefix('agent_workbench.app.')}:{name}"] = cls
    return found


def test_every_binding_has_an_id_help_text_and_a_place_in_the_help() -> None:
    owners = {owner for _group, group_owners in GROUPS for owner in group_owners}
    found = classes_with_bindings()
    assert set(found) == owners, "each class with BINDINGS is listed in keys.GROUPS"
    for owner, cls in found.items():
        for binding in cls.__dict__["BINDINGS"]:
            assert isinstance(binding, Binding), owner
            where = f"{owner} {binding.key} → {binding.action}"
            assert binding.id, f"{where}: no id (a keymap cannot move it)"
            assert binding.description, f"{where}: no description"
            assert binding.tooltip, f"{where}: no help text"
    assert owner_class("screens.main:MainScreen") is found["screens.main:MainScreen"]


def help_text(app: WorkbenchApp) -> list[str]:
    """The help screen's key rows as plain lines."""
    lines: list[str] = []
    for section in app.screen.query(".keys").results(Static):
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(section.content)
        for line in console.export_text().splitlines():
            lines.append(re.sub(r"\s{2,}", " | ", line.strip()))
    return lines


@pytest.mark.parametrize("keymap", [{}, {"toggle-form": "f10"}])
async def test_a_rebinding_shows_in_the_footer_the_help_and_the_palette_alike(
    project: Path, keymap: dict[str, str]
) -> None:
    key = keymap.get("toggle-form", "f5")
    app = keymapped_app(project / REVIEWER, keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = {k.description: k.key_display for k in app.screen.query(FooterKey)}
        assert footer["Form"] == key
        hits = await palette_hits(app, pilot, "form")
        form_hit = next(hit for hit in hits if hit.startswith("Form"))
        assert f"({key})" in form_hit, hits
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = help_text(app)
        assert any(row.startswith(f"{key} | Form |") for row in rows), rows
        await pilot.press("escape")
        await pilot.press(key)  # the key does what the help says
        await settle(pilot)
        assert app.screen.query_one("#edit-tabs").active == "tab-form"  # type: ignore[attr-defined]
        if keymap:
            await pilot.press("f5")  # moved: F5 no longer does it
            await settle(pilot)
            assert app.screen.query_one("#edit-tabs").active == "tab-form"  # type: ignore[attr-defined]


async def test_a_key_taken_by_a_keymap_is_unbound_from_the_action_that_had_it(
    project: Path,
) -> None:
    app = keymapped_app(project / REVIEWER, {"save": "f4"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        rows = help_text(app)
        assert any(row.startswith("f4 | Save |") for row in rows), rows
        assert any(row.startswith("(unbound) | Language |") for row in rows), rows


def main_screen_widgets(app: WorkbenchApp) -> list[Widget]:
    return [w for w in app.screen.query("*") if w.focusable or isinstance(w, (Input, TextArea))]


async def test_no_screen_key_is_also_a_key_of_the_widget_that_has_focus(project: Path) -> None:
    """A screen key that the focused text box also binds means two things where the user
    is (Ctrl+U was "undo form edit" and the box's "delete to the start"): a screen key
    either wins everywhere (priority) or no widget of the main screen binds it.
    Ctrl+Z is the one shared on purpose: undo, of the typing in the prompt editor and
    of the last form edit elsewhere."""
    from agent_workbench.app.screens.main_keys import MAIN_BINDINGS

    app = keymapped_app(project / REVIEWER, {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        clashes: list[str] = []
        for binding in MAIN_BINDINGS:
            assert isinstance(binding, Binding)
            if binding.priority:
                continue
            for key in binding.key.split(","):
                if key == "ctrl+z":
                    continue
                for widget in main_screen_widgets(app):
                    if own_key_bindings(widget, key):
                        clashes.append(f"{key}: {binding.action} and {type(widget).__name__}")
        assert clashes == []


async def test_ctrl_u_in_a_form_field_deletes_to_the_start_and_alt_u_undoes_the_edit(
    project: Path,
) -> None:
    before = (project / REVIEWER).read_text()
    assert "color: blue\n" in before
    app = keymapped_app(project / REVIEWER, {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        color = app.screen.query_one("#field-color Input", Input)
        color.focus()
        await burst(pilot, "end", *"ish", "ctrl+u", *"green")  # the box's own Ctrl+U
        await settle(pilot)
        assert color.value == "green"
        assert "color: green\n" in app.workspace.text
        app.screen.query_one("#editor", TextArea).focus()
        await pilot.press("alt+u")  # undo the form edit, from the prompt editor
        await settle(pilot)
        shown = app.screen.query_one("#field-color Input", Input)  # the form was rebuilt
        assert shown.value == "blue"
        assert app.workspace.text == before
        await pilot.press("ctrl+z")  # in the prompt editor: its own undo, nothing typed
        await settle(pilot)
        assert app.workspace.text == before
        app.screen.query_one("AgentTree").focus()
        await pilot.press("ctrl+z")  # elsewhere: redo is not undo; nothing left to undo
        await settle(pilot)
        shown = app.screen.query_one("#field-color Input", Input)
        assert app.workspace.text == before and shown.value == "blue"


async def test_f6_switches_to_the_source_while_typing_in_the_prompt_editor(
    project: Path,
) -> None:
    app = keymapped_app(project / REVIEWER, {})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.screen.query_one("#editor", TextArea)
        editor.focus()
        assert not editor.text.startswith("---")
        await pilot.press("f6")  # TextArea's own F6 selects the line
        await settle(pilot)
        assert editor.text.startswith("---")


async def test_esc_clears_the_filter_and_returns_to_the_list(project: Path) -> None:
    from agent_workbench.app.widgets.browser import AgentBrowser, AgentTree

    app = keymapped_app(project / REVIEWER, {})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        browser = app.screen.query_one(AgentBrowser)
        everything = set(browser.shown)
        await pilot.press("ctrl+f")
        await burst(pilot, *"guide")
        await pilot.pause()
        assert set(browser.shown) < everything
        await pilot.press("escape")
        await pilot.pause()
        assert browser.query_one("#browser-filter", Input).value == ""
        assert set(browser.shown) == everything
        assert app.focused is browser.query_one(AgentTree)


def test_the_readme_key_table_is_the_bindings() -> None:
    from textual.app import App

    from agent_workbench.app.keys import key_table_markdown

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- keys:start")
    start = readme.index("\n", start) + 1
    end = readme.index("<!-- keys:end -->")
    expected = key_table_markdown(App[None]().get_key_display)
    assert readme[start:end].strip() == expected, (
        "README.md's key table differs from the bindings: paste the output of"
        " `python -m agent_workbench.app.keys` between the keys markers"
    )
