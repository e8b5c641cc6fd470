"""Start-up: the first preview with its counts comes before the browser-wide work.

Watching the disk (its first scan stats every file of the project), the browser's
counts and the garbage collector start once the open agent's first render is shown
with its token counts, so none of them takes the interpreter from it; and at the
latest ``BACKGROUND_LATEST`` seconds after mounting, so a tokenizer that never loads
does not leave the project unwatched. The tokenizer is held back here by a gate
around the counting the render worker does (``render_jobs.count_result``): what the
app sees is a tokenizer still loading.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent_workbench.app.screens import main as main_module
from agent_workbench.app.screens.main import MainScreen
from agent_workbench.app.widgets.preview import Preview
from agent_workbench.session import render_jobs
from agent_workbench.templating.render import RenderResult
from agent_workbench.tokens.agent_tokens import TokenCounts
from app_helpers import make_app, until

TIMEOUT = 30.0


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project(
        {
            "agents/first.md": "---\ndescription: Opens first\n---\n# First agent\n\nBody.\n",
            "agents/second.md": "---\ndescription: Listed second\n---\n# Second\n",
        }
    )


@pytest.fixture
def tokenizer_gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """While the gate is closed, counting behaves as with the tokenizer still loading."""
    gate = threading.Event()
    real = render_jobs.count_result

    def gated(result: RenderResult, encoding: str, *, wait: bool = True) -> TokenCounts | None:
        if not gate.is_set():
            if not wait:
                return None
            gate.wait(TIMEOUT)
        return real(result, encoding, wait=wait)

    monkeypatch.setattr(render_jobs, "count_result", gated)
    yield gate
    gate.set()  # never leave a worker waiting


async def test_the_disk_and_the_browser_wait_for_the_first_preview_with_counts(
    project: Path, tokenizer_gate: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "BACKGROUND_LATEST", 60.0, raising=False)
    app = make_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        preview = screen.query_one(Preview)
        await until(pilot, lambda: "First agent" in preview.text, "the first preview")
        assert screen.ws.tokens is None  # "counting tokens…"
        # Time enough for a watcher (and a scan) started at mount to be in place.
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            assert not screen.disk_watch.watching, "the disk is watched before the counts"
            assert screen.browser.entries["agents/second.md"].flavour == ""
            await pilot.pause(0.05)

        tokenizer_gate.set()
        await until(pilot, lambda: screen.ws.tokens is not None, "the first counts")
        await until(pilot, lambda: screen.disk_watch.watching, "the disk watched")
        await until(
            pilot,
            lambda: screen.browser.entries["agents/second.md"].tokens is not None,
            "the browser's counts",
        )


async def test_without_counts_the_disk_is_watched_after_a_while(
    project: Path, tokenizer_gate: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "BACKGROUND_LATEST", 0.5)
    app = make_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await until(pilot, lambda: screen.disk_watch.watching, "the disk watched")
        assert screen.ws.tokens is None  # the gate never opened: still no counts
        (project / "agents" / "third.md").write_text("---\ndescription: New\n---\nNew.\n")
        await until(
            pilot, lambda: "agents/third.md" in screen.browser.entries, "the new file listed"
        )


async def test_the_app_keeps_few_compiled_templates_of_the_agents_it_counts_in_the_background(
    make_project: Callable[..., Path],
) -> None:
    """Each agent counted for the browser was compiled once and never reused: 7 MB on 1,000
    agents. The app keeps the last APP_TEMPLATES, and gives the CLI's bound back after."""
    from agent_workbench.app.app import APP_TEMPLATES, COMPILED_TEMPLATES
    from agent_workbench.model.caches import CACHES

    agent = "---\ndescription: Agent {n}\nagpm:\n  templating: true\n---\n# {n} in {{{{ agpm.project.language }}}}\n"
    count = APP_TEMPLATES + 16
    project = make_project({f"agents/a{n:03}.md": agent.format(n=n) for n in range(count)})
    cache = CACHES[COMPILED_TEMPLATES]
    before = cache.maxsize
    app = make_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        entries = screen.browser.entries
        await until(
            pilot,
            lambda: all(entries[f"agents/a{n:03}.md"].tokens is not None for n in range(count)),
            "every agent counted",
        )
        assert cache.size().entries <= APP_TEMPLATES
    assert cache.maxsize == before
