"""A virtualised diff of two rendered outputs: unified or side by side, coloured, with the
changed words highlighted inside changed lines.

Built on :class:`LineView`: every diff row (a hunk header, a line, or a side-by-side
pair) is one block, so only the rows on screen are rendered, and long lines wrap at
the view's width (prompts are prose). The data comes from ``textdiff.TextDiff``; this
module only draws it. Colours are component classes styled in ``diff_view.tcss`` so they
follow the theme.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.strip import Strip

from agent_workbench.app.widgets.line_view import Block, BlockRenderer, LineView
from agent_workbench.session.diffs import DiffLine, TextDiff

_STYLES = Path(__file__).resolve().parent / "diff_view.tcss"
_SEP = "│"
NO_DIFFERENCES = "No differences: both sides render the same."


# -- blocks: each row's data encoded in Block.kind (part of LineView's cache key) -------


def _spans(spans: tuple[tuple[int, int], ...]) -> str:
    return ",".join(f"{a}-{b}" for a, b in spans)


def _unspans(text: str) -> tuple[tuple[int, int], ...]:
    if not text:
        return ()
    out = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out.append((int(a), int(b)))
    return tuple(out)


def _side(line: DiffLine | None, left: bool) -> str:
    if line is None:
        return "x||"
    number = line.old_no if left else line.new_no
    return f"{line.kind.value}|{number or ''}|{_spans(line.spans)}"


def _clean(text: str) -> str:
    text = text.expandtabs(4)
    return "".join(ch if ch >= " " or ch == "\n" else "\ufffd" for ch in text)


def unified_blocks(diff: TextDiff) -> tuple[list[Block], list[int]]:
    """One block per hunk header and per line; and the indices of the hunk headers."""
    blocks: list[Block] = []
    hunks: list[int] = []
    for hunk in diff.hunks:
        hunks.append(len(blocks))
        blocks.append(Block(hunk.header, "h"))
        for line in hunk.lines:
            kind = (
                f"u{line.kind.value}|{line.old_no or ''}|{line.new_no or ''}|{_spans(line.spans)}"
            )
            blocks.append(Block(_clean(line.text), kind))
    return blocks, hunks


def split_blocks(diff: TextDiff) -> tuple[list[Block], list[int]]:
    """One block per side-by-side row (``left\\nright`` as its text)."""
    blocks: list[Block] = []
    hunks: list[int] = []
    for row in diff.rows():
        if row.header is not None:
            hunks.append(len(blocks))
            blocks.append(Block(row.header, "h"))
            continue
        left = _clean(row.left.text) if row.left else ""
        right = _clean(row.right.text) if row.right else ""
        kind = f"s{_side(row.left, True)}#{_side(row.right, False)}"
        blocks.append(Block(f"{left}\n{right}", kind, lines=1))
    return blocks, hunks


# -- rendering --------------------------------------------------------------------------


class DiffRenderer(BlockRenderer):
    """Rows of a diff block, wrapped at the view's width."""

    wrap = True

    def style_key(self, view: LineView) -> object:
        return (view.app.theme, getattr(view, "number_width", 0))

    def _styles(self, view: LineView) -> dict[str, Style]:
        get = view.get_component_rich_style
        return {
            "+": get("diff-view--added"),
            "-": get("diff-view--removed"),
            "+w": get("diff-view--added-word"),
            "-w": get("diff-view--removed-word"),
            " ": view.rich_style,
            " w": view.rich_style,
            "h": get("diff-view--header"),
            "n": get("diff-view--line-number"),
            "x": get("diff-view--filler"),
            "m": get("diff-view--message"),
        }

    def render(self, block: Block, width: int, view: LineView) -> list[Strip]:
        styles = self._styles(view)
        width = max(width, 8)
        if block.kind in ("h", "m"):
            style = styles[block.kind]
            return [Strip(line) for line in _wrap(view, Text(block.text), width, style)]
        if block.kind.startswith("u"):
            sign, _old, _new, spans = block.kind[1:].split("|")
            return [
                Strip(line)
                for line in _line_rows(view, sign, block.text, _unspans(spans), width, styles)
            ]
        left_meta, right_meta = block.kind[1:].split("#")
        left_text, _, right_text = block.text.partition("\n")
        numbers = getattr(view, "number_width", 0)
        left_w = (width - 1) // 2
        right_w = width - 1 - left_w
        left = _split_side(view, left_meta, left_text, left_w, numbers, styles)
        right = _split_side(view, right_meta, right_text, right_w, numbers, styles)
        height = max(len(left), len(right))
        sep = Segment(_SEP, styles["n"])
        rows = []
        for i in range(height):
            lrow = (
                left[i] if i < len(left) else [Segment(" " * left_w, _pad_style(left_meta, styles))]
            )
            rrow = (
                right[i]
                if i < len(right)
                else [Segment(" " * right_w, _pad_style(right_meta, styles))]
            )
            rows.append(Strip([*lrow, sep, *rrow], width))
        return rows

    def estimate(self, block: Block, width: int) -> int:
        if block.kind.startswith("s"):
            half = max(1, (width - 1) // 2 - 8)
            return max(1, *(-(-len(part) // half) for part in block.text.split("\n")))
        return max(1, -(-(len(block.text) + 1) // max(1, width)))


def _pad_style(meta: str, styles: dict[str, Style]) -> Style:
    return styles.get(meta[:1], styles[" "])


def _wrap(view: LineView, text: Text, width: int, style: Style) -> list[list[Segment]]:
    console = view.app.console
    text.end = ""
    lines = console.render_lines(text, console.options.update_width(width), style=style, pad=True)
    return lines or [[Segment(" " * width, style)]]


def _line_rows(
    view: LineView,
    sign: str,
    text: str,
    spans: tuple[tuple[int, int], ...],
    width: int,
    styles: dict[str, Style],
) -> list[list[Segment]]:
    style = styles.get(sign, styles[" "])
    body = Text(text, style=style)
    word = styles.get(sign + "w", style)
    for start, end in spans:
        body.stylize(word, start, end)
    rows = _wrap(view, body, max(1, width - 2), style)
    lead = Segment(f"{sign} ", style)
    cont = Segment("  ", style)
    return [[lead if i == 0 else cont, *row] for i, row in enumerate(rows)]


def _split_side(
    view: LineView, meta: str, text: str, width: int, numbers: int, styles: dict[str, Style]
) -> list[list[Segment]]:
    sign, number, spans = meta.split("|")
    if sign == "x":
        return [[Segment(" " * width, styles["x"])]]
    gutter = numbers + 1
    if width <= gutter + 3:
        gutter = 0
    rows = _line_rows(view, sign, text, _unspans(spans), width - gutter, styles)
    if not gutter:
        return rows
    first = Segment(f"{number:>{numbers}} ", styles["n"])
    blank = Segment(" " * gutter, styles["n"])
    return [[first if i == 0 else blank, *row] for i, row in enumerate(rows)]


# -- the widget -------------------------------------------------------------------------


class DiffView(LineView):
    """A diff, unified or side by side (``split``); ``n`` / ``p`` move between hunks."""

    DEFAULT_CSS = _STYLES.read_text(encoding="utf-8")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "diff-view--added",
        "diff-view--removed",
        "diff-view--added-word",
        "diff-view--removed-word",
        "diff-view--header",
        "diff-view--line-number",
        "diff-view--filler",
        "diff-view--message",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_hunk", "Next", id="diff-next", tooltip="go to the next change"),
        Binding(
            "p", "previous_hunk", "Prev", id="diff-previous", tooltip="go to the previous change"
        ),
    ]

    def __init__(
        self,
        diff: TextDiff | None = None,
        *,
        split: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(DiffRenderer(), name=name, id=id, classes=classes)
        self._diff = diff or TextDiff()
        self._split = split
        self._hunks: list[int] = []
        self.number_width = 1
        self._message = NO_DIFFERENCES
        self.show_diff(self._diff, split=split)

    @property
    def diff(self) -> TextDiff:
        return self._diff

    @property
    def split(self) -> bool:
        return self._split

    @property
    def hunk_blocks(self) -> list[int]:
        return list(self._hunks)

    @property
    def gutter_width(self) -> int:
        return 0 if self._split else 2 * self.number_width + 2

    def render_gutter(self, block: Block, row: int) -> Strip:
        style = self.get_component_rich_style("diff-view--line-number")
        width = self.gutter_width
        if row != 0 or not block.kind.startswith("u"):
            return Strip([Segment(" " * width, style)], width)
        _sign, old, new, _spans = block.kind[1:].split("|")
        n = self.number_width
        return Strip([Segment(f"{old:>{n}} {new:>{n}} ", style)], width)

    def show_diff(
        self, diff: TextDiff, *, split: bool | None = None, message: str = NO_DIFFERENCES
    ) -> None:
        """Show ``diff`` (``message`` in its place when nothing differs)."""
        self._diff = diff
        self._message = message
        if split is not None:
            self._split = split
        last = max(
            (max(ln.old_no or 0, ln.new_no or 0) for h in diff.hunks for ln in h.lines), default=0
        )
        self.number_width = max(2, len(str(last)))
        if not diff.changed:
            blocks, self._hunks = [Block(message, "m")], []
        elif self._split:
            blocks, self._hunks = split_blocks(diff)
        else:
            blocks, self._hunks = unified_blocks(diff)
        self._refresh_style_key()
        self.set_document(blocks)
        self.scroll_home(animate=False)

    def set_split(self, split: bool) -> None:
        if split != self._split:
            self.show_diff(self._diff, split=split, message=self._message)

    def action_next_hunk(self) -> None:
        top = round(self.scroll_y)
        for index in self._hunks:
            if self.block_offset(index) > top:
                self.scroll_to_block(index)
                return

    def action_previous_hunk(self) -> None:
        top = round(self.scroll_y)
        for index in reversed(self._hunks):
            if self.block_offset(index) < top:
                self.scroll_to_block(index)
                return
