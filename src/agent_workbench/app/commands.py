"""Command palette entries: every action, every agent to open, every language.

The one provider of the app's palette: our entries come first, then Textual's own
(Keys, Theme, …), so the list opens on what this app does. The actions are the
keys of the app and the main screen (``keys.py``): title, help and key come from
their bindings, so a key moved by the user's keymap shows here as it works.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from agent_workbench.app.keys import PALETTE_OWNERS, current_keymap, key_for, key_rows

if TYPE_CHECKING:
    from agent_workbench.app.screens.main import MainScreen

# Palette entries that are not keys: (title, help, action on the main screen). A help's
# {keymap-id} is the key bound to that id now (``key_for``), as the footer shows it.
EXTRA_ACTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "Diff against saved",
        "what your unsaved edits change in the rendered output",
        "app.diff('saved')",
    ),
    ("Diff against HEAD", "the rendered output against git HEAD", "app.diff('HEAD')"),
    ("Diff against revision…", "the rendered output against any git revision", "app.diff('rev')"),
    ("Diff against another language", "the rendered output for two languages", "app.diff('lang')"),
    (
        "Agent list wider",
        "widen the browser ({browser-wider} in the list, or drag its edge)",
        "browser_wider",
    ),
    (
        "Agent list narrower",
        "narrow the browser ({browser-narrower} in the list)",
        "browser_narrower",
    ),
)

# Not offered: the palette is open already; Textual's own Quit is listed.
NOT_IN_PALETTE = frozenset({"command-palette"})


class WorkbenchCommands(Provider):
    """Actions, "Open agent: …", "Language: …" and "Preview: …" entries."""

    def _main(self) -> MainScreen | None:
        from agent_workbench.app.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _entries(self) -> list[tuple[str, str, Callable[[], object]]]:
        main = self._main()
        if main is None:
            return []
        entries: list[tuple[str, str, Callable[[], object]]] = []
        app = self.app
        for row in key_rows(current_keymap(app), app.get_key_display, PALETTE_OWNERS):  # keys.py
            if row.id in NOT_IN_PALETTE:
                continue
            target = main if row.owner == "screens.main:MainScreen" else app
            entries.append(
                (
                    row.description,
                    f"{row.help} ({row.key_text})",
                    partial(target.run_action, row.action),
                )
            )
        for title, help_text, action in EXTRA_ACTIONS:
            help_text = re.sub(r"\{([a-z-]+)\}", lambda m: key_for(app, m.group(1)), help_text)
            entries.append((title, help_text, partial(main.run_action, action)))
        for mode, label in (
            ("markdown", "Markdown"),
            ("raw", "raw text"),
            ("installed", "installed file"),
        ):
            entries.append(
                (
                    f"Preview: {label}",
                    "show the render as " + label,
                    partial(main.set_preview_mode, mode),
                )
            )
        for language in main.ws.languages():
            entries.append(
                (
                    f"Language: {language}",
                    "render with this language",
                    partial(main.ws.set_language, language),
                )
            )
        for rel in main.browser.entries:
            entries.append(
                (f"Open agent: {rel}", "open in the workbench", partial(main.open_agent, rel))
            )
        return entries

    def _system(self, *, discover: bool) -> list[tuple[str, str, Callable[[], object]]]:
        """Textual's own commands (Keys, Theme, Quit, …), by title."""
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        ours = {"Quit"}  # a key of ours (keys.py): listed once, with its key
        return [
            (c.title, c.help, c.callback)
            for c in commands
            if (c.discover or not discover) and c.title not in ours
        ]

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            if not title.startswith("Open agent:"):
                yield DiscoveryHit(title, callback, help=help_text)
        for title, help_text, callback in self._system(discover=True):
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in [*self._entries(), *self._system(discover=False)]:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
