"""The Tera-flavoured sandboxed Jinja2 environment (contract §6)."""

from __future__ import annotations

from typing import Any

import pytest

from agent_workbench.templating.environment import (
    TemplateRenderError,
    compile_template,
    render_template,
    to_tera,
)

CONTEXT = {
    "agpm": to_tera(
        {
            "project": {
                "language": "python",
                "name": "Ünïcode",
                "tags": ["b", "a"],
                "paths": {"zeta": "z.md", "alpha": "a.md", "mid": "m.md"},
            },
            "resource": {"name": "agent", "source": None, "version": None},
        },
        "agpm",
    )
}


def render(source: str, context: dict[str, Any] | None = None, **kwargs: Any) -> str:
    return render_template(source, CONTEXT if context is None else context, **kwargs)


def failure(source: str, **kwargs: Any) -> TemplateRenderError:
    with pytest.raises(TemplateRenderError) as info:
        render(source, **kwargs)
    return info.value


# -- settings that match Tera -------------------------------------------------------


def test_trailing_newline_is_kept_and_blocks_are_not_trimmed() -> None:
    source = "{% if true %}\nyes\n{% endif %}\n"
    assert render(source) == "\nyes\n\n"


def test_whitespace_control_raw_comments_and_concatenation() -> None:
    source = "a {{- ' b ' -}} c{# gone #}{% raw %}{{ kept }}{% endraw %}{{ 'x' ~ 1 ~ 'y' }}"
    assert render(source) == "a b c{{ kept }}x1y"


def test_loop_variables() -> None:
    source = "{% for t in ['x','y','z'] %}{{ loop.index }}{{ t }}{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %} {% endfor %}"
    assert render(source) == "1xF 2y 3zL "


def test_crlf_newline_sequence_is_kept() -> None:
    assert render("a\r\n{{ 1 }}\r\nb\r\n", newline="\r\n") == "a\r\n1\r\nb\r\n"


# -- refused tags --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "source"),
    [
        ("include", "{% include 'secret.md' %}"),
        ("extends", "{% extends 'base.md' %}"),
        ("import", "{% import 'macros.md' as m %}"),
        ("from", "{% from 'macros.md' import m %}"),
    ],
)
def test_template_loading_tags_are_refused_at_their_line(tag: str, source: str) -> None:
    exc = failure("line one\nline two\n" + source + "\n")
    assert exc.line == 3
    assert f"{{% {tag} %}}" in exc.message
    assert "not allowed" in exc.message


# -- Tera filters ----------------------------------------------------------------------


def test_default_applies_to_undefined_and_to_null() -> None:
    source = '{{ agpm.project.framework | default(value="none") }}/{{ agpm.resource.source | default(value="local") }}/{{ agpm.project.language | default(value="x") }}'
    assert render(source) == "none/local/python"


def test_named_argument_filters() -> None:
    assert render('{{ "a-b-c" | replace(from="-", to="+") }}') == "a+b+c"
    assert render('{{ agpm.project.tags | join(sep=", ") }}') == "b, a"
    assert render('{{ "abcdefghijkl" | truncate(length=5) }}') == "abcde…"
    assert render('{{ "short" | truncate(length=10) }}') == "short"
    assert render('{{ "x,y,z" | split(pat=",") | last }}') == "z"


def test_simple_filters() -> None:
    assert render("{{ agpm.project.tags | length }}") == "2"
    assert render("{{ 'MiXed' | upper }} {{ 'MiXed' | lower }}") == "MIXED mixed"
    assert render("[{{ '  pad  ' | trim }}]") == "[pad]"
    assert render("{{ 'hello big world' | title }}") == "Hello Big World"
    assert render("{{ 'hELLO' | capitalize }}") == "Hello"
    assert render("{{ agpm.project.tags | first }}{{ agpm.project.tags | last }}") == "ba"


def test_json_encode_is_compact_sorted_and_keeps_non_ascii() -> None:
    assert render("{{ agpm.project.paths | json_encode }}") == (
        '{"alpha":"a.md","mid":"m.md","zeta":"z.md"}'
    )
    assert render("{{ agpm.project.name | json_encode }}") == '"Ünïcode"'


