"""LineView with a renderer of its own (what the diff view builds on)."""

from __future__ import annotations

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip

from agent_workbench.app.widgets.line_view import Block, BlockRenderer, LineView


class TallRenderer(BlockRenderer):
    """Every block renders as three rows, though its text is one line (estimates are wrong)."""

    wrap = True

    def render(self, block: Block, width: int, view: LineView) -> list[Strip]:
        return [Strip([Segment(f"{block.text} row {n}")]) for n in range(3)]


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LineView(TallRenderer())


def rows(view: LineView) -> list[str]:
    width, height = view.outer_size
    return [strip.text.rstrip() for strip in view.render_lines(Region(0, 0, width, height))]


def document(count: int) -> list[Block]:
    return [Block(f"block {n}", line=n) for n in range(count)]


async def test_only_visible_blocks_render_and_estimates_are_corrected() -> None:
    app = ViewApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(LineView)
        view.set_document(document(10_000))
        shown = rows(view)
        assert shown[:4] == ["block 0 row 0", "block 0 row 1", "block 0 row 2", "block 1 row 0"]
        assert view.stats.rendered_blocks <= 8  # 20 rows of 3-row blocks, not 10,000 blocks

        view.scroll_document_end()
        await pilot.pause()
        assert rows(view)[-1] == "block 9999 row 2"
        # Blocks never rendered keep their estimate; the end is still exact.
        assert view.document_height < 3 * 10_000


async def test_a_changed_block_is_the_only_one_rendered_again() -> None:
    app = ViewApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(LineView)
        blocks = document(50)
        view.set_document(blocks)
        while view.rendering_ahead:
            await pilot.pause(0.02)
        assert view.document_height == 150
        view.stats.reset()
        blocks[1] = Block("changed", line=1)
        view.set_document(blocks)
        await pilot.pause()
        assert view.stats.rendered_blocks == 1
        assert rows(view)[3:6] == ["changed row 0", "changed row 1", "changed row 2"]
