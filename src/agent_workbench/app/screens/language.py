"""The language selector: the languages the open agent supports, the current one highlighted."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from agent_workbench.app.keys import key_for
from agent_workbench.model.project import Project
from agent_workbench.model.variants import Variant, variant_language
from agent_workbench.session.languages import project_languages


def language_pinned(screen: Screen[Any], variant: Variant | None) -> bool:
    """True (and says why) when the language cannot change (F4, Ctrl+L): the agpm.toml entry
    rendered sets it in its template_vars, which win over the project's language as AGPM
    installs it; changing the session's language then would show only after F7."""
    language = variant_language(variant)
    if variant is None or language is None:
        return False
    other = key_for(screen.app, "next-variant")
    screen.notify(
        f"the agpm.toml entry {variant.name} sets language = {language}; "
        f"{other} renders another entry or the file",
        timeout=4,
    )
    return True


class LanguageScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    LanguageScreen {
        align: center middle;
        & > .dialog {
            width: 48;
            max-width: 95%;
            height: auto;
            max-height: 80%;
            border: thick $primary;
            background: $surface;
            padding: 1 2;
        }
        & .dialog Label {
            width: 1fr;
        }
        & .options {
            height: auto;
            max-height: 16;
            margin-top: 1;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "dismiss(None)",
            "Cancel",
            id="close",
            tooltip="language list: keep the language",
        )
    ]

    def __init__(self, languages: list[str], current: str | None, project: Project) -> None:
        super().__init__()
        self.languages = languages
        self.current = current
        self.project = project

    def compose(self) -> ComposeResult:
        languages = self.languages or project_languages(self.project)
        note = (
            "the languages this agent's dependencies exist for"
            if self.languages
            else "this agent renders the same for every language; the project's languages"
        )
        with Vertical(id="language-dialog", classes="dialog"):
            yield Label(Text("Language", style="bold"))
            yield Label(Text(note, style="dim"))
            options = OptionList(
                *[
                    Option(Text(f"{'●' if lang == self.current else ' '} {lang}"), id=lang)
                    for lang in languages
                ],
                id="language-options",
                classes="options",
            )
            yield options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
