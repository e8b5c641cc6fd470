"""What a rendered diff is made of: the two sides (an agent rendered from one source for
one language, or the error in its place), the comparison of one agent, and the report
over many. ``diff.py`` computes them; the CLI and the app's diff view present them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from agent_workbench.model.diagnostics import Diagnostic
from agent_workbench.revisions.text_diff import TextDiff, diff_texts
from agent_workbench.templating.render import RenderResult
from agent_workbench.tokens.counting import DEFAULT_ENCODING, count_tokens

ERROR_PREFIX = "! render failed: "


class Status(StrEnum):
    MODIFIED = "modified"
    ADDED = "added"
    REMOVED = "removed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Side:
    """One side of a comparison: an agent rendered from one source for one language."""

    label: str  # "HEAD", "working tree", "saved", a language…
    rel: str
    language: str | None
    present: bool  # False: the agent (or this language of it) does not exist on this side
    output: str | None = None  # the rendered file; None when absent or the render failed
    diagnostics: tuple[Diagnostic, ...] = ()
    files_read: frozenset[str] = frozenset()
    variant: str | None = None  # the agpm.toml entry rendered as (model.variants)

    @property
    def failed(self) -> bool:
        return self.present and self.output is None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def text(self) -> str:
        """What the diff compares: the output, the render errors in its place, or nothing."""
        if self.output is not None:
            return self.output
        if not self.present:
            return ""
        errors = self.errors or [*self.diagnostics]
        if not errors:
            return f"{ERROR_PREFIX}{self.rel}: no output\n"
        return "".join(f"{ERROR_PREFIX}{d.format()}\n" for d in errors)

    def name(self, prefix: str) -> str:
        """Header name: ``a/agents/x.md [entry] (python)``, or ``/dev/null`` for a missing
        side."""
        if not self.present:
            return "/dev/null"
        entry = f" [{self.variant}]" if self.variant else ""
        lang = f" ({self.language})" if self.language else ""
        return f"{prefix}/{self.rel}{entry}{lang}"


def side_from(result: RenderResult, label: str, variant: str | None = None) -> Side:
    return Side(
        variant=variant,
        label=label,
        rel=result.rel,
        language=result.language,
        present=True,
        output=result.output if result.ok else None,
        diagnostics=tuple(result.diagnostics),
        files_read=frozenset(result.files_read),
    )


def absent(rel: str, language: str | None, label: str) -> Side:
    return Side(label=label, rel=rel, language=language, present=False)


@dataclass
class AgentDiff:
    """The rendered output of one agent, old against new."""

    old: Side
    new: Side
    text: TextDiff
    encoding: str = DEFAULT_ENCODING
    _tokens: dict[str, int | None] = field(default_factory=dict, repr=False)

    @property
    def rel(self) -> str:
        return self.new.rel if self.new.present else self.old.rel

    @property
    def status(self) -> Status:
        if not self.old.present and self.new.present:
            return Status.ADDED
        if self.old.present and not self.new.present:
            return Status.REMOVED
        return Status.MODIFIED if self.text.changed else Status.UNCHANGED

    @property
    def changed(self) -> bool:
        return self.status is not Status.UNCHANGED

    @property
    def title(self) -> str:
        """``agents/x.md (python)``, ``agents/x.md (python → rust)``, ``agents/x.md
        [rust-reviewer] (rust)`` when rendered as an agpm.toml entry."""
        entries = [s.variant for s in (self.old, self.new) if s.present and s.variant]
        head = f"{self.rel} [{entries[0]}]" if entries else self.rel
        langs = [s.language for s in (self.old, self.new) if s.present and s.language]
        if not langs:
            return head
        shown = langs[0] if len(set(langs)) == 1 else " → ".join(langs)
        return f"{head} ({shown})"

    @property
    def added(self) -> int:
        return self.text.added

    @property
    def removed(self) -> int:
        return self.text.removed

    def tokens(self, which: str) -> int | None:
        """Token count of the ``"old"`` or ``"new"`` rendered output (0 when absent,
        None when it failed to render)."""
        if which not in self._tokens:
            side = self.old if which == "old" else self.new
            if not side.present:
                self._tokens[which] = 0
            elif side.output is None:
                self._tokens[which] = None
            else:
                self._tokens[which] = count_tokens(side.output, self.encoding)
        return self._tokens[which]

    @property
    def token_delta(self) -> int | None:
        old, new = self.tokens("old"), self.tokens("new")
        return None if old is None or new is None else new - old

    def unified_lines(self) -> list[str]:
        return self.text.unified_lines(self.old.name("a"), self.new.name("b"))

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.rel,
            "status": self.status.value,
            "old": _side_json(self.old, self.tokens("old")),
            "new": _side_json(self.new, self.tokens("new")),
            "lines_added": self.added,
            "lines_removed": self.removed,
            "token_delta": self.token_delta,
            "encoding": self.encoding,
            "diff": "\n".join(self.unified_lines()),
        }


def _side_json(side: Side, tokens: int | None) -> dict[str, Any]:
    return {
        "label": side.label,
        "language": side.language,
        "variant": side.variant,
        "present": side.present,
        "ok": not side.failed,
        "tokens": tokens,
        "errors": [d.to_json() for d in side.errors] if side.failed else [],
    }


def compare(
    old: Side, new: Side, *, context: int = 3, encoding: str = DEFAULT_ENCODING
) -> AgentDiff:
    return AgentDiff(old, new, diff_texts(old.text, new.text, context=context), encoding)


@dataclass
class DiffReport:
    """Every agent that changed, plus how much work finding them took."""

    old_label: str
    new_label: str
    diffs: list[AgentDiff] = field(default_factory=list)  # changed ones only, in path order
    agents: int = 0  # agents looked at (either side)
    comparisons: int = 0  # (agent, language) pairs looked at
    renders: int = 0  # renders performed, both sides
    skipped: int = 0  # pairs whose revision render was skipped: nothing they read changed
    unrendered: int = 0  # of those, pairs not rendered at all (static impact analysis)
    # Pairs that render on neither side (two languages both failing): nothing was compared.
    failed: list[AgentDiff] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.diffs)

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old_label,
            "new": self.new_label,
            "agents": self.agents,
            "comparisons": self.comparisons,
            "renders": self.renders,
            "skipped_renders": self.skipped,
            "unrendered_pairs": self.unrendered,
            "changed": [d.to_json() for d in self.diffs],
            "failed": [d.to_json() for d in self.failed],
        }
