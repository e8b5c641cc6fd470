"""Markdown + Jinja/Tera highlighting for the prompt editor, without tree-sitter.

``highlight_lines`` maps each line to ``(start_byte, end_byte, name)`` ranges,
the shape Textual's ``TextArea`` draws with its theme's syntax styles. Lines
are scanned once, in order (fenced blocks and the frontmatter carry state),
and each line's ranges are cached by its text and state, so re-highlighting a
long prompt after one keystroke costs little.
"""

from __future__ import annotations

import re

from agent_workbench.model.caches import memo

Highlight = tuple[int, int | None, str]

_HEADING = re.compile(r"^(#{1,6})(\s.*)?$")
_LIST = re.compile(r"^(\s*)([-*+]|\d+[.)])\s")
_QUOTE = re.compile(r"^\s*>")
_FENCE = re.compile(r"^\s*(```|~~~)")
_YAML_KEY = re.compile(r"^(\s*-?\s*)([\"']?[\w.-]+[\"']?)\s*:(\s|$)")
_INLINE = re.compile(
    r"(?P<tag>\{%-?.*?-?%\})"
    r"|(?P<expr>\{\{-?.*?-?\}\})"
    r"|(?P<comment>\{#.*?#\})"
    r"|(?P<code>`[^`]+`)"
    r"|(?P<bold>\*\*[^*]+\*\*|__[^_]+__)"
    r"|(?P<italic>(?<![*\w])\*[^*\s][^*]*\*(?!\*)|(?<![_\w])_[^_\s][^_]*_(?!\w))"
    r"|(?P<link>\[[^\]]*\]\([^)]*\))"
)
_STYLE = {
    "tag": "keyword",
    "expr": "function",
    "comment": "comment",
    "code": "inline_code",
    "bold": "bold",
    "italic": "italic",
}

# States carried from line to line.
BODY, FENCE, FRONTMATTER = 0, 1, 2


def _to_bytes(line: str, ranges: list[tuple[int, int | None, str]]) -> list[Highlight]:
    if line.isascii():
        return ranges
    offsets = [0]
    for char in line:
        offsets.append(offsets[-1] + len(char.encode("utf-8")))
    return [(offsets[s], None if e is None else offsets[e], n) for s, e, n in ranges]


def _inline(line: str, ranges: list[tuple[int, int | None, str]]) -> None:
    for match in _INLINE.finditer(line):
        kind = match.lastgroup or ""
        start, end = match.span()
        if kind == "link":
            label_end = line.index("](", start) + 1
            ranges.append((start, label_end, "link.label"))
            ranges.append((label_end, end, "link.uri"))
        else:
            ranges.append((start, end, _STYLE[kind]))


@memo("app.highlighted_lines", 8192)
def highlight_line(line: str, state: int) -> tuple[tuple[Highlight, ...], int]:
    """Ranges for one line in a state, and the state for the next line."""
    ranges: list[tuple[int, int | None, str]] = []
    stripped = line.rstrip("\r\n")
    next_state = state
    if state == FRONTMATTER:
        if stripped.rstrip() == "---":
            ranges.append((0, None, "heading.marker"))
            next_state = BODY
        else:
            key = _YAML_KEY.match(stripped)
            if key:
                ranges.append((key.start(2), key.end(2), "yaml.field"))
            if stripped.lstrip().startswith("#") and not stripped.lstrip().startswith("#}"):
                ranges.append((0, None, "comment"))
            _inline(stripped, ranges)
    elif state == FENCE:
        if _FENCE.match(stripped):
            ranges.append((0, None, "punctuation.delimiter"))
            next_state = BODY
        else:
            ranges.append((0, None, "string"))
            _inline_jinja_only(stripped, ranges)
    elif _FENCE.match(stripped):
        ranges.append((0, None, "punctuation.delimiter"))
        next_state = FENCE
    else:
        heading = _HEADING.match(stripped)
        if heading:
            ranges.append((0, heading.end(1), "heading.marker"))
            ranges.append((heading.end(1), None, "heading"))
        else:
            bullet = _LIST.match(stripped)
            if bullet:
                ranges.append((bullet.start(2), bullet.end(2), "list.marker"))
            elif _QUOTE.match(stripped):
                ranges.append((0, None, "comment"))
        _inline(stripped, ranges)
    return tuple(_to_bytes(stripped, ranges)), next_state


def _inline_jinja_only(line: str, ranges: list[tuple[int, int | None, str]]) -> None:
    for match in _INLINE.finditer(line):
        kind = match.lastgroup or ""
        if kind in ("tag", "expr", "comment"):
            ranges.append((match.start(), match.end(), _STYLE[kind]))


_FRONTMATTER_OPEN: tuple[Highlight, ...] = ((0, None, "heading.marker"),)


def highlight_ranges(
    lines: list[str], *, frontmatter: bool = False
) -> dict[int, tuple[Highlight, ...]]:
    """Highlights per line index, as the per-line cache holds them (an unchanged line
    in an unchanged state gives the same tuple back); ``frontmatter`` when the first
    line may open one."""
    result: dict[int, tuple[Highlight, ...]] = {}
    state = BODY
    for index, line in enumerate(lines):
        if index == 0 and frontmatter and line.rstrip() == "---":
            result[0] = _FRONTMATTER_OPEN
            state = FRONTMATTER
            continue
        ranges, state = highlight_line(line, state)
        if ranges:
            result[index] = ranges
    return result


def highlight_lines(lines: list[str], *, frontmatter: bool = False) -> dict[int, list[Highlight]]:
    """Highlights per line index, as lists; ``frontmatter`` when the first line may open one."""
    return {
        index: list(ranges)
        for index, ranges in highlight_ranges(lines, frontmatter=frontmatter).items()
    }
