"""Command palette entries: every action, every agent to open, every language.

The one provider of the app's palette: our entries come first, then Textual's own
(Keys, Theme, Quit, …), so the list opens on what this app does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from agent_workbench.app.screens.main import MainScreen

# (title, help, action name on the main screen)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Save", "write the open agent (Ctrl+S)", "save"),
    ("Next language", "render with the next language the agent supports (F4)", "cycle_language"),
    ("Choose language…", "pick from the agent's languages (Ctrl+L)", "choose_language"),
    ("Preview: next mode", "Markdown, raw text or the installed file (F3)", "cycle_preview"),
    ("Toggle edit / preview", "on narrow terminals, switch panes (F2)", "toggle_preview"),
    ("Toggle form / prompt", "switch the editing pane (F5)", "toggle_form"),
    ("Toggle source editing", "edit the body or the whole file (F6)", "toggle_source"),
    ("Toggle agent list", "show or hide the browser (Ctrl+B)", "toggle_browser"),
    ("Filter agents", "type to filter the browser (Ctrl+F)", "filter"),
    ("Tokens view", "tokens per language and per dependency (Ctrl+T)", "tokens"),
    ("Open in $EDITOR", "edit the file in your editor, then reload (Ctrl+G)", "external_editor"),
    ("Repair frontmatter", "quote the values that break the YAML (Ctrl+R)", "repair"),
    (
        "Undo form edit",
        "undo the last form edit or repair (Ctrl+U; Ctrl+Z in a field)",
        "undo_edit",
    ),
    (
        "Discard changes / reload from disk",
        "drop unsaved changes (undoable); with none, read the file again (Alt+R)",
        "discard",
    ),
    # Rendered diffs (app/screens/diff.py and changes.py)
    (
        "Diff against saved",
        "what your unsaved edits change in the rendered output",
        "app.diff('saved')",
    ),
    ("Diff against HEAD", "the rendered output against git HEAD (F8)", "app.diff('HEAD')"),
    ("Diff against revision…", "the rendered output against any git revision", "app.diff('rev')"),
    ("Diff against another language", "the rendered output for two languages", "app.diff('lang')"),
    (
        "Changes since HEAD",
        "every agent whose rendered output differs from HEAD (F9)",
        "app.changes",
    ),
)


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
        for title, help_text, action in ACTIONS:
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
        entries.append(
            ("Help", "keys and what each panel shows (F1)", partial(main.run_action, "app.help"))
        )
        for rel in main.browser.entries:
            entries.append(
                (f"Open agent: {rel}", "open in the workbench", partial(main.open_agent, rel))
            )
        return entries

    def _system(self, *, discover: bool) -> list[tuple[str, str, Callable[[], object]]]:
        """Textual's own commands (Keys, Theme, Quit, …), by title."""
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        return [(c.title, c.help, c.callback) for c in commands if c.discover or not discover]

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
