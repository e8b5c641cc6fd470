"""The form's field for a value too nested for a widget: shown as YAML, edited in the source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, Static

from agent_workbench.app.keys import key_for
from agent_workbench.app.widgets.form_fields import FormField, as_text


class YamlField(FormField):
    """A value too nested for a widget: shown as YAML, edited in the source."""

    def compose_editor(self) -> ComposeResult:
        yield Static(Text(yaml_preview(self.value), style="dim"), classes="yaml-value")
        source = key_for(self.app, "toggle-source")
        yield Label(Text(f"edit this field in the source ({source})", style="dim italic"))


def yaml_preview(value: Any, indent: int = 0) -> str:
    pad = "  " * indent
    if isinstance(value, Mapping):
        lines = []
        for k, v in value.items():
            if isinstance(v, (Mapping, list)) and v:
                lines.append(f"{pad}{k}:\n{yaml_preview(v, indent + 1)}")
            else:
                lines.append(f"{pad}{k}: {as_text(v)}")
        return "\n".join(lines)
    if isinstance(value, list):
        lines = []
        for item in value:
            text = yaml_preview(item, indent + 1).lstrip()
            lines.append(f"{pad}- {text}")
        return "\n".join(lines)
    return pad + as_text(value)
