"""One widget per kind of frontmatter field, for the form.

Every field widget shows the value the file holds, validates what is typed, shows a
problem inline and posts ``FieldEdit`` only for a valid value that differs from the
file's (so loading a form never writes anything, and an invalid value is never
written). Keys are key paths (``tools.bash``, ``permission.bash["git *"]``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import (
    Checkbox,
    Input,
    Label,
    Select,
    Static,
    TextArea,
)

from agent_workbench.app.widgets.check_boxes import TickBox
from agent_workbench.app.widgets.field_edit import FieldEdit
from agent_workbench.app.widgets.field_problems import Checker, described
from agent_workbench.model.diagnostics import Diagnostic
from agent_workbench.session.editing import format_key_path

ACTIONS = ("allow", "ask", "deny")
_STYLES = Path(__file__).resolve().parent / "form_fields.tcss"


@dataclass(frozen=True)
class FieldSpec:
    """How the form shows one top-level field (built from schema.py's specs)."""

    key: str
    kind: str  # text multiline number bool choice open_choice tools permission list map yaml
    help: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    required: bool = False
    known: bool = True  # False for fields the flavour does not define (shown, never dropped)
    tool_names: tuple[str, ...] = field(default=())
    source: Any = None  # the schema's FieldSpec (from schema.data)


def field_id(key: str) -> str:
    return "field-" + "".join(c if c.isalnum() else "-" for c in key)


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class FormField(Vertical):
    """Label, editor and inline problem of one field."""

    DEFAULT_CLASSES = "form-field"
    DEFAULT_CSS = _STYLES.read_text(encoding="utf-8")  # compact inputs, focus bar, …

    def __init__(
        self,
        spec: FieldSpec,
        value: Any,
        *,
        present: bool,
        read_only: bool,
        checker: Checker | None = None,
        problems: Sequence[Diagnostic] = (),
    ) -> None:
        super().__init__(id=field_id(spec.key))
        self.spec = spec
        self.value = value
        self.present = present
        self.read_only = read_only
        self.checker = checker
        self.problems = list(problems)  # the file's, as diagnose has them
        # Why the value shown is not in the buffer (invalid, or emptied and not confirmed):
        self.unwritten: str | None = None

    def compose(self) -> ComposeResult:
        label = Text(self.spec.key, style="bold")
        if self.spec.required:
            label.append(" *", style="red")
        if not self.spec.known:
            label.append("  (not a field of this flavour)", style="yellow")
        elif self.spec.help:
            label.append(f"  {self.spec.help}", style="dim")
        yield Label(label, classes="field-label")
        yield from self.compose_editor()
        yield Label("", classes="field-problem")

    def compose_editor(self) -> ComposeResult:
        yield Static(as_text(self.value))

    def on_mount(self) -> None:
        self.show_diagnostics(self.problems)

    def show_diagnostics(self, problems: Sequence[Diagnostic]) -> None:
        """Show the file's problems with this field (not over a typed value still unwritten:
        the file does not hold it, so they are not about it)."""
        self.problems = list(problems)
        if not self.query(".field-problem"):
            return  # not composed yet: on_mount shows them
        if self.unwritten is None:
            message, blocking = described(self.problems)
            self.show_problem(message, warning=not blocking)
            self.unwritten = None  # the value shown is the file's own

    def check(self, value: Any) -> tuple[str | None, bool]:
        """(what is wrong with ``value``, whether it must not be written)."""
        if self.checker is None:
            return None, False
        return described(self.checker(self.spec.key, value))

    def show_problem(
        self, problem: str | None, *, warning: bool = False, held: bool = False
    ) -> None:
        """Show ``problem``: an error blocks writing; a warning does not, unless ``held``."""
        self.unwritten = problem if (held or not warning) else None
        label = self.query_one(".field-problem", Label)
        mark, style = ("⚠", "yellow") if warning else ("✗", "red")
        label.update(Text(f"{mark} {problem}", style=style) if problem else "")
        label.set_class(bool(problem), "-shown")
        self.set_class(bool(problem) and not warning, "-invalid")

    def submit(self, value: Any) -> None:
        """Check a typed value: show what is wrong; write it only when it is valid."""
        if self.present and value == self.value and type(value) is type(self.value):
            self.unwritten = None  # back to the file's own value: the file's problems
            self.show_diagnostics(self.problems)
            return
        message, blocking = self.check(value)
        self.show_problem(message, warning=not blocking)
        if not blocking:
            self.emit(value)

    def submit_empty(self, *, confirmed: bool = False) -> None:
        """An emptied field is removed from the file, unless required, once confirmed (Enter).

        Not while typing: clearing a value to type another must not move its line.
        """
        if self.spec.required:
            self.show_problem(f"`{self.spec.key}` is required")
            return
        if not confirmed and self.present:
            self.show_problem(
                f"empty: press Enter to remove `{self.spec.key}`", warning=True, held=True
            )
            return
        self.show_problem(None)
        self.emit(None, unset=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip() and event.input.has_class("field-input"):
            event.stop()
            self.submit_empty(confirmed=True)

    def emit(self, value: Any, *, unset: bool = False) -> None:
        if unset:
            if self.present:
                self.present = False
                self.value = None
                self.post_message(FieldEdit({}, [format_key_path([self.spec.key])]))
            return
        if self.present and value == self.value and type(value) is type(self.value):
            return
        self.value, self.present = value, True
        self.post_message(FieldEdit({format_key_path([self.spec.key]): value}))


class TextField(FormField):
    """A one-line string; ``open_choice`` offers known values but accepts any."""

    def compose_editor(self) -> ComposeResult:
        suggester = SuggestFromList(self.spec.choices, case_sensitive=False)
        yield Input(
            as_text(self.value),
            placeholder=", ".join(self.spec.choices[:4]) if self.spec.choices else "",
            suggester=suggester if self.spec.choices else None,
            disabled=self.read_only,
            compact=True,
            select_on_focus=False,
            classes="field-input",
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self.submit_empty()
        elif self.present and event.value == as_text(self.value):
            self.submit(self.value)  # the file's own value: `color: 7` is not made "7"
        else:
            self.submit(event.value)  # re-checked on every change; written when it differs


class MultilineField(FormField):
    """The description: a multi-line text area (written as one string)."""

    def compose_editor(self) -> ComposeResult:
        yield TextArea(as_text(self.value), soft_wrap=True, read_only=self.read_only)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if not text.strip():
            self.submit_empty()
        else:
            self.submit(text)


class NumberField(FormField):
    def compose_editor(self) -> ComposeResult:
        yield Input(
            as_text(self.value),
            disabled=self.read_only,
            compact=True,
            select_on_focus=False,
            classes="field-input",
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.submit_empty()
            return
        try:
            number: int | float = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                self.show_problem(f"{text!r} is not a number")
                return
        self.submit(number)


class BoolField(FormField):
    """true or false: a box that reads ``[x]`` or ``[ ]``."""

    def compose_editor(self) -> ComposeResult:
        yield TickBox(self.spec.key, bool(self.value), disabled=self.read_only, compact=True)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.value != self.value:
            self.submit(event.value)


class ChoiceField(FormField):
    """One of a fixed set (mode, permissionMode, colour); blank removes the field."""

    def compose_editor(self) -> ComposeResult:
        choices = list(self.spec.choices)
        current = as_text(self.value)
        if self.present and current and current not in choices:
            choices.append(current)
        yield Select(
            [(c, c) for c in choices],
            value=current if self.present and current else Select.NULL,
            allow_blank=not self.spec.required,
            prompt="(not set)",
            disabled=self.read_only,
            compact=True,
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.NULL:
            self.emit(None, unset=True)
            return
        value = str(event.value)
        if value != as_text(self.value) or not self.present:
            self.submit(value)


class ListField(FormField):
    """A list of plain values, typed comma-separated."""

    def compose_editor(self) -> ComposeResult:
        if isinstance(self.value, str):
            shown = self.value
        else:
            items = self.value if isinstance(self.value, list) else []
            shown = ", ".join(as_text(v) for v in items)
        yield Input(
            shown,
            placeholder="comma, separated",
            disabled=self.read_only,
            compact=True,
            select_on_focus=False,
            classes="field-input",
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        items = [part.strip() for part in event.value.split(",") if part.strip()]
        if isinstance(self.value, str) and self.spec.source is not None:
            # a comma string stays a comma string
            same = items == [part.strip() for part in self.value.split(",") if part.strip()]
            if not items:
                self.submit_empty()
            else:  # the same names keep the file's spelling ("Read,Grep" stays as it is)
                self.submit(self.value if same else ", ".join(items))
            return
        old = [as_text(v) for v in self.value] if isinstance(self.value, list) else None
        if not items:
            self.submit_empty()
        else:  # the same items as the file's: re-checked, not rewritten
            self.submit(items if items != old or not self.present else self.value)
