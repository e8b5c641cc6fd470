"""Which files a template's ``content`` filter can read, found without rendering it.

``scan_template(source)`` parses the template (never runs it) and returns each use
of the filter as a ``ContentTarget``: the path as literal text and variable
references (``agpm.project.styleguide``, ``agpm.resource.path``), joined as ``~``
joins them. ``ContentTarget.resolve`` turns one into a project-relative path once
the variables are known (for one language). A use whose path cannot be worked out
this way — a loop variable, another filter, a macro argument, ``{% filter content %}``,
``map('content')``, ``agpm`` rebound by ``set``/``for``/a macro — makes the scan
``dynamic``: the caller must then find what the template reads by rendering it.

A template that does not parse reads nothing (it never runs). Templates that do not
mention the filter at all are recognised from their text, without parsing.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError

from agent_workbench.model import fast_paths
from agent_workbench.model.caches import memo
from agent_workbench.model.flavour import resource_type
from agent_workbench.model.sources import SourceError, normalize_rel
from agent_workbench.templating.environment import environment

# Every way to reach the filter names it: `| content`, `{% filter content %}`, or
# `map(...)` (which looks filters up by name, possibly a computed one).
_WORDS = re.compile(r"content|map")


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def mentions_content(source: str) -> bool:
    """Could ``source`` use the ``content`` filter? (False only when it certainly cannot;
    a literal search, much faster than one regular expression with word boundaries.)"""
    for match in _WORDS.finditer(source):
        start, end = match.span()
        if end < len(source) and _is_word(source[end]):
            continue
        if match.group() == "map":
            if start == 0 or not _is_word(source[start - 1]):
                return True
            continue
        before = start
        while before > 0 and source[before - 1].isspace():
            before -= 1
        if before > 0 and source[before - 1] == "|":
            return True
        if source.endswith("filter", 0, before):
            return True
    return False


# A variable reference: the path below `agpm` (("project", "styleguide")).
Part = str | tuple[str, ...]


class Unresolved(Exception):
    """A target's path cannot be worked out from the variables."""


class _Missing(Unresolved):
    """The variable is not defined: the filter refuses it before reading anything."""


@dataclass(frozen=True)
class ContentTarget:
    """The path given to one ``content`` use: literal text and variable references."""

    parts: tuple[Part, ...]

    def resolve(self, variables: Mapping[str, Any], rel: str) -> str | None:
        """The project-relative path read, for ``agpm.project`` = ``variables`` in the
        file ``rel``; None when the filter refuses the path before reading anything
        (empty, absolute, outside the root, an undefined variable on its own). Raises
        Unresolved when a variable is not text, or missing inside a longer path."""
        if len(self.parts) == 1 and isinstance(self.parts[0], tuple):
            try:  # `agpm.project.x | content`: undefined fails before any read
                text = _lookup(self.parts[0], variables, rel)
            except _Missing:
                return None
        else:
            text = "".join(
                part if isinstance(part, str) else _lookup(part, variables, rel)
                for part in self.parts
            )
        if not text or text.startswith(("/", "\\")) or (len(text) > 1 and text[1] == ":"):
            return None
        try:
            return normalize_rel(text) or None
        except SourceError:
            return None


def _lookup(path: tuple[str, ...], variables: Mapping[str, Any], rel: str) -> str:
    head, rest = path[0], path[1:]
    if head == "resource" and len(rest) == 1 and rest[0] in ("path", "name", "type"):
        name = posixpath.splitext(posixpath.basename(rel))[0]
        return {"path": rel, "name": name, "type": resource_type(rel)}[rest[0]]
    if head != "project" or not rest:
        raise Unresolved(".".join(path))
    value: Any = variables
    for key in rest:
        if not isinstance(value, Mapping):
            raise Unresolved(".".join(path))
        if key not in value:
            raise _Missing(".".join(path))
        value = value[key]
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise Unresolved(".".join(path))


@dataclass(frozen=True)
class ContentScan:
    targets: tuple[ContentTarget, ...] = ()
    dynamic: bool = False  # a use whose path is not known without rendering


NOTHING = ContentScan()
DYNAMIC = ContentScan(dynamic=True)


@memo("templating.content_scans", 2048)
def scan_template(source: str) -> ContentScan:
    """Every ``content`` use in ``source`` (parsed as the renderer parses it)."""
    if fast_paths.enabled() and not mentions_content(source):
        return NOTHING
    try:
        tree = environment().parse(source)
    except TemplateSyntaxError:
        return NOTHING  # it never runs, so it reads nothing
    except Exception:
        return DYNAMIC
    rebound = any(
        name.name == "agpm" and name.ctx in ("store", "param") for name in tree.find_all(nodes.Name)
    )
    targets: list[ContentTarget] = []
    for node in tree.find_all(nodes.Filter):
        if node.name == "map" and _may_map_content(node):
            return DYNAMIC
        if node.name != "content":
            continue
        if node.node is None:  # {% filter content %}…{% endfilter %}
            return DYNAMIC
        parts = None if rebound else _parts(node.node)
        if parts is None:
            return DYNAMIC
        targets.append(ContentTarget(tuple(parts)))
    return ContentScan(tuple(dict.fromkeys(targets)))


def _may_map_content(node: nodes.Filter) -> bool:
    """Could ``map(...)`` apply the ``content`` filter? (Only a constant other name cannot.)"""
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        return True
    if not node.args:
        return not any(kw.key == "attribute" for kw in node.kwargs)
    first = node.args[0]
    return not (isinstance(first, nodes.Const) and first.value != "content")


def _parts(node: nodes.Expr) -> list[Part] | None:
    """The path expression as literal text and variable references; None if it is anything
    else (a filter, a loop variable, a call…)."""
    if isinstance(node, nodes.Const):
        return [str(node.value)]
    if isinstance(node, nodes.Filter) and node.name == "_tera_sized" and node.node is not None:
        return _parts(node.node)  # the size guard wrapped around every `~`
    if isinstance(node, nodes.Concat):
        out: list[Part] = []
        for item in node.nodes:
            sub = _parts(item)
            if sub is None:
                return None
            out.extend(sub)
        return out
    path = _variable(node)
    return [path] if path else None


def _variable(node: nodes.Expr) -> tuple[str, ...] | None:
    """``agpm.a.b`` / ``agpm["a"].b`` as ("a", "b"); None for anything else."""
    keys: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            keys.append(node.attr)
            node = node.node
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
        ):
            keys.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name) and node.name == "agpm" and node.ctx == "load":
            return tuple(reversed(keys)) if keys else None
        else:
            return None
