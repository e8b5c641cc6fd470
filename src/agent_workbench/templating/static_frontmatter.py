"""A frontmatter's dependency declarations, read without rendering and parsing it whole
for every language.

A render reads a file's settings by rendering its frontmatter, then parsing the YAML
(ruamel, about a millisecond for ten lines). For the static impact analysis of a
diff that is most of the cost, paid per agent and language. ``read_frontmatter``
does the work once per frontmatter text, for the shape nearly every agent has:

* template syntax only as ``{{ … }}`` expressions, each on one line (no ``{% %}``,
  ``{# #}`` or whitespace control): each is replaced by a placeholder;
* a block mapping whose top-level keys are plain words at column 0, every other
  line blank, a comment, or indented;
* the ``dependencies`` and ``agpm`` entries parsed on their own (the YAML text of one
  top-level entry, cached by text: a thousand agents share a handful), with
  placeholders only in values, never in keys.

``StaticFrontmatter.paths(values)`` then gives the declared paths for the values the
expressions render to (for one language). Values must keep the YAML as it is: inside
those two entries, path-like words only (no space, quote, comma, colon or bracket
can add or reshape an entry); elsewhere, no line breaks, quotes, backslashes or
brackets. ``None`` (from ``read_frontmatter``) or ``values_fit`` false means: render
the file to know.

Why this is safe: the real reading parses the rendered frontmatter. A top-level
``dependencies`` key there starts a column-0 line, which is one of the lines found
here, and its value is made of the lines up to the next column-0 key — a construct
that ran past that point would leave the entry's own text unparseable on its own,
and is refused. A value that swallowed lines (an unclosed quote) can only hide
entries, never add any: the analysis may then read more than the render, never less.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agent_workbench.model import fast_paths
from agent_workbench.model.caches import memo
from agent_workbench.templating.context import parse_yaml
from agent_workbench.templating.dependencies import (
    TEMPLATE_PART,
    DeclarationError,
    DependencyDecl,
    declarations,
)
from agent_workbench.templating.environment import has_template_syntax

_TOKEN = "AWBTPL"
_PLACEHOLDER = re.compile(_TOKEN + r"(\d+)Z")
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: .*)?\Z")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")
_BLOCKS = ("dependencies", "agpm")
# What an expression may render to inside a dependency path, and elsewhere.
_PATH_VALUE = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_./+-]*\Z")
_UNSAFE_ELSEWHERE = re.compile("[\r\n\x85\u2028\u2029\"'\\[\\]{}\\\\]")


@dataclass(frozen=True)
class StaticFrontmatter:
    """Dependency declarations of one frontmatter text, placeholders in their paths."""

    expressions: tuple[str, ...]  # the `{{ … }}` texts; placeholder i stands for expressions[i]
    in_entries: frozenset[int]  # expressions inside the `dependencies` or `agpm` entries
    decls: tuple[DependencyDecl, ...]

    def values_fit(self, values: Sequence[str]) -> bool:
        """Do these rendered values leave the YAML as read here?"""
        for index, value in enumerate(values):
            if index in self.in_entries:
                if not _PATH_VALUE.match(value):
                    return False
            elif _UNSAFE_ELSEWHERE.search(value):
                return False
        return True

    def paths(self, values: Sequence[str]) -> list[str]:
        """The declared paths, with each expression's rendered value in place."""
        return [
            _PLACEHOLDER.sub(lambda m: values[int(m.group(1))], decl.path) for decl in self.decls
        ]


@memo("templating.static_frontmatters", 4096)
def read_frontmatter(frontmatter: str) -> StaticFrontmatter | None:
    """The declarations of a frontmatter of the usual shape; None for anything else (and
    for everything when the fast paths are off: the caller then renders)."""
    if not fast_paths.enabled():
        return None
    if _TOKEN in frontmatter or any(ch in frontmatter for ch in _ODD_BREAKS):
        return None
    expressions: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        expressions.append(match.group(0))
        return f"{_TOKEN}{len(expressions) - 1}Z"

    text = frontmatter
    if has_template_syntax(frontmatter):
        for match in TEMPLATE_PART.finditer(frontmatter):
            part = match.group(0)
            if not part.startswith("{{") or part.startswith("{{-") or part.endswith("-}}"):
                return None
        text = TEMPLATE_PART.sub(placeholder, frontmatter)
        if has_template_syntax(text):
            return None  # an opener the single-line parts did not close
    blocks = _top_level_blocks(text)
    if blocks is None:
        return None
    fields: dict[str, Any] = {}
    in_blocks: set[int] = set()
    for key, lines in blocks.items():
        block = "\n".join(lines) + "\n"
        entry = _entry(block, key)
        if entry is None:
            return None
        fields[key] = entry[0]
        in_blocks.update(int(n) for n in _PLACEHOLDER.findall(block))
    try:
        decls, problems = declarations(fields)
    except DeclarationError:
        return None  # the render fails on it: let it say so
    if problems:
        return None
    return StaticFrontmatter(tuple(expressions), frozenset(in_blocks), tuple(decls))


@memo("templating.static_entries", 1024)
def _entry(block: str, key: str) -> tuple[Any] | None:
    """The value of the one top-level entry ``block`` holds; None if it does not parse as
    that alone, or a placeholder stands in a key (it could rename an entry)."""
    parsed = parse_yaml(block)
    if parsed.error or not isinstance(parsed.data, dict) or list(parsed.data) != [key]:
        return None
    value = parsed.data[key]
    if any(_PLACEHOLDER.search(k) for k in _keys(value)):
        return None
    return (value,)


def _top_level_blocks(text: str) -> dict[str, list[str]] | None:
    """The lines of the ``dependencies`` and ``agpm`` entries; None if the text is not a
    plain block mapping at column 0 (or names either key twice)."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    started = False
    for line in _LINE_BREAK.split(text):
        if not line.strip(" ") or line.lstrip(" ").startswith("#"):
            if current is not None:
                current.append(line)
            continue
        if line[0] == " ":
            if not started:
                return None
            if current is not None:
                current.append(line)
            continue
        match = _KEY_LINE.match(line)
        if match is None or _TOKEN in match.group(1):
            return None
        started = True
        key = match.group(1)
        if key in _BLOCKS:
            if key in blocks:
                return None
            current = blocks[key] = [line]
        else:
            current = None
    return blocks


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)
