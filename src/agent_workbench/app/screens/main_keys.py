"""The main screen's keys (``MainScreen.BINDINGS``): id, footer label, help text.

The footer fits 80 columns, so only the keys that matter most are shown; every key
is in the F1 help, the command palette and README.md, all built from these
(``app/keys.py``). Ctrl+U is not used: in a text box (Textual's ``Input`` and
``TextArea``, as in readline) it deletes to the start of the line, so "undo form
edit" is Ctrl+Z outside the prompt editor and Alt+U everywhere.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

MAIN_BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+s",
        "save",
        "Save",
        priority=True,
        id="save",
        tooltip="write the open agent; only the changed lines are written",
    ),
    # F2 says what pressing it does: one of these two is shown (``check_action``).
    Binding(
        "f2",
        "f2_preview",
        "Preview",
        id="toggle-preview",
        tooltip="switch between editing and the preview (narrow terminals), or focus it",
    ),
    Binding(
        "f2",
        "f2_edit",
        "Edit",
        id="toggle-preview",
        tooltip="switch between editing and the preview (narrow terminals), or focus it",
    ),
    Binding(
        "f3",
        "cycle_preview",
        "Preview mode",
        show=False,
        id="preview-mode",
        tooltip="preview as Markdown, then raw text, then the installed file",
    ),
    Binding(
        "alt+w",
        "toggle_wrap",
        "Wrap long lines",
        show=False,
        id="toggle-wrap",
        tooltip="raw and installed previews: wrap long lines, or cut them and scroll sideways",
    ),
    Binding(
        "f4",
        "cycle_language",
        "Language",
        id="next-language",
        tooltip="render with the next language this agent supports",
    ),
    Binding(
        "f5",
        "toggle_form",
        "Form",
        id="toggle-form",
        tooltip="switch between the form and the prompt editor",
    ),
    # F6 and F7 are also TextArea's select-line and select-all: ours win everywhere.
    Binding(
        "f6",
        "toggle_source",
        "Source",
        show=False,
        priority=True,
        id="toggle-source",
        tooltip="edit the prompt body, or the whole source with its frontmatter",
    ),
    Binding(
        "f7",
        "cycle_variant",
        "Variant",
        show=False,
        priority=True,
        id="next-variant",
        tooltip="render as the next agpm.toml entry pointing at this agent, then as the file",
    ),
    Binding(
        "ctrl+l",
        "choose_language",
        "Choose language…",
        show=False,
        id="choose-language",
        tooltip="pick one of the agent's languages from a list",
    ),
    Binding(
        "ctrl+t",
        "tokens",
        "Tokens",
        show=False,
        id="tokens",
        tooltip="tokens per language and per dependency",
    ),
    Binding(  # Ctrl+B is tmux's prefix: Alt+A (Agents) does the same. Not Alt+B: a
        # terminal sends it as ESC b, which Textual reads as Ctrl+Left (readline's word left)
        "ctrl+b,alt+a",
        "toggle_browser",
        "Agent list",
        show=False,
        id="toggle-browser",
        tooltip="show or hide the agent list",
    ),
    Binding(
        "ctrl+g",
        "external_editor",
        "Open in $EDITOR",
        show=False,
        id="external-editor",
        tooltip="edit the file in $EDITOR; the workbench reads it again afterwards",
    ),
    Binding(
        "ctrl+f",
        "filter",
        "Filter agents",
        show=False,
        id="filter",
        tooltip="type to filter the agent list",
    ),
    Binding(
        "alt+p",
        "focus_problems",
        "Problems",
        show=False,
        id="focus-problems",
        tooltip="into the problems list: arrows walk it (▶ marks the row), Enter jumps there",
    ),
    Binding(
        "ctrl+r",
        "repair",
        "Repair frontmatter",
        show=False,
        id="repair",
        tooltip="quote the values that break the YAML frontmatter (an undoable change)",
    ),
    Binding(
        "ctrl+z,alt+u",
        "undo_edit",
        "Undo form edit",
        show=False,
        id="undo-edit",
        tooltip="undo the last form edit or repair, a whole value at a time"
        " (in the prompt editor Ctrl+Z undoes typing: use Alt+U)",
    ),
    Binding(
        "alt+r",
        "discard",
        "Discard / reload",
        show=False,
        id="discard",
        tooltip="discard unsaved changes (undoable); with none, read the file again from disk",
    ),
]
