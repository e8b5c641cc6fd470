"""Line diffs of two texts, with word-level change spans and a side-by-side pairing.

Pure text, no rendering and no Textual: ``diff.py`` feeds it rendered outputs, the
CLI prints ``unified_lines``, the app's diff view draws ``hunks`` / ``rows`` and
highlights ``DiffLine.spans``. Built on ``difflib.SequenceMatcher``.

Lines are split on ``\\n`` only (so line numbers match an editor's); a line keeps
whether it ended with a newline, so a change to the final newline is a change,
reported as git does (``\\ No newline at end of file``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from enum import StrEnum

NO_NEWLINE = "\\ No newline at end of file"
# Word diffs of very long lines cost more than they help; such lines are marked whole.
_MAX_WORD_TOKENS = 600
# Below this similarity two paired lines are shown as wholly replaced, not word by word.
_MIN_WORD_RATIO = 0.3
_WORD = re.compile(r"\w+|\s+|[^\w\s]")


class LineKind(StrEnum):
    CONTEXT = " "
    ADDED = "+"
    REMOVED = "-"


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One line of a hunk. ``spans`` are the (start, end) character ranges that changed."""

    kind: LineKind
    text: str
    old_no: int | None
    new_no: int | None
    eol: bool = True
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Hunk:
    old_start: int
    old_count: int
    new_start: int
    new_count: int
    lines: tuple[DiffLine, ...]

    @property
    def header(self) -> str:
        def part(start: int, count: int) -> str:
            # unified-diff convention: an empty range starts at the line before it
            return f"{start if count else start - 1}" + ("" if count == 1 else f",{count}")

        return (
            f"@@ -{part(self.old_start, self.old_count)} +{part(self.new_start, self.new_count)} @@"
        )


@dataclass(frozen=True, slots=True)
class Row:
    """A side-by-side row: the old line on the left, the new one on the right.

    A hunk starts with a row holding only ``header``; unpaired changes leave one side None.
    """

    left: DiffLine | None
    right: DiffLine | None
    header: str | None = None


@dataclass(frozen=True)
class TextDiff:
    hunks: tuple[Hunk, ...] = ()
    added: int = 0
    removed: int = 0
    _rows: list[Row] = field(default_factory=list, repr=False, compare=False)

    @property
    def changed(self) -> bool:
        return bool(self.hunks)

    def unified_lines(self, old_name: str, new_name: str) -> list[str]:
        """The diff as ``diff -u`` prints it (no trailing newlines on the strings)."""
        if not self.hunks:
            return []
        out = [f"--- {old_name}", f"+++ {new_name}"]
        for hunk in self.hunks:
            out.append(hunk.header)
            for line in hunk.lines:
                out.append(f"{line.kind.value}{line.text}")
                if not line.eol:
                    out.append(NO_NEWLINE)
        return out

    def rows(self) -> list[Row]:
        """Side-by-side pairing: context on both sides; a run of removals paired with the
        run of additions that follows it, line by line, the longer run padded with None."""
        if self._rows or not self.hunks:
            return self._rows
        rows = self._rows
        for hunk in self.hunks:
            rows.append(Row(None, None, hunk.header))
            removed: list[DiffLine] = []
            added: list[DiffLine] = []
            for line in hunk.lines:
                if line.kind is LineKind.CONTEXT:
                    _pair_runs(rows, removed, added)
                    rows.append(Row(line, line))
                elif line.kind is LineKind.REMOVED:
                    if added:
                        _pair_runs(rows, removed, added)
                    removed.append(line)
                else:
                    added.append(line)
            _pair_runs(rows, removed, added)
        return rows


def _pair_runs(rows: list[Row], removed: list[DiffLine], added: list[DiffLine]) -> None:
    for i in range(max(len(removed), len(added))):
        rows.append(
            Row(removed[i] if i < len(removed) else None, added[i] if i < len(added) else None)
        )
    removed.clear()
    added.clear()


def split_lines(text: str) -> list[str]:
    """Split on ``\\n`` keeping it, so the last piece lacks it when the text has no final newline."""
    if not text:
        return []
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


def _strip(raw: str) -> tuple[str, bool]:
    if raw.endswith("\n"):
        raw = raw[:-1]
        if raw.endswith("\r"):
            raw = raw[:-1]
        return raw, True
    return raw.removesuffix("\r"), False


def word_spans(
    old: str, new: str
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]] | None:
    """Character ranges that differ between two paired lines, word by word; None when
    the lines have too little in common for a word diff to help."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    if len(a) > _MAX_WORD_TOKENS or len(b) > _MAX_WORD_TOKENS:
        return None
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < _MIN_WORD_RATIO:
        return None
    a_off = [0]
    for tok in a:
        a_off.append(a_off[-1] + len(tok))
    b_off = [0]
    for tok in b:
        b_off.append(b_off[-1] + len(tok))
    old_spans: list[tuple[int, int]] = []
    new_spans: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            old_spans.append(_trimmed(old, a_off[i1], a_off[i2]))
        if j2 > j1:
            new_spans.append(_trimmed(new, b_off[j1], b_off[j2]))
    return tuple(old_spans), tuple(new_spans)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces around its words (a change of spacing alone stays whole)."""
    inner = text[start:end]
    stripped = inner.strip()
    if not stripped:
        return start, end
    lead = len(inner) - len(inner.lstrip())
    return start + lead, start + lead + len(stripped)


def _with_word_spans(removed: list[DiffLine], added: list[DiffLine]) -> None:
    for i in range(min(len(removed), len(added))):
        spans = word_spans(removed[i].text, added[i].text)
        if spans is None:
            continue
        old_spans, new_spans = spans
        removed[i] = DiffLine(
            removed[i].kind, removed[i].text, removed[i].old_no, None, removed[i].eol, old_spans
        )
        added[i] = DiffLine(
            added[i].kind, added[i].text, None, added[i].new_no, added[i].eol, new_spans
        )


def diff_texts(old: str, new: str, *, context: int = 3) -> TextDiff:
    """Hunks of changed lines with ``context`` lines around them (``context`` < 0: the
    whole text in one hunk)."""
    if old == new:
        return TextDiff()
    a, b = split_lines(old), split_lines(new)
    matcher = difflib.SequenceMatcher(None, a, b)
    groups = [matcher.get_opcodes()] if context < 0 else list(matcher.get_grouped_opcodes(context))
    hunks: list[Hunk] = []
    added = removed = 0
    for group in groups:
        lines: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for k in range(i2 - i1):
                    text, eol = _strip(a[i1 + k])
                    lines.append(DiffLine(LineKind.CONTEXT, text, i1 + k + 1, j1 + k + 1, eol))
                continue
            rem = [DiffLine(LineKind.REMOVED, *_pair(a[i], i + 1, None)) for i in range(i1, i2)]
            add = [DiffLine(LineKind.ADDED, *_pair(b[j], None, j + 1)) for j in range(j1, j2)]
            _with_word_spans(rem, add)
            lines += rem + add
            removed += len(rem)
            added += len(add)
        first = group[0]
        last = group[-1]
        hunks.append(
            Hunk(
                old_start=first[1] + 1,
                old_count=last[2] - first[1],
                new_start=first[3] + 1,
                new_count=last[4] - first[3],
                lines=tuple(lines),
            )
        )
    return TextDiff(tuple(hunks), added, removed)


def _pair(
    raw: str, old_no: int | None, new_no: int | None
) -> tuple[str, int | None, int | None, bool]:
    text, eol = _strip(raw)
    return text, old_no, new_no, eol
