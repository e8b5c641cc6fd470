"""The preview widget: from ``show(text)`` after a one-character edit to the visible lines rendered.

Run: ``.venv/bin/python benchmarks/bench_preview.py [--edits 200] [--textual-markdown]``

The document is the largest sample agent's rendered output when one of the
repository's ``agents/`` renders to 40 KB or more, and a generated 60 KB
Markdown prompt in any case. Each figure stands beside what was measured in
the same run:

- floor: Rich rendering just the changed block at the same width (the work
  no preview can avoid; parsed with one shared markdown-it parser, as the
  preview does);
- Rich ``Markdown`` of the whole document (what re-rendering everything costs);
- optionally Textual's own ``Markdown`` widget showing the same document.

Edits are typed the way an author types: runs of characters at a few places
in the document, the preview scrolled so the edited block is on screen.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text
from textual.app import App, ComposeResult
from textual.events import Resize
from textual.geometry import Region

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agent_workbench.app.widgets.preview import Preview
from agent_workbench.app.widgets.preview_blocks import markdown_blocks
from agent_workbench.app.widgets.preview_render import DARK_CODE_THEME, block_markdown
from bench_common import machine
from markdown_samples import generate_markdown

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 50)


def largest_sample_output(minimum: int = 40_000) -> tuple[str, str] | None:
    """(label, rendered body) of the largest agent under ``agents/``, if large enough."""
    try:
        from agent_workbench.model.project import Project
        from agent_workbench.templating.render import render_agent
    except ImportError:
        return None
    try:
        project = Project.open(ROOT)
        best: tuple[str, str] | None = None
        for rel in project.resources(["agents"]):
            result = render_agent(project, rel)
            if result.ok and result.body and (best is None or len(result.body) > len(best[1])):
                best = (rel, result.body)
    except Exception as error:  # the engine is young; a benchmark must still run
        print(f"(sample agents not rendered: {error})", file=sys.stderr)
        return None
    if best is None or len(best[1]) < minimum:
        return None
    return best


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(value: float) -> str:
    return f"{value * 1000:.2f} ms"


def edit_lines(text: str, count: int, seed: int = 3) -> list[int]:
    """Source lines to type at (end of a prose line), ``count`` keystrokes in all."""
    rng = random.Random(seed)
    places = [
        block.line + block.lines - 1
        for block in markdown_blocks(text)
        if block.kind == "markdown" and block.text[:1].isalpha()
    ]
    chosen = sorted(rng.sample(places, min(10, len(places))))
    per_place = max(1, count // len(chosen))
    return [line for line in chosen for _ in range(per_place)][:count]


class BenchApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Preview()


async def bench_widget(label: str, text: str, edits: int) -> dict[str, float]:
    app = BenchApp()
    figures: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        preview = app.query_one(Preview)
        await pilot.pause()
        region = Region(0, 0, *preview.outer_size)

        start = time.perf_counter()
        preview.show(text, "markdown")
        preview.render_lines(region)
        figures["first show (cold cache) to first screen"] = time.perf_counter() - start
        start = time.perf_counter()
        while preview.rendering_ahead:
            await pilot.pause(0.005)
        figures["whole document rendered ahead (background)"] = time.perf_counter() - start

        console: Console = app.console
        width = preview._width
        options = console.options.update(width=width, min_width=width, height=None)
        samples: list[float] = []
        floors: list[float] = []
        rendered = 0
        lines = text.split("\n")
        last_place = None
        for line in edit_lines(text, edits):
            if line != last_place:  # bring the place on screen (not timed)
                preview.scroll_to_line(max(1, line - 5))
                await pilot.pause()
                last_place = line
            lines[line] += "x"
            current = "\n".join(lines)
            before = preview.stats.rendered_blocks
            start = time.perf_counter()
            preview.show(current)
            preview.render_lines(region)
            samples.append(time.perf_counter() - start)
            rendered += preview.stats.rendered_blocks - before
            changed = preview.stats.rendered_texts[-1]
            start = time.perf_counter()
            console.render_lines(block_markdown(changed, DARK_CODE_THEME), options, pad=False)
            floors.append(time.perf_counter() - start)
            await pilot.pause()
        text = current
        figures["edit p50"] = statistics.median(samples)
        figures["edit p95"] = percentile(samples, 0.95)
        figures["floor p50"] = statistics.median(floors)
        figures["floor p95"] = percentile(floors, 0.95)
        figures["blocks rendered per edit"] = rendered / len(samples)

        whole = []
        for _ in range(3):
            start = time.perf_counter()
            console.render_lines(Markdown(text), options, pad=False)
            whole.append(time.perf_counter() - start)
        figures["Rich Markdown, whole document"] = statistics.median(whole)

        await pilot.resize_terminal(SIZE[0] - 30, SIZE[1])
        await pilot.pause()
        preview._cache.clear()  # a width never seen: every visible block re-wraps
        preview._width = 0
        start = time.perf_counter()
        preview.on_resize(Resize(preview.size, preview.virtual_size))
        preview.render_lines(Region(0, 0, *preview.outer_size))
        figures["re-wrap at a new width, visible rows"] = time.perf_counter() - start
    print(f"\n{label}: {len(text) / 1000:.1f} KB, {len(preview.blocks)} blocks, {edits} edits")
    for name, value in figures.items():
        shown = f"{value:.2f}" if name.startswith("blocks") else ms(value)
        print(f"  {name:<45} {shown}")
    return figures


async def bench_raw(label: str, text: str, edits: int, *, wrap: bool) -> dict[str, float]:
    """One-character edits in the raw view, long lines cut (scrolling) or wrapped (Alt+W).
    Floor: Rich rendering just the changed line the same way."""
    app = BenchApp()
    figures: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        preview = app.query_one(Preview)
        await pilot.pause()
        preview.set_wrap(wrap)
        region = Region(0, 0, *preview.outer_size)
        preview.show(text, "raw")
        preview.render_lines(region)
        while preview.rendering_ahead:
            await pilot.pause(0.005)
        console: Console = app.console
        width = preview.scrollable_content_region.width
        samples: list[float] = []
        floors: list[float] = []
        lines = text.split("\n")
        last_place = None
        for line in edit_lines(text, edits):
            if line != last_place:
                preview.scroll_to_line(max(1, line - 5))
                await pilot.pause()
                last_place = line
            lines[line] += "x"
            current = "\n".join(lines)
            start = time.perf_counter()
            preview.show(current)
            preview.render_lines(region)
            samples.append(time.perf_counter() - start)
            start = time.perf_counter()
            changed = Text(lines[line])
            parts = changed.wrap(console, width, overflow="fold") if wrap else [changed]
            for part in parts:
                list(part.render(console, end=""))
            floors.append(time.perf_counter() - start)
            await pilot.pause()
        figures["edit p50"] = statistics.median(samples)
        figures["edit p95"] = percentile(samples, 0.95)
        figures["floor p50"] = statistics.median(floors)
        figures["floor p95"] = percentile(floors, 0.95)
    print(f"\n{label}, raw view, {'wrapped' if wrap else 'cut'}: {edits} edits")
    for name, value in figures.items():
        print(f"  {name:<45} {ms(value)}")
    return figures


class MarkdownApp(App[None]):
    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown as MarkdownWidget

        yield MarkdownWidget()


async def bench_textual_markdown(text: str) -> float:
    from textual.widgets import Markdown as MarkdownWidget

    app = MarkdownApp()
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(MarkdownWidget)
        await pilot.pause()
        start = time.perf_counter()
        await widget.update(text)
        await pilot.pause()
        return time.perf_counter() - start


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument(
        "--textual-markdown", action="store_true", help="also time Textual's Markdown widget"
    )
    args = parser.parse_args()
    print(f"machine: {machine('textual', 'rich')}")
    print(f"terminal: {SIZE[0]}x{SIZE[1]}")
    documents = [("generated 60 KB prompt", generate_markdown(60_000))]
    sample = largest_sample_output()
    if sample is not None:
        documents.insert(0, (f"largest sample agent ({sample[0]})", sample[1]))
    else:
        print("(no sample agent renders to 40 KB or more yet; generated document only)")
    for label, text in documents:
        await bench_widget(label, text, args.edits)
        for wrap in (False, True):
            await bench_raw(label, text, args.edits, wrap=wrap)
        if args.textual_markdown:
            took = await bench_textual_markdown(text)
            print(f"  {'Textual Markdown widget, update(document)':<45} {ms(took)}")


if __name__ == "__main__":
    asyncio.run(main())
