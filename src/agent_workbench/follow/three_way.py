"""A three-way merge of the disk's change and the author's unsaved edits, line by line.

``merge_texts(base, mine, theirs)``: ``base`` is the text last loaded or saved,
``mine`` the unsaved buffer, ``theirs`` what is on disk now. Each side's change
against the base is found with ``difflib`` (lines kept with their endings, so a
CRLF file and a missing final newline are merged byte for byte). The two sides
merge when no base line is changed by both, the way ``diff3``/``git merge-file``
merge, with one difference chosen for the author: edits of *adjacent* lines merge
(they change different lines, and the result is unambiguous), where git reports a
conflict. They do not merge (``MergeResult.merged`` is None, ``overlaps`` says
where) when

- both sides change the same base line (unless they made the very same change);
- both sides insert different lines at the same place (which goes first is a guess);
- one side inserts lines strictly inside a run of lines the other side changed.

Nothing here writes conflict markers: a merge either holds both changes whole or
is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent_workbench.model.line_diff import changed_blocks

MINE = "mine"
THEIRS = "theirs"


@dataclass(frozen=True)
class Hunk:
    """One side's change: base lines ``[start, end)`` replaced by ``lines``."""

    side: str
    start: int
    end: int
    lines: tuple[str, ...]
    at: int  # where the replacement starts in that side's text (0-based line)

    def same_change(self, other: Hunk) -> bool:
        return (self.start, self.end, self.lines) == (other.start, other.end, other.lines)


@dataclass(frozen=True)
class Overlap:
    """Where both sides changed the same lines (1-based, inclusive spans)."""

    base: tuple[int, int]  # lines of the version loaded; (n, n - 1) is "before line n"
    mine: tuple[int, int]
    theirs: tuple[int, int]

    def describe(self) -> str:
        """One line for the author, e.g. ``both change line 12 (your line 12, disk's 12–13)``."""
        first, last = self.base
        if last < first:
            what = f"both add lines before line {first}"
        elif last == first:
            what = f"both change line {first}"
        else:
            what = f"both change lines {first}–{last}"
        return f"{what} (your {_span(self.mine)}, disk's {_span(self.theirs)})"


@dataclass(frozen=True)
class MergeResult:
    """The merged text, or why there is none."""

    merged: str | None
    overlaps: tuple[Overlap, ...] = ()

    @property
    def ok(self) -> bool:
        return self.merged is not None


def split_keepends(text: str) -> list[str]:
    """Lines with their endings; only ``\\n`` ends a line (a lone ``\\r`` stays inside it)."""
    lines = text.split("\n")
    last = lines.pop()
    result = [line + "\n" for line in lines]
    if last:
        result.append(last)
    return result


def changes(side: str, base: list[str], other: list[str]) -> list[Hunk]:
    """The hunks that turn ``base`` into ``other``, in order (common head and tail trimmed)."""
    return [
        Hunk(side, i1, i2, tuple(other[j1:j2]), j1)
        for i1, i2, j1, j2 in changed_blocks(base, other)
    ]


def clash(a: Hunk, b: Hunk) -> bool:
    """Whether two hunks of different sides cannot both be applied unambiguously."""
    if a.same_change(b):
        return False
    a_empty, b_empty = a.start == a.end, b.start == b.end
    if a_empty and b_empty:
        return a.start == b.start
    if a_empty:
        return b.start < a.start < b.end
    if b_empty:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def merge_texts(base: str, mine: str, theirs: str) -> MergeResult:
    """Both sides' changes applied to ``base``, or the places they overlap."""
    if mine == theirs or theirs == base:
        return MergeResult(mine)
    if mine == base:
        return MergeResult(theirs)
    base_lines = split_keepends(base)
    ours = changes(MINE, base_lines, split_keepends(mine))
    others = changes(THEIRS, base_lines, split_keepends(theirs))
    overlaps = tuple(_overlap(m, t) for m in ours for t in others if clash(m, t))
    if overlaps:
        return MergeResult(None, overlaps)
    # Identical changes on both sides are applied once; an insertion at the start of
    # the other side's change goes before it, at its end after it (the sort's order).
    kept = ours + [t for t in others if not any(t.same_change(m) for m in ours)]
    kept.sort(key=lambda h: (h.start, h.end))
    out: list[str] = []
    cursor = 0
    for hunk in kept:
        out.extend(base_lines[cursor : hunk.start])
        out.extend(hunk.lines)
        cursor = max(cursor, hunk.end)
    out.extend(base_lines[cursor:])
    return MergeResult("".join(out))


def _overlap(mine: Hunk, theirs: Hunk) -> Overlap:
    start = min(mine.start, theirs.start)
    end = max(mine.end, theirs.end)
    return Overlap(
        base=(start + 1, end),
        mine=(mine.at + 1, mine.at + len(mine.lines)),
        theirs=(theirs.at + 1, theirs.at + len(theirs.lines)),
    )


def _span(span: tuple[int, int]) -> str:
    first, last = span
    if last < first:
        return f"lines removed before {first}"
    return f"line {first}" if last == first else f"lines {first}–{last}"
