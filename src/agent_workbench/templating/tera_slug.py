"""Tera's ``slugify``: the ``slug`` crate (0.1.6) over ``deunicode`` (1.6.2), the versions
AGPM v0.4.14's ``Cargo.lock`` pins (repository ``aig787/agpm``, checked 2026-12-04).

slug 0.1.6 ``_slugify`` (repository ``Stebalien/slug-rs``): each ASCII character is kept,
each other one is replaced by ``deunicode_char(c)`` (or ``-`` when deunicode has
nothing for it); then ASCII letters are lower-cased, digits kept, and every run of
anything else is one ``-``, with none at either end.

The transliteration tables are deunicode's own (``data/deunicode-1.6.2-*``, BSD-3-Clause,
``data/LICENSE-deunicode``), read the way its ``deunicode_char`` reads them: three bytes
per code point, either the ASCII text itself (length 1 or 2) or a 16-bit offset into the
mapping text and a length.
"""

from __future__ import annotations

import re
import zlib
from importlib import resources
from typing import Any

from agent_workbench.model.caches import memo
from agent_workbench.templating.tera_args import want_str

_DATA = "deunicode-1.6.2"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@memo("templating.deunicode_tables", 1, resource=True)
def _tables() -> tuple[bytes, bytes]:
    """deunicode's (mapping text, pointers), read once from the package's data."""
    folder = resources.files("agent_workbench.templating") / "data"
    mapping = (folder / f"{_DATA}-mapping.txt").read_bytes()
    pointers = zlib.decompress((folder / f"{_DATA}-pointers.bin.zlib").read_bytes())
    return mapping, pointers


def deunicode_char(char: str) -> str | None:
    """deunicode 1.6.2 ``deunicode_char``: the ASCII transliteration of one character, or
    None where deunicode has none."""
    mapping, pointers = _tables()
    at = ord(char) * 3
    if at + 3 > len(pointers):
        return None
    first, second, length = pointers[at], pointers[at + 1], pointers[at + 2]
    if length <= 2:
        return bytes((first, second)[:length]).decode("ascii")
    start = first | second << 8
    if start + length > len(mapping):
        return None  # "unknown characters are intentionally mapped to out of range length"
    return mapping[start : start + length].decode("ascii")


def _ascii_for(char: str) -> str:
    ascii_text = deunicode_char(char)
    return "-" if ascii_text is None else ascii_text  # `unwrap_or("-")`: "" stays ""


def slugify(value: Any) -> str:
    """``{{ value | slugify }}``: ``Æúű--cool?`` → ``aeuu-cool``, ``世界`` → ``shi-jie``."""
    text = want_str("slugify", "value", value)
    if not text.isascii():
        text = "".join(c if c.isascii() else _ascii_for(c) for c in text)
    return _NOT_SLUG.sub("-", text.lower()).strip("-")
