"""The main screen's actions (keys, palette entries), kept apart from its layout and events.

The base class of ``MainScreen``: the actions use the screen's ``ws`` (the
Workspace) and its views (``editor``, ``form``, ``preview``, ``browser``);
``MainScreen`` adds the layout and the event handling.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import Any

from textual.screen import Screen
from textual.widgets import TabbedContent

from agent_workbench.app.widgets.browser import AgentBrowser
from agent_workbench.app.widgets.editor import PromptEditor
from agent_workbench.app.widgets.form import AgentForm
from agent_workbench.app.widgets.preview import MODES, Preview
from agent_workbench.model.document import AgentDocument
from agent_workbench.session.workspace import Workspace


class MainActions(Screen[None]):
    """The actions; ``MainScreen`` adds the layout and the event handling."""

    ws: Workspace
    preview_mode: str

    @property
    def editor(self) -> PromptEditor:
        return self.query_one(PromptEditor)

    @property
    def form(self) -> AgentForm:
        return self.query_one(AgentForm)

    @property
    def preview(self) -> Preview:
        return self.query_one(Preview)

    @property
    def browser(self) -> AgentBrowser:
        return self.query_one(AgentBrowser)

    # Defined by MainScreen.
    def show_render(self) -> None:
        raise NotImplementedError

    def ask_unsaved(self, doing: str, then: Any) -> None:
        raise NotImplementedError

    def open_agent(self, rel: str) -> None:
        raise NotImplementedError

    def _load_editor(self, document: AgentDocument, mode: str) -> None:
        raise NotImplementedError

    def action_cycle_language(self) -> None:
        if self.ws.buffer is None:
            return
        languages = self.ws.languages()
        if not languages:
            self.notify("this agent renders the same for every language", timeout=2)
            return
        self.ws.cycle_language()

    def action_choose_language(self) -> None:
        from agent_workbench.app.screens.language import LanguageScreen

        def chosen(language: str | None) -> None:
            if language:
                self.ws.set_language(language)

        self.app.push_screen(
            LanguageScreen(self.ws.languages(), self.ws.language, self.ws.project), chosen
        )

    def set_preview_mode(self, mode: str) -> None:
        self.preview_mode = mode
        self.show_render()

    def action_cycle_preview(self) -> None:
        self.set_preview_mode(MODES[(MODES.index(self.preview_mode) + 1) % len(MODES)])

    def f2_edits(self) -> bool:
        """True when F2 goes back to editing (the preview is shown or focused)."""
        if self.has_class("-narrow"):
            return self.has_class("-show-preview")
        focused = self.focused
        return focused is not None and focused.id == "preview"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "f2_preview":
            return not self.f2_edits()
        if action == "f2_edit":
            return self.f2_edits()
        return True

    def action_f2_preview(self) -> None:
        self.action_toggle_preview()

    def action_f2_edit(self) -> None:
        self.action_toggle_preview()

    def hide_preview(self) -> None:
        self.remove_class("-show-preview")
        self.refresh_bindings()

    def action_toggle_preview(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-show-preview")
            self.refresh_bindings()
        if self.has_class("-show-preview") or not self.has_class("-narrow"):
            if self.preview.has_focus:
                self.editor.focus()
            else:
                self.preview.focus()
        else:
            self.editor.focus()

    def action_toggle_form(self) -> None:
        tabs = self.query_one("#edit-tabs", TabbedContent)
        tabs.active = "tab-form" if tabs.active == "tab-prompt" else "tab-prompt"
        self.hide_preview()
        # Focus once the pane is shown (a hidden widget cannot take focus).
        if tabs.active == "tab-prompt":
            self.call_after_refresh(self.editor.focus)
        else:
            self.call_after_refresh(self.form.focus_first)

    def action_toggle_source(self) -> None:
        document = self.ws.document
        if document is None:
            return
        mode = "body" if self.editor.mode == "source" else "source"
        self._load_editor(document, mode)
        self.query_one("#edit-tabs", TabbedContent).active = "tab-prompt"
        self.notify(
            f"editing the {'whole source' if mode == 'source' else 'prompt body'}", timeout=2
        )

    def action_toggle_browser(self) -> None:
        self.toggle_class("-hide-browser")

    def action_filter(self) -> None:
        self.remove_class("-hide-browser")
        self.query_one("#browser-filter").focus()

    def action_tokens(self) -> None:
        from agent_workbench.app.screens.tokens import TokensScreen

        if self.ws.buffer is not None:
            self.app.push_screen(TokensScreen(self.ws))

    def action_repair(self) -> None:
        agent = self.ws.agent
        if agent is None or agent.yaml_error is None:
            self.notify("the frontmatter is valid YAML; nothing to repair", timeout=2)
            return
        left = self.ws.repair()
        if left:
            self.notify("\n".join(left), title="Could not repair everything", severity="warning")
        else:
            self.notify("repaired (unsaved; Ctrl+U undoes it, Ctrl+S saves)", timeout=3)

    def action_undo_edit(self) -> None:
        if not self.ws.undo():
            self.notify("no form edit to undo", timeout=2)

    def action_external_editor(self) -> None:
        if self.ws.buffer is None:
            return
        if self.ws.dirty:
            self.ask_unsaved("Open in $EDITOR", self._run_external_editor)
        else:
            self._run_external_editor()

    def _run_external_editor(self) -> None:
        buffer = self.ws.buffer
        if buffer is None:
            return
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(command), str(buffer.path)], check=False)
        except Exception as exc:
            self.notify(f"could not run {command}: {exc}", severity="error")
            return
        if self.ws.dirty:
            return
        self.ws.reload()
