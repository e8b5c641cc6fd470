"""Keys a text box receives together are applied in the order they were typed.

Textual inserts a printable key as soon as the focused widget reads it, but a key
the widget handles through a binding (Backspace, Delete, Home, End, arrows,
Enter) first bubbles up through every ancestor to the app, which then runs the
binding. When keys arrive together (a fast typist, a terminal sending a burst,
a paste without bracketed paste), the letters behind a Backspace overtake it:
12 Backspaces and ``purple`` gave ``purple`` typed and then erased.
``OrderedInput`` and ``OrderedTextArea`` run the widget's own bindings when the
widget reads the key, so every key is applied in turn. Keys the widget does not
bind bubble as before (the focused widget's bindings came first then too).
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea

from agent_workbench.app.compat import own_key_bindings


async def run_own_binding(widget: Widget, event: events.Key) -> None:
    """Run ``widget``'s own (non-priority) binding for ``event`` now, in key order."""
    if event.is_printable:
        return  # the widget inserts it itself
    for binding in own_key_bindings(widget, event.key):
        if binding.priority:
            continue  # the app ran priority bindings before forwarding the key
        if await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return


class OrderedInput(Input):
    """An Input whose editing keys keep their order in a burst."""

    async def on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class OrderedTextArea(TextArea):
    """A TextArea whose editing keys keep their order in a burst."""

    async def on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)
