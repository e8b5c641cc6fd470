"""The one bridge from the headless ``Workspace`` to Textual: its events become messages.

The workspace calls its listeners as things happen (``Workspace.subscribe``), on
whatever thread made the change. The bridge is the app's only listener: it posts
each event to a message pump (the main screen) as ``WorkspaceChanged``, which
Textual delivers on the UI thread in order, like any other message. A handler
reads the workspace's state when it runs, so events that arrive together are
shown once, as they left the workspace.
"""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump

from agent_workbench.session.events import WorkspaceEvent
from agent_workbench.session.workspace import Workspace


class WorkspaceChanged(Message):
    """The workspace reported ``event`` (opened, changed, rendered, saved, ...)."""

    def __init__(self, event: WorkspaceEvent) -> None:
        super().__init__()
        self.event = event


class WorkspaceBridge:
    """Posts every event of ``workspace`` to ``target`` until ``close``."""

    def __init__(self, workspace: Workspace, target: MessagePump) -> None:
        self.target = target
        self._unsubscribe = workspace.subscribe(self._post)

    def _post(self, event: WorkspaceEvent) -> None:
        self.target.post_message(WorkspaceChanged(event))

    def close(self) -> None:
        self._unsubscribe()
