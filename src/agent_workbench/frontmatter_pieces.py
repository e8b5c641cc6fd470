"""Render a frontmatter line by line: only its lines holding ``{{ … }}``, each compiled once.

A templated agent's frontmatter is rendered once per (agent, language) before it
is parsed, and compiling it is about a millisecond per agent. Nearly every such
frontmatter holds template syntax only as ``{{ … }}`` expressions inside a few
values (the language-dependent dependency paths), and those lines are the same
text in many agents. ``render_by_lines`` renders each of those lines on its own
(its compiled template cached by the line's text, so shared by every agent that
has it) and keeps every other line as it is.

Why the result is the render of the whole text:

* without ``{% %}`` and ``{# #}`` a template is data and ``{{ … }}`` expressions;
  an expression cannot change the context of another (no ``set``; the sandbox
  refuses mutating calls), so the output is each expression's output in place;
* an expression that runs past its line leaves that line's template unclosed: it
  does not compile, and the whole text is rendered instead;
* whitespace control (``{{-``, ``-}}``, and the ``+`` forms) could remove line
  breaks between lines: refused;
* Jinja writes every line break of the data as the environment's newline: the
  text must use only that one (else refused), so the kept lines are what Jinja
  would have written;
* any render error, or an output past the size limit, means: render the whole
  text (its error, line and column are then exactly the whole render's).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from agent_workbench.template_env import TemplateRenderError, has_template_syntax

_REFUSED = re.compile(r"\{[%#]|\{\{[-+]|[-+]\}\}")


@lru_cache(maxsize=4096)
def pieces_of(source: str, newline: str) -> tuple[tuple[str, bool], ...] | None:
    """(text, templated) pieces whose concatenation is ``source``: runs of plain lines,
    and each line holding ``{{``; None when ``render_by_lines`` may not cut it."""
    if _REFUSED.search(source) or not _one_newline(source, newline):
        return None
    pieces: list[tuple[str, bool]] = []
    plain: list[str] = []
    for line in source.splitlines(keepends=True):
        if has_template_syntax(line):
            if plain:
                pieces.append(("".join(plain), False))
                plain = []
            pieces.append((line, True))
        else:
            plain.append(line)
    if plain:
        pieces.append(("".join(plain), False))
    return tuple(pieces)


def _one_newline(source: str, newline: str) -> bool:
    crlf = source.count("\r\n")
    if newline == "\n":
        return "\r" not in source
    if newline == "\r\n":
        return crlf == source.count("\n") == source.count("\r")
    return "\n" not in source  # "\r"


def render_by_lines(
    source: str, newline: str, render: Callable[[str], str], max_output: int
) -> str | None:
    """The render of ``source`` made line by line with ``render`` (which renders one
    template text); None when it cannot be made so: then render ``source`` whole."""
    pieces = pieces_of(source, newline)
    if pieces is None:
        return None
    out: list[str] = []
    try:
        for text, templated in pieces:
            out.append(render(text) if templated else text)
    except TemplateRenderError:
        return None
    rendered = "".join(out)
    return rendered if len(rendered) <= max_output else None
