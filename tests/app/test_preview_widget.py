"""The preview widget in a real (headless) Textual app, driven through Pilot."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region

from agent_workbench.app.widgets.preview import STALE_LABEL, Preview

AGENT = """\
---
name: reviewer
description: Reviews Python code
---
# Code reviewer

You review **Python** code and keep *answers* short.

## Checklist

- Read the diff
- Run the tests

```python
def greet(name):
    return f"hello {name}"
```

| tool | use |
| --- | --- |
| pytest | tests |

> Be kind.
"""

BODY = AGENT.split("---\n", 2)[2]


class PreviewApp(App[None]):
    def __init__(self, text: str = "", mode: str = "markdown") -> None:
        super().__init__()
        self._text = text
        self._mode = mode

    def compose(self) -> ComposeResult:
        yield Preview(self._text, self._mode)


def screen_lines(preview: Preview) -> list[str]:
    """What the widget shows, border and gutter included, one string per row."""
    width, height = preview.outer_size
    return [strip.text for strip in preview.render_lines(Region(0, 0, width, height))]


def content(preview: Preview) -> list[str]:
    """The rows inside the border (padding, gutter and scrollbar column included)."""
    return [line[1:-1] for line in screen_lines(preview)[1:-1]]


def screen_text(preview: Preview) -> str:
    return "\n".join(screen_lines(preview))


async def settle(pilot, preview: Preview) -> None:
    """Wait until every block of the document has been rendered ahead."""
    for _ in range(200):
        await pilot.pause()
        if not preview.rendering_ahead:
            return
        await pilot.pause(0.02)
    raise AssertionError("the preview never finished rendering ahead")


def big_document(size: int = 60_000) -> str:
    parts = []
    section = 0
    while sum(map(len, parts)) < size:
        section += 1
        parts.append(f"## Section {section}\n")
        parts.append(f"Paragraph {section} says something about agents and prompts. " * 6 + "\n")
        parts.append("\n".join(f"- item {section}.{k}" for k in range(5)) + "\n")
        if section % 4 == 0:
            parts.append(f"```python\ndef f{section}():\n    return {section}\n```\n")
        # Tables render taller than their source: estimates are wrong until rendered.
        parts.append(f"| key | value |\n| --- | --- |\n| a{section} | 1 |\n| b{section} | 2 |\n")
    parts.append("Final words: the last line of the document.\n")
    return "\n".join(parts)


async def test_markdown_mode_shows_styled_headings_lists_and_code() -> None:
    app = PreviewApp(BODY)
    async with app.run_test(size=(80, 40)) as pilot:
        preview = app.query_one(Preview)
        await settle(pilot, preview)
        text = screen_text(preview)
        assert "Code reviewer" in text
        assert "Checklist" in text
        assert "## Checklist" not in text  # markers are rendered, not shown
        assert "• Read the diff" in text
        assert 'return f"hello {name}"' in text
        assert "```" not in text
        assert "pytest" in text and "| pytest |" not in text  # a table, not pipes
        assert "**Python**" not in text and "Python" in text
        assert "Be kind." in text


async def test_one_block_edit_rerenders_only_that_block() -> None:
    app = PreviewApp(BODY)
    async with app.run_test(size=(80, 40)) as pilot:
        preview = app.query_one(Preview)
        await settle(pilot, preview)
        blocks = len(preview.blocks)
        assert preview.stats.rendered_blocks == blocks
        preview.stats.reset()

        preview.show(BODY.replace("Run the tests", "Run the tests twice"))
        await settle(pilot, preview)

        assert preview.stats.rendered_blocks == 1
        assert list(preview.stats.rendered_texts) == ["- Read the diff\n- Run the tests twice"]
        assert "Run the tests twice" in screen_text(preview)

        # Undoing the edit costs nothing: the old block is still cached.
        preview.stats.reset()
        preview.show(BODY)
        await settle(pilot, preview)
        assert preview.stats.rendered_blocks == 0
        assert "twice" not in screen_text(preview)


async def test_mode_switch_changes_what_is_shown() -> None:
    app = PreviewApp(BODY)
    async with app.run_test(size=(80, 40)) as pilot:
        preview = app.query_one(Preview)
        await settle(pilot, preview)
        assert "## Checklist" not in screen_text(preview)

        preview.show(BODY, "raw")
        await settle(pilot, preview)
        raw = content(preview)
        assert any(line.strip().startswith("## Checklist") for line in raw)
        assert any(line.strip() == "```python" for line in raw)
        assert "Raw" in screen_lines(preview)[0]

        preview.show(AGENT, "installed")
        await settle(pilot, preview)
        assert "Installed file" in screen_lines(preview)[0]
        installed = content(preview)
        # The whole file, frontmatter first, with line numbers.
        assert installed[0].split() == ["1", "---"]
        assert installed[1].split() == ["2", "name:", "reviewer"]
        assert installed[2].split()[:2] == ["3", "description:"]
        assert installed[4].split() == ["5", "#", "Code", "reviewer"]


async def test_installed_mode_highlights_frontmatter_as_yaml() -> None:
    app = PreviewApp(AGENT, "installed")
    async with app.run_test(size=(80, 40)) as pilot:
        preview = app.query_one(Preview)
        await settle(pilot, preview)
        width, height = preview.outer_size
        row = preview.render_lines(Region(0, 0, width, height))[2]
        key_styles = {seg.style.color for seg in row if seg.text.strip() == "name" and seg.style}
        value_styles = {
            seg.style.color for seg in row if seg.text.strip() == "reviewer" and seg.style
        }
        assert key_styles and value_styles and key_styles != value_styles


async def test_stale_marker_is_visible_and_clears() -> None:
    app = PreviewApp(BODY)
    async with app.run_test(size=(80, 30)) as pilot:
        preview = app.query_one(Preview)
        await settle(pilot, preview)
        preview.mark_stale(True, "agents/x.md:3:5 undefined variable 'lang'")
        await pilot.pause()
        lines = screen_lines(preview)
        assert STALE_LABEL in lines[0]
        assert "undefined variable" in lines[-1]
        assert preview.has_class("-stale")
        assert "Code reviewer" in "\n".join(lines)  # the last good render stays

        preview.mark_stale(False)
        await pilot.pause()
        lines = screen_lines(preview)
        assert STALE_LABEL not in lines[0]
        assert "undefined variable" not in lines[-1]


async def test_huge_document_scrolls_to_the_end() -> None:
    document = big_document()
    assert len(document) >= 60_000
    app = PreviewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        preview = app.query_one(Preview)
        await pilot.pause()
        preview.show(document)
        # Only the blocks on screen are rendered, not the 60 KB behind them.
        assert "Section 1" in "\n".join(screen_lines(preview))
        assert 0 < preview.stats.rendered_blocks < 20 < len(preview.blocks)
        preview.focus()
        await pilot.press("end")
        await pilot.pause()
        assert "Final words: the last line of the document." in content(preview)[-1]
        await settle(pilot, preview)
        # Once everything is rendered, the end is still the end.
        await pilot.press("end")
        await pilot.pause()
        assert "Final words: the last line of the document." in content(preview)[-1]
        assert preview.scroll_y == preview.max_scroll_y

        preview.show(document, "raw")
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        # The last row is the horizontal scrollbar; the last line is just above.
        assert content(preview)[-2].strip() == "Final words: the last line of the document."


async def test_scroll_position_is_kept_when_text_changes_above() -> None:
    document = big_document(20_000)
    app = PreviewApp(document)
    async with app.run_test(size=(100, 30)) as pilot:
        preview = app.query_one(Preview)
        await settle(pilot, preview)
        preview.scroll_to_line(document.splitlines().index("## Section 20") + 1)
        await pilot.pause()
        assert "Section 20" in content(preview)[0]
        # A much longer paragraph above the view: the view does not move.
        edited = document.replace("Paragraph 3 says", "Paragraph 3 now says a lot more " * 20)
        preview.show(edited)
        await pilot.pause()
        assert "Section 20" in content(preview)[0]


async def test_scroll_to_line_in_raw_mode() -> None:
    document = "\n".join(f"line {n}" for n in range(1, 501)) + "\n"
    app = PreviewApp(document, "raw")
    async with app.run_test(size=(60, 20)) as pilot:
        preview = app.query_one(Preview)
        preview.show_line_numbers = True
        await pilot.pause()
        preview.scroll_to_line(321)
        await pilot.pause()
        assert content(preview)[0].split() == ["321", "line", "321"]
        assert preview.top_line() == 321


async def test_resize_rewraps_paragraphs() -> None:
    words = " ".join(f"word{n}" for n in range(60))
    app = PreviewApp(f"# Wrap\n\n{words}\n")
    async with app.run_test(size=(100, 30)) as pilot:
        preview = app.query_one(Preview)
        await settle(pilot, preview)
        wide = [line for line in content(preview) if "word" in line]
        await pilot.resize_terminal(50, 30)
        await settle(pilot, preview)
        narrow = [line for line in content(preview) if "word" in line]
        assert len(narrow) > len(wide)
        assert all(len(line) == 48 for line in narrow)
        # Nothing lost or cut: the words read back in order.
        assert " ".join(narrow).split() == words.split()


async def test_control_characters_never_reach_the_terminal() -> None:
    app = PreviewApp("before \x1b[31mred\x1b[0m after\n", "raw")
    async with app.run_test(size=(60, 10)) as pilot:
        preview = app.query_one(Preview)
        await pilot.pause()
        text = screen_text(preview)
        assert "\x1b" not in text
        assert "␛[31mred␛[0m" in text


async def test_unknown_mode_is_refused() -> None:
    app = PreviewApp(BODY)
    async with app.run_test(size=(60, 10)):
        preview = app.query_one(Preview)
        try:
            preview.show(BODY, "html")
        except ValueError as error:
            assert "markdown, raw, installed" in str(error)
        else:
            raise AssertionError("an unknown mode was accepted")
