"""What the front ends need to edit a file's frontmatter: the one edit path, re-exported.

Edits go through ``frontmatter.edit.set_fields`` (minimal diff) and
``write_document`` (atomic, refused when the file changed on disk); key paths
(``tools.bash``, ``permission.bash."git *"``) are parsed and shown by
``frontmatter.keypath``. The CLI's ``edit``/``--var`` and the app's form import them
from here, so that ``cli/`` and ``app/`` depend on ``session`` and ``model`` only.
"""

from __future__ import annotations

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.edit import set_fields, write_document
from agent_workbench.frontmatter.keypath import (
    KeyPathError,
    format_key_path,
    parse_key_path,
    parse_value,
)
from agent_workbench.schema.edit_verdict import EditVerdict, judge_edit

__all__ = [
    "AgentFile",
    "EditVerdict",
    "KeyPathError",
    "format_key_path",
    "judge_edit",
    "parse_key_path",
    "parse_value",
    "set_fields",
    "write_document",
]
