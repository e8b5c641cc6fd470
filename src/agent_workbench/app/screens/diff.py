"""The diff screen: the open agent's rendered output against its last saved version
(what your unsaved edits will change), git HEAD or any revision, or another language;
or a diff handed over ready-made (from the Changes panel).

The comparison runs in a worker thread (renders and git); the view is a virtualised
``DiffView``, unified or side by side (``s``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from agent_workbench.app.numbers import signed
from agent_workbench.app.widgets.diff_view import DiffView
from agent_workbench.model.variants import Variant
from agent_workbench.session.diffs import (
    AgentDiff,
    GitError,
    TextDiff,
    diff_agent_revision,
    diff_languages,
    diff_renders,
)
from agent_workbench.session.rendering import RenderOptions
from agent_workbench.session.workspace import Workspace

SAVED, HEAD = "saved", "HEAD"
LANG = "lang:"
REV = "rev:"


@dataclass(frozen=True)
class Request:
    """What to compare, snapshotted on the UI thread."""

    baseline: str  # SAVED, HEAD, "rev:<name>" or "lang:<language>"
    rel: str
    text: str
    saved_text: str
    language: str | None
    variant: Variant | None = None  # the agpm.toml entry the agent renders as (F7)


def compute(ws: Workspace, req: Request) -> AgentDiff:
    """The comparison ``req`` asks for (worker thread; raises GitError)."""
    project = ws.project
    current = "editor" if req.text != req.saved_text else "working tree"
    options = RenderOptions(variant=req.variant)
    if req.baseline == SAVED:
        result = diff_renders(
            project,
            project,
            req.rel,
            language=req.language,
            old_text=req.saved_text,
            new_text=req.text,
            old_label="saved",
            new_label=current,
            encoding=ws.encoding,
            options=options,
        )
    elif req.baseline.startswith(LANG):
        other = req.baseline[len(LANG) :]
        result = diff_languages(
            project,
            req.rel,
            other,
            req.language or other,
            text=req.text,
            encoding=ws.encoding,
            options=options,
        )
    else:
        rev = req.baseline.removeprefix(REV)
        result = diff_agent_revision(
            project,
            req.rel,
            rev,
            language=req.language,
            text=req.text,
            encoding=ws.encoding,
            new_label=current,
            options=options,
        )
    result.tokens("old"), result.tokens("new")  # count here, not on the UI thread
    return result


def describe(diff: AgentDiff) -> str:
    """``agents/x.md (python) · HEAD → editor · +3 −1 · tokens +12``; two languages are
    named once: ``agents/x.md (rust → python) · +3 −3 · tokens +0``."""
    delta = diff.token_delta
    tokens = "tokens: render failed" if delta is None else f"tokens {signed(delta)}"
    sides = f"{diff.old.label} → {diff.new.label}"
    head = diff.title if f"({sides})" in diff.title else f"{diff.title} · {sides}"
    return f"{head} · +{diff.added} −{diff.removed} · {tokens}"


class DiffScreen(Screen[None]):
    """Rendered diff of one agent. Escape goes back."""

    DEFAULT_CSS = """
    DiffScreen #diff-title {
        height: auto;  /* wraps at 80 columns instead of cutting the token change off */
        max-height: 3;
        padding: 0 1;
        background: $panel;
        color: $text;
        text-style: bold;
    }
    DiffScreen DiffView {
        height: 1fr;
    }
    DiffScreen #diff-rev {  /* in the flow, not docked: the footer would hide its edge */
        display: none;
    }
    DiffScreen #diff-rev.-shown {
        display: block;
    }
    """

    # Short enough for the footer at 80 columns; the help screen lists every key.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="close", tooltip="close and go back"),
        Binding(
            "s", "toggle_split", "Split", id="diff-split", tooltip="side by side, or one column"
        ),
        Binding(
            "b",
            "cycle_baseline",
            "Against…",
            id="diff-against",
            tooltip="compare with the next baseline: saved file, HEAD, a revision, a language",
        ),
        Binding(
            "r",
            "ask_revision",
            "Revision…",
            show=False,
            id="diff-revision",
            tooltip="compare with a git revision you type",
        ),
        Binding(
            "l",
            "next_language",
            "Language",
            id="diff-language",
            tooltip="compare with the next language this agent supports",
        ),
        Binding(  # already here: not in the footer
            "f8", "app.diff", "Diff", show=False, id="diff", tooltip="compute the diff again"
        ),
    ]

    def __init__(
        self,
        workspace: Workspace | None = None,
        baseline: str = SAVED,  # also "rev" (ask for one) and "lang" (the next language)
        *,
        diff: AgentDiff | None = None,
        split: bool = False,
    ) -> None:
        super().__init__()
        self.ws = workspace
        self.baseline = baseline
        self.fixed = diff
        self.result: AgentDiff | None = diff
        self._split = split

    def compose(self) -> ComposeResult:
        yield Static("comparing…", id="diff-title", markup=False)  # paths, [entry] names
        yield DiffView(split=self._split, id="diff-view")
        yield Input(placeholder="revision (HEAD~1, a tag, a commit…) then Enter", id="diff-rev")
        yield Footer(compact=True)  # fits 80 columns, like the main screen's

    def on_mount(self) -> None:
        view = self.query_one(DiffView)
        view.focus()
        if self.fixed is not None:
            self.show(self.fixed)
            return
        if self.baseline == "rev":  # ask which revision, HEAD meanwhile
            self.baseline = HEAD
            self.action_ask_revision()
        elif self.baseline == "lang":
            others = self._other_languages()
            self.baseline = LANG + others[0] if others else SAVED
            if not others:
                self.notify("this agent has no other language; comparing with the saved file")
        self.refresh_diff()

    # -- computing -------------------------------------------------------------------

    def _request(self) -> Request | None:
        ws = self.ws
        if ws is None or ws.buffer is None:
            return None
        buffer = ws.buffer
        return Request(
            self.baseline, buffer.rel, buffer.text, buffer.saved_text, ws.language, ws.variant
        )

    def refresh_diff(self) -> None:
        request = self._request()
        if request is None:
            self.query_one("#diff-title", Static).update("no agent is open")
            self.query_one(DiffView).show_diff(TextDiff(), message="Open an agent to compare it.")
            return
        self.query_one("#diff-title", Static).update(f"{request.rel} · comparing…")
        self.run_compare(request)

    @work(thread=True, exclusive=True, exit_on_error=False, group="diff")
    def run_compare(self, request: Request) -> None:
        assert self.ws is not None
        try:
            result = compute(self.ws, request)
        except GitError as exc:
            self.app.call_from_thread(self.show_error, request, str(exc))
            return
        self.app.call_from_thread(self.show, result)

    # -- showing ---------------------------------------------------------------------

    def show(self, diff: AgentDiff) -> None:
        self.result = diff
        self.query_one("#diff-title", Static).update(describe(diff))
        message = f"No differences: {diff.title} renders the same ({diff.old.label} and {diff.new.label})."
        self.query_one(DiffView).show_diff(diff.text, message=message)

    def show_error(self, request: Request, message: str) -> None:
        self.result = None
        self.query_one("#diff-title", Static).update(f"{request.rel} · cannot compare")
        self.query_one(DiffView).show_diff(TextDiff(), message=message)

    # -- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("cycle_baseline", "ask_revision", "next_language"):
            return self.fixed is None and self.ws is not None
        return True

    def action_back(self) -> None:
        rev_input = self.query_one("#diff-rev", Input)
        if rev_input.has_class("-shown"):
            rev_input.remove_class("-shown")
            self.query_one(DiffView).focus()
            return
        self.dismiss(None)

    def action_toggle_split(self) -> None:
        view = self.query_one(DiffView)
        view.set_split(not view.split)

    def _other_languages(self) -> list[str]:
        if self.ws is None:
            return []
        current = self.ws.language
        return [lang for lang in self.ws.languages() if lang != current]

    def action_cycle_baseline(self) -> None:
        if self.baseline == SAVED:
            self.baseline = HEAD
        elif self.baseline.startswith(LANG) or not self._other_languages():
            self.baseline = SAVED
        else:
            self.baseline = LANG + self._other_languages()[0]
        self.refresh_diff()

    def action_next_language(self) -> None:
        others = self._other_languages()
        if not others:
            self.notify("this agent has no other language to compare with")
            return
        current = self.baseline[len(LANG) :] if self.baseline.startswith(LANG) else None
        index = others.index(current) + 1 if current in others else 0
        self.baseline = LANG + others[index % len(others)]
        self.refresh_diff()

    def action_ask_revision(self) -> None:
        rev_input = self.query_one("#diff-rev", Input)
        rev_input.add_class("-shown")
        rev_input.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        rev = event.value.strip()
        event.input.remove_class("-shown")
        self.query_one(DiffView).focus()
        if rev:
            self.baseline = HEAD if rev == HEAD else REV + rev
            self.refresh_diff()
