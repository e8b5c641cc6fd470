"""Small helpers that place render problems where the author sees them."""

from __future__ import annotations

import re

_TAG = re.compile(r"\{[{%#]")
_TEMPLATING_ON = re.compile(r"^\s*templating\s*:\s*(true|\"true\"|'true')\s*(#.*)?$", re.M)


def column_of(line: str, expression: str | None) -> int:
    """1-based column of ``expression`` on ``line`` (its last segment, else the first tag)."""
    if expression:
        index = line.find(expression)
        if index >= 0:
            return index + 1
        last = expression.rsplit(".", 1)[-1]
        match = re.search(r"\b" + re.escape(last) + r"\b", line) if last else None
        if match:
            return match.start() + 1
    tag = _TAG.search(line)
    return tag.start() + 1 if tag else 1


def frontmatter_templating_hint(frontmatter: str) -> bool:
    """Is ``templating: true`` written in a frontmatter we could not parse?"""
    return _TEMPLATING_ON.search(frontmatter) is not None
