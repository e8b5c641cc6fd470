"""Block renderers of the preview: styled Markdown, and raw lines (cut or wrapped).

Each block is rendered by Rich on its own (``Markdown`` for prose, ``Syntax``
for YAML frontmatter) at the view's width, so the preview's cost follows what
changed and what is visible, never the size of the document.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable

from markdown_it import MarkdownIt
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.syntax import Syntax
from rich.text import Text
from textual.cache import LRUCache
from textual.strip import Strip

from agent_workbench.app.widgets.line_view import Block, BlockRenderer, LineView
from agent_workbench.app.widgets.preview_blocks import sanitize
from agent_workbench.model.caches import memo

DARK_CODE_THEME = "monokai"
LIGHT_CODE_THEME = "friendly"


# Rich builds a new markdown-it parser for every Markdown object, which costs
# more than parsing a paragraph; blocks share one parser set up as Rich's.
_PARSER = MarkdownIt().enable("strikethrough").enable("table")


@memo("app.markdown_templates", 8)
def _markdown_template(theme: str) -> Markdown:
    return Markdown("", code_theme=theme, hyperlinks=False)


def block_markdown(text: str, theme: str) -> Markdown:
    """A Rich ``Markdown`` of ``text``, parsed with the shared parser."""
    markdown = copy.copy(_markdown_template(theme))
    markdown.markup = text
    markdown.parsed = _PARSER.parse(text)
    return markdown


def _is_dark(view: LineView) -> bool:
    theme = view.app.current_theme
    return bool(theme.dark) if theme is not None else True


def code_theme(view: LineView) -> str:
    return DARK_CODE_THEME if _is_dark(view) else LIGHT_CODE_THEME


def _foreground(style: str | Style) -> Style:
    style = Style.parse(style) if isinstance(style, str) else style
    return Style(color=style.color, bold=style.bold, italic=style.italic)


def highlight_yaml(code: str, theme: str) -> Text:
    """YAML with syntax colours on the widget's own background."""
    highlighted = Syntax(code, "yaml", theme=theme).highlight(code)
    text = Text(highlighted.plain, end="")
    for span in highlighted.spans:
        text.stylize(_foreground(span.style), span.start, span.end)
    text.rstrip()
    return text


def _text_rows(text: Text, view: LineView) -> list[Strip]:
    """Unwrapped rows of ``text``, one per line."""
    console = view.app.console
    rows = []
    for line in text.split("\n", allow_blank=True) or [Text()]:
        line.expand_tabs()
        segments = list(line.render(console, end=""))
        rows.append(Strip(segments, line.cell_len))
    return rows


class MarkdownRenderer(BlockRenderer):
    """Styled Markdown: headings, lists, emphasis, code, tables, quotes."""

    wrap = True

    def style_key(self, view: LineView) -> Hashable:
        return (view.app.theme, code_theme(view))

    def render(self, block: Block, width: int, view: LineView) -> list[Strip]:
        console = view.app.console
        options = console.options.update(width=width, min_width=width, height=None)
        theme = code_theme(view)
        renderable: Markdown | Text
        if block.kind == "frontmatter":
            renderable = highlight_yaml(sanitize(block.text), theme)
        else:
            renderable = block_markdown(sanitize(block.text), theme)
        lines = console.render_lines(renderable, options, pad=False, new_lines=False)
        # Rich opens lists, tables and quotes with an empty row; the view puts
        # exactly one blank row between blocks instead.
        start, end = 0, len(lines)
        while start < end and _is_blank(lines[start]):
            start += 1
        while end > start and _is_blank(lines[end - 1]):
            end -= 1
        return [Strip(line) for line in lines[start:end]] or [Strip.blank(width)]


class RawRenderer(BlockRenderer):
    """Text as it is: one row per line, never wrapped; frontmatter as YAML."""

    wrap = False

    def style_key(self, view: LineView) -> Hashable:
        return (view.app.theme, code_theme(view))

    def render(self, block: Block, width: int, view: LineView) -> list[Strip]:
        return _text_rows(_raw_text(block, view), view)


class WrappedRawRenderer(RawRenderer):
    """Text as it is, a long line folded onto the rows below it (at spaces where it can).

    ``line_rows`` says how many rows each line of a block took, for the line numbers
    beside the first row of each line.
    """

    wrap = True

    def __init__(self) -> None:
        self._line_rows: LRUCache[tuple[str, int], tuple[int, ...]] = LRUCache(256)

    def render(self, block: Block, width: int, view: LineView) -> list[Strip]:
        console = view.app.console
        rows: list[Strip] = []
        counts: list[int] = []
        for line in _raw_text(block, view).split("\n", allow_blank=True) or [Text()]:
            line.expand_tabs()
            parts = line.wrap(console, width, overflow="fold") if line.cell_len > width else [line]
            counts.append(len(parts))
            rows.extend(Strip(list(part.render(console, end="")), part.cell_len) for part in parts)
        self._line_rows[(block.text, width)] = tuple(counts)
        return rows

    def line_rows(self, block: Block, width: int, view: LineView) -> tuple[int, ...]:
        """Rows taken by each line of ``block`` at ``width`` (rendered again if forgotten)."""
        counts = self._line_rows.get((block.text, width))
        if counts is None:
            self.render(block, width, view)
            counts = self._line_rows[(block.text, width)]
        return counts


def _raw_text(block: Block, view: LineView) -> Text:
    if block.kind == "frontmatter":
        return highlight_yaml(sanitize(block.text), code_theme(view))
    return Text(sanitize(block.text))


def _is_blank(line: list[Segment]) -> bool:
    """No text and no background (a code block's padding row is not blank)."""
    return all(
        not segment.text.strip() and (segment.style is None or segment.style.bgcolor is None)
        for segment in line
    )
