"""The app through Pilot: keystroke → preview and token counts updated; start-up → first preview.

Run: ``.venv/bin/python benchmarks/bench_app.py [--keys 150] [--agents 200]``

Goals (issue 3): 50 ms or less at the 95th percentile from a keystroke in the
prompt editor (or a form change) to the preview and the counts updated, for the
largest sample agent (40 KB or more rendered); 1 s or less from start to the
first agent previewed on a 200-agent project. Each figure stands beside a floor
measured in the same run:

- keystroke: the workspace's render + token count of the same texts in a bare
  loop (no app, no widgets) — the work the app cannot skip;
- form change: the workspace's field edit (the minimal-diff edit path) + render
  + count of the same values in a bare loop;
- start-up: a bare Textual app (one Static) started the same way.

Keys are sent one at a time the way ``Pilot.press`` sends them (to the driver),
but timed to the moment the state is updated rather than after Pilot's idle
waits (which add 40 ms or more); each keystroke is waited for before the next.
Two times per key: "updated" (the workspace, the preview's text and the counts
hold the key, and the preview's visible rows are rendered: the goal's measure)
and "on screen" (the end of the first frame painted with all of that, so it
includes waiting for Textual's next frame, up to 1/60 s). The load average is
printed per section: other processes on the machine inflate every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Static, TextArea

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agent_workbench.app.app import WorkbenchApp
from agent_workbench.app.screens.main import MainScreen
from agent_workbench.app.widgets.editor import PromptEditor
from agent_workbench.app.widgets.preview import Preview
from agent_workbench.model.project import Project
from agent_workbench.session.workspace import Workspace
from agent_workbench.tokens import counting as tokens
from bench_common import clear_engine_caches, machine
from markdown_samples import generate_markdown

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PARTS = ("agents", "snippets", "agpm.toml", "docs/project", "docs/architecture.md")
SIZE = (160, 50)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def line(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"  {name:<44} p50 {statistics.median(ms):7.1f} ms   p95 {pct(ms, 0.95):7.1f} ms"
        f"   max {max(ms):7.1f} ms"
    )


# -- projects ---------------------------------------------------------------------


def copy_sample_project(target: Path) -> Path:
    for part in SAMPLE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)
    return target


def largest_agent(root: Path) -> tuple[str, int]:
    workspace = Workspace(Project.open(root))
    best = ("", 0)
    for rel in workspace.resources():
        if not rel.startswith("agents/"):
            continue
        workspace.open(rel)
        result = workspace.render_now().result
        size = len(result.output or "")
        if size > best[1]:
            best = (rel, size)
    return best


BIG_AGENT = """---
name: big-reviewer
description: A long generated prompt for the benchmarks
tools: Read, Grep
model: sonnet
---
"""

TEMPLATED = """---
name: agent-{n:03}
description: Generated agent {n} that reviews {topic} changes
tools: Read, Grep, Bash
model: sonnet
agpm:
  templating: true
  dependencies:
    snippets:
      - name: guide
        path: ../../snippets/{{{{ agpm.project.language }}}}-{snippet:02}.md
        install: false
---
# Agent {n}

{{{{ agpm.deps.snippets.guide.content }}}}

