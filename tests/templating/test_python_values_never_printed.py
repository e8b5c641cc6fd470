"""No Python object's repr reaches a render: a method name read as a variable is a
variable not found (as Tera says), and functions, macros, the loop object and lazy
sequences are refused wherever they would be printed or joined into a string."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent_workbench.templating.environment import TemplateRenderError, render_template, to_tera
from cli_helpers import no_traceback, templated
from conftest import run_cli

CONTEXT = {
    "agpm": to_tera(
        {"project": {"language": "python", "team": {"name": "Core", "items": "listed"}}}, "agpm"
    )
}


def failure(source: str) -> TemplateRenderError:
    with pytest.raises(TemplateRenderError) as info:
        render_template(source, CONTEXT)
    return info.value


@pytest.mark.parametrize("method", ["items", "keys", "values", "get", "copy"])
def test_a_map_method_name_is_a_variable_not_found(method: str) -> None:
    # Tera (src/context.rs, `dotted_pointer`) looks a dotted name up as a key only; a key
    # that is not there is "Variable `…` not found in context".
    exc = failure(f"line one\n{{{{ agpm.project.{method} }}}}\n")
    assert exc.code == "undefined-variable"
    assert f"agpm.project.{method}" in exc.message
    assert exc.line == 2
    assert "0x" not in exc.message and "built-in" not in exc.message


@pytest.mark.parametrize("call", ["agpm.project.items()", "agpm.project.get('language')"])
def test_calling_a_map_method_is_refused_as_tera_refuses_it(call: str) -> None:
    # tera.pest: fn_call = ident ~ "(" … ": only a function name is called, never a value's
    # method (checked with tools/tera-oracle: "Failed to parse")
    exc = failure(f"line one\n{{{{ {call} }}}}")
    assert exc.code == "template-syntax"
    assert "Tera 1.20 would refuse" in exc.message
    assert exc.line == 2


def test_a_key_named_like_a_method_is_still_read() -> None:
    assert render_template("{{ agpm.project.team.items }}", CONTEXT) == "listed"


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ("{{ agpm.project.language.upper }}", "agpm.project.language.upper"),
        ("{{ 'x' ~ agpm.project.language.split }}", "agpm.project.language.split"),
        ("{{ agpm.project.language.upper | as_str }}", "agpm.project.language.upper"),
        ("{{ [agpm.project.language.strip] | join(sep=',') }}", "agpm.project.language.strip"),
        ("{% set d = agpm.project %}{{ d.values }}", "agpm.project.values"),
    ],
)
def test_a_method_of_a_value_is_never_printed(source: str, named: str) -> None:
    exc = failure(source)
    assert exc.code == "undefined-variable"
    assert f"`{named}`" in exc.message


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ("{{ range }}", "`range`"),
        ("{% for i in [1] %}{{ loop }}{% endfor %}", "`loop`"),
        ("{% macro m() %}x{% endmacro %}{{ m }}", "`m`"),
        ("{{ self }}", "`self`"),
    ],
)
def test_functions_macros_loops_and_lazy_sequences_are_refused(source: str, named: str) -> None:
    exc = failure(source)
    assert exc.code == "template-value"
    assert named in exc.message
    assert "0x" not in exc.message


@pytest.mark.parametrize("source", ["{{ [1, 2, 3] | select(t='odd') }}", "{{ x | reject }}"])
def test_jinja_filters_that_make_lazy_sequences_are_not_tera_filters(source: str) -> None:
    exc = failure(source)
    assert exc.code == "template-error"  # Tera looks filters up when they run
    assert "not a Tera 1.20 filter" in exc.message
    assert "generator" not in exc.message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ agpm.project.language | upper }}", "PYTHON"),
        ("{% for i in range(end=2) %}{{ loop.index }}{% endfor %}", "12"),
        (
            "{% macro m(a) %}<{{ a }}>{% endmacro %}{{ self::m(a=agpm.project.language) }}",
            "<python>",
        ),
        ("{% for x in [1, 2, 3] | slice(start=1) %}{{ x }}{% endfor %}", "23"),
        ("{% if agpm.project.items is defined %}y{% else %}n{% endif %}", "n"),
        ("{{ agpm.project.items | default(value='none') }}", "none"),
    ],
)
def test_values_calls_and_tests_still_work(source: str, expected: Any) -> None:
    assert render_template(source, CONTEXT) == expected


def test_the_cli_names_the_variable_and_prints_no_repr(tmp_path: Path) -> None:
    (tmp_path / "agpm.toml").write_text('[project]\nlanguage = "python"\n')
    (tmp_path / "agents").mkdir()
    (tmp_path / "agents" / "a.md").write_text(templated("a", "Hi\n{{ agpm.project.items }}\n"))
    proc = run_cli("render", "agents/a.md", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "agents/a.md:8:4:" in proc.stderr and "`agpm.project.items`" in proc.stderr
    assert "built-in method" not in proc.stdout + proc.stderr
