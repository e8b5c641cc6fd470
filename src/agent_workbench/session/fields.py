"""The field tables of each tool and the problems of each field, for the front ends.

The app's form builds its widgets from ``schema.tables`` (built from ``schema.data``: a
field's kind, its choices, its help) and shows under each field the problems the one
answer (``diagnose``) has about it (``split_problems``); a value being typed is checked by
the same validation (``value_problems``). ``workbench edit`` validates the edited file
(``validate``). Re-exported here so that ``cli/`` and ``app/`` depend on ``session`` and
``model`` only.
"""

from __future__ import annotations

from agent_workbench.schema.tables import Context, FieldSpec, Kind, schema_for
from agent_workbench.schema.validate import validate
from agent_workbench.session.field_problems import split_problems, value_problems

__all__ = [
    "Context",
    "FieldSpec",
    "Kind",
    "schema_for",
    "split_problems",
    "validate",
    "value_problems",
]
