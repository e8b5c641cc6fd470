"""Where the focus is in the form, kept across a rebuild of its fields.

The form is rebuilt (``AgentForm.load``) whenever the file's text changes other than
through the form itself: an undo (Alt+U), a discard (Alt+R), a merge, a reload after
another program wrote the file. The rebuild removes the focused widget, and the focus
fell to the tab bar: the next keys typed went nowhere. ``FocusSpot`` remembers the
field, which of its widgets had the focus, the cursor there and the form's scroll, and
puts them back on the rebuilt field of the same name (when it still exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.widget import Widget
from textual.widgets import Collapsible, DataTable, Input, SelectionList, TextArea

if TYPE_CHECKING:
    from agent_workbench.app.widgets.form import AgentForm
    from agent_workbench.app.widgets.form_fields import FormField


@dataclass(frozen=True)
class FocusSpot:
    """The focused widget of a form field, and where its cursor and the form's scroll were."""

    rel: str
    key: str
    index: int  # among the field's focusable widgets (a permission row, a rules table, …)
    cursor: Any
    scroll_y: float


def _focusables(field: Widget) -> list[Widget]:
    return [widget for widget in field.query("*") if widget.can_focus]


def _cursor(widget: Widget) -> Any:
    if isinstance(widget, Input):
        return widget.cursor_position
    if isinstance(widget, TextArea):
        return widget.cursor_location
    if isinstance(widget, DataTable):
        return widget.cursor_coordinate
    if isinstance(widget, SelectionList):
        return widget.highlighted
    return None


def _set_cursor(widget: Widget, cursor: Any) -> None:
    if cursor is None:
        return
    if isinstance(widget, Input):
        widget.cursor_position = min(int(cursor), len(widget.value))
    elif isinstance(widget, TextArea):
        widget.move_cursor(cursor)  # clamped to the text by the TextArea
    elif isinstance(widget, DataTable) and widget.row_count:
        widget.move_cursor(row=min(cursor.row, widget.row_count - 1), column=cursor.column)
    elif isinstance(widget, SelectionList) and widget.option_count:
        widget.highlighted = min(int(cursor), widget.option_count - 1)


def focus_spot(form: AgentForm, field_type: type[FormField]) -> FocusSpot | None:
    """Where the focus is in ``form``'s fields, if it is in one."""
    focused = form.app.focused
    if focused is None or form.agent is None or form not in focused.ancestors:
        return None
    field = next((a for a in focused.ancestors if isinstance(a, field_type)), None)
    if field is None:
        return None
    widgets = _focusables(field)
    index = widgets.index(focused) if focused in widgets else 0
    return FocusSpot(form.agent.rel, field.spec.key, index, _cursor(focused), form.scroll_y)


def restore_focus(form: AgentForm, spot: FocusSpot, field_type: type[FormField]) -> bool:
    """Focus the rebuilt field of ``spot`` as it was; False when the form has no such field
    (another agent, or the field is gone)."""
    if form.agent is None or form.agent.rel != spot.rel:
        return False
    field = next((f for f in form.query(field_type) if f.spec.key == spot.key), None)
    if field is None:
        return False
    for folded in field.ancestors:
        if isinstance(folded, Collapsible) and folded.collapsed:
            folded.collapsed = False
    widgets = _focusables(field)
    if not widgets:
        return False
    widget = widgets[min(spot.index, len(widgets) - 1)]
    _set_cursor(widget, spot.cursor)
    form.scroll_to(y=spot.scroll_y, animate=False)
    widget.focus(scroll_visible=False)
    return True
