"""Saving from the main screen: what is written is what the form and editor show.

A form field the author left invalid (or emptied without confirming) keeps the
file's value: no value typed on the way to it is written, and the save says
which fields were not written and why. Warnings (⚠) do not block: a value with a
warning is written as shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent_workbench.app.keys import key_for
from agent_workbench.model.diagnostics import DiagnosticError
from agent_workbench.session.events import SaveOutcome, SaveState

if TYPE_CHECKING:
    from agent_workbench.app.screens.main import MainScreen


def save_open_agent(screen: MainScreen) -> SaveOutcome:
    """Save the open agent, keeping the file's value of every field flagged in the form."""
    ws = screen.ws
    unwritten = screen.form.unwritten()
    if unwritten:
        try:
            ws.keep_saved_fields(unwritten)
        except DiagnosticError as exc:
            screen.notify(exc.diagnostic.message, title="Not changed", severity="error")
        if ws.agent is not None:
            screen.form.sync(ws.agent)  # the form keeps showing what was typed, flagged
    outcome = ws.save()
    if unwritten and outcome.state is not SaveState.FAILED:
        lines = [f"{key}: {why}" for key, why in unwritten.items()]
        screen.notify(
            "\n".join(["not written, the file keeps its value:", *lines]),
            title="Not written",
            severity="warning",
            timeout=8,
        )
    if outcome.state is SaveState.SAVED:
        screen.notify(outcome.message, timeout=2)
    elif outcome.state is SaveState.FAILED:
        screen.notify(outcome.message, title="Not saved", severity="error")
    elif outcome.state is SaveState.UNCHANGED and not unwritten:
        screen.notify("nothing to save", timeout=2)
    return outcome


def discard_or_reload(screen: MainScreen) -> None:
    """Drop unsaved changes (one undoable step); with none, read the file from disk again."""
    ws = screen.ws
    if ws.buffer is None:
        return
    if ws.dirty:
        ws.revert()
        undo = key_for(screen.app, "undo-edit")
        screen.notify(f"unsaved changes discarded ({undo} brings them back)", timeout=3)
    elif ws.reload():
        screen.notify(f"reloaded {ws.rel} from disk", timeout=2)
