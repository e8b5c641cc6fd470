"""The form's richer fields: tools as a checklist, OpenCode permissions with pattern rules.

A tool's pattern rules are a ``RulesTable`` (``rules_table.py``): keys cycle a rule's
action, edit its pattern (in the box below the table), delete it or move it; each is
one ``FieldEdit`` through the one edit path, writing only that rule's lines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Select, SelectionList
from textual.widgets.selection_list import Selection

from agent_workbench.app.keys import key_for
from agent_workbench.app.widgets.check_boxes import CheckList
from agent_workbench.app.widgets.field_edit import FieldEdit
from agent_workbench.app.widgets.form_fields import ACTIONS, FormField, as_text, field_id
from agent_workbench.app.widgets.rules_table import RuleBox, RulesTable, rule_keys_hint
from agent_workbench.session.editing import format_key_path

PERMISSION_TOOL_WIDTH = 14  # cells of a tool's name in the permission rows, at least


class ToolsField(FormField):
    """Tools as a checklist, written back the way the file writes them.

    A map of booleans (OpenCode) sets ``tools.NAME``; a comma string or a list
    (Claude Code) is rewritten as the same kind with the checked names.
    """

    def compose_editor(self) -> ComposeResult:
        checked = self.checked()
        mapped = [str(name) for name in self.mapped()]
        names = list(dict.fromkeys([*checked, *mapped, *self.spec.tool_names]))
        yield CheckList(
            *[
                Selection(self._prompt(name, name in mapped), name, name in checked, id=name)
                for name in names
            ],
            disabled=self.read_only,
        )

    def _as_map(self) -> bool:
        return isinstance(self.value, Mapping) or (
            not self.present and self.spec.kind == "tools-map"
        )

    def _prompt(self, name: str, in_map: bool) -> str | Text:
        """A tool a map of switches leaves out is OpenCode's to decide (on, mostly: SOURCES
        "tools-doc"), not off: it says so."""
        if in_map or not self._as_map():
            return name
        return Text.assemble(name, ("  (not set)", "dim"))

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
        if self._as_map():
            self.value, self.present = {**self.mapped(), name: on}, True
            event.selection_list.replace_option_prompt(name, self._prompt(name, True))
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
        # Every name whole, the choices in one column (`external_directory` was cut).
        name_width = max((len(tool) for tool in tools), default=0) + 2
        for tool in tools:
            rule = value.get(tool)
            if isinstance(rule, Mapping):
                yield Label(Text(f"{tool}: pattern rules", style="bold"), classes="rule-title")
                table = RulesTable(id=f"rules-{field_id(tool)}", cursor_type="row", classes="rules")
                table.add_columns("pattern", "action")
                table.fill(rule)
                yield table
                yield Label(Text(rule_keys_hint(self.app), style="dim"), classes="rule-keys")
                with Horizontal(classes="rule-add"):
                    yield RuleBox(
                        placeholder="new pattern, e.g. git *",
                        classes="new-pattern",
                        compact=True,
                        select_on_focus=False,  # `e` puts a pattern here to edit, not replace
                    )
                    yield Button(
                        "Add rule", classes="add-rule", disabled=self.read_only, compact=True
                    )
                continue
            with Horizontal(classes="permission-row"):
                label = Label(tool, classes="permission-tool")
                label.styles.width = max(name_width, PERMISSION_TOOL_WIDTH)
                yield label
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

    def on_rules_table_request(self, event: RulesTable.Request) -> None:
        """A key on a rule (``RulesTable``): cycle, delete, move or start editing it."""
        event.stop()
        table = event.table
        if self.read_only or table.row_count == 0:
            return
        tool = self._tool_of(table)
        rules = self._rules(tool)
        pattern = str(table.get_row_at(table.cursor_row)[0])
        path = format_key_path([self.spec.key, tool, pattern])
        if event.op == "cycle":
            current = as_text(rules.get(pattern))
            action = ACTIONS[(ACTIONS.index(current) + 1) % 3] if current in ACTIONS else "ask"
            self._set_rules(table, tool, {**rules, pattern: action}, pattern)
            self.post_message(FieldEdit({path: action}))
        elif event.op == "delete":
            del rules[pattern]
            self._set_rules(table, tool, rules, None, row=table.cursor_row)
            self.post_message(FieldEdit({}, [path]))
        elif event.op == "move":
            order = list(rules)
            index = order.index(pattern)
            target = max(0, min(len(order) - 1, index + event.offset))
            if target != index:
                order.insert(target, order.pop(index))
                self._set_rules(table, tool, {k: rules[k] for k in order}, pattern)
                self.post_message(FieldEdit({}, move=(path, target - index)))
        elif event.op == "edit":
            box = self._box_after(table)
            box.renaming = pattern
            box.value = pattern
            box.cursor_position = len(pattern)
            box.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.parent is not None:
            self._add_rule(event.button.parent)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.has_class("new-pattern") and event.input.parent is not None:
            event.stop()  # Enter in the new-rule box adds the rule, as the button does
            self._add_rule(event.input.parent)

    def _add_rule(self, row: Any) -> None:
        """Add the typed pattern as an ``ask`` rule (or, after ``e`` on a rule, rename that
        rule); a pattern already there is shown, not added twice (a map holds a key once),
        and the box is emptied."""
        box = row.query_one(".new-pattern", RuleBox)
        pattern = box.value.strip()
        table = self._table_before(row)
        if self.read_only or not pattern or table is None:
            return
        tool = self._tool_of(table)
        rules = self._rules(tool)
        renaming = box.renaming
        if pattern == renaming:
            box.cancel()
            return
        if pattern in rules:
            # The rule is there, under the cursor: nothing typed is lost. Left in the box
            # (and still renaming), the text ran into the next pattern typed there, and
            # Enter then renamed the rule being edited to the two run together.
            box.renaming = None
            box.value = ""
            table.move_cursor(row=table.get_row_index(pattern))
            table.focus()
            cycle = key_for(self.app, "rule-cycle")
            self.notify(
                f"{tool}: `{pattern}` is already a rule ({cycle} cycles its action)",
                title="Not renamed" if renaming else "Not added",
                severity="warning",
                timeout=8,
            )
            return
        box.renaming = None
        box.value = ""
        if renaming is not None and renaming in rules:
            renamed = {pattern if k == renaming else k: v for k, v in rules.items()}
            self._set_rules(table, tool, renamed, pattern)
            table.focus()
            path = format_key_path([self.spec.key, tool, renaming])
            self.post_message(FieldEdit({}, rename=(path, pattern)))
            return
        self._set_rules(table, tool, {**rules, pattern: "ask"}, None)
        self.post_message(FieldEdit({format_key_path([self.spec.key, tool, pattern]): "ask"}))

    def _rules(self, tool: str) -> dict[str, Any]:
        value = self.value if isinstance(self.value, Mapping) else {}
        rules = value.get(tool)
        return {str(k): v for k, v in rules.items()} if isinstance(rules, Mapping) else {}

    def _set_rules(
        self,
        table: RulesTable,
        tool: str,
        rules: dict[str, Any],
        cursor: str | None,
        *,
        row: int | None = None,
    ) -> None:
        """Remember the tool's rules as the file now holds them and show them."""
        value = dict(self.value) if isinstance(self.value, Mapping) else {}
        self.value = {**value, tool: rules}
        table.fill(rules)
        if cursor is not None:
            table.move_cursor(row=table.get_row_index(cursor))
        elif row is not None and table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _box_after(self, table: RulesTable) -> RuleBox:
        siblings = list(table.parent.children) if table.parent else []
        for widget in siblings[siblings.index(table) + 1 :]:
            if widget.has_class("rule-add"):
                return widget.query_one(RuleBox)
        raise LookupError("no new-rule box after the table")  # pragma: no cover - composed so

    def _table_before(self, row: Any) -> RulesTable | None:
        siblings = list(row.parent.children) if row.parent else []
        index = siblings.index(row)
        for widget in reversed(siblings[:index]):
            if isinstance(widget, RulesTable):
                return widget
        return None

    def _tool_of(self, table: RulesTable) -> str:
        value = self.value if isinstance(self.value, Mapping) else {}
        for tool in value:
            if table.id == f"rules-{field_id(str(tool))}":
                return str(tool)
        return ""
