"""Warnings about a user keymap that works, but not as its author may think.

``keymap_file.py`` refuses a keymap that cannot be used (an unknown id or key). A
keymap can also be valid and still lose a key: two of its actions given the same
key, or a key given to an action while another action of the same screen (or one
that works everywhere) keeps it; one of the two then never runs (Textual keeps one
binding per key of a class, ``BindingsMap.apply_keymap``, and the focused widget's
binding comes before the screen's, the screen's before the app's). And some keys
never arrive under their name: a terminal sends Alt+B as ESC b and Alt+F as ESC f,
which Textual reads as Ctrl+Left and Ctrl+Right (readline's word moves;
``textual/_ansi_sequences.py``, Textual 8.2.8). Each warning names ``path:line``;
the app starts anyway and shows them once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.screen import Screen

from agent_workbench.app.keymap_file import line_of
from agent_workbench.app.keys import GROUPS, own_bindings, owner_class

EVERYWHERE = "Everywhere"  # GROUPS' section for the app's own keys, active on every screen
# Keys a terminal sends as a sequence Textual reads as another key (_ansi_sequences.py).
READ_AS = {"alt+b": "ctrl+left", "alt+f": "ctrl+right"}


@dataclass(frozen=True)
class Action:
    id: str
    description: str
    group: str
    owner: str  # "module:Class" (keys.py)
    focused_only: bool  # a widget's key: it answers only while the widget has focus
    keys: frozenset[str]  # as declared (before the keymap)


def declared_actions() -> list[Action]:
    actions: list[Action] = []
    for group, owners in GROUPS:
        for owner in owners:
            cls = owner_class(owner)
            focused_only = not issubclass(cls, (Screen, App))
            for binding in own_bindings(cls):
                keys = frozenset(k.strip() for k in binding.key.split(","))
                actions.append(
                    Action(
                        binding.id or binding.action,
                        binding.description,
                        group,
                        owner,
                        focused_only,
                        keys,
                    )
                )
    return actions


def _together(a: Action, b: Action) -> bool:
    """True when ``a`` and ``b`` can both answer a key at one moment: the same class, or
    a screen's (or the app's) key and another of that screen. Keys of two widgets that
    cannot have focus together (the filter's Esc, the problems list's Esc) never meet."""
    if a.owner == b.owner:
        return True
    if a.focused_only and b.focused_only:
        return False
    return a.group == b.group or EVERYWHERE in (a.group, b.group)


def keymap_warnings(path: Path, keymap: Mapping[str, str]) -> list[str]:
    """What ``keymap`` (read from ``path``) will not do as written, one line each."""
    if not keymap:
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    actions = declared_actions()
    by_id: dict[str, list[Action]] = {}
    for action in actions:
        by_id.setdefault(action.id, []).append(action)
    given = {
        binding_id: [key.strip() for key in keys.split(",")] for binding_id, keys in keymap.items()
    }
    warnings: list[str] = []
    seen: dict[str, str] = {}  # key -> the keymap id it was first given to
    for binding_id, keys in given.items():
        at = f"{path}:{line_of(text, binding_id)}"
        mine = by_id.get(binding_id, [])
        for key in dict.fromkeys(keys):
            if key in READ_AS:
                warnings.append(
                    f"{at}: `{key}` never arrives: terminals send it as a sequence Textual"
                    f" reads as `{READ_AS[key]}`; choose another key for `{binding_id}`"
                )
            first = seen.setdefault(key, binding_id)
            if first != binding_id and _share_a_screen(by_id.get(first, []), mine):
                warnings.append(
                    f"{at}: `{key}` is given to both `{first}` and `{binding_id}`, which"
                    " act on the same screen: only one of them will run"
                )
            for other in actions:
                if other.id in given or key not in other.keys:
                    continue
                if any(_together(action, other) for action in mine):
                    warnings.append(
                        f"{at}: `{key}` is already the key of `{other.id}` ({other.description},"
                        f" {other.group.lower()}): only one of them will run; give"
                        f" `{other.id}` another key in the keymap"
                    )
    return list(dict.fromkeys(warnings))


def _share_a_screen(first: list[Action], second: list[Action]) -> bool:
    return any(_together(a, b) for a in first for b in second)
