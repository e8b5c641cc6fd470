"""Where a template reads the process environment (Tera's ``get_env``), as warnings.

AGPM v0.4.14 renders with ``Tera::default()`` (``src/templating/renderer.rs``,
``render_template``), which registers Tera's ``get_env`` (Tera 1.20
``src/tera.rs``, ``register_tera_functions``): an installed prompt can embed any
environment variable of the machine that runs ``agpm install``, a token or a key
included. The workbench renders it the same way, and says so at each place."""

from __future__ import annotations

import re

from agent_workbench.model.diagnostics import Diagnostic, warning

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_GET_ENV = re.compile(r"\bget_env\s*\(")
_NAME = re.compile(r"""name\s*=\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`)""")


def environment_reads(rel: str, source: str, first_line: int = 1) -> list[Diagnostic]:
    """A warning at line:column of each ``get_env(…)`` in the template syntax of ``source``
    (whose first line is line ``first_line`` of the file ``rel``)."""
    if "get_env" not in source:
        return []
    raw_spans = [m.span() for m in _RAW.finditer(source)]
    out: list[Diagnostic] = []
    for tag in _TAG.finditer(source):
        if any(start <= tag.start() < end for start, end in raw_spans):
            continue
        for call in _GET_ENV.finditer(tag.group(0)):
            offset = tag.start() + call.start()
            line = source.count("\n", 0, offset)
            column = offset - (source.rfind("\n", 0, offset) + 1) + 1
            named = _NAME.search(tag.group(0), call.end())
            variable = next((g for g in named.groups() if g is not None), None) if named else None
            what = (
                f"the environment variable `{variable}`" if variable else "an environment variable"
            )
            out.append(
                warning(
                    rel,
                    first_line + line,
                    column,
                    f"this template reads {what} with `get_env`: AGPM embeds its value from the "
                    "machine that installs it, and a secret there would leak into the prompt",
                    code="template-env-read",
                )
            )
    return out
