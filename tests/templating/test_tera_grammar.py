"""Jinja syntax and Python semantics that Tera 1.20.1 does not have, beyond Tera's own
tests: each template here once rendered in the workbench where AGPM's Tera refuses it
(or renders something else). The parse-time refusals name the rule of
``src/parser/tera.pest`` (``Keats/tera`` v1.20.1) that has no room for them; the runtime
cases come from ``src/renderer/processor.rs`` and ``call_stack.rs``. Every case runs
against the real Tera too (tools/tera-oracle; skipped with the reason when it is absent).
docs/tera-tests-ported.md, "Beyond Tera's own tests", lists them with their source."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.templating.limits import TemplateRenderError
from cli_helpers import templated
from conftest import run_cli
from tera_cases import REFUSED, Case, assert_tera_agrees, case, table_tests, workbench_render

# -- refused while parsing: (tera.pest rule, template) --------------------------------------
REFUSED_SYNTAX: list[tuple[str, str]] = [
    ("fn_call: kwargs only", "{{ range(5) }}"),
    ("fn_call: kwargs only", "{{ get_env('HOME') }}"),
    ("macro_call: kwargs only", "{% macro f(a) %}{{ a }}{% endmacro %}{{ self::f(1) }}"),
    ("fn_call: ident ~ (", "{{ v.upper() }}"),
    ("fn_call: ident ~ (", "{{ m.items() }}"),
    ("basic_op: + - * / %", "{{ 2 ** 3 }}"),
    ("basic_op: + - * / %", "{{ 7 // 2 }}"),
    ("basic_expr: no strings", "{{ 'a' + 'b' }}"),
    ("basic_expr: no strings", "{{ 'a' * 3 }}"),
    ("basic_expr: no strings", "{{ v + 'b' }}"),
    ("basic_expr: no strings", "{{ '%s' % v }}"),
    ("basic_expr: no strings", "{{ '2' | int + 1 }}"),
    ("basic_expr: no arrays", "{{ [1] + [2] }}"),
    ("int: decimal digits", "{{ 1_000 }}"),
    ("int: decimal digits", "{{ 0x10 }}"),
    ("int: `-` joined to its digits", "{{ 1 - - 1 }}"),
    ("string: no implicit joining", "{{ 'a' 'b' }}"),
    ("square_brackets: int | string | ident", "{{ v[1:2] }}"),
    ("square_brackets: int | string | ident", "{{ v[::2] }}"),
    ("square_brackets: int | string | ident", "{{ v[n + 1] }}"),
    ("square_brackets: int | string | ident", "{{ v[-1.5] }}"),
    ("logic_val: no tuples", "{{ (1, 2) }}"),
    ("logic_val: no tuples", "{{ 1, 2 }}"),
    ("basic_val: no map literals", "{{ {'a': 1} }}"),
    ("set_tag: one ident", "{% set a, b = 1, 2 %}{{ a }}"),
    ("set_tag: one ident", "{% set a = 1, 2 %}{{ a }}"),
    ("content: no with", "{% with a = 1 %}{{ a }}{% endwith %}"),
    ("content: no call", "{% macro f() %}x{% endmacro %}{% call self::f() %}x{% endcall %}"),
    ("content: no print", "{% print 1 %}"),
    ("content: no autoescape", "{% autoescape true %}x{% endautoescape %}"),
    ("macro_def_arg: literal default", "{% macro f(a=n) %}{{ a }}{% endmacro %}{{ self::f() }}"),
    ("macro_def_arg: literal default", "{% macro f(a=[1]) %}{{ a }}{% endmacro %}{{ self::f() }}"),
    ("string_concat: no (…)", "{{ ('a' ~ 'b') ~ 'c' }}"),
    ("string_concat: no (…)", "{{ 'a' ~ (v ~ 'c') }}"),
    ("basic_expr_filter: (basic_expr)", "{{ ('a' ~ v) | upper }}"),
    ("logic_val: not ~ comparison_expr", "{{ not (n == 1) }}"),
    ("comparison_expr: no arrays", "{{ [1, 2] == [1, 2] }}"),
    ("comparison_expr: no arrays", "{{ v == ['a'] }}"),
    ("in_cond: one `in`", "{{ 'a' in v in v }}"),
    ("for_tag: basic_expr_filter | array_filter", "{% for c in 'ab' %}{{ c }}{% endfor %}"),
    ("for_tag: ident (, ident)?", "{% for a, b, c in m %}{{ a }}{% endfor %}"),
    ("tag_start: `{%` or `{%-`", "{%+ if n %}a{% endif %}"),
    ("tag_end: `%}` or `-%}`", "{% if n +%}a{% endif %}"),
    ("dotted_square_bracket_ident: variables only", "{{ range(end=3)[1] }}"),
    ("dotted_square_bracket_ident: variables only", "{{ [1, 2][0] }}"),
    ("dotted_square_bracket_ident: variables only", "{{ (v)[0] }}"),
    ("in_cond_container: no calls", "{{ 1 in range(end=3) }}"),
    ("test_call: ident ~ (…)?", "{% if n is divisibleby 3 %}y{% endif %}"),
    ("test_call: ident ~ (…)?", "{% if v is starting_with 'h' %}y{% endif %}"),
    ("template: macros top-level", "{% if n %}{% macro f() %}a{% endmacro %}{% endif %}"),
    ("template: macros top-level", "{% for i in m %}{% macro f() %}a{% endmacro %}{% endfor %}"),
    ("macro_content: no block", "{% macro f() %}{% block b %}x{% endblock %}{% endmacro %}"),
    ("for_content: no block", "{% for k, x in m %}{% block b %}x{% endblock %}{% endfor %}"),
]

CONTEXT = {"v": "hi", "n": 1, "m": {"a": 1, "b": 2}}

# -- functions Tera does not have: processor.rs eval_tera_fn_call, "Function 'f' not found"
UNKNOWN_FUNCTIONS = [
    "{{ dict(a=1) }}",
    "{% macro f() %}x{% endmacro %}{{ f() }}",  # a macro is called as `self::f()`
    "{{ lipsum(n=1) }}",
]


@pytest.mark.parametrize(("rule", "source"), REFUSED_SYNTAX, ids=[s for _, s in REFUSED_SYNTAX])
def test_syntax_tera_has_no_rule_for_is_refused_at_its_line(rule: str, source: str) -> None:
    with pytest.raises(TemplateRenderError) as info:
        workbench_render("line one\n\nthird " + source, CONTEXT)
    assert info.value.code == "template-syntax", rule
    assert info.value.line == 3
    assert "Tera 1.20 would refuse this template" in info.value.message


def test_the_real_tera_refuses_that_syntax_too() -> None:
    assert_tera_agrees(
        [case("tera.pest", source, REFUSED, **CONTEXT) for _, source in REFUSED_SYNTAX]
    )


@pytest.mark.parametrize("source", UNKNOWN_FUNCTIONS)
def test_a_function_tera_does_not_have_is_not_found(source: str) -> None:
    with pytest.raises(TemplateRenderError) as info:
        workbench_render("line one\n" + source, CONTEXT)
    assert info.value.line == 2
    assert "not found (not a Tera 1.20 function)" in info.value.message


def test_the_real_tera_does_not_find_them_either() -> None:
    assert_tera_agrees([case("processor.rs", source, REFUSED) for source in UNKNOWN_FUNCTIONS])


# -- rendered as Tera renders them (processor.rs, call_stack.rs, for_loop.rs) --------------
P = "processor.rs::"
MAX = 2**63 - 1
CASES: list[Case] = [
    # eval_as_number: `+ - * / %` take numbers only
    case(P + "eval_as_number", "{{ v * 2 }}", REFUSED, v="ab"),
    case(P + "eval_as_number", "{{ v + v }}", REFUSED, v=[1]),
    # integers are 64-bit: i64 first, then u64, else floating point
    case(P + "eval_as_number", "{{ v + 1 }}", REFUSED, v=MAX),
    case(P + "eval_as_number", "{{ v * 2 }}", REFUSED, v=MAX),
    case(P + "eval_as_number", "{{ -9223372036854775807 - 2 }}", REFUSED),
    case(P + "eval_as_number", "{{ v - -1 }}", REFUSED, v=MAX),
    case(P + "eval_as_number", "{{ v + v }}", REFUSED, v=2**64 - 2),
    # eval_in_condition: arrays by JSON equality, strings and maps take a string only
    case(P + "eval_in_condition", "{{ 1 in v }}", REFUSED, v={"a": 1}),
    case(
        P + "eval_in_condition",
        "{{ 1 in [1.0] }}|{{ true in [1] }}|{{ 1 in [true] }}|{{ 1 in [1] }}",
        "false|false|false|true",
    ),
    # LogicOperator::Eq: numbers as f64, a number against anything else is false (also `!=`)
    case(
        P + "eval_compare",
        "{{ true == 1 }}|{{ v == 1 }}|{{ v != 1 }}|{{ 1 == 1.0 }}",
        "false|false|false|true",
        v="1",
    ),
    case(P + "eval_compare", "{{ v == w }}|{{ v != w }}", "false|true", v=[1], w=[1.0]),
    # process_path: `xs["0"]` is a JSON pointer into the array
    case(P + "process_path", '{{ v["0"] }}|{{ v["1"] }}', "a|b", v=["a", "b"]),
    # `none` and `None` are variable names like any other
    case(P + "lookup_ident", "{{ none }}", REFUSED),
    case(P + "lookup_ident", "{{ None }}", "x", **{"None": "x"}),
    # for_loop.rs: one variable over a map is an error (it needs the key too)
    case("for_loop.rs::ForLoop", "{% for k in v %}{{ k }}{% endfor %}", REFUSED, v={"a": 1}),
    # call_stack.rs current_context_cloned: a loop adds its variables, a macro sees only its own
    case(
        "call_stack.rs::current_context_cloned",
        "{% for i in v %}{{ __tera_context }}{% endfor %}",
        '{\n  "i": 1,\n  "v": [\n    1\n  ]\n}',
        v=[1],
    ),
    case(
        "call_stack.rs::current_context_cloned",
        "{% for k, x in v %}{{ __tera_context }}{% else %}{{ __tera_context }}{% endfor %}",
        '{\n  "k": "a",\n  "v": {\n    "a": 2\n  },\n  "x": 2\n}',
        v={"a": 2},
    ),
    case(
        "call_stack.rs::current_context_cloned",
        "{% macro f(a, b=2) %}{% set q = 3 %}{% for i in [1] %}{{ __tera_context }}{% endfor %}"
        "{% endmacro %}{{ self::f(a=1) }}",
        '{\n  "a": 1,\n  "b": 2,\n  "i": 1,\n  "q": 3\n}',
        v=[1],
    ),
    # a keyword given twice: Tera keeps the last
    case(
        "parser.rs::parse_kwargs",
        "{% macro f(a) %}{{ a }}{% endmacro %}{{ self::f(a=1, a=2) }}",
        "2",
    ),
    case("parser.rs::parse_kwargs", "{{ v | truncate(length=1, length=3) }}", "abc…", v="abcdef"),
    # names are looked up when they run (eval_tera_fn_call, eval_filter, eval_test), and a
    # negative index parses (tera.pest int) then is read as a variable: a template that has
    # them only in a branch never taken installs with AGPM
    case(P + "eval_tera_fn_call", "a{% if n > 5 %}{{ lipsum(n=1) }}{% endif %}b", "ab", n=1),
    case(P + "eval_filter", "a{% if n > 5 %}{{ n | nofilter }}{% endif %}b", "ab", n=1),
    case(P + "eval_test", "a{% if n > 5 %}{{ n is nothing }}{% endif %}b", "ab", n=1),
    case(P + "eval_test", "a{% if n > 5 and n is nothing %}x{% endif %}b", "ab", n=1),
    case(P + "lookup_ident", "a{% if n > 5 %}{{ v[-1] }}{% endif %}b", "ab", n=1, v=[1]),
    case(P + "lookup_ident", "{{ v[-1] }}", REFUSED, v=[1, 2]),
    case(P + "eval_filter", "{{ v | upper | nofilter }}", REFUSED, v="a"),
    case(P + "eval_test", "{% if v is nothing %}x{% endif %}", REFUSED, v="a"),
]

test_workbench_agrees_with_tera, test_the_real_tera_gives_these_results = table_tests(CASES)


def test_the_cli_names_the_file_line_and_column_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "agents").mkdir()
    body = "Intro\n\nCount: {{ range(5) | length }}\n"
    (tmp_path / "agents" / "a.md").write_text(templated("a", body))
    proc = run_cli("render", "agents/a.md", cwd=tmp_path)
    assert proc.returncode == 1
    text = (tmp_path / "agents" / "a.md").read_text()
    line = text.splitlines().index("Count: {{ range(5) | length }}") + 1
    assert f"agents/a.md:{line}:8:" in proc.stderr
    assert "Tera 1.20 would refuse this template" in proc.stderr
    assert "Traceback" not in proc.stderr
