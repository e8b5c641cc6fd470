"""The form's view of each flavour's fields, read from ``schema.tables`` (built from ``schema.data``).

``specs_for(flavour)`` turns the engine's field specs into ``FieldSpec``s: which
widget shows the field, its help, its known values and bounds, the tools a
checklist offers and the permissions offered as rows, all from the data; the
fields always shown (``primary``) too. Nothing about a tool is written here.
"""

from __future__ import annotations

from agent_workbench.app.widgets.form_fields import FieldSpec
from agent_workbench.model.caches import memo
from agent_workbench.model.flavour import Flavour
from agent_workbench.session.fields import FieldSpec as SchemaField
from agent_workbench.session.fields import Kind, schema_for

_WIDGET_KIND = {
    Kind.TEXT: "text",
    Kind.MULTILINE: "multiline",
    Kind.NUMBER: "number",
    Kind.INTEGER: "number",
    Kind.BOOL: "bool",
    Kind.LIST: "list",
    Kind.MAP: "yaml",
    Kind.PERMISSION: "permission",
}


def convert(spec: SchemaField, flavour: Flavour) -> FieldSpec:
    kind = _WIDGET_KIND.get(spec.kind, "yaml")
    tool_names: tuple[str, ...] = ()
    if spec.kind is Kind.CHOICE:
        kind = "open_choice" if spec.open_values else "choice"
    elif spec.kind is Kind.TOOLS:
        kind = "tools" if spec.comma_string else "tools-map"
        tool_names = spec.values  # the tools the data knows, as the checklist
    elif spec.kind is Kind.PERMISSION:
        tool_names = spec.keys  # the permissions the data knows, as rows
    help_text = spec.help
    if spec.minimum is not None and spec.maximum is not None and "to" not in help_text:
        help_text = f"{help_text} ({spec.minimum:g}–{spec.maximum:g})"
    return FieldSpec(
        spec.name,
        kind,
        help_text,
        choices=spec.values,
        minimum=spec.minimum,
        maximum=spec.maximum,
        integer=spec.kind is Kind.INTEGER,
        required=spec.required,
        tool_names=tool_names,
        source=spec,
    )


@memo("app.field_specs", None)  # one per flavour (a closed set)
def specs_for(flavour: Flavour) -> tuple[FieldSpec, ...]:
    """The flavour's fields in the schema's order."""
    return tuple(convert(spec, flavour) for spec in schema_for(flavour).fields.values())


def primary_fields(flavour: Flavour) -> tuple[str, ...]:
    """Fields always shown (empty when absent); the flavour's others wait in "More fields"."""
    return schema_for(flavour).primary