{body}
"""


def make_generated_project(root: Path, agents: int) -> Path:
    """``agents`` templated agents (~4 KB each) reading 20 snippets per language."""
    (root / "agents" / "claude-code").mkdir(parents=True)
    (root / "snippets").mkdir()
    (root / "agpm.toml").write_text('[project]\nlanguage = "python"\n', encoding="utf-8")
    for language in ("python", "rust"):
        for k in range(20):
            text = f"Rules for {language}, part {k}.\n\n" + generate_markdown(1_500, seed=k)
            (root / "snippets" / f"{language}-{k:02}.md").write_text(text, encoding="utf-8")
    topics = ("API", "database", "frontend", "security", "release")
    for n in range(agents):
        body = generate_markdown(2_500, seed=100 + n)
        text = TEMPLATED.format(n=n, topic=topics[n % 5], snippet=n % 20, body=body)
        (root / "agents" / "claude-code" / f"agent-{n:03}.md").write_text(text, encoding="utf-8")
    return root


# -- keystrokes --------------------------------------------------------------------


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never reached the expected state")
        await asyncio.sleep(0.0005)


def send_key(app: App, key: str) -> None:
    """What Pilot.press does for one printable key, without its idle waits."""
    event = events.Key(key, key)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


class Frames:
    """Notes the end of the first frame painted once ``condition`` holds."""

    def __init__(self, screen: Screen) -> None:
        self.condition: Callable[[], bool] = lambda: False
        self.painted: float | None = None
        paint = screen._compositor_refresh

        def painting() -> None:
            ready = self.painted is None and self.condition()
            paint()
            if ready:
                self.painted = time.perf_counter()

        screen._compositor_refresh = painting  # type: ignore[method-assign]

    def expect(self, condition: Callable[[], bool]) -> None:
        self.condition, self.painted = condition, None


Timings = tuple[list[float], list[float]]  # (updated, on screen) per key


async def type_keys(
    app: WorkbenchApp, keys: int, updated: Callable[[int], Callable[[], bool]], *, paint: bool
) -> Timings:
    """Send ``keys`` keys "x"; time each to ``updated(typed)()`` and (``paint``) to its frame.

    Only when every key changes what is on screen (the preview's text) does a frame follow.
    """
    frames = Frames(app.screen)
    preview = app.screen.query_one(Preview)
    samples: list[float] = []
    painted: list[float] = []
    for typed in range(1, keys + 1):
        condition = updated(typed)
        frames.expect(condition)
        start = time.perf_counter()
        send_key(app, "x")
        await until(condition)
        preview.render_lines(Region(0, 0, *preview.outer_size))
        samples.append(time.perf_counter() - start)
        if paint:
            await until(lambda: frames.painted is not None)
            assert frames.painted is not None
            painted.append(frames.painted - start)
        await asyncio.sleep(0.001)  # let any timers (cursor blink, background fills) run
    return samples, painted


async def started(root: Path, rel: str) -> tuple[WorkbenchApp, Workspace]:
    tokens.preload((tokens.DEFAULT_ENCODING,)).join()
    workspace = Workspace(Project.open(root))
    return WorkbenchApp(workspace, rel, preload_tokens=False), workspace


async def bench_keystrokes(
    root: Path, rel: str, keys: int
) -> tuple[list[float], list[float], list[float], str]:
    app, workspace = await started(root, rel)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        preview = screen.query_one(Preview)
        editor = screen.query_one(PromptEditor)
        await until(lambda: workspace.last_good is not None and bool(preview.text))
        await pilot.pause()
        # Type at the end of a line in the middle of the prompt, the preview showing it.
        lines = editor.text.split("\n")
        row = next(i for i in range(len(lines) // 2, len(lines)) if len(lines[i]) > 40)
        editor.focus()
        editor.cursor_location = (row, len(lines[row]))
        editor.scroll_cursor_visible()
        body_line = workspace.document.body_first_line + row if workspace.document else row
        preview.scroll_to_line(max(1, body_line - 5 - (workspace.document.body_first_line - 1)))
        await pilot.pause()
        here, worker = screen.renders.ran_here, screen.renders.ran_in_worker

        def updated(typed: int) -> Callable[[], bool]:
            expected = lines[row] + "x" * typed
            before = workspace.tokens
            return lambda: (
                workspace.last_good is not None
                and workspace.last_good.body is not None
                and expected in workspace.last_good.body
                and preview.text == workspace.last_good.body
                and workspace.tokens is not before
                and not workspace.stale
            )

        samples, painted = await type_keys(app, keys, updated, paint=True)
        placement = (
            f"renders on the UI thread {screen.renders.ran_here - here}, "
            f"in the worker {screen.renders.ran_in_worker - worker}"
        )
        final_body = editor.text
    # Floor: the same render + count, in a bare loop on the same texts.
    clear_engine_caches()
    floor_ws = Workspace(Project.open(root))
    floor_ws.open(rel)
    floors: list[float] = []
    for typed in range(1, keys + 1):
        text_lines = final_body.split("\n")
        text_lines[row] = lines[row] + "x" * typed
        floor_ws.set_body("\n".join(text_lines))
        start = time.perf_counter()
        outcome = floor_ws.render(floor_ws.next_job())
        floors.append(time.perf_counter() - start)
        assert outcome.tokens is not None
    return samples, painted, floors, placement


async def bench_form(root: Path, rel: str, keys: int) -> tuple[list[float], list[float]]:
    """Keys typed at the end of the description in the form (a multi-line field)."""
    app, workspace = await started(root, rel)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        preview = screen.query_one(Preview)
        await until(lambda: workspace.last_good is not None and bool(preview.text))
        await pilot.press("f5")
        await pilot.pause()
        field = screen.query_one("#field-description TextArea", TextArea)
        field.focus()
        field.move_cursor(field.document.end)
        await pilot.pause()
        original = field.text

        def updated(typed: int) -> Callable[[], bool]:
            expected = f"description: {original}{'x' * typed}\n"
            before = workspace.tokens
            return lambda: (
                workspace.last_good is not None
                and workspace.last_good.output is not None
                and expected in workspace.last_good.output
                and workspace.tokens is not before
                and not workspace.stale
            )

        samples, _ = await type_keys(app, keys, updated, paint=False)
    clear_engine_caches()
    floor_ws = Workspace(Project.open(root))
    floor_ws.open(rel)
    floors: list[float] = []
    for typed in range(1, keys + 1):
        start = time.perf_counter()
        floor_ws.set_field("description", original + "x" * typed)
        outcome = floor_ws.render(floor_ws.next_job())
        floors.append(time.perf_counter() - start)
        assert outcome.tokens is not None
    return samples, floors


# -- start-up ----------------------------------------------------------------------


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("ready", id="ready")


async def bench_startup(root: Path, runs: int) -> tuple[list[float], list[float]]:
    starts: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        workspace, initial = Workspace.from_target(root)
        app = WorkbenchApp(workspace, initial)
        async with app.run_test(size=SIZE):
            await until(
                lambda app=app: (
                    bool(app.screen.query(Preview)) and bool(app.screen.query_one(Preview).text)
                )
            )
            preview = app.screen.query_one(Preview)
            preview.render_lines(Region(0, 0, *preview.outer_size))
            starts.append(time.perf_counter() - start)

        start = time.perf_counter()
        bare_app = BareApp()
        async with bare_app.run_test(size=SIZE):
            await until(lambda bare_app=bare_app: bool(bare_app.query("#ready")))
            bare_app.query_one("#ready").render_lines(Region(0, 0, 10, 1))
            bare.append(time.perf_counter() - start)
    return starts, bare


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=150)
    parser.add_argument("--form-keys", type=int, default=60)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--startups", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {machine('textual')}")
    print(f"terminal: {SIZE[0]}x{SIZE[1]}")
    with tempfile.TemporaryDirectory() as folder:
        sample = copy_sample_project(Path(folder) / "sample")
        rel, size = largest_agent(sample)
        if size < 40_000:
            rel = "agents/claude-code/big-reviewer.md"
            (sample / rel).write_text(BIG_AGENT + generate_markdown(60_000), encoding="utf-8")
            rel, size = largest_agent(sample)
        print(f"\nkeystroke → preview and counts updated: {rel} ({size / 1000:.1f} KB rendered)")
        print(f"  {load()}")
        samples, painted, floors, placement = await bench_keystrokes(sample, rel, args.keys)
        print(line(f"app ({args.keys} keystrokes), updated", samples))
        print(line("app, on screen (frame painted)", painted))
        print(line("floor: render + count, bare loop", floors))
        print(f"  {placement}; {load()}")
        print(f"  goal: p95 ≤ 50 ms → {'met' if pct(samples, 0.95) <= 0.050 else 'MISSED'}")

        if args.form_keys:
            print(f"\nform change (description field) → counts updated: {rel}")
            print(f"  {load()}")
            samples, floors = await bench_form(sample, rel, args.form_keys)
            print(line(f"app ({args.form_keys} keys in the form), updated", samples))
            print(line("floor: field edit + render + count, bare", floors))
            print(f"  {load()}")
            print(f"  goal: p95 ≤ 50 ms → {'met' if pct(samples, 0.95) <= 0.050 else 'MISSED'}")

        if not args.startups:  # --startups 0: the keystrokes only
            return
        generated = make_generated_project(Path(folder) / "generated", args.agents)
        print(f"\nstart-up → first agent previewed: {args.agents}-agent generated project")
        print(f"  {load()}")
        starts, bare = await bench_startup(generated, args.startups)
        print(line(f"app ({args.startups} starts)", starts))
        print(line("floor: bare Textual app start", bare))
        print(f"  {load()}")
        print(f"  goal: ≤ 1 s → {'met' if max(starts) <= 1.0 else 'MISSED'}")


if __name__ == "__main__":
    asyncio.run(main())
