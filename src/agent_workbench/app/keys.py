"""Every key of the app, defined once: the bindings, and what is built from them.

Each key is a Textual ``Binding`` on the screen or widget that owns it, with an
``id`` (what a user keymap rebinds, ``keymap_file.py``), a short ``description``
(the footer's label and the palette's title) and a ``tooltip`` saying what it does.
Everything that lists keys reads them from there: Textual's footer, the F1 help
(``screens/help.py``), the command palette (``commands.py``) and the key table of
README.md (``key_table_markdown``). ``GROUPS`` names the owners of the bindings by
section; ``tests/app/test_keys.py`` fails when a class of the app defines a binding
without an id or help text, or is missing from ``GROUPS``.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingsMap

# Section of the help (and of the README's table) → the classes whose BINDINGS it shows.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Main screen",
        (
            "screens.main:MainScreen",
            "widgets.browser:FilterInput",
            "widgets.browser:AgentTree",
            "widgets.pane_width:ResizablePane",
            "widgets.preview:Preview",
            "widgets.error_panel:ErrorPanel",
            "widgets.rules_table:RulesTable",
            "widgets.rules_table:RuleBox",
        ),
    ),
    ("Everywhere", ("app:WorkbenchApp",)),
    ("Diff", ("screens.diff:DiffScreen", "widgets.diff_view:DiffView")),
    ("Changes", ("screens.changes:ChangesScreen",)),
    ("Tokens", ("screens.tokens:TokensScreen",)),
    (
        "Dialogs",
        (
            "screens.confirm:ConfirmUnsaved",
            "screens.conflict:ConflictScreen",
            "screens.language:LanguageScreen",
            "screens.help:HelpScreen",
        ),
    ),
)

# The palette offers the actions of these owners (the rest act on what has focus).
PALETTE_OWNERS = ("app:WorkbenchApp", "screens.main:MainScreen")


@dataclass(frozen=True)
class KeyRow:
    """One action as the help, the palette and the README show it."""

    group: str
    id: str
    keys: tuple[str, ...]  # as displayed (``App.get_key_display``), in binding order
    description: str
    help: str
    action: str
    owner: str  # "module:Class" under agent_workbench.app

    @property
    def key_text(self) -> str:
        return " or ".join(self.keys) if self.keys else "(unbound)"


def owner_class(owner: str) -> type:
    module, _, name = owner.partition(":")
    cls: type = getattr(importlib.import_module(f"agent_workbench.app.{module}"), name)
    return cls


def own_bindings(cls: type) -> list[Binding]:
    """The bindings ``cls`` declares itself (not those of its base classes)."""
    return [b for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding)]


def bound_keys(bindings: list[Binding], keymap: Mapping[str, str]) -> list[Binding]:
    """``bindings`` (one class's) as bound once ``keymap`` applies, one per key: as
    Textual applies it (``Screen._binding_chain``), a key the keymap gives to one id
    is taken from the others of the same class."""
    bound = BindingsMap(bindings)
    if keymap:
        bound.apply_keymap(dict(keymap))
    return [binding for _key, binding in bound]


def key_rows(
    keymap: Mapping[str, str],
    display: Callable[[Binding], str],
    owners: Iterable[str] | None = None,
) -> list[KeyRow]:
    """Every action of the app, grouped as ``GROUPS``; a class's bindings sharing an id
    are one row."""
    wanted = set(owners) if owners is not None else None
    rows: dict[tuple[str, str, str], KeyRow] = {}
    for group, group_owners in GROUPS:
        for owner in group_owners:
            if wanted is not None and owner not in wanted:
                continue
            declared = own_bindings(owner_class(owner))
            bound = bound_keys(declared, keymap)
            for binding in declared:
                binding_id = binding.id or binding.action
                keys = [
                    display(b)
                    for b in bound
                    if (b.id or b.action) == binding_id and b.action == binding.action
                ]
                row = rows.get((group, owner, binding_id))
                if row is not None:
                    keys = [*row.keys, *keys]
                    binding = dataclasses.replace(
                        binding, description=row.description, tooltip=row.help
                    )
                rows[(group, owner, binding_id)] = KeyRow(
                    group,
                    binding_id,
                    tuple(dict.fromkeys(keys)),
                    binding.description,
                    binding.tooltip,
                    binding.action if row is None else row.action,
                    owner if row is None else row.owner,
                )
    return list(rows.values())


def current_keymap(app: App[Any]) -> Mapping[str, str]:
    """The user's keymap the app runs with (``WorkbenchApp.keymap``; none for others)."""
    keymap: Mapping[str, str] = getattr(app, "keymap", {})
    return keymap


def key_for(app: App[Any], binding_id: str, owner: type | None = None) -> str:
    """The key(s) bound to ``binding_id`` now, as the footer shows them: a message such as
    "Alt+U undoes it" never names a key the user's keymap has moved. Reads the first
    class that binds the id, or ``owner`` (a dialog's own keys)."""
    classes = (
        [owner] if owner is not None else [owner_class(o) for _g, group in GROUPS for o in group]
    )
    for cls in classes:
        declared = own_bindings(cls)
        if any((b.id or b.action) == binding_id for b in declared):
            bound = bound_keys(declared, current_keymap(app))
            keys = [app.get_key_display(b) for b in bound if (b.id or b.action) == binding_id]
            return " or ".join(dict.fromkeys(keys)) or "(unbound)"
    raise KeyError(binding_id)


def binding_ids() -> set[str]:
    """Every id a keymap may rebind."""
    return {row.id for row in key_rows({}, str)}


def key_table_markdown(display: Callable[[Binding], str]) -> str:
    """The default keys as a Markdown table (README.md holds it; a test compares)."""
    lines = ["| Where | Key | Action | What it does | Keymap id |", "|---|---|---|---|---|"]
    for row in key_rows({}, display):
        keys = " or ".join(f"`{key}`" for key in row.keys)
        lines.append(f"| {row.group} | {keys} | {row.description} | {row.help} | `{row.id}` |")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - prints the README's table
    from textual.app import App

    print(key_table_markdown(App[None]().get_key_display))
