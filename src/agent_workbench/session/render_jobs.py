"""Renders of the open buffer as jobs: a snapshot taken on the UI thread, rendered anywhere.

``render_job`` is pure apart from the cache of the saved text's counts (a dict
whose single-key writes are safe across threads), so the app runs it in a
worker or, when it is cheap, at once on the UI thread under a short
``time_limit`` (``timed_out`` tells such a render apart from a real error); the
workspace's ``accept`` then keeps only the newest job's outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from agent_workbench.model.project import Project
from agent_workbench.model.variants import Variant
from agent_workbench.session.buffer import sha256_hex
from agent_workbench.templating.limits import DEFAULT_TIME_LIMIT
from agent_workbench.templating.render import RenderOptions, RenderResult, render_agent
from agent_workbench.tokens.agent_tokens import TokenCounts, count_result

SavedCounts = dict[tuple[str, str, str | None, str | None], TokenCounts | None]


@dataclass(frozen=True)
class RenderJob:
    """What to render: a snapshot taken on the UI thread."""

    generation: int
    rel: str
    text: str
    language: str | None
    saved_text: str
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds of render time (each of the two renders)
    variant: Variant | None = None  # the agpm.toml entry rendered as (model.variants)


@dataclass(frozen=True)
class RenderOutcome:
    job: RenderJob
    result: RenderResult
    tokens: TokenCounts | None  # None when the tokenizer is not loaded (and not awaited)
    saved_tokens: TokenCounts | None  # the saved text's counts, same language


def render_job(
    project: Project, job: RenderJob, encoding: str, saved: SavedCounts, wait: bool
) -> RenderOutcome:
    """Render the job's text and count it (and the saved text, once per language)."""
    result = render_agent(project, job.rel, _options(job), text=job.text)
    counts = count_result(result, encoding, wait=wait)
    saved_counts = counts
    if job.saved_text != job.text:
        saved_counts = _saved_count(project, job, encoding, saved, wait)
    return RenderOutcome(job, result, counts, saved_counts)


def count_outcome(
    project: Project, outcome: RenderOutcome, encoding: str, saved: SavedCounts
) -> RenderOutcome:
    """The outcome with its token counts, waiting for the tokenizer if needed."""
    counts = count_result(outcome.result, encoding)
    job = outcome.job
    if job.saved_text == job.text:
        saved_counts = counts
    else:
        saved_counts = _saved_count(project, job, encoding, saved, True)
    return replace(outcome, tokens=counts, saved_tokens=saved_counts)


def _saved_count(
    project: Project, job: RenderJob, encoding: str, saved: SavedCounts, wait: bool
) -> TokenCounts | None:
    variant = job.variant.label if job.variant is not None else None
    key = (job.rel, sha256_hex(job.saved_text.encode("utf-8")), job.language, variant)
    if key in saved:
        return saved[key]
    result = render_agent(project, job.rel, _options(job), text=job.saved_text)
    counts = count_result(result, encoding, wait=wait)
    if counts is not None or (result.output is None and not timed_out(result)):
        saved[key] = counts
    return counts


def _options(job: RenderJob) -> RenderOptions:
    return RenderOptions(language=job.language, time_limit=job.time_limit, variant=job.variant)


def timed_out(result: RenderResult) -> bool:
    """True when the render was stopped by its time limit (not an error in the text)."""
    return result.output is None and any(d.code == "render-timeout" for d in result.diagnostics)
