"""The form's richer fields: tools as a checklist, OpenCode permissions with pattern rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Label, Select, SelectionList

from agent_workbench.app.widgets.form_fields import (
    ACTIONS,
    FieldEdit,
    FormField,
    as_text,
    field_id,
)
from agent_workbench.app.widgets.ordered_keys import OrderedInput
from agent_workbench.session.editing import format_key_path


class ToolsField(FormField):
    """Tools as a checklist, written back the way the file writes them.

    A map of booleans (OpenCode) sets ``tools.NAME``; a comma string or a list
    (Claude Code) is rewritten as the same kind with the checked names.
    """

    def compose_editor(self) -> ComposeResult:
        checked = self.checked()
        names = list(dict.fromkeys([*checked, *map(str, self.mapped()), *self.spec.tool_names]))
        yield SelectionList[str](
            *[(name, name, name in checked) for name in names], disabled=self.read_only
        )

    def mapped(self) -> dict[str, Any]:
        return dict(self.value) if isinstance(self.value, Mapping) else {}

    def checked(self) -> list[str]:
        if isinstance(self.value, Mapping):
            return [str(k) for k, v in self.value.items() if v is True]
        if isinstance(self.value, list):
            return [as_text(v) for v in self.value]
        if isinstance(self.value, str):
            return [part.strip() for part in self.value.split(",") if part.strip()]
        return []

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled) -> None:
        event.stop()
        name = str(event.selection.value)
        on = name in event.selection_list.selected
        as_map = isinstance(self.value, Mapping) or (
            not self.present and self.spec.kind == "tools-map"
        )
        if as_map:
            self.value, self.present = {**self.mapped(), name: on}, True
            self.post_message(FieldEdit({format_key_path([self.spec.key, name]): on}))
            return
        selected = [str(v) for v in event.selection_list.selected]
        if isinstance(self.value, list):
            self.emit(selected)
        elif selected:
            self.emit(", ".join(selected))
        else:
            self.emit(None, unset=True)


class PermissionField(FormField):
    """OpenCode permissions: allow/ask/deny per tool, and a table for pattern rules."""

    def compose_editor(self) -> ComposeResult:
        value = self.value if isinstance(self.value, Mapping) else {}
        if isinstance(self.value, str):
            yield Label(Text(f"all tools: {self.value}", style="bold"))
        tools = list(self.spec.tool_names)
        tools += [str(k) for k in value if str(k) not in tools]
        for tool in tools:
            rule = value.get(tool)
            if isinstance(rule, Mapping):
                yield Label(Text(f"{tool}: pattern rules", style="bold"), classes="rule-title")
                table: DataTable[str] = DataTable(
                    id=f"rules-{field_id(tool)}", cursor_type="row", classes="rules"
                )
                table.add_columns("pattern", "action")
                for pattern, action in rule.items():
                    table.add_row(str(pattern), as_text(action), key=str(pattern))
                table.border_subtitle = "enter: cycle allow/ask/deny"
                yield table
                with Horizontal(classes="rule-add"):
                    yield OrderedInput(
                        placeholder="new pattern, e.g. git *", classes="new-pattern", compact=True
                    )
                    yield Button(
                        "Add rule", classes="add-rule", disabled=self.read_only, compact=True
                    )
                continue
            with Horizontal(classes="permission-row"):
                yield Label(tool, classes="permission-tool")
                options = [(a, a) for a in ACTIONS]
                current = as_text(rule) if rule is not None else None
                if current and current not in ACTIONS:
                    options.append((current, current))
                yield Select(
                    options,
                    value=current if current else Select.NULL,
                    id=f"perm-{field_id(tool)}",
                    name=tool,
                    prompt="(not set)",
                    disabled=self.read_only,
                    compact=True,
                )

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        tool = event.select.name or ""
        value = self.value if isinstance(self.value, Mapping) else {}
        key = format_key_path([self.spec.key, tool])
        if event.value is Select.NULL:
            if tool in value:
                self.value = {k: v for k, v in value.items() if k != tool}
                self.post_message(FieldEdit({}, [key]))
            return
        action = str(event.value)
        if action in ACTIONS and value.get(tool) != action:
            self.value = {**value, tool: action}
            self.post_message(FieldEdit({key: action}))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.read_only:
            return
        table = event.data_table
        tool = self._tool_of(table)
        pattern = str(event.row_key.value)
        current = table.get_row(event.row_key)[1]
        action = ACTIONS[(ACTIONS.index(current) + 1) % 3] if current in ACTIONS else "ask"
        table.update_cell(event.row_key, table.ordered_columns[1].key, action)
        self.post_message(FieldEdit({format_key_path([self.spec.key, tool, pattern]): action}))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.parent is not None:
            self._add_rule(event.button.parent)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.has_class("new-pattern") and event.input.parent is not None:
            event.stop()  # Enter in the new-rule box adds the rule, as the button does
            self._add_rule(event.input.parent)

    def _add_rule(self, row: Any) -> None:
        """Add the typed pattern as an ``ask`` rule; a pattern already there is shown, not
        added twice (the file cannot hold the same key twice)."""
        box = row.query_one(".new-pattern", Input)
        pattern = box.value.strip()
        table = self._table_before(row)
        if self.read_only or not pattern or table is None:
            return
        tool = self._tool_of(table)
        if pattern in {str(key.value) for key in table.rows}:
            table.move_cursor(row=table.get_row_index(pattern))
            table.focus()
            self.notify(
                f"{tool}: `{pattern}` is already a rule (Enter cycles its action)",
                title="Not added",
                severity="warning",
                timeout=8,
            )
            return
        table.add_row(pattern, "ask", key=pattern)
        box.value = ""
        self.post_message(FieldEdit({format_key_path([self.spec.key, tool, pattern]): "ask"}))

    def _table_before(self, row: Any) -> DataTable[str] | None:
        siblings = list(row.parent.children) if row.parent else []
        index = siblings.index(row)
        for widget in reversed(siblings[:index]):
            if isinstance(widget, DataTable):
                return widget
        return None

    def _tool_of(self, table: DataTable[str]) -> str:
        value = self.value if isinstance(self.value, Mapping) else {}
        for tool in value:
            if table.id == f"rules-{field_id(str(tool))}":
                return str(tool)
        return ""
