"""A loader for the plain subset of YAML that nearly all frontmatter is written in.

ruamel's pure-Python safe loader reads YAML a character at a time: about 2.5 ms
for a 1 KB dependency list. Most frontmatter uses a small part of YAML: block
mappings and sequences, one line per value, plain or simply quoted scalars.
``load_subset`` reads exactly that part a line at a time and answers None for
anything else (the caller then asks ruamel). Scalars are typed by ruamel's own
resolver and constructors (``true``, ``1.5``, ``2024-01-02``, ``null``, … come out
as ruamel makes them), so what it returns is what ruamel's safe loader returns.

What it reads (anything else, anywhere in the text: None):

* lines of printable characters (no tab, no control or odd space characters),
  ending in ``\\n`` or ``\\r\\n``; blank lines and whole-line comments anywhere;
* ``KEY:`` and ``KEY: VALUE`` with KEY a plain word (``[A-Za-z_][A-Za-z0-9_-]*``)
  or quoted as a VALUE may be (OpenCode's ``"git push*": ask``),
  ``- VALUE``, ``-`` and ``- KEY: VALUE`` (a mapping in a sequence item), nested by
  indentation; a key's sequence may sit at the key's own column, as YAML allows;
  the first line of the text is a key at column 0;
* a VALUE on its key's line only (no continuation lines): a plain scalar not
  starting with an indicator (``-?:,[]{}#&*!|>'"%@```) and holding no ``: ``, no
  `` #`` and no trailing ``:``; ``"…"`` without ``\\`` or ``"`` inside; ``'…'``
  (``''`` for a quote); nothing after a closing quote but spaces;
* no key twice in one mapping; no value ruamel's constructors refuse.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

from agent_workbench.model import fast_paths

_KEY = re.compile(r"""([A-Za-z_][A-Za-z0-9_-]*|"[^"\\]*"|'(?:[^']|'')*'):(?: +(.*))?\Z""")
_ITEM = re.compile(r"-(?: +(.*))?\Z")
_DOUBLE = re.compile(r'"([^"\\]*)" *\Z')
_SINGLE = re.compile(r"'((?:[^']|'')*)' *\Z")
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_STR = "tag:yaml.org,2002:str"
_NESTED = object()  # an item whose value is the mapping begun on its line

_yaml = YAML(typ="safe", pure=True)
_resolver = _yaml.resolver
_constructor = _yaml.constructor


class _Refused(Exception):
    """The text is outside the subset."""


def load_subset(text: str) -> dict[Any, Any] | None:
    """What ``YAML(typ="safe", pure=True).load(text)`` gives, for a text in the subset
    above; None for any other text (and for every text when the fast paths are off)."""
    if not fast_paths.enabled():
        return None
    try:
        entries = _entries(text)
        if not entries or entries[0][0] != 0 or entries[0][1] != "key":
            return None
        data, end = _mapping(entries, 0, 0)
    except _Refused:
        return None
    return data if end == len(entries) else None


# An entry: (column, kind, key, value). kind "key": value is the VALUE text or None
# (nothing after the colon); kind "item": value is the VALUE text, None or _NESTED.
_Entry = tuple[int, str, Any, Any]


def _entries(text: str) -> list[_Entry]:
    entries: list[_Entry] = []
    for line in text.split("\n"):
        if line.endswith("\r"):
            line = line[:-1]
        if not line.isprintable():
            raise _Refused
        content = line.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        column = len(line) - len(content)
        key = _KEY.match(content)
        if key is not None:
            entries.append((column, "key", _scalar(key.group(1)), _value(key.group(2))))
            continue
        item = _ITEM.match(content)
        if item is None:
            raise _Refused
        rest = item.group(1)
        if rest is None:
            entries.append((column, "item", None, None))
            continue
        inner = _KEY.match(rest)
        if inner is None:
            entries.append((column, "item", None, _value(rest)))
            continue
        entries.append((column, "item", None, _NESTED))
        inner_column = column + len(content) - len(rest)
        entries.append((inner_column, "key", _scalar(inner.group(1)), _value(inner.group(2))))
    return entries


def _value(text: str | None) -> Any:
    """The text after ``KEY: `` or ``- ``, stripped; None when there is none."""
    if text is None:
        return None
    text = text.rstrip(" ")
    return text or None


def _scalar(text: str) -> Any:
    """A one-line scalar, typed as ruamel types it."""
    first = text[0]
    if first == '"':
        match = _DOUBLE.match(text)
        if match is None:
            raise _Refused
        return match.group(1)
    if first == "'":
        match = _SINGLE.match(text)
        if match is None:
            raise _Refused
        return match.group(1).replace("''", "'")
    if first in _PLAIN_START or ": " in text or " #" in text or text.endswith(":"):
        raise _Refused
    tag = _resolver.resolve(ScalarNode, text, (True, False))
    if tag == _STR:
        return text
    try:
        return _constructor.construct_non_recursive_object(ScalarNode(tag, text))
    except Exception:
        raise _Refused from None


def _node(entries: list[_Entry], pos: int, column: int) -> tuple[Any, int]:
    """A value's text, or the mapping or sequence that starts at ``pos``."""
    if entries[pos][1] == "key":
        return _mapping(entries, pos, column)
    return _sequence(entries, pos, column)


def _nested(entries: list[_Entry], pos: int, column: int) -> tuple[Any, int]:
    """The value of ``KEY:`` (at ``column``) written on the lines after it."""
    if pos == len(entries) or entries[pos][0] < column:
        return None, pos
    next_column, kind = entries[pos][0], entries[pos][1]
    if next_column == column:
        if kind == "item":  # a sequence at the key's own column
            return _sequence(entries, pos, column)
        return None, pos
    return _node(entries, pos, next_column)


def _mapping(entries: list[_Entry], pos: int, column: int) -> tuple[dict[Any, Any], int]:
    data: dict[Any, Any] = {}
    while pos < len(entries) and entries[pos][0] == column and entries[pos][1] == "key":
        _, _, key, text = entries[pos]
        if key in data:
            raise _Refused
        pos += 1
        if text is None:
            data[key], pos = _nested(entries, pos, column)
        else:
            data[key] = _scalar(text)
    if pos < len(entries) and entries[pos][0] >= column:
        raise _Refused
    return data, pos


def _sequence(entries: list[_Entry], pos: int, column: int) -> tuple[list[Any], int]:
    data: list[Any] = []
    while pos < len(entries) and entries[pos][0] == column and entries[pos][1] == "item":
        text = entries[pos][3]
        pos += 1
        if text is _NESTED:
            value, pos = _mapping(entries, pos, entries[pos][0])
        elif text is None:
            if pos < len(entries) and entries[pos][0] > column:
                value, pos = _node(entries, pos, entries[pos][0])
            else:
                value = None
        else:
            value = _scalar(text)
        data.append(value)
    if pos < len(entries) and entries[pos][0] > column:
        raise _Refused
    return data, pos
