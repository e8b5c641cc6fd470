"""Every test of Tera 1.20.1 ``src/builtins/filters/number.rs``, ``src/builtins/testers.rs``
and ``src/builtins/functions.rs``, as the template AGPM renders (tests/tera_cases.py says
how the tables read)."""

from __future__ import annotations

from tera_cases import (
    ENV,
    REFUSED,
    Case,
    case,
    table_tests,
    workbench_render,
)
from tera_oracle import tera_render

N = "number.rs::"
T = "testers.rs::"
F = "functions.rs::"
J = " | json_encode }}"  # Tera's tests compare values: print the value exactly
YES = "{% if v is {} %}y{% else %}n{% endif %}"


def is_case(tera_test: str, test: str, value: object, expected: bool) -> Case:
    return case(T + tera_test, YES.replace("{}", test), "y" if expected else "n", v=value)


CASES: list[Case] = [
    case(N + "test_abs_unsigend", "{{ v | abs" + J, "1", v=1),
    case(N + "test_abs_negative_integer", "{{ v | abs" + J, "1", v=-1),
    case(N + "test_abs_negative_float", "{{ v | abs" + J, "1.0", v=-1.0),
    case(N + "test_abs_non_number", "{{ v | abs }}", REFUSED, v="nan"),
    case(N + "test_pluralize_single", "{{ v | pluralize }}", "", v=1),
    case(N + "test_pluralize_multiple", "{{ v | pluralize }}", "s", v=2),
    case(N + "test_pluralize_zero", "{{ v | pluralize }}", "s", v=0),
    case(
        N + "test_pluralize_multiple_custom_plural", "{{ v | pluralize(plural='es') }}", "es", v=2
    ),
    case(
        N + "test_pluralize_multiple_custom_singular", "{{ v | pluralize(singular='y') }}", "y", v=1
    ),
    case(N + "test_round_default", "{{ v | round" + J, "2.0", v=2.1),
    case(N + "test_round_default", "{{ v | round }}", "2", v=2.1),  # printed whole
    case(
        N + "test_round_default_precision", "{{ v | round(precision=2)" + J, "3.15", v=3.15159265359
    ),
    case(N + "test_round_ceil", "{{ v | round(method='ceil')" + J, "3.0", v=2.1),
    case(
        N + "test_round_ceil_precision",
        "{{ v | round(method='ceil', precision=1)" + J,
        "2.2",
        v=2.11,
    ),
    case(N + "test_round_floor", "{{ v | round(method='floor')" + J, "2.0", v=2.1),
    case(
        N + "test_round_floor_precision",
        "{{ v | round(method='floor', precision=1)" + J,
        "2.9",
        v=2.91,
    ),
    case(N + "test_filesizeformat", "{{ v | filesizeformat }}", "117.74 MB", v=123456789),
    case(
        N + "test_filesizeformat_binary",
        "{{ v | filesizeformat(binary=true) }}",
        "117.74 MiB",
        v=123456789,
    ),
    # -- testers.rs: the checks Tera's render makes before calling a tester
    case(T + "test_number_args_ok", "{% if v is defined %}y{% endif %}", "y", v=1),
    case(T + "test_too_many_args", "{% if v is defined(1) %}y{% endif %}", REFUSED, v=1),
    case(T + "test_value_defined", "{% if nope is string %}y{% endif %}", REFUSED),
    *[
        is_case("test_divisible_by", f"divisibleby({divisor})", value, expected)
        for value, divisor, expected in [
            (1.0, 2.0, False),
            (4.0, 2.0, True),
            (4.0, 2.1, False),
            (10.0, 2.0, True),
            (10.0, 0.0, False),
        ]
    ],
    is_case("test_iterable", "iterable", ["1"], True),
    is_case("test_iterable", "iterable", 1, False),
    is_case("test_iterable", "iterable", "hello", False),
    is_case("test_object", "object", {"a": 1}, True),
    is_case("test_object", "object", 1, False),
    is_case("test_object", "object", "hello", False),
    is_case("test_starting_with", "starting_with('hello')", "helloworld", True),
    is_case("test_starting_with", "starting_with('hi')", "hello", False),
    is_case("test_ending_with", "ending_with('world')", "helloworld", True),
    is_case("test_ending_with", "ending_with('hi')", "hello", False),
    is_case("test_containing", "containing('hel')", "hello world", True),
    is_case("test_containing", "containing('hol')", "hello world", False),
    is_case("test_containing", "containing(3)", [1, 2, 3], True),
    is_case("test_containing", "containing(4)", [1, 2, 3], False),
    is_case("test_containing", "containing('hey')", {"hey": 1}, True),
    is_case("test_containing", "containing('ho')", {"hey": 1}, False),
    is_case("test_matching", "matching('b')", "abc", True),
    is_case("test_matching", "matching('^b$')", "abc", False),
    is_case("test_matching", r"matching('(?i)(hello\W\sworld\W)')", "Hello, World!", True),
    is_case("test_matching", r"matching('\d{4}-\d{2}-\d{2}$')", "The date was 2018-06-28", True),
    case(
        T + "test_matching", "{% if v is matching('(Invalid regex') %}y{% endif %}", REFUSED, v=""
    ),
    # -- functions.rs
    case(F + "range_default", "{{ range(end=5)" + J, "[0,1,2,3,4]"),
    case(F + "range_start", "{{ range(end=5, start=1)" + J, "[1,2,3,4]"),
    case(F + "range_start_greater_than_end", "{{ range(end=5, start=6) }}", REFUSED),
    case(F + "range_step_by", "{{ range(end=10, step_by=2)" + J, "[0,2,4,6,8]"),
    case(F + "throw_errors_with_message", "{{ throw(message='Hello') }}", REFUSED),
    case(F + "get_env_existing", "{{ get_env(name='WB_TERA_SET') }}", "set-value"),
    case(F + "get_env_non_existing_no_default", "{{ get_env(name='UNKNOWN_VAR') }}", REFUSED),
    case(
        F + "get_env_non_existing_with_default",
        "{{ get_env(name='UNKNOWN_VAR', default='false') }}",
        "false",
    ),
    # now() and get_random() vary: what Tera's tests assert of them, as a template sees it
    case(F + "now_default", "{% set n = now() %}{{ n is string }}/{{ 'T' in n }}", "true/true"),
    case(
        F + "now_datetime_utc",
        "{% set n = now(utc=true) %}{{ '+00:00' in n }}/{{ 'T' in n }}",
        "true/true",
    ),
    case(F + "now_timestamp", "{% set n = now(timestamp=true) %}{{ n is number }}", "true"),
    case(F + "now_timestamp", "{{ now(timestamp=true, utc=true) > 1700000000 }}", "true"),
    case(F + "get_random_no_start", "{% set n = get_random(end=10) %}{{ n is number }}", "true"),
    case(F + "get_random_with_start", "{{ get_random(start=5, end=10) >= 5 }}", "true"),
]


test_workbench_agrees_with_tera, test_the_real_tera_gives_these_results = table_tests(CASES)


# functions.rs: get_random_no_start, get_random_with_start: `start <= n < end`, every time
RANDOM = "{% for i in range(end=200) %}{{ get_random(start=5, end=10) }},{% endfor %}"


def test_get_random_stays_within_its_bounds_and_reaches_both_ends() -> None:
    drawn = {int(n) for n in workbench_render(RANDOM, {}).split(",") if n}
    assert drawn == {5, 6, 7, 8, 9}


def test_the_real_tera_draws_from_the_same_bounds() -> None:
    (result,) = tera_render([(RANDOM, {})], **ENV)
    assert {int(n) for n in result["ok"].split(",") if n} == {5, 6, 7, 8, 9}
