"""The main screen's panes: where they are, which are shown, which has focus.

Wide terminals show browser | editing | preview side by side. Below ``NARROW``
columns the screen gets ``-narrow`` and the editing and preview panes take turns
(F2, ``-show-preview``); F5 switches between the prompt editor and the form;
Ctrl+B hides the browser (``-hide-browser``); its width is the author's to choose
(``[``/``]`` in the list, a drag on its edge, the palette) and kept across runs
(``ui_state.py``, in the file the app was given). The CSS for these classes is
``MainScreen``'s; its bindings call the actions here.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import TabbedContent

from agent_workbench.app.key_order import hold_keys
from agent_workbench.app.ui_state import UiState, load_state, save_state
from agent_workbench.app.widgets.browser import AgentBrowser
from agent_workbench.app.widgets.editor import PromptEditor
from agent_workbench.app.widgets.error_panel import ErrorPanel
from agent_workbench.app.widgets.form import AgentForm
from agent_workbench.app.widgets.pane_width import ResizablePane
from agent_workbench.app.widgets.preview import Preview
from agent_workbench.app.widgets.status import StatusBar

NARROW = 110  # below this width the preview and the editing panes take turns
BUILD_PATIENCE = 10.0  # seconds keys wait after F5 for the form to be built (then go on)


class MainPanes(Screen[None]):
    """The panes of ``MainScreen`` and the actions that show, hide and focus them."""

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

    def keys_wait_for_views(self) -> None:
        """Hold the keys typed after this action until the views have followed the change
        it made (its ``WorkspaceChanged`` is handled first: messages keep their order). An
        undo or a discard rebuilds the form, which then holds them until the field typed in
        has the focus back (``form_focus.py``): the next keys type there, not in the field
        being removed."""
        self.call_later(hold_keys(self.app, BUILD_PATIENCE))

    def on_mount(self) -> None:
        self.editor.on_cursor = self.show_cursor
        notes = list(getattr(self.app, "start_notes", ()))  # the keymap's warnings
        state_file: Path | None = getattr(self.app, "state_file", None)
        if state_file is not None:
            state, problem = load_state(state_file)
            notes += [problem] if problem else []
            if state.browser_width is not None:
                self.browser.chosen_width = state.browser_width
                self.browser.fit_screen(self.app.size.width)
        for note in notes:
            self.notify(note, title="workbench", severity="warning", timeout=10)

    @on(ResizablePane.Resized)
    def _keep_width(self, event: ResizablePane.Resized) -> None:
        state_file: Path | None = getattr(self.app, "state_file", None)
        if state_file is not None:
            problem = save_state(state_file, UiState(browser_width=event.width))
            if problem:
                self.notify(problem, severity="warning")

    def show_cursor(self) -> None:
        """The editor's line:column in the status line while the editor has focus."""
        editor = self.editor
        cursor = editor.file_cursor if self.focused is editor else None
        self.query_one(StatusBar).show_cursor(cursor)

    def on_resize(self, event: Resize) -> None:
        self.browser.fit_screen(event.size.width)
        narrow = event.size.width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.refresh_bindings()

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
        # Focus once the pane is shown (a hidden widget cannot take focus) and the form
        # built; keys typed meanwhile wait, then go where the focus shows (key_order.py).
        # The form's fields are built when it is first shown (~0.3 s of CPU, seconds under
        # load): the keys wait for that, up to BUILD_PATIENCE.
        release = hold_keys(self.app, BUILD_PATIENCE)
        if tabs.active == "tab-prompt":
            self.call_after_refresh(lambda: (self.editor.focus(), release()))
        else:
            self.call_after_refresh(self.form.focus_first, then=release)

    def action_toggle_browser(self) -> None:
        self.toggle_class("-hide-browser")

    def action_focus_problems(self) -> None:
        """Alt+P: into the problems list (arrows walk it, Enter jumps, Esc comes back)."""
        problems = self.query_one(ErrorPanel)
        if not problems.diagnostics:
            self.notify("no problems in this agent", timeout=2)
            return
        problems.focus()

    def action_toggle_wrap(self) -> None:
        """Alt+W: long lines of the raw and installed previews wrap, or are cut and scroll."""
        preview = self.preview
        preview.set_wrap(not preview.wrap)
        state = "wrap" if preview.wrap else "are cut at the edge (scroll sideways)"
        note = "" if preview.mode != "markdown" else " (Markdown always wraps; F3 switches)"
        self.notify(f"long lines in the raw and installed previews {state}{note}", timeout=2)

    def action_browser_wider(self) -> None:
        self.remove_class("-hide-browser")
        self.browser.action_wider()

    def action_browser_narrower(self) -> None:
        self.remove_class("-hide-browser")
        self.browser.action_narrower()

    def action_filter(self) -> None:
        self.remove_class("-hide-browser")
        self.query_one("#browser-filter").focus()
