"""The frontmatter form: one widget per field, built from the flavour's field specs.

Editable only when the engine would accept the edit (``AgentFile.edit_refusal_reason``
is None). Otherwise the reason is shown and the fields are read-only: for
template logic, the fields as rendered; for invalid YAML, the error at its line,
the fields as Claude Code's simple reading sees them, and a Repair button.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Collapsible, Label, Static

from agent_workbench.app.key_order import hold_keys
from agent_workbench.app.widgets.field_problems import Checker
from agent_workbench.app.widgets.field_specs import primary_fields, specs_for
from agent_workbench.app.widgets.form_fields import (
    BoolField,
    ChoiceField,
    FieldSpec,
    FormField,
    ListField,
    MultilineField,
    NumberField,
    TextField,
)
from agent_workbench.app.widgets.form_focus import focus_spot, restore_focus
from agent_workbench.app.widgets.form_rules import PermissionField, ToolsField
from agent_workbench.app.widgets.form_yaml import YamlField
from agent_workbench.model.diagnostics import Diagnostic, Severity
from agent_workbench.model.flavour import Flavour
from agent_workbench.session.editing import AgentFile
from agent_workbench.session.fields import split_problems, value_problems

FIELD_WIDGETS: dict[str, type[FormField]] = {
    "text": TextField,
    "open_choice": TextField,
    "multiline": MultilineField,
    "number": NumberField,
    "bool": BoolField,
    "choice": ChoiceField,
    "list": ListField,
    "tools": ToolsField,
    "tools-map": ToolsField,
    "permission": PermissionField,
    "map": YamlField,
    "yaml": YamlField,
}


def kind_of(value: Any) -> str:
    """The widget kind for a field the flavour does not define, from its value's type."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "multiline" if "\n" in value else "text"
    if isinstance(value, list) and all(not isinstance(v, (Mapping, list)) for v in value):
        return "list"
    return "yaml"


LAYOUT_LOOKS = 5  # refreshes waited for the new fields' layout before going on anyway
REFOCUS_PATIENCE = 10.0  # seconds keys wait for the rebuilt field to take the focus back


