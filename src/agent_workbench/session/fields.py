"""The field tables of each tool and the checks that read them, for the front ends.

The app's form builds its widgets from ``schema.tables`` (a field's kind, its
choices, the context it applies in) and checks one value as it is typed
(``check_field``); ``workbench edit`` validates the edited file (``validate``).
Re-exported here so that ``cli/`` and ``app/`` depend on ``session`` and ``model`` only.
"""

from __future__ import annotations

from agent_workbench.schema.tables import Context, FieldSpec, Kind, schema_for
from agent_workbench.schema.validate import check_field, validate

__all__ = ["Context", "FieldSpec", "Kind", "check_field", "schema_for", "validate"]
