"""Rendering one file as AGPM installs it, for the front ends (``workbench render``,
the diff options); re-exported so that ``cli/`` and ``app/`` depend on ``session``
and ``model`` only. A file's problems are ``diagnose``'s, its languages
``languages_to_render``'s."""

from __future__ import annotations

from agent_workbench.templating.render import RenderOptions, RenderResult, render_agent
from agent_workbench.tokens.agent_tokens import rendered_fields

__all__ = ["RenderOptions", "RenderResult", "render_agent", "rendered_fields"]
