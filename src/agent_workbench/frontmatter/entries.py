"""Safe-load a frontmatter entry by entry, each entry's parse cached by its text.

ruamel's pure-Python safe loader takes about 4 ms for a 1 KB frontmatter, and a
render parses the rendered frontmatter once per (agent, language): the dependency
paths hold the language, so the whole text differs per language even though most
of its entries (``name``, ``description``, ``tools``, …) do not, and the entries
that do (``agpm:``, ``dependencies:``) are often the same block in many agents.

``parse_entries`` cuts a block mapping at its top-level keys (lines that start at
column 0 with a plain word and ``:``) and parses each piece on its own, through a
cache keyed by the piece's text. It gives the same data as parsing the whole text,
or None, meaning "parse the whole text" (the caller then gets the exact result,
error and position included). Why the pieces give the same data:

* a cut is made only at a column-0 line starting with a letter or ``_``. In block
  context nothing continues at column 0 into such a line except a construct that
  is still open there (a quoted scalar, a flow collection): the piece before the
  cut then does not parse on its own, and the whole text is parsed instead. Plain
  scalar continuations and block scalar contents of a top-level value need
  indentation, and a nested mapping or sequence cannot swallow a column-0 key;
* each piece must parse to a mapping, and the pieces' keys must all differ
  (the whole parse refuses duplicates);
* an alias whose anchor is in another piece does not parse on its own (the whole
  text is parsed instead); one whose anchor is in its own piece means the same
  thing in both readings;
* refused up front: document markers and directives at column 0 (``---``,
  ``...``, ``%``: one text would be several documents), a byte order mark, and
  line breaks other than ``\\n`` and ``\\r\\n`` (YAML also breaks lines at
  ``\\r``, NEL, LS and PS);
* only blank and comment lines may come before the first key.

The pieces' data are shared between results (a thousand agents share a handful
of ``agpm:`` blocks), so each is frozen (``model.frozen``): changing it raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from agent_workbench.model import fast_paths
from agent_workbench.model.caches import memo
from agent_workbench.model.frozen import freeze

ENTRY_CACHE_SIZE = 16384  # pieces: ~10 per agent, for thousands of agents and languages

_KEY_START = re.compile(r"[A-Za-z_]")
_KEY_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:(?:[ \t]|\r?\n|\Z)")
_BLANK_OR_COMMENT = re.compile(r"[ \t]*(?:#.*)?\r?\n?\Z")
_REFUSED = re.compile("[\x85\u2028\u2029\ufeff]|\r(?!\n)|^(?:---|\\.\\.\\.|%)", re.M)


def split_entries(text: str) -> list[str] | None:
    """The text cut before each top-level key line (leading comments kept with the first
    piece); None when the text is not one that ``parse_entries`` may cut (see above)."""
    if _REFUSED.search(text):
        return None
    lines = text.splitlines(keepends=True)
    pieces: list[str] = []
    start: int | None = None
    current: list[str] = []
    for index, line in enumerate(lines):
        if start is None:
            if _KEY_LINE.match(line):
                start = index
            elif not _BLANK_OR_COMMENT.match(line):
                return None
        elif _KEY_START.match(line):
            pieces.append("".join(current))
            current = []
        current.append(line)
    if start is None:
        return None
    pieces.append("".join(current))
    return pieces


_FAILED = object()


def parse_entries(text: str, load: Callable[[str], Any]) -> dict[Any, Any] | None:
    """The mapping ``load(text)`` gives, loaded piece by piece (each piece cached by its
    text); None when that cannot be shown equal (then load the whole text), or when the
    fast paths are off."""
    if not fast_paths.enabled():
        return None
    pieces = split_entries(text)
    if pieces is None:
        return None
    merged: dict[Any, Any] = {}
    count = 0
    for piece in pieces:
        data = _load_piece(piece, load)
        if data is _FAILED:
            return None
        assert isinstance(data, dict)
        merged.update(data)
        count += len(data)
    return merged if count == len(merged) else None


@memo("frontmatter.entry_parses", ENTRY_CACHE_SIZE)
def _load_piece(piece: str, load: Callable[[str], Any]) -> Any:
    try:
        data = load(piece)
    except Exception:
        return _FAILED
    return freeze(data) if type(data) is dict else _FAILED
