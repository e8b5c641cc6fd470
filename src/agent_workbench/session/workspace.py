"""The app's session, headless: one project, the open agent's buffer, the language.

The Textual app only presents a ``Workspace``; everything it shows is computed
here, and every change goes through here: edits of the open buffer through the one
edit path (``buffer_edits.py``), saves with the hash of the bytes loaded, so a file
changed on disk is a conflict, never overwritten (``saving.py``). Its problems are
``diagnose.file_problems``'s, its languages ``languages.py``'s.

Rendering is split so it can run in a worker thread without locks:
``next_job()`` (UI thread) snapshots the text and language into a ``RenderJob``;
``render(job)`` is pure (any thread) and returns a ``RenderOutcome``;
``accept(outcome)`` (UI thread) keeps it unless a newer job has started since,
which is how stale results are dropped.

Listeners (``subscribe``) hear every change as a ``WorkspaceEvent``, so later
parts (the file watcher, the diff view) hook in without the app in between.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.model.atomic import ConflictError, is_read_only, sweep_stale_temps
from agent_workbench.model.diagnostics import Diagnostic, Severity
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.flavour import detect_flavour, install_path
from agent_workbench.model.project import Project
from agent_workbench.model.scope import ResourceScope, project_for
from agent_workbench.model.sources import SourceError
from agent_workbench.model.variants import Variant, variant_language, variants_of
from agent_workbench.session.buffer import Buffer, LineChange, line_change
from agent_workbench.session.buffer_edits import BufferEdits
from agent_workbench.session.diagnose import file_problems, installed_fields, project_problems
from agent_workbench.session.events import (
    Listener,
    SaveOutcome,
    SaveState,
    WorkspaceEvent,
)
from agent_workbench.session.languages import OfferedLanguages, effective_language, next_language
from agent_workbench.session.name_clashes import NameIndex
from agent_workbench.session.render_jobs import (
    RenderJob,
    RenderOutcome,
    SavedCounts,
    count_outcome,
    render_job,
)
from agent_workbench.session.saving import save_buffer
from agent_workbench.templating.render import RenderResult
from agent_workbench.tokens import counting as tokens
from agent_workbench.tokens.agent_tokens import TokenCounts, agent_of

__all__ = [
    "Buffer",
    "LineChange",
    "RenderJob",
    "RenderOutcome",
    "SaveOutcome",
    "SaveState",
    "TokenCounts",
    "Workspace",
    "WorkspaceEvent",
]


class Workspace(BufferEdits):
    """One project and at most one open agent, with the session's language."""

    def __init__(
        self,
        project: Project,
        *,
        language: str | None = None,
        encoding: str = tokens.DEFAULT_ENCODING,
        scope: str | None = None,
    ) -> None:
        self.project = project
        self.scope = ResourceScope(project, scope)  # what the browser lists
        self.session_language: str | None = language or project.default_language
        self.variant: Variant | None = None  # the agpm.toml entry the open agent renders as
        self.encoding = encoding
        self.buffer: Buffer | None = None
        self.last_good: RenderResult | None = None  # newest successful render of this buffer
        self.last_result: RenderResult | None = None  # newest render, good or not
        self.tokens: TokenCounts | None = None
        self.saved_tokens: TokenCounts | None = None
        self.conflict: ConflictError | None = None
        self._generation = 0
        self._accepted = -1
        self._listeners: list[Listener] = []
        self._undo: list[str] = []
        self._undo_group: tuple[str, ...] | None = None  # the form field being typed in
        self._offered = OfferedLanguages(project)
        self._saved_counts: SavedCounts = {}
        self._problems: tuple[tuple[object, ...], list[Diagnostic]] | None = None
        self.names = NameIndex(project)  # the agents of each folder, by name

    # -- construction ------------------------------------------------------------

    @classmethod
    def from_target(
        cls, target: Path, *, language: str | None = None
    ) -> tuple[Workspace, str | None]:
        """A workspace for a project folder or one agent file; returns the agent to open."""
        project, folder, initial = project_for(Path(target))
        return cls(project, language=language, scope=folder), initial

    def sweep_temp_files(self) -> list[Path]:
        """Remove the temporary files of saves killed more than a minute ago (``kill -9``),
        in the folders that hold resources; returns what was removed. The app does it in
        the background once the first preview is shown (one listing per folder)."""
        folders = {self.project.root} | {
            self.project.abspath(rel).parent for rel in self.resources()
        }
        return sweep_stale_temps(sorted(folders))

    # -- listeners ---------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event)`` on every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _emit(self, event: WorkspaceEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- resources and buffer ----------------------------------------------------

    def resources(self) -> list[str]:
        return self.scope.resources()

    def is_resource(self, rel: str) -> bool:
        """Is ``rel`` (a path added, deleted or renamed on disk) one the browser lists?"""
        return self.scope.is_resource(rel)

    @property
    def rel(self) -> str | None:
        return self.buffer.rel if self.buffer else None

    @property
    def read_only(self) -> bool:
        """The open file (or its folder) may not be written: saving is refused."""
        return self.buffer is not None and (self.project.is_view or is_read_only(self.buffer.path))

    @property
    def dirty(self) -> bool:
        return self.buffer is not None and self.buffer.dirty

    @property
    def text(self) -> str:
        return self.buffer.text if self.buffer else ""

    @property
    def document(self) -> AgentDocument | None:
        return self.buffer.document if self.buffer else None

    @property
    def agent(self) -> AgentFile | None:
        """The open agent as the engine reads its current (unsaved) text."""
        if self.buffer is None:
            return None
        return agent_of(self.buffer.rel, self.buffer.document)

    def open(self, rel: str) -> Buffer:
        """Open ``rel`` (unsaved changes of the previous buffer are dropped: ask first)."""
        buffer = Buffer.load(self.project, rel)
        if self.variant is not None and self.variant.rel != rel:
            self.variant = None  # an entry belongs to its file
        self._set_buffer(buffer)
        self._emit(WorkspaceEvent.OPENED)
        return buffer

    def reload(self) -> bool:
        """Re-read the open file from disk; refused (False) while there are unsaved changes."""
        if self.buffer is None or self.buffer.dirty:
            return False
        try:
            buffer = Buffer.load(self.project, self.buffer.rel)
        except SourceError:
            self.buffer.deleted = True
            return False
        self._set_buffer(buffer)
        self._emit(WorkspaceEvent.OPENED)
        return True

    def invalidate_caches(self) -> None:
        """Forget what was worked out from files on disk (the languages an agent offers,
        the saved text's token counts); call it when files, snippets or ``agpm.toml``
        change. The open buffer and its last render are kept."""
        self._offered.clear()
        self._saved_counts.clear()
        self.names.clear()  # the other agents' names may have changed
        self._problems = None

    def close(self) -> None:
        self.buffer = None
        self._reset_session_state()
        self._emit(WorkspaceEvent.CLOSED)

    def _set_buffer(self, buffer: Buffer) -> None:
        self.buffer = buffer
        self._reset_session_state()

    def _reset_session_state(self) -> None:
        self.last_good = None
        self.last_result = None
        self.tokens = None
        self.saved_tokens = None
        self.conflict = None
        self.forget_history()
        self._generation += 1

    # -- saving ------------------------------------------------------------------

    def save(self, *, force: bool = False) -> SaveOutcome:
        """Write the buffer if the file on disk is still the one loaded (``saving.py``).

        ``force`` writes even when the disk changed (the author chose "keep mine").
        """
        outcome, conflict = save_buffer(self.project, self._require(), force=force)
        if conflict is not None:
            self.conflict = conflict
            self._emit(WorkspaceEvent.CONFLICT)
        elif outcome.state is SaveState.SAVED:
            self.conflict = None
            self.saved_tokens = self.tokens
            self._emit(WorkspaceEvent.SAVED)
        return outcome

    # -- language ----------------------------------------------------------------

    def languages(self) -> list[str]:
        """The languages the open agent can be rendered with (its own list, else the project's)."""
        if self.buffer is None:
            return [self.session_language] if self.session_language else []
        return self._offered(self.buffer.rel, self.buffer.text)

    @property
    def language(self) -> str | None:
        """The language the open agent renders with: the variant's own when it sets one,
        else the session's when the agent supports it."""
        own = variant_language(self.variant)
        if own is not None:
            return own
        return effective_language(self.session_language, self.languages() if self.buffer else [])

    # -- variants ----------------------------------------------------------------

    def variants(self) -> list[Variant]:
        """The agpm.toml entries that point at the open agent."""
        if self.buffer is None:
            return []
        return variants_of(self.project.config, self.buffer.rel)

    def cycle_variant(self, step: int = 1) -> Variant | None:
        """Move to the next entry pointing at the open agent (after the last: the file
        as it is, no entry); returns it."""
        choices: list[Variant | None] = [None, *self.variants()]
        labels = [v.label if v is not None else None for v in choices]
        current = self.variant.label if self.variant is not None else None
        index = labels.index(current) if current in labels else 0
        self.variant = choices[(index + step) % len(choices)]
        self._emit(WorkspaceEvent.LANGUAGE)
        return self.variant

    def install_path(self) -> str | None:
        """Where the open agent installs (its variant's place when one is chosen)."""
        result = self.last_good
        if self.buffer is None:
            return None
        flavour = detect_flavour(self.buffer.rel, installed_fields(result) if result else None)
        tools = self.project.config.get("tools")
        if self.variant is not None:
            return self.variant.install_path(flavour, tools)
        return install_path(self.buffer.rel, flavour, tools)

    def set_language(self, language: str | None) -> None:
        if language == self.session_language:
            return
        self.session_language = language
        self._emit(WorkspaceEvent.LANGUAGE)

    def cycle_language(self, step: int = 1) -> str | None:
        """Move to the next language the open agent supports; returns it."""
        choice = next_language(self.languages(), self.language, step)
        if choice is not None and self.languages():
            self.set_language(choice)
        return choice

    # -- rendering ---------------------------------------------------------------

    def next_job(self) -> RenderJob:
        """Snapshot what to render now (UI thread); older jobs become stale."""
        buffer = self._require()
        self._generation += 1
        return RenderJob(
            self._generation,
            buffer.rel,
            buffer.text,
            self.language,
            buffer.saved_text,
            variant=self.variant,
        )

    def render(
        self, job: RenderJob | None = None, *, wait_for_tokens: bool = True
    ) -> RenderOutcome:
        """Render a job (pure apart from caches; safe in a worker thread)."""
        job = job or self.next_job()
        return render_job(self.project, job, self.encoding, self._saved_counts, wait_for_tokens)

    def count(self, outcome: RenderOutcome) -> RenderOutcome:
        """The outcome with its token counts, waiting for the tokenizer if needed."""
        return count_outcome(self.project, outcome, self.encoding, self._saved_counts)

    def accept(self, outcome: RenderOutcome) -> bool:
        """Keep a render outcome unless a newer job started since (UI thread)."""
        if (
            self.buffer is None
            or outcome.job.rel != self.buffer.rel
            or outcome.job.generation != self._generation
        ):
            return False
        result = outcome.result
        self.last_result = result
        if result.ok and result.output is not None:
            self.last_good = result
            if outcome.tokens is not None:
                self.tokens = outcome.tokens
            if outcome.saved_tokens is not None:
                self.saved_tokens = outcome.saved_tokens
        self._accepted = outcome.job.generation
        self._emit(WorkspaceEvent.RENDERED)
        return True

    def render_now(self) -> RenderOutcome:
        """Render and accept on the calling thread (the CLI, tests, start-up)."""
        outcome = self.render(self.next_job())
        self.accept(outcome)
        return outcome

    @property
    def stale(self) -> bool:
        """True when the preview shows an older render than the text (failed or pending)."""
        return (
            self.last_result is None
            or not self.last_result.ok
            or self._accepted != self._generation
        )

    @property
    def render_errors(self) -> list[Diagnostic]:
        result = self.last_result
        return [d for d in result.diagnostics if d.is_error] if result is not None else []

    # -- what the status line shows --------------------------------------------------

    def line_change(self) -> LineChange:
        if self.buffer is None:
            return LineChange()
        return line_change(self.buffer.saved_text, self.buffer.text)

    def token_change(self) -> int | None:
        """Body+description tokens now minus at the last save (same language)."""
        if self.tokens is None or self.saved_tokens is None:
            return None
        return self.tokens.total - self.saved_tokens.total

    def diagnostics(self) -> list[Diagnostic]:
        """Problems with the open agent (``diagnose.file_problems``: what ``workbench check``
        reports): parse, the latest render's, validation of the newest good render's fields;
        after the project's own (agpm.toml: ``diagnose.project_problems``)."""
        agent = self.agent
        if agent is None:
            return []
        key = (agent.rel, self.text, self.last_result, self.last_good, self.names.version)
        kept = self._problems
        if kept is None or any(a is not b for a, b in zip(kept[0], key, strict=True)):
            found = file_problems(agent, self.last_result, self.last_good, self.names)
            # Asked several times a frame; names it read itself are in the answer.
            kept = self._problems = ((*key[:-1], self.names.version), found)
        return project_problems(self.project) + list(kept[1])

    def warning_count(self) -> int:
        return sum(1 for d in self.diagnostics() if d.severity is Severity.WARNING)

    def error_count(self) -> int:
        return sum(1 for d in self.diagnostics() if d.severity is Severity.ERROR)

    # -- helpers -----------------------------------------------------------------

    def _require(self) -> Buffer:
        if self.buffer is None:
            raise RuntimeError("no agent is open")
        return self.buffer
