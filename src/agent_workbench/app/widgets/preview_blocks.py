"""Split preview text into blocks that render independently.

Parsing a 60 KB prompt with markdown-it takes ~30 ms, too slow for every
keystroke, so Markdown is split here by a single pass over the lines that
never cuts through a fenced code block, an HTML comment, a paragraph, a table
or an indented continuation: a new block starts at a line in column 0 that
follows a blank line, at an ATX heading, and after one. Rich then parses each
block on its own (and only when it is first shown). Very long tight lists are
cut between top-level items so that an edit re-renders one part of the list.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from agent_workbench.app.widgets.line_view import Block

MAX_LIST_CHUNK = 24
"""Lines of a tight list rendered together before it is cut at an item."""

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^#{1,6}(?:[ \t]|$)")
_HTML_START = re.compile(r"^ {0,3}</?[A-Za-z]")
_HTML_RAW = re.compile(r"^ {0,3}<(script|pre|style|textarea)(?:[\s>]|$)", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]")
_YAML_KEY = re.compile(r"^[A-Za-z0-9_\"'][^:]*:")

# C0 controls and DEL would reach the terminal as escape sequences; show them
# as their Unicode control pictures instead (tab and newline stay).
_CONTROL = {code: 0x2400 + code for code in range(32) if code not in (9, 10)}
_CONTROL[127] = 0x2421


def sanitize(text: str) -> str:
    """Text safe to show: no control characters reach the terminal."""
    return text.translate(_CONTROL)


def split_text_lines(text: str) -> list[str]:
    """Lines without their ends (``\\n``, ``\\r\\n``); a final newline adds none."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def frontmatter_end(lines: list[str]) -> int:
    """Lines taken by a leading ``---`` frontmatter block (0 when there is none)."""
    if not lines or lines[0].lstrip("\ufeff").rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            inner = [line for line in lines[1:index] if line.strip()]
            if not inner or _YAML_KEY.match(inner[0]) or inner[0].startswith("#"):
                return index + 1
            return 0
    return 0


def _frontmatter_block(lines: list[str], end: int) -> Block:
    return Block("\n".join(lines[:end]), kind="frontmatter", line=0, lines=end)


def markdown_blocks(text: str) -> list[Block]:
    """Blocks of a Markdown document (a leading frontmatter becomes one block)."""
    lines = split_text_lines(text)
    blocks: list[Block] = []
    start = frontmatter_end(lines)
    if start:
        blocks.append(_frontmatter_block(lines, start))

    spans: list[tuple[int, int, int]] = []  # (first line, end line, gap) of each block
    block_start = -1  # first line of the open block (-1: none open)
    last_content = -1  # last non-blank line of the open block
    gap = 1 if blocks else 0
    fence: tuple[str, int] | None = None
    raw_end: str | None = None  # end marker of an HTML comment or <pre>-like block
    in_html = False  # an HTML block: goes on to the next blank line
    blank_before = False
    after_heading = False

    for index in range(start, len(lines)):
        line = lines[index]
        if fence is not None or raw_end is not None:
            last_content = index
            if fence is not None:
                match = _FENCE.match(line) if fence[0] in line else None
                if (
                    match
                    and match.group(1)[0] == fence[0]
                    and len(match.group(1)) >= fence[1]
                    and not line[match.end() :].strip()
                ):
                    fence = None
            elif raw_end is not None and raw_end in line.lower():
                raw_end = None
            continue
        stripped = line.lstrip()
        if not stripped:
            blank_before = block_start >= 0 or blank_before
            in_html = False
            continue
        first = line[0]
        heading = first == "#" and not in_html and bool(_HEADING.match(line))
        new_gap = 1
        starts = block_start < 0
        if not starts and (heading or after_heading or (blank_before and first not in " \t")):
            starts = True
        elif (
            not starts
            and not blank_before
            and index - block_start >= MAX_LIST_CHUNK
            and (first in "-*+" or first.isdigit())
            and _LIST_ITEM.match(line)
            and _LIST_ITEM.match(lines[block_start])
        ):
            starts, new_gap = True, 0
        if starts:
            if block_start >= 0:
                spans.append((block_start, last_content + 1, gap))
            if blocks or spans:
                gap = new_gap
            block_start = index
        lead = stripped[0]
        if lead == "<" and (starts or blank_before or after_heading) and _HTML_START.match(line):
            in_html = True
        blank_before = False
        after_heading = heading
        last_content = index
        if lead in "`~":
            match = _FENCE.match(line)
            if match:
                marker = match.group(1)
                if marker[0] == "~" or "`" not in line[match.end() :]:
                    fence = (marker[0], len(marker))
        elif "<" in line:
            raw = _HTML_RAW.match(line)
            if raw and f"</{raw.group(1).lower()}>" not in line.lower():
                raw_end = f"</{raw.group(1).lower()}>"
            elif "<!--" in line and "-->" not in line[line.index("<!--") + 4 :]:
                raw_end = "-->"
    if block_start >= 0:
        spans.append((block_start, last_content + 1, gap))
    join = "\n".join
    blocks.extend(
        Block(join(lines[first_line:end]), "markdown", first_line, end - first_line, gap)
        for first_line, end, gap in spans
    )
    return blocks