class AgentForm(VerticalScroll):
    """Holds the banner and the field widgets of the open agent."""

    DEFAULT_CSS = """
    AgentForm {
        height: 1fr;
        padding: 0 1;
        & .form-banner {
            margin: 0 0 1 0;
        }
        & .form-reason {
            margin: 0 0 1 0;
            padding: 0 1;
            border-left: thick $error;
            &.-warning {
                border-left: thick $warning;
            }
        }
        & .form-note {
            margin: 0 0 1 0;
        }
        & .repair-row {
            height: auto;
            margin: 0 0 1 0;
        }
        & .repair-row Label {
            width: 1fr;  /* wraps beside the button instead of running off a narrow pane */
            padding: 1 1;
        }
        & .more-fields {
            margin: 1 0;
        }
    }
    """

    class RepairRequested(Message):
        """The author asked for the engine's repair of invalid YAML."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.frontmatter: str | None = None
        self.read_only = True
        self.can_focus = False
        self.agent: AgentFile | None = None
        self.rendered: Mapping[str, Any] | None = None
        self.problems: list[Diagnostic] = []  # the open file's (diagnose's), shown by field
        self.building = False  # a load's rebuild is pending: the fields shown are the old
        self._when_built: list[Callable[[], None]] = []
        self._asked = 0  # rebuilds asked for: what waits runs after the last one
        # No field widgets until the Form tab is first shown: the Prompt tab opens first, and
        # building ~100 hidden widgets (and their styles) was ~0.3 s of CPU of start-up.
        self.built = False

    def compose(self) -> ComposeResult:
        if self.built:
            yield from self._widgets(self.agent, self.rendered)

    def on_show(self) -> None:
        if not self.built:
            self.built = True
            self.building = True
            self._asked += 1
            # Not ``await self.recompose()``: a load's rebuild may be pending already, and
            # running it after this one would replace the fields a burst of keys is in.
            # Requested so, the two make one rebuild, and what waits for it runs after.
            self.refresh(recompose=True)

    def load(
        self,
        agent: AgentFile | None,
        rendered: Mapping[str, Any] | None = None,
        problems: Sequence[Diagnostic] | None = None,
    ) -> None:
        """Rebuild the form for an agent (``rendered``: its fields as rendered, if known;
        ``problems``: its problems, when known, else the ones shown are kept).

        Several loads before the next refresh cost one rebuild (Textual's recompose).
        The field that has the focus has it again once rebuilt (``form_focus.py``); keys
        typed meanwhile wait for it.
        """
        focused = self.app.focused
        if self.built and focused is not None and self in focused.ancestors:
            spot = focus_spot(self, FormField)  # None: not in a field (the Repair button)
            release = hold_keys(self.app, REFOCUS_PATIENCE)

            def refocus() -> None:
                if spot is None or not restore_focus(self, spot, FormField):
                    self._focus_first()
                self.call_later(release)  # after the focus has moved (a call_later too)

            self._when_built.append(refocus)
        self.frontmatter = agent.document.frontmatter if agent and agent.document else None
        if (
            problems is not None
            or agent is None
            or self.agent is None
            or agent.rel != self.agent.rel
        ):
            self.problems = list(problems or [])
        self.agent, self.rendered = agent, rendered
        self.building = True
        self._asked += 1
        self.refresh(recompose=True)

    async def recompose(self) -> None:
        asked = self._asked
        await super().recompose()
        # Mounted is not yet laid out: until the next refresh the new fields have no
        # place, and Tab (which orders the focus chain by place) went astray (under load,
        # F5 Tab x y z right after start). What waits for the fields runs after it.
        self.call_after_refresh(self._built, asked)

    def _built(self, asked: int, looks: int = 0) -> None:
        if asked != self._asked:  # another rebuild was asked for since: wait for that one
            return
        if not self._laid_out() and looks < LAYOUT_LOOKS:
            self.call_after_refresh(self._built, asked, looks + 1)
            return
        self.building = False
        waiting, self._when_built = self._when_built, []
        for callback in waiting:
            callback()

    def _laid_out(self) -> bool:
        """The first field has its place (a hidden form has none to have: it is laid out
        when shown, and ``focus_first`` only runs on a shown form)."""
        first = next(iter(self.query(FormField)), None)
        return first is None or self.size.height == 0 or first.size.height > 0

    def sync(self, agent: AgentFile) -> None:
        """The file changed through this form: keep widgets, remember the new frontmatter."""
        self.frontmatter = agent.document.frontmatter if agent.document else None
        self.agent = agent  # typed values are checked against the file as it now is

    def show_problems(self, problems: Sequence[Diagnostic]) -> None:
        """The open file's problems (``diagnose``'s, as the problems panel and ``workbench
        check`` have them): each under its field."""
        self.problems = list(problems)
        widgets = list(self.query(FormField))
        by_field, _ = split_problems(self.problems, [w.spec.key for w in widgets])
        for widget in widgets:
            widget.show_diagnostics(by_field.get(widget.spec.key, []))

    def field_problems(self) -> tuple[dict[str, list[Diagnostic]], list[Diagnostic]]:
        """(the problems shown under each field, the file's other problems)."""
        return split_problems(self.problems, [w.spec.key for w in self.query(FormField)])

    def _check(self, key: str, value: Any) -> list[Diagnostic]:
        return value_problems(self.agent, key, value) if self.agent is not None else []

    def _widgets(self, agent: AgentFile | None, rendered: Mapping[str, Any] | None) -> Any:
        if agent is None:
            yield Static(Text("No agent open", style="dim"), classes="form-banner")
            return
        head = Text()
        head.append(agent.flavour.display_name, style="bold")
        head.append(f"  {agent.rel}", style="dim")
        yield Static(head, classes="form-banner")
        if agent.load_error is not None:
            yield Static(self._problem(agent.load_error.format()), classes="form-reason -error")
            return
        reason = agent.edit_refusal_reason
        self.read_only = reason is not None
        fields: Mapping[str, Any]
        if agent.has_template_blocks:
            yield Static(Text(reason or "", style="yellow"), classes="form-reason -warning")
            if rendered is not None:
                yield Label(
                    Text("Fields as rendered (read-only):", style="bold italic"),
                    classes="form-note",
                )
                fields = rendered
            else:
                fields = agent.fields or {}
        elif agent.yaml_error is not None:
            warning = agent.yaml_error.severity is Severity.WARNING
            yield Static(
                self._problem(agent.yaml_error.format(), warning=warning),
                classes="form-reason " + ("-warning" if warning else "-error"),
            )
            if agent.yaml_error.code == "yaml-invalid":  # what Repair can fix: quoting
                yield Horizontal(
                    Button("Repair frontmatter", id="repair", variant="warning"),
                    Label(Text("quotes the broken values; one undoable change", style="dim")),
                    classes="repair-row",
                )
            fields, note = self._tool_reading(agent)
            yield Label(Text(note, style="bold italic"), classes="form-note")
        else:
            fields = agent.fields or {}
        if not agent.document or not agent.document.has_frontmatter:
            yield Label(Text("This file has no frontmatter.", style="dim"), classes="form-note")
        read_only = self.read_only
        shown, more = self._specs(agent, fields)
        keys = [spec.key for spec in (*shown, *more)]
        by_field, _ = split_problems(self.problems, keys)
        checker = None if read_only else self._check
        for spec in shown:
            yield self._field(spec, fields, read_only, checker, by_field.get(spec.key, []))
        if more and not read_only:
            yield Collapsible(
                *[
                    self._field(spec, fields, read_only, checker, by_field.get(spec.key, []))
                    for spec in more
                ],
                title=f"More {agent.flavour.display_name} fields ({len(more)})",
                collapsed=True,
                id="more-fields",
                classes="more-fields",
            )

    @staticmethod
    def _field(
        spec: FieldSpec,
        fields: Mapping[str, Any],
        read_only: bool,
        checker: Checker | None,
        problems: list[Diagnostic],
    ) -> FormField:
        widget_class = FIELD_WIDGETS.get(spec.kind, FIELD_WIDGETS["yaml"])
        return widget_class(
            spec,
            fields.get(spec.key),
            present=spec.key in fields,
            read_only=read_only,
            checker=checker,
            problems=problems,
        )

    @staticmethod
    def _problem(message: str, *, warning: bool = False) -> Text:
        return (
            Text(f"⚠ {message}", style="yellow") if warning else Text(f"✗ {message}", style="red")
        )

    @staticmethod
    def _tool_reading(agent: AgentFile) -> tuple[Mapping[str, Any], str]:
        """The fields of invalid YAML as the file's own tool reads them, and a note saying so."""
        if agent.flavour is Flavour.OPENCODE:
            if agent.tool_fields:
                return agent.tool_fields, "Fields as OpenCode reads them (read-only):"
            return agent.simple_fields or {}, "OpenCode reads none of these fields (read-only):"
        return agent.simple_fields or {}, "Fields as Claude Code reads them (read-only):"

    def _specs(
        self, agent: AgentFile, fields: Mapping[str, Any]
    ) -> tuple[list[FieldSpec], list[FieldSpec]]:
        """(fields shown: the flavour's main ones and every field the file holds, the rest)."""
        specs = specs_for(agent.flavour)
        primary = primary_fields(agent.flavour)
        known = {spec.key: spec for spec in specs}
        shown = [
            known.get(str(key)) or FieldSpec(str(key), kind_of(value), known=False)
            for key, value in fields.items()
        ]
        shown += [spec for spec in specs if spec.key in primary and spec.key not in fields]
        more = [spec for spec in specs if spec.key not in fields and spec.key not in primary]
        return shown, more

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "repair":
            event.stop()
            self.post_message(self.RepairRequested())

    def focus_first(self, then: Callable[[], None] | None = None) -> None:
        """Focus the first editable widget (once the form is built; ``then`` after that);
        a read-only form keeps its reason in view."""
        if self.building or not self.built:  # not built: until the Form tab is first shown
            self._when_built.append(lambda: self.focus_first(then))
            return
        self._focus_first()
        if then is not None:
            then()

    def _focus_first(self) -> None:
        if self.read_only:
            self.scroll_home(animate=False)
            for button in self.query("#repair"):
                button.focus(scroll_visible=False)
            return
        for widget in self.query("Input, TextArea, Select, SelectionList, Checkbox, Button"):
            if widget.focusable:
                widget.focus(scroll_visible=False)
                self.scroll_home(animate=False)  # the banner (flavour, file) stays in view
                return

    def unwritten(self) -> dict[str, str]:
        """Fields whose shown value is not in the buffer, with why (key -> problem)."""
        return {w.spec.key: w.unwritten for w in self.query(FormField) if w.unwritten}

    def field(self, key: str) -> FormField | None:
        for widget in self.query(FormField):
            if widget.spec.key == key:
                return widget
        return None