def test_for_key_value_over_a_map_is_sorted() -> None:
    source = "{% for key, value in agpm.project.paths %}{{ key }}={{ value }};{% endfor %}"
    assert render(source) == "alpha=a.md;mid=m.md;zeta=z.md;"


def test_for_over_a_map_with_one_target_is_an_error_as_in_tera() -> None:
    # renderer/for_loop.rs (checked with tools/tera-oracle): "Tried to iterate using key
    # value on variable `m`, but it is missing a key"
    exc = failure("{% for key in agpm.project.paths %}{{ key }} {% endfor %}")
    assert "one variable" in exc.message and exc.line == 1
    assert render("{% for k, v in agpm.project.paths %}{{ k }} {% endfor %}") == "alpha mid zeta "


def test_null_prints_empty_and_booleans_print_like_tera() -> None:
    assert render("[{{ agpm.resource.source }}]{{ true }}{{ 1 == 2 }}") == "[]truefalse"


# -- undefined values ----------------------------------------------------------------------


def test_undefined_is_false_in_tests() -> None:
    source = (
        "{% if agpm.project.styleguide %}A{% endif %}"
        "{% if agpm.project.styleguide is defined %}B{% endif %}"
        "{% if agpm.project.styleguide is undefined %}C{% endif %}"
        "{% if not agpm.project.styleguide %}D{% endif %}"
        "{% if agpm.project.styleguide or agpm.project.best_practices %}E{% endif %}"
        "{% if agpm.project.styleguide and true %}F{% endif %}"
        "{% if agpm.nothing.deeper.still %}G{% endif %}"
        "{{ agpm.project.styleguide or agpm.project.language }}"
    )
    assert render(source) == "CDtrue"


def test_printing_undefined_names_the_variable_its_line_and_a_suggestion() -> None:
    exc = failure("first\n\nLanguage: {{ agpm.project.langauge }}\n")
    assert exc.line == 3
    assert exc.expression == "agpm.project.langauge"
    assert "`agpm.project.langauge`" in exc.message
    assert exc.suggestion == "did you mean `agpm.project.language`?"


def test_a_misspelt_middle_segment_suggests_the_full_path() -> None:
    exc = failure("{{ agpm.projet.language }}")
    assert exc.expression == "agpm.projet.language"
    assert exc.suggestion == "did you mean `agpm.project.language`?"


def test_a_misspelt_root_is_suggested_too() -> None:
    exc = failure("{{ agmp.project.language }}")
    assert exc.suggestion == "did you mean `agpm.project.language`?"


def test_no_suggestion_when_nothing_is_close() -> None:
    exc = failure("{{ agpm.project.zzzzzz }}")
    assert exc.expression == "agpm.project.zzzzzz"
    assert exc.suggestion is None


def test_iterating_undefined_is_an_error() -> None:
    exc = failure("\n{% for x in agpm.project.missing_list %}{{ x }}{% endfor %}")
    assert exc.line == 2
    assert exc.expression == "agpm.project.missing_list"
    assert "iterated" in exc.message


def test_filtering_undefined_is_an_error_except_default() -> None:
    exc = failure("{{ agpm.project.langauge | upper }}")
    assert exc.expression == "agpm.project.langauge"
    assert "upper" in exc.message
    assert render("{{ agpm.project.langauge | default(value='ok') | upper }}") == "OK"


def test_syntax_error_reports_its_line() -> None:
    exc = failure("ok\n{% if %}\n")
    assert exc.line == 2
    assert exc.code == "template-syntax"


# -- the sandbox -------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "{{ agpm.__class__ }}",
        "{{ agpm.project.language.__class__ }}",
        "{{ agpm.project.tags.__len__ }}",
    ],
)
def test_sandbox_refuses_unsafe_access_and_mutation(source: str) -> None:
    exc = failure(source)
    assert exc.code in {"template-security", "template-error"}
    assert "not allowed" in exc.message or "unsafe" in exc.message or "Security" in exc.message


