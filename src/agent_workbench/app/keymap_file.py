"""The user's keymap file: binding ids → keys, applied with Textual's ``App.set_keymap``.

``$XDG_CONFIG_HOME/agent-workbench/keymap.toml`` (``~/.config/…`` when the variable
is unset), one line per key to move, as Posting's ``keymap`` section does
(darrenburns/posting, docs/guide/keymap.md, checked 2026-12-04)::

    save = "ctrl+w"            # instead of Ctrl+S
    toggle-form = "f10,alt+m"  # two keys for one action

The ids are the ``Keymap id`` column of README.md's key table (``app/keys.py``).
A file that cannot be used is refused with ``path:line:col: what is wrong``
(``KeymapError``); the app does not start with half a keymap.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from textual.keys import Keys

MODIFIERS = frozenset({"ctrl", "alt", "shift", "super", "meta", "hyper"})
_KEY_NAMES = frozenset(key.value for key in Keys)
_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


class KeymapError(Exception):
    """A keymap file that cannot be used; the message says where and why."""


def keymap_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "agent-workbench" / "keymap.toml"


def load_keymap(path: Path, known_ids: Iterable[str]) -> dict[str, str]:
    """The keymap in ``path`` (none when the file does not exist), checked against the
    app's binding ids; raises ``KeymapError`` naming ``path:line:col``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise KeymapError(f"{path}: cannot read the keymap: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _TOML_WHERE.search(message)
        if where is None:
            raise KeymapError(f"{path}: {message}") from None
        line, column = where.groups()
        raise KeymapError(f"{path}:{line}:{column}: {message[: where.start()]}") from None
    known = sorted(set(known_ids))
    keymap: dict[str, str] = {}
    for binding_id, value in data.items():
        at = f"{path}:{line_of(text, binding_id)}"
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, known, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            raise KeymapError(
                f"{at}: `{binding_id}` is not a key id of the workbench{hint};"
                " the ids are listed in README.md (Keys)"
            )
        keys = value if isinstance(value, list) else [value]
        if not keys or not all(isinstance(k, str) and k.strip() for k in keys):
            raise KeymapError(
                f'{at}: `{binding_id}` needs keys as text, e.g. {binding_id} = "ctrl+w"'
            )
        parts = [part.strip() for key in keys for part in key.split(",")]
        for part in parts:
            problem = key_problem(part)
            if problem:
                raise KeymapError(f"{at}: `{binding_id}`: {problem}")
        keymap[binding_id] = ",".join(parts)
    return keymap


def key_problem(key: str) -> str | None:
    """Why ``key`` is not a key Textual can bind (None when it is)."""
    *modifiers, name = key.split("+")
    unknown = [m for m in modifiers if m.lower() not in MODIFIERS]
    if unknown:
        return f"`{key}`: unknown modifier `{unknown[0]}` (use ctrl, alt, shift or super)"
    if len(name) == 1 or name in _KEY_NAMES or name.lower() in _KEY_NAMES:
        return None
    try:
        unicodedata.lookup(name.replace("_", " "))  # question_mark, full_stop, …
    except KeyError:
        return (
            f"`{key}`: unknown key `{name}` (keys are named as Textual names them:"
            " f1, escape, enter, up, question_mark, …; `textual keys` shows them)"
        )
    return None


def line_of(text: str, binding_id: str) -> int:
    pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(binding_id)}[\"']?[ \t]*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1
