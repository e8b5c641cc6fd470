"""Following the disk, for the app: what one batch of changes is and how the watcher is
tuned. Re-exported from ``follow.watcher`` so that ``app/`` depends on ``session`` and
``model`` only; what a batch means for the open file and the listing is ``disk_sync``'s."""

from __future__ import annotations

from agent_workbench.follow.watcher import ChangeBatch, WatchSettings

__all__ = ["ChangeBatch", "WatchSettings"]