@pytest.mark.parametrize(
    "source",
    [
        # tera.pest: fn_call = ident ~ "(" …: only functions are called, by name
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''.__class__ }}",  # tera.pest: `.` follows a variable only
        "{{ agpm.project.tags.append('x') }}",
        "{{ agpm.project.paths.update(a=1) }}",
        "{{ agpm.project.tags.pop() }}",
        # no `**`, no arithmetic on string literals, no method calls: values that would be
        # huge are never built (each checked with tools/tera-oracle: "Failed to parse")
        "{{ 'a' * 1000000000 }}",
        "{{ 2 ** 100000000 }}",
        "{{ '%1000000000d' % 1 }}",
        "{{ '{:>1000000000}'.format(1) }}",
        "{{ 'x'.ljust(1000000000) }}",
    ],
)
def test_python_calls_and_operators_are_refused_before_anything_runs(source: str) -> None:
    exc = failure(source)
    assert exc.code == "template-syntax"
    assert "Tera 1.20 would refuse" in exc.message


def test_no_environment_or_os_access_through_globals() -> None:
    for source in ("{{ lipsum() }}", "{{ cycler }}", "{{ self._TemplateReference__context }}"):
        with pytest.raises(TemplateRenderError):
            render(source)


# -- limits ---------------------------------------------------------------------------


def test_a_huge_range_is_refused() -> None:
    exc = failure("{% for i in range(end=10000000000) %}x{% endfor %}")
    assert exc.code == "render-range"


def test_repeating_a_string_variable_is_a_math_error() -> None:
    # processor.rs eval_as_number: "Variable `s` was used in a math operation but is not a number"
    exc = failure("{% set s = 'a' %}{{ s * 1000000000 }}")
    assert "not a number" in exc.message


def test_runaway_nested_loops_are_stopped_by_the_deadline() -> None:
    source = (
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}"
        "{% for k in range(end=100000) %}{% endfor %}{% endfor %}{% endfor %}"
    )
    exc = failure(source, time_limit=0.3)
    assert exc.code == "render-timeout"
    assert "0.3 s" in exc.message


def test_output_over_the_budget_is_stopped() -> None:
    source = (
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}0123456789{% endfor %}"
        "{% endfor %}"
    )
    exc = failure(source, max_output=1_000_000)
    assert exc.code == "render-too-large"


def test_doubling_recursion_is_stopped() -> None:
    exc = failure("{% macro f(s) %}{{ self::f(s=s ~ s) }}{% endmacro %}{{ self::f(s='ab') }}")
    assert exc.code == "render-too-large"


def test_infinite_recursion_is_reported_not_raised() -> None:
    exc = failure("{% macro f(n) %}{{ self::f(n=n + 1) }}{% endmacro %}{{ self::f(n=1) }}")
    assert exc.code == "render-recursion"


def test_the_content_filter_without_a_reader_is_an_error() -> None:
    assert failure("{{ 'x.md' | content }}").code == "content-unavailable"


# -- compiled-template cache ---------------------------------------------------------------


def test_compiled_templates_are_cached_by_source() -> None:
    source = "cache test {{ agpm.project.language }} " + "x" * 17
    first = compile_template(source)
    assert compile_template(source) is first
    edited = compile_template(source + "!")
    assert edited is not first
    assert compile_template(source) is first


def test_no_mutable_namespace_to_accumulate_across_loop_iterations() -> None:
    source = (
        "{% set ns = namespace(s='ab') %}{% for i in range(end=60) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}"
    )
    exc = failure(source)
    assert exc.code == "template-syntax"  # tera.pest: `set` takes one plain name


def test_doubling_through_recursion_is_stopped_for_every_operator() -> None:
    for op in ("s ~ s", "[s, s] | join(sep='')", "s | replace(from='a', to=s)"):
        source = (
            f"{{% macro f(s) %}}{{{{ self::f(s={op}) }}}}{{% endmacro %}}{{{{ self::f(s='ab') }}}}"
        )
        assert failure(source).code == "render-too-large", op


def test_squaring_a_number_stops_at_64_bits() -> None:
    # processor.rs eval_as_number: "… results in an out of bounds i64"
    source = "{% macro f(x) %}{{ self::f(x=x * x) }}{% endmacro %}{{ self::f(x=10) }}"
    exc = failure(source)
    assert "out of bounds i64" in exc.message


def test_ordinary_arithmetic_and_concatenation_still_work() -> None:
    assert render(
        "{{ 2 + 3 }} {{ 'a' ~ 'b' }} {{ [1] | concat(with=[2]) }} {{ 6 * 7 }} {{ 7 % 3 }}"
    ) == ("5 ab [1, 2] 42 1")
