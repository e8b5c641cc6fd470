"""The Textual app: the main screen, app-wide keys, the command palette, themes."""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.command import Provider

from agent_workbench.app.commands import WorkbenchCommands
from agent_workbench.app.compat import CrashHook, exit_with_message
from agent_workbench.app.key_order import KeysInOrder
from agent_workbench.app.screens.confirm import ConfirmUnsaved
from agent_workbench.app.screens.help import HelpScreen
from agent_workbench.app.screens.main import MainScreen
from agent_workbench.model.caches import CACHES
from agent_workbench.session import token_counting as tokens
from agent_workbench.session.workspace import Workspace

COMPILED_TEMPLATES = "templating.compiled_templates"
APP_TEMPLATES = 64  # the open agent in each language and variant, its templated snippets


class WorkbenchApp(CrashHook, KeysInOrder):
    """Presents a Workspace; all behaviour lives in the screens and the workspace.

    Keys are handled one at a time, each where the focus is once the one before has
    been handled (``key_order.py``)."""

    TITLE = "agent workbench"
    # One provider, ours first and then Textual's own (Keys, Theme, …): two providers
    # race, and whichever answers first is listed first.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {WorkbenchCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer fits 80 columns: the keys that matter most are shown (Help last
        # but Quit); the rest are in the help screen and the command palette.
        Binding(  # diff screens: app/screens/diff.py, changes.py
            "f8",
            "diff",
            "Diff",
            id="diff",
            tooltip="the rendered output's diff: against the saved file when edited, else HEAD",
        ),
        Binding(
            "f9",
            "changes",
            "Changes since HEAD",
            show=False,
            id="changes",
            tooltip="every agent whose rendered output differs from HEAD",
        ),
        Binding(
            "f1,question_mark",
            "help",
            "Help",
            id="help",
            tooltip="every key, and what each panel shows",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            priority=True,
            id="quit",
            tooltip="quit (asks first when something is unsaved)",
        ),
        # Textual's own palette key, with an id so that a keymap can move it too.
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            show=False,
            priority=True,
            id="command-palette",
            tooltip="every action, every agent, every language, by name",
        ),
    ]

    def __init__(
        self,
        workspace: Workspace,
        initial: str | None = None,
        *,
        preload_tokens: bool = True,
        keymap: Mapping[str, str] | None = None,
        notes: Sequence[str] = (),
        state_file: Path | None = None,
    ) -> None:
        palette_keys = (keymap or {}).get("command-palette")
        if palette_keys:  # the footer finds the palette's key by this (class) name
            setattr(self, "COMMAND_PALETTE_BINDING", palette_keys.split(",")[0])  # noqa: B010
        super().__init__()
        self.workspace = workspace
        self.initial = initial
        self.preload_tokens = preload_tokens
        self._templates_maxsize: int | None = None
        self.keymap: dict[str, str] = {}
        self.start_notes = list(notes)  # shown once at start (the keymap's warnings)
        self.state_file = state_file  # what is kept across runs (ui_state.py); None: nothing
        if keymap:
            self.set_keymap(keymap)

    def set_keymap(self, keymap: Mapping[str, str]) -> None:
        """Rebind keys by binding id (``keys.py``); the help and the palette read
        ``self.keymap`` to show the keys as they now are."""
        self.keymap = dict(keymap)
        super().set_keymap(self.keymap)

    def update_keymap(self, keymap: Mapping[str, str]) -> None:
        self.set_keymap({**self.keymap, **keymap})

    def on_mount(self) -> None:
        # The app re-renders the open agent (its compiled templates are reused while
        # typing) and counts every other agent once in the background: ~7 KB per compiled
        # agent that nothing reuses, 7 MB on 1,000 agents. `check` keeps 2,048 (every
        # agent, language after language); the app keeps the last APP_TEMPLATES.
        templates = CACHES[COMPILED_TEMPLATES]
        self._templates_maxsize = templates.maxsize
        templates.resize(APP_TEMPLATES)
        if self.preload_tokens:
            tokens.preload((self.workspace.encoding,))
        self.push_screen(MainScreen(self.workspace, self.initial))
        # Everything built so far lives as long as the app: keep it out of the garbage
        # collector's full passes, which otherwise stall typing for 80-170 ms at a time.
        self.call_after_refresh(gc.freeze)

    def crashed(self, formatted_traceback: str) -> None:
        """An unexpected error: one line on the terminal, the traceback and any unsaved
        text kept in files (Textual would print a full traceback with locals)."""
        from rich.text import Text

        from agent_workbench.app.crash import write_crash_report

        self.bell()
        message = write_crash_report(formatted_traceback, self.workspace)
        exit_with_message(self, Text(message))

    def on_unmount(self) -> None:
        gc.unfreeze()  # collectable again once the app is gone (tests run many apps)
        CACHES[COMPILED_TEMPLATES].resize(self._templates_maxsize)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_diff(self, baseline: str | None = None) -> None:
        """The open agent's rendered diff: against its saved text when edited, else HEAD."""
        from agent_workbench.app.screens.diff import DiffScreen

        if baseline is None:
            baseline = "saved" if self.workspace.dirty else "HEAD"
        if isinstance(self.screen, DiffScreen):
            self.pop_screen()
        self.push_screen(DiffScreen(self.workspace, baseline))

    def action_changes(self) -> None:
        """Every agent whose rendered output differs from HEAD."""
        from agent_workbench.app.screens.changes import ChangesScreen

        if not isinstance(self.screen, ChangesScreen):
            self.push_screen(ChangesScreen(self.workspace))

    async def action_quit(self) -> None:
        if not self.workspace.dirty:
            self.exit(0)
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                main = next(s for s in self.screen_stack if isinstance(s, MainScreen))
                if main.save().ok:
                    self.exit(0)
                else:
                    self.notify("not saved; still open", severity="error")
            elif choice == "discard":
                self.exit(0)

        if not isinstance(self.screen, ConfirmUnsaved):
            self.push_screen(ConfirmUnsaved(self.workspace.rel or "", "Quit"), answered)
