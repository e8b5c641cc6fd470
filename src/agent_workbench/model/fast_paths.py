"""One switch that turns every fast path of the engine off.

Each fast path gives exactly what its slow path gives, or steps aside (tests prove
it over the samples and the corpus). The switch exists so the slow paths stay
tested on their own (CI runs the render, diff and frontmatter tests again with
``WORKBENCH_FAST_PATHS=0``) and so a suspected fast-path bug can be ruled out by
running with it off. The paths it turns off:

* ``frontmatter.subset.load_subset``: plain YAML read a line at a time;
* ``frontmatter.entries.parse_entries``: a mapping safe-loaded entry by entry;
* ``frontmatter.entry_edit.by_entries`` and ``frontmatter.libyaml_tree.read_tree``: an
  edit spliced into the touched entry alone, the whole frontmatter read by libyaml;
* ``templating.context.without_settings``: a frontmatter that cannot hold settings
  is not parsed by the render;
* ``templating.frontmatter_lines.render_by_lines``: a frontmatter rendered line by line;
* ``templating.static_frontmatter.read_frontmatter`` and the ``content_scan``
  literal pre-check: dependencies and ``content`` reads found without rendering;
* ``revisions.rendered_diff``: a revision diff renders only the pairs a change can
  affect;
* ``tokens.agent_tokens``: the description counted from the render's safe parse.

Read from the environment variable ``WORKBENCH_FAST_PATHS`` at start (``0``,
``off``, ``false`` or ``no``: off); ``set_enabled`` changes it in process, and
clears the engine's caches (results a fast path made must not outlive it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from agent_workbench.model.caches import CACHES

ENV_VAR = "WORKBENCH_FAST_PATHS"
_OFF = frozenset({"0", "off", "false", "no"})


def _from_environment() -> bool:
    return os.environ.get(ENV_VAR, "1").strip().lower() not in _OFF


_enabled = _from_environment()


def enabled() -> bool:
    """Are the fast paths on?"""
    return _enabled


def set_enabled(on: bool) -> None:
    """Turn every fast path on or off (the engine's cached results are forgotten)."""
    global _enabled
    if on != _enabled:
        _enabled = on
        CACHES.clear()


@contextmanager
def fast_paths(on: bool) -> Iterator[None]:
    """Run a block with the fast paths on or off, then restore the setting."""
    before = _enabled
    set_enabled(on)
    try:
        yield
    finally:
        set_enabled(before)
