"""Rendered diffs between revisions and languages, for ``workbench diff`` and the app's
diff and changes screens.

Re-exported from ``revisions`` (git sources, change sets, text and rendered diffs) so
that ``cli/`` and ``app/`` depend on ``session`` and ``model`` only.
"""

from __future__ import annotations

from agent_workbench.revisions.diff_model import AgentDiff
from agent_workbench.revisions.gitrev import GitError
from agent_workbench.revisions.rendered_diff import (
    DiffPathError,
    DiffReport,
    diff_agent_revision,
    diff_language_pair,
    diff_languages,
    diff_renders,
    diff_revision,
)
from agent_workbench.revisions.text_diff import NO_NEWLINE, DiffLine, LineKind, TextDiff
from agent_workbench.revisions.variant_diff import diff_revision_variants

__all__ = [
    "NO_NEWLINE",
    "AgentDiff",
    "DiffLine",
    "DiffPathError",
    "DiffReport",
    "GitError",
    "LineKind",
    "TextDiff",
    "diff_agent_revision",
    "diff_language_pair",
    "diff_languages",
    "diff_renders",
    "diff_revision",
    "diff_revision_variants",
]