def line_blocks(text: str, *, highlight_frontmatter: bool) -> list[Block]:
    """One block per line (raw views), the frontmatter as one block if asked."""
    lines = split_text_lines(text)
    blocks: list[Block] = []
    start = frontmatter_end(lines) if highlight_frontmatter else 0
    if start:
        blocks.append(_frontmatter_block(lines, start))
    blocks.extend(Block(lines[index], "line", index, 1) for index in range(start, len(lines)))
    return blocks


# -- one-line edits ---------------------------------------------------------------

STRUCTURE_COLUMNS = 16
"""Columns at the start of a line that can make it a heading, list item, fence or HTML."""

_MARKERS = ("<!--", "-->", "</script>", "</pre>", "</style>", "</textarea>")


def _common_prefix_length(a: str, b: str) -> int:
    low, high = 0, min(len(a), len(b))
    while low < high:  # binary search over C-speed slice comparisons
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix_length(a: str, b: str, limit: int) -> int:
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def single_line_edit(old: str, new: str) -> tuple[int, str, int] | None:
    """(0-based line, the line's new text, column) when ``new`` differs from ``old``
    within one line; None when the edit spans or changes line ends."""
    prefix = _common_prefix_length(old, new)
    suffix = _common_suffix_length(old, new, min(len(old), len(new)) - prefix)
    removed, added = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    if "\n" in removed or "\n" in added or "\r" in removed or "\r" in added:
        return None
    start = old.rfind("\n", 0, prefix) + 1
    end = new.find("\n", prefix)
    line = new[start : len(new) if end < 0 else end]
    return old.count("\n", 0, prefix), line.removesuffix("\r"), prefix - start


def _structure_neutral(old_line: str, new_line: str, column: int) -> bool:
    """True when the Markdown splitter decides the same for both versions of a line."""
    if column < STRUCTURE_COLUMNS or not old_line.strip() or not new_line.strip():
        return False
    for line in (old_line, new_line):
        if line.lstrip()[:1] in ("`", "~"):  # fence lines: their tails matter
            return False
        lower = line.lower()
        if any(marker in lower for marker in _MARKERS):
            return False
    return True


def edit_blocks(
    old_text: str, old_blocks: list[Block], new_text: str, *, markdown: bool
) -> list[Block] | None:
    """The blocks of ``new_text`` from those of ``old_text`` when one line changed.

    For a keystroke in a long prompt this replaces one block's text instead
    of splitting the whole text again. Returns None when the edit might change
    how the text splits (the caller splits again); otherwise the result is what
    splitting ``new_text`` gives (``markdown_blocks`` or ``line_blocks``).
    """
    if not old_blocks or (old_text.startswith("---") and old_blocks[0].kind != "frontmatter"):
        return None  # an edit could complete a frontmatter block
    edit = single_line_edit(old_text, new_text)
    if edit is None:
        return None
    line, new_line, column = edit
    low = block_index(old_blocks, line)
    if low >= len(old_blocks) or line == 0:
        return None
    block = old_blocks[low]
    if block.kind == "frontmatter" or not block.line <= line < block.line + block.lines:
        return None
    rows = block.text.split("\n")
    if markdown and not _structure_neutral(rows[line - block.line], new_line, column):
        return None
    rows[line - block.line] = new_line
    blocks = list(old_blocks)
    blocks[low] = block._replace(text="\n".join(rows))
    return blocks


def block_index(blocks: Sequence[Block], line: int) -> int:
    """Index of the first block ending after 0-based source ``line`` (len(blocks) if none)."""
    return bisect.bisect_left(blocks, line, key=lambda block: block.line + block.lines - 1)
