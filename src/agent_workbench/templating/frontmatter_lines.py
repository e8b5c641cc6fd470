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

A line whose expressions are all plain variable paths (``{{ agpm.project.language }}``)
is not even compiled (a Jinja compile is most of a millisecond, even for one line):
each path is looked up in the context as the environment's ``getattr`` does for
Tera maps (``obj[key]`` on a mapping) and written as is when it ends at a ``str``
(which Jinja writes unchanged). Anything else (a missing key, a value that is not
a string, a ``{`` beside an expression, the render's deadline passed) renders the
line with Jinja.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from jinja2.runtime import Undefined

from agent_workbench.model import fast_paths
from agent_workbench.model.caches import memo
from agent_workbench.templating.environment import TemplateRenderError, has_template_syntax

_REFUSED = re.compile(r"\{[%#]|\{\{[-+]|[-+]\}\}")
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PATH = re.compile(r"\{\{ *(" + _NAME + r"(?:\." + _NAME + r")*) *\}\}")
# Names Jinja reads as something else than a variable or an attribute.
_KEYWORDS = frozenset(
    [
        "and",
        "or",
        "not",
        "in",
        "is",
        "if",
        "else",
        "true",
        "false",
        "none",
        "True",
        "False",
        "None",
        "loop",
        "self",
        "caller",
    ]
)

# A piece: (text, templated, parts). parts, for a line of plain variable paths only:
# its literal texts (str) and paths (tuples of names), in order; else None.
Piece = tuple[str, bool, tuple[str | tuple[str, ...], ...] | None]


@memo("templating.frontmatter_pieces", 4096)
def pieces_of(source: str, newline: str) -> tuple[Piece, ...] | None:
    """Pieces whose texts make ``source``: runs of plain lines, and each line holding
    ``{{``; None when ``render_by_lines`` may not cut it."""
    if _REFUSED.search(source) or not _one_newline(source, newline):
        return None
    pieces: list[Piece] = []
    plain: list[str] = []
    for line in source.splitlines(keepends=True):
        if has_template_syntax(line):
            if plain:
                pieces.append(("".join(plain), False, None))
                plain = []
            pieces.append((line, True, _paths(line)))
        else:
            plain.append(line)
    if plain:
        pieces.append(("".join(plain), False, None))
    return tuple(pieces)


def _paths(line: str) -> tuple[str | tuple[str, ...], ...] | None:
    """The line as literal texts and variable paths, when those are all it holds."""
    parts: list[str | tuple[str, ...]] = []
    at = 0
    for match in _PATH.finditer(line):
        path = tuple(match.group(1).split("."))
        if _KEYWORDS.intersection(path):
            return None
        parts += [line[at : match.start()], path]
        at = match.end()
    parts.append(line[at:])
    literals = [part for part in parts if isinstance(part, str)]
    if any("{" in text for text in literals):  # `{{{ x }}`, or an expression left over
        return None
    return tuple(parts)


def _lookup(
    parts: tuple[str | tuple[str, ...], ...], context: Mapping[str, Any], deadline: float
) -> str | None:
    """The line with its paths looked up (as Jinja would write them), or None."""
    if time.monotonic() > deadline:
        return None
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        if part[0] not in context:
            return None
        value: Any = context[part[0]]
        for name in part[1:]:
            if not isinstance(value, Mapping) or isinstance(value, Undefined):
                return None
            try:
                value = value[name]
            except (KeyError, TypeError):
                return None
        if type(value) is not str:
            return None
        out.append(value)
    return "".join(out)


def _one_newline(source: str, newline: str) -> bool:
    crlf = source.count("\r\n")
    if newline == "\n":
        return "\r" not in source
    if newline == "\r\n":
        return crlf == source.count("\n") == source.count("\r")
    return "\n" not in source  # "\r"


def render_by_lines(
    source: str,
    newline: str,
    render: Callable[[str], str],
    context: Mapping[str, Any],
    *,
    max_output: int,
    deadline: float,
) -> str | None:
    """The render of ``source`` with ``context``, made line by line (``render`` renders
    one line's text with it); None when it cannot be made so (or the fast paths are
    off): then render it whole."""
    if not fast_paths.enabled():
        return None
    pieces = pieces_of(source, newline)
    if pieces is None:
        return None
    out: list[str] = []
    try:
        for text, templated, parts in pieces:
            if not templated:
                out.append(text)
                continue
            looked_up = _lookup(parts, context, deadline) if parts is not None else None
            out.append(looked_up if looked_up is not None else render(text))
    except TemplateRenderError:
        return None
    rendered = "".join(out)
    return rendered if len(rendered) <= max_output else None
