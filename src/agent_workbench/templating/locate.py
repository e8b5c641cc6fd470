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


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|\Z)")
_DELIMITER = re.compile(r"---[ \t]*(?:\r\n|\n|\r)?\Z")


def first_newline(text: str) -> str:
    """The line ending of the first line that has one ("\\n" when none), without splitting."""
    index = text.find("\n")
    cr = text.find("\r")
    if cr != -1 and (index == -1 or cr < index):
        return "\r\n" if text[cr : cr + 2] == "\r\n" else "\r"
    return "\n"


def body_of(text: str) -> str:
    """The body of a document (as AgentDocument splits it), scanning only its frontmatter."""
    position = 0
    first = True
    for match in _LINE.finditer(text):
        line = match.group(0)
        if not line:
            break
        position = match.end()
        if first:
            if not _DELIMITER.match(line):
                return text
            first = False
        elif _DELIMITER.match(line):
            return text[position:]
    return text
