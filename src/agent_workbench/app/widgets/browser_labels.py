"""The browser's labels: a name, then its flavour, token count and problem badge.

Labels are fitted to the width the tree has: the flavour, count and badge are
right-aligned in columns that line up. A name is never cut while there is room
for it: the flavour tag gives way first (the folder usually says it already),
then the name is cut with an ellipsis in its middle, keeping its head and its
tail (``backend-…advanced``); the count goes last. A file with unsaved changes
has ``●`` before its name. Folders keep the end of their path.
"""

from __future__ import annotations

import posixpath

from rich.cells import cell_len
from rich.text import Text

from agent_workbench.session.summary import ResourceSummary

FLAVOUR_TAGS = {
    "claude-code": ("CC", "magenta"),
    "opencode": ("OC", "cyan"),
    "snippet": ("sn", "green"),
    "command": ("cmd", "blue"),
    "opencode-command": ("cmd", "cyan"),
    "skill": ("sk", "yellow"),
    "unknown": ("md", "dim"),
}
ELLIPSIS = "…"
UNSAVED = "● "  # before the name of a file with unsaved changes
UNSAVED_WIDTH = cell_len(UNSAVED)
COUNT_WIDTH = 4  # "883", "3.1k", "15k" (see short_count)


def short_count(n: int) -> str:
    """At most four characters up to 999k: ``883``, ``3.1k``, ``15k``."""
    if n < 1000:
        return str(n)
    if n < 9950:
        return f"{n / 1000:.1f}k"
    return f"{round(n / 1000)}k"


def _suffix_parts(entry: ResourceSummary, *, columns: bool) -> tuple[Text, Text, Text]:
    """The flavour tag, the count and the badge, each with its leading space (or empty).

    ``columns``: padded to fixed widths, so that tags, counts and badges line up from
    one row to the next (a count not yet known, or no problem, leaves blank cells).
    """
    tag = Text()
    if entry.flavour:
        label, colour = FLAVOUR_TAGS.get(entry.flavour, (entry.flavour, "dim"))
        tag.append(f" {label:>2}" if columns else f" {label}", style=colour)
    count = Text()
    if entry.tokens is not None:
        stale = "~" if entry.stale else ""  # a file it reads changed; being re-counted
        shown = f"{stale}{short_count(entry.tokens)}"
        count.append(f" {shown:>{COUNT_WIDTH}}" if columns else f" {shown}", style="dim")
    elif columns:
        count.append(" " * (COUNT_WIDTH + 1))
    badge = Text()
    if entry.errors:
        badge.append(" ✗", style="bold red")
    elif entry.warnings:
        badge.append(" ⚠", style="yellow")
    elif columns:
        badge.append("  ")
    return tag, count, badge


def _name_style(entry: ResourceSummary, current: bool) -> str:
    style = "bold" if current else ""
    if entry.error:
        style += " red"  # does not parse: the detail line under the tree says why
    return style.strip()


def cut_middle(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells; when cut, an ellipsis takes the middle, so
    names that share a beginning (``backend-engineer``, ``backend-engineer-advanced``)
    stay apart."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    tail_room = (width - 1) // 2
    head_room = width - 1 - tail_room
    head = ""
    for char in text:
        if cell_len(head + char) > head_room:
            break
        head += char
    tail = ""
    for char in reversed(text):
        if cell_len(char + tail) > tail_room:
            break
        tail = char + tail
    return head + ELLIPSIS + tail


def entry_label(
    entry: ResourceSummary,
    *,
    current: bool = False,
    width: int | None = None,
    unsaved: bool = False,
) -> Text:
    """The label of one resource; fitted into ``width`` cells when given."""
    name = posixpath.splitext(posixpath.basename(entry.rel))[0]
    tag, count, badge = _suffix_parts(entry, columns=width is not None)
    style = _name_style(entry, current)
    text = Text(no_wrap=True, end="")
    if unsaved:
        text.append(UNSAVED, style="bold yellow")
    if width is None:
        text.append(name, style=style)
        text.append_text(tag + count + badge)
        if entry.error:
            text.append(f" {entry.error}", style="red italic")
        return text
    width -= text.cell_len
    # The whole name with the tag; else the whole name without it; else the name cut in
    # its middle beside the count; the count goes only when nothing else can.
    for suffix, least in (
        (tag + count + badge, cell_len(name)),
        (count + badge, min(2, cell_len(name))),
        (badge, 0),
    ):
        room = width - suffix.cell_len
        if room >= least:
            break
    shown = cut_middle(name, max(room, 1))
    text.append(shown, style=style)
    text.append(" " * max(0, width - cell_len(shown) - suffix.cell_len))
    text.append_text(suffix)
    text.truncate(width + (UNSAVED_WIDTH if unsaved else 0))
    return text


def folder_label(folder: str, width: int | None = None) -> Text:
    """A folder's label: its path with ``/``; the end of it kept when it does not fit."""
    label = folder.rstrip("/") + "/"
    if width is not None and cell_len(label) > width:
        keep = ""
        for char in reversed(label):
            if cell_len(ELLIPSIS + char + keep) > width:
                break
            keep = char + keep
        label = ELLIPSIS + keep
    return Text(label, style="bold", no_wrap=True, end="")


def matches(entry: ResourceSummary, query: str) -> bool:
    """Every word of the query appears in the path or the flavour (case-insensitive)."""
    haystack = f"{entry.rel} {entry.flavour}".lower()
    return all(word in haystack for word in query.lower().split())


def short_error(error: str) -> str:
    """The head of a parse error ("line 3: frontmatter is not valid YAML"), without the
    explanation that follows (the problems panel and the tooltip have it whole)."""
    parts = error.split(": ")
    head = ": ".join(parts[:2]) if parts[0].startswith("line ") else parts[0]
    return head if head == error else head + " …"


def detail_text(entry: ResourceSummary) -> Text:
    """What the line under the tree says about the highlighted entry: its name and error."""
    text = Text(posixpath.basename(entry.rel), style="bold", overflow="ellipsis")
    if entry.error:
        text.append("\n")
        text.append(short_error(entry.error), style="red")
    return text
