"""A permission's pattern rules as a table the keyboard edits, and the box below it.

The table's keys (``RulesTable.BINDINGS``) ask the ``PermissionField`` holding it to
cycle the rule under the cursor (allow → ask → deny), delete it, move it up or down
(OpenCode applies the last matching rule, so order matters), or edit its pattern in
the ``RuleBox`` below (Enter keeps the new pattern, Esc leaves it as it was). The
keys are shown under the table (``rule_keys_hint``), as the user's keymap binds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Input

from agent_workbench.app.keys import key_for


def rule_keys_hint(app: App[Any]) -> str:
    """What the table's keys do, as the keymap binds them (shown under the table)."""

    def keys(*binding_ids: str) -> str:
        return "/".join(key_for(app, binding_id).replace(" or ", "/") for binding_id in binding_ids)

    return (
        f"{keys('rule-cycle')} cycle · {keys('rule-edit')} edit · "
        f"{keys('rule-delete')} delete · {keys('rule-up', 'rule-down')} move"
    )


class RulesTable(DataTable[str]):
    """Pattern → action, one row per rule, in the file's order."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter,space",
            "request('cycle')",
            "Cycle action",
            show=False,
            id="rule-cycle",
            tooltip="in a rules table: the rule's action becomes the next of allow, ask, deny",
        ),
        Binding(
            "e",
            "request('edit')",
            "Edit pattern",
            show=False,
            id="rule-edit",
            tooltip="in a rules table: edit the rule's pattern in the box below"
            " (Enter keeps it, Esc leaves it)",
        ),
        Binding(
            "delete,d",
            "request('delete')",
            "Delete rule",
            show=False,
            id="rule-delete",
            tooltip="in a rules table: remove the rule (its line)",
        ),
        Binding(
            "shift+up",
            "request('move', -1)",
            "Rule up",
            show=False,
            id="rule-up",
            tooltip="in a rules table: move the rule up (OpenCode applies the last rule"
            " that matches)",
        ),
        Binding(
            "shift+down",
            "request('move', 1)",
            "Rule down",
            show=False,
            id="rule-down",
            tooltip="in a rules table: move the rule down",
        ),
    ]

    class Request(Message):
        """A key asked for ``op`` ("cycle", "edit", "delete", "move") on the cursor's rule."""

        def __init__(self, table: RulesTable, op: str, offset: int = 0) -> None:
            super().__init__()
            self.table = table
            self.op = op
            self.offset = offset

    def action_request(self, op: str, offset: int = 0) -> None:
        self.post_message(self.Request(self, op, offset))

    def fill(self, rules: Mapping[str, Any]) -> None:
        """Show ``rules`` (pattern → action), in their order."""
        self.clear()
        for pattern, action in rules.items():
            text = (
                ""
                if action is None
                else str(action).lower()
                if isinstance(action, bool)
                else str(action)
            )
            self.add_row(str(pattern), text, key=str(pattern))


class RuleBox(Input):
    """The box below a rules table: a new pattern, or the new text of a rule's pattern."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Leave the pattern",
            show=False,
            id="rule-box-cancel",
            tooltip="in the box below a rules table: clear it; a pattern being edited stays"
            " as it was",
        ),
    ]

    renaming: str | None = None  # the pattern being edited, if any

    def action_cancel(self) -> None:
        self.cancel()

    def cancel(self) -> None:
        renaming, self.renaming = self.renaming, None
        self.value = ""
        parent = self.parent.parent if self.parent is not None else None
        if renaming is not None and parent is not None:
            for table in parent.query(RulesTable):
                if renaming in {str(key.value) for key in table.rows}:
                    table.move_cursor(row=table.get_row_index(renaming))
                    table.focus()
