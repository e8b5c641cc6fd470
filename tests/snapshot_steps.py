"""Steps for the app's snapshot tests: settle, press keys, freeze the picture.

Deterministic screenshots: every worker has finished before the picture, cursors
do not blink, and every widget is repainted once so the picture does not depend
on which lines a widget had cached from earlier updates.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from agent_workbench.app.compat import forget_drawn_rows
from app_helpers import settle


def no_blink(pilot: Pilot[int]) -> None:
    """Cursors drawn steadily (a blinking cursor is caught in either phase)."""
    for widget in pilot.app.screen.query("TextArea, Input"):
        if isinstance(widget, (TextArea, Input)):
            widget.cursor_blink = False
        if isinstance(widget, TextArea):
            # Without blinking, TextArea's line cache key does not hold the focus, so a
            # line drawn before the widget took focus would be reused without its cursor.
            forget_drawn_rows(widget)


def steps(*keys: str, typed: str = "") -> Callable[[Pilot[int]], Awaitable[None]]:
    """Settle, press keys (inserting ``typed`` into the editor first), settle, freeze."""

    async def run(pilot: Pilot[int]) -> None:
        no_blink(pilot)
        await settle(pilot)
        if typed:  # inserted in one edit (as a paste), so one render follows
            editor = pilot.app.screen.query_one("#editor", TextArea)
            editor.focus()
            await pilot.press("down", "down", "end")
            editor.insert("\n" + typed)
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        no_blink(pilot)
        # Repaint everything once more, so the screenshot does not depend on which
        # lines each widget had cached from the updates before.
        for widget in pilot.app.screen.query("*"):
            widget.refresh()
        await settle(pilot)

    return run
