"""The private Textual API the app relies on, pinned to the supported Textual range.

``agent_workbench.app.compat`` is the one module that reaches past Textual's public
API. These tests import what it relies on and check its shape, so a Textual
upgrade that moves one of them fails here, by name; and they check that no
other module of the app reaches for a private Textual name.
"""

from __future__ import annotations

import ast
import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Footer, TextArea, Tree

import agent_workbench.app as app_package
from agent_workbench.app import compat

ROOT = Path(__file__).resolve().parents[2]
APP_DIR = Path(app_package.__file__).resolve().parent

# What compat.py reads or overrides, by owner.
PRIVATE_METHODS: dict[type, dict[str, list[str]]] = {
    App: {"_fatal_error": ["self"], "_close_messages_no_wait": ["self"]},
    Tree: {"_invalidate": ["self"]},
    Widget: {"_scroll_update": ["self", "virtual_size"]},
    TextArea: {
        "_undo_batch": ["self", "edits"],
        "_redo_batch": ["self", "edits"],
        "_rewrap_and_refresh_virtual_size": ["self"],
        "_watch_selection": ["self", "previous_selection", "selection"],
        "_build_highlight_map": ["self"],
        "_render_line": ["self", "y"],
    },
}
PRIVATE_ATTRIBUTES = {
    "_exit_renderables",
    "_line_cache",
    "_highlights",
    "_matching_bracket_location",
    "_draw_cursor",
    "_offset_to_line_info",
    "_styles_cache",
    "_notifications",
    "_bindings",
}
PRIVATE_NAMES = {name for methods in PRIVATE_METHODS.values() for name in methods}
PRIVATE_NAMES |= PRIVATE_ATTRIBUTES


def _pin() -> tuple[int, int]:
    """The major versions pyproject.toml allows for textual: (lowest, first excluded)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    spec = next(d for d in project["project"]["dependencies"] if d.startswith("textual"))
    match = re.fullmatch(r"textual\s*>=\s*(\d+)(?:\.\d+)*\s*,\s*<\s*(\d+)", spec)
    assert match, f"textual is pinned to a major range: {spec}"
    return int(match.group(1)), int(match.group(2))


def test_the_installed_textual_is_in_the_pinned_range() -> None:
    low, high = _pin()
    assert low <= int(version("textual").split(".")[0]) < high


@pytest.mark.parametrize(
    ("owner", "name", "parameters"),
    [
        (owner, name, parameters)
        for owner, methods in PRIVATE_METHODS.items()
        for name, parameters in methods.items()
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else str(value),
)
def test_each_private_method_compat_uses_exists_with_its_parameters(
    owner: type, name: str, parameters: list[str]
) -> None:
    method = getattr(owner, name)
    assert callable(method)
    assert list(inspect.signature(method).parameters) == parameters


async def test_the_private_state_compat_reads_has_its_shape() -> None:
    class Editor(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea("one (two)\nthree", soft_wrap=True)
            yield Footer()

    app = Editor()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app._exit_renderables, list)
        app.notify("hello")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["hello"]
        area = app.query_one(TextArea)
        area.cursor_location = (0, 4)
        await pilot.pause()
        assert area._matching_bracket_location == (0, 8)
        assert isinstance(area._draw_cursor, bool)
        assert isinstance(area._highlights, dict)
        cache = area._line_cache
        assert callable(cache.get) and callable(cache.clear)
        assert hasattr(cache, "__setitem__")
        rows = area.wrapped_document._offset_to_line_info
        assert rows[:2] == [(0, 0), (1, 0)]
        assert isinstance(area._render_line(0), type(area.render_line(0)))
        assert callable(area._styles_cache.clear)
        assert [b.action for b in area._bindings.key_to_bindings["backspace"]] == ["delete_left"]
        # The footer's keys are FooterKey widgets (tests measure them).
        assert issubclass(compat.FooterKey, Widget)
        assert len(app.screen.query(compat.FooterKey)) >= 1


def test_no_other_app_module_reaches_for_private_textual_api() -> None:
    offenders: list[str] = []
    for path in sorted(APP_DIR.rglob("*.py")):
        if path.name == "compat.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(APP_DIR)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
                if any(part.startswith("_") for part in (node.module or "").split(".")):
                    offenders.append(f"{where} imports {node.module}")
            elif isinstance(node, ast.Attribute) and node.attr in PRIVATE_NAMES:
                offenders.append(f"{where} uses .{node.attr}")
            elif isinstance(node, ast.FunctionDef) and node.name in PRIVATE_NAMES:
                offenders.append(f"{where} overrides {node.name}")
    assert offenders == []


def test_app_tests_read_no_private_attribute_of_a_widget_or_the_app() -> None:
    """Tests go through public API (or compat's names for Textual's internals)."""
    offenders: list[str] = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        if path.name == Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr != "_replace"  # NamedTuple's public method
                and not (isinstance(node.value, ast.Name) and node.value.id == "self")
            ):
                offenders.append(f"{path.name}:{node.lineno} reads .{node.attr}")
    assert offenders == []
