"""Keys are handled one at a time, in the order they were typed, where the focus then is.

Textual hands a key to the focused widget as soon as the app reads it. A key that
widget does not take itself (Tab, F5, Esc, Alt+P, Backspace in a text box, …) then
climbs through every ancestor back to the app, which runs its binding. Keys that
arrive together (a fast typist, tmux's ``send-keys``, a paste without bracketed
paste) were all handed out before the first one's binding had run: F5 Tab x y z
typed ``xyz`` into the prompt editor the form had just replaced, as the focus moved
only after the letters had been delivered.

``KeysInOrder`` (a mixin for the ``App``) delivers a key, or a paste, only once the
one before has been handled: taken by a widget, or climbed back to the app and its
binding run. A ``KeyHandled`` message follows each key up the same path (messages
are handled in the order they are posted, so it reaches each widget after the key
has left it) and tells the app. An action that moves the focus later (once a pane
it shows has been drawn) holds the keys until it has (``hold_keys``). Should a key
be lost on the way (its widget removed while it was queued), the keys behind it go
on (at once when its widget has gone; after ``STUCK_AFTER`` seconds otherwise; a
hold that waits for widgets to be built has ``patience`` of its own).

An Alt key is never text: a terminal sends Alt+R as ESC r, which Textual reads as
``alt+r`` carrying the character ``r``, and a focused text box typed that ``r``
instead of the binding (discard) running.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

STUCK_AFTER = 1.0  # seconds without news of a key (or a hold) before the next goes on
LOOK_AGAIN = 0.1  # seconds between looks at a key in flight (is its widget still there?)

Release = Callable[[], None]


class KeyHandled(Message):
    """Follows a key up the DOM: when it reaches the app, the key has been handled."""

    def __init__(self, key: events.Event) -> None:
        super().__init__()
        self.key = key


class KeysInOrder(App[int]):
    """Delivers each key and paste once the one before has been handled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting: deque[events.Event] = deque()
        self._in_flight: events.Event | None = None
        self._holds: set[object] = set()
        self._target: Widget | None = None  # where the key in flight was handed
        self._stuck: Timer | None = None
        self._since = 0.0
        self._patience = STUCK_AFTER  # of the holds: the longest asked for

    def hold_keys(self, patience: float = STUCK_AFTER) -> Release:
        """Hold the keys that arrive from now until the returned function is called
        (an action whose focus moves after a refresh calls it once it has moved), or
        ``patience`` seconds have passed (building a pane's widgets under load can take
        longer than a key should ever wait for a widget)."""
        token = object()
        self._holds.add(token)
        self._patience = max(self._patience, patience) if len(self._holds) > 1 else patience
        self._watch()

        def release() -> None:
            if token in self._holds:
                self._holds.discard(token)
                self.call_later(self._deliver_next)  # after the focus moves (also later)

        return release

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if isinstance(event, events.Key) and event.is_printable and "alt+" in event.key:
                # A terminal sends Alt+R as ESC r, which Textual reads as alt+r carrying
                # the character r: a text box typed it instead of the binding running.
                event.character = None
            self._waiting.append(event)
            await self._deliver_next()
            return
        await super().on_event(event)
        if event is self._in_flight:  # the key climbed back to the app: its binding ran
            self._handled()

    def on_key_handled(self, message: KeyHandled) -> None:
        message.stop()
        if message.key is self._in_flight:  # taken by a widget on the way (or seen above)
            self._handled()

    def _handled(self) -> None:
        self._in_flight = self._target = None
        # What the key did may have asked for the focus to move (``Widget.focus`` is a
        # call_later too): the next key is delivered after that.
        self.call_later(self._deliver_next)

    async def _deliver_next(self) -> None:
        if self._in_flight is not None or self._holds or not self._waiting:
            return
        event = self._waiting.popleft()
        target = self.focused or self.screen  # where App.on_event hands it
        self._in_flight, self._target = event, target
        await super().on_event(event)  # priority bindings run here; else it is handed on
        if self._in_flight is not event:
            return
        if not event.is_forwarded or not target.post_message(KeyHandled(event)):
            self._handled()  # taken by a priority binding (or no one to hand it to)
            return
        self._watch()

    def _watch(self) -> None:
        self._since = monotonic()
        if self._stuck is None:
            self._stuck = self.set_timer(LOOK_AGAIN, self._look_again)

    def _look_again(self) -> None:
        """A key whose widget has gone (removed while the key was queued) was lost with
        it; so is a hold never released, after ``STUCK_AFTER``: the next key goes on."""
        self._stuck = None
        if self._in_flight is None and not self._holds:
            return
        lost = self._target is not None and not self._target.is_attached
        wait = max(STUCK_AFTER, self._patience) if self._holds else STUCK_AFTER
        if not lost and monotonic() - self._since < wait:
            self._stuck = self.set_timer(LOOK_AGAIN, self._look_again)
            return
        self.log.warning("a key was lost on its way, or held too long", self._in_flight)
        self._in_flight = self._target = None
        self._holds.clear()
        self.call_later(self._deliver_next)


def hold_keys(app: App[Any], patience: float = STUCK_AFTER) -> Release:
    """``KeysInOrder.hold_keys`` for ``app`` (nothing to hold in another app)."""
    if isinstance(app, KeysInOrder):
        return app.hold_keys(patience)
    return lambda: None
