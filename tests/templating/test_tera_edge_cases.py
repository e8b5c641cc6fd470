"""The edge cases of Tera 1.20.1's built-ins and grammar that its own tests leave out,
each checked against the real Tera (tools/tera-oracle): Unicode in ``slugify``, ``title``,
``capitalize``, ``wordcount`` and ``truncate``; number printing; ``range``, ``round``,
``filesizeformat``, ``date``, ``json_encode``; and the Jinja syntax Tera's grammar
(``src/parser/tera.pest``) has no rule for, which the workbench refuses at its line."""

from __future__ import annotations

import pytest

from agent_workbench.templating.limits import TemplateRenderError
from tera_cases import (
    REFUSED,
    Case,
    assert_tera_agrees,
    case,
    table_tests,
    workbench_render,
)

SRC = "string.rs::slugify"  # the `slug` crate's slugify (deunicode), Tera's default features

CASES: list[Case] = [
    # -- slugify: transliterated as the `slug` crate does
    case(SRC, "{{ v | slugify }}", "aeroskobing-oeuvre-strasse", v="Ærøskøbing œuvre Straße"),
    case(SRC, "{{ v | slugify }}", "i-hearts-crab-rust", v="I ♥ 🦀 Rust"),
    case(SRC, "{{ v | slugify }}", "ri-ben-yu-tesuto", v="日本語 テスト"),
    case(SRC, "{{ v | slugify }}", "privet-mir", v="Привет мир"),
    case(SRC, "{{ v | slugify }}", "a-b", v="-- a -- b --"),
    case(SRC, "{{ v | slugify }}", "hello-world", v="  ??Héllo__Wörld  "),
    # -- Unicode case mapping (Rust's to_uppercase / to_lowercase, regex \w)
    case("string.rs::upper", "{{ v | upper }}", "STRASSE Ǆ", v="straße ǆ"),
    case("string.rs::lower", "{{ v | lower }}", "σας i̇", v="ΣΑΣ İ"),
    case(
        "string.rs::title",
        "{{ v | title }}",
        "O'neil Mcdonald-Smith 3rd",
        v="o'neil mcdonald-smith 3rd",
    ),
    case("string.rs::capitalize", "{{ v | capitalize }}", "Ǆemal", v="ǆemal"),
    case("string.rs::wordcount", "{{ v | wordcount }}", "2", v="a\u00a0b"),  # NBSP splits
    case("string.rs::wordcount", "{{ v | wordcount }}", "1", v="a\u200bb"),  # ZWSP does not
    case("string.rs::truncate", "{{ v | truncate(length=3) }}", "🏳️‍🌈🏳️‍🌈🏳️‍🌈…", v="🏳️‍🌈🏳️‍🌈🏳️‍🌈🏳️‍🌈"),
    # -- numbers print as Rust's `{}` for f64 (context.rs: ValueRender)
    case(
        "context.rs::ValueRender",
        "{{ v }}|{{ w }}|{{ x }}",
        "1000000000000000000000|-0|0.00000000015",
        v=1e21,
        w=-0.0,
        x=1.5e-10,
    ),
    case(
        "context.rs::ValueRender",
        "{{ 0.1 + 0.7 }}|{{ 3 * 1.1 }}|{{ 1 / 3 }}",
        "0.7999999999999999|3.3000000000000003|0.3333333333333333",
    ),
    case(
        "context.rs::ValueRender",
        "{{ 10 % 3 }}|{{ 10.5 % 3 }}|{{ -7 % 3 }}|{{ 7 % -3 }}",
        "1|1.5|-1|1",
    ),
    # `~` prints a literal as Rust's `{}` does, a variable's or a function's number as
    # serde_json does (processor.rs: ExprVal::StringConcat)
    case("processor.rs::StringConcat", "{{ 'a' ~ 1.0 ~ '|' ~ 2.50 }}", "a1|2.5"),
    *[
        case("processor.rs::StringConcat", "{{ 'a' ~ v }}", "a" + expected, v=given)
        for given, expected in [
            (2.0, "2.0"),
            (1e21, "1e21"),
            (-0.0, "-0.0"),
            (1.5e-10, "1.5e-10"),
            (0.00001, "0.00001"),
            (123.456, "123.456"),
            (1e16, "1e16"),
            (100.0, "100.0"),
            (12345678901234567890.0, "1.2345678901234567e19"),
            (5e-324, "5e-324"),
            (7, "7"),
        ]
    ],
    case("processor.rs::StringConcat", "{% set x = 4 / 2 %}{{ x ~ '|' ~ x }}", "2|2"),
    case("processor.rs::StringConcat", "{% set x = 2.5 * 2 %}{{ 'a' ~ x }}", "a5.0"),
    case("processor.rs::Div", "{{ 4 / 2 | json_encode }}|{{ 5 / 2 | json_encode }}", "2|2.5"),
    case("processor.rs::StringConcat", "{{ 'a' ~ v.b }}", "a3.0", v={"b": 3.0}),
    case("processor.rs::StringConcat", "{% set i = 0 / 0 %}{{ 'a' ~ i }}", "aNaN"),
    case(
        "common.rs::json_encode",
        "{{ v | json_encode }}",
        "[1e21,-0.0,2.0,1e-7]",
        v=[1e21, -0.0, 2.0, 1e-7],
    ),
    case(
        "common.rs::json_encode",
        "{{ v | json_encode(pretty=true) }}",
        '{\n  "a": 1e21\n}',
        v={"a": 1e21},
    ),
    case("processor.rs::eval_math", "{{ 9223372036854775807 }}", "9223372036854775807"),
    case("processor.rs::eval_math", "{{ true + 1 }}", REFUSED),
    case("processor.rs::eval_compare", "{{ 'b' > 'a' }}", REFUSED),  # numbers only
    case("processor.rs::eval_compare", "{% if v >= '1.0' %}y{% endif %}", REFUSED, v="2.0"),
    case(
        "processor.rs::eval_compare", "{{ v < 2.5 }}|{{ -1 <= v }}|{{ 2 - -1 }}", "true|true|3", v=2
    ),
    case("processor.rs::eval_compare", "{{ 'b' == 'b' }}|{{ v != 'x' }}", "true|true", v="y"),
    # -- range: usize arguments, so no negative start or step; `start > end` refused
    case("functions.rs::range", "{{ range(end=5, step_by=-1) }}", REFUSED),
    case("functions.rs::range", "{{ range(start=-1, end=5) }}", REFUSED),
    case("functions.rs::range", "{{ range(end=3.0) }}", REFUSED),  # not even a whole float
    case("functions.rs::range", "{{ range(end=2.5) }}", REFUSED),
    # -- round: away from zero at a half, of the f64 times 10^precision (1.005 * 100 is 100.49…)
    case("number.rs::round", "{{ v | round(precision=1) }}", "2.3", v=2.25),
    case("number.rs::round", "{{ v | round(precision=1) }}", "0.2", v=0.15),
    case("number.rs::round", "{{ v | round(precision=2) }}", "1", v=1.005),
    case("number.rs::round", "{{ v | round(method='ceil') }}", "-2", v=-2.5),
    case("number.rs::round", "{{ v | round }}", "5", v=5),
    # -- filesizeformat: powers of 1024 named KB, MB… (humansize 1 as Tera calls it), two decimals
    *[
        case("number.rs::filesizeformat", "{{ v | filesizeformat }}", expected, v=given)
        for given, expected in [
            (0, "0 B"),
            (1, "1 B"),
            (1023, "1023 B"),
            (1500, "1.46 KB"),
            (999999, "976.56 KB"),
            (1048576, "1 MB"),
            (1000000000000000000, "888.18 PB"),
        ]
    ],
    case("number.rs::filesizeformat", "{{ v | filesizeformat(binary=true) }}", "1 KiB", v=1024),
    case("number.rs::filesizeformat", "{{ v | filesizeformat }}", REFUSED, v=-5),
    # -- date: chrono's specifiers, IANA zones
    case(
        "common.rs::date",
        "{{ v | date(format='%Y-%m-%d %H:%M %Z', timezone='Asia/Kolkata') }}",
        "1970-01-01 05:30 IST",
        v=0,
    ),
    case(
        "common.rs::date",
        "{{ v | date(format='%Y-%m-%d %H:%M %Z', timezone='America/New_York') }}",
        "2023-11-14 17:13 EST",
        v=1700000000,
    ),
    case(
        "common.rs::date",
        "{{ v | date(format='%v %D %F %T %R %r %U %W %G %V %u %w %C %h %% %.3f %k %l %P') }}",
        "26-Dec-2016 12/26/16 2016-12-26 02:47:33 02:47 02:47:33 AM 52 52 2016 52 1 1 20 Dec"
        " % .000  2  2 am",
        v=1482720453,
    ),
    case("common.rs::date", "{{ v | date(format='%Q') }}", REFUSED, v=0),
    case("common.rs::date", "{{ v | date }}", "2019-09-19", v="2019-09-19T13:18:48.731+05:30"),
    case("common.rs::date", "{{ v | date }}", REFUSED, v="2019-13-45"),
    case("common.rs::date", "{{ v | date }}", "1969-12-31", v=-1),
    # -- json_encode: serde_json's output
    case("common.rs::json_encode", "{{ v | json_encode(pretty=true) }}", "[]", v=[]),
    case(
        "common.rs::json_encode",
        "{{ v | json_encode(pretty=true) }}",
        '{\n  "a": [],\n  "b": {},\n  "c": [\n    1\n  ]\n}',
        v={"a": [], "b": {}, "c": [1]},
    ),
    case(
        "common.rs::json_encode", "{{ v | json_encode }}", '"é\u2028\\u0001/"', v="é\u2028\u0001/"
    ),
    case("common.rs::json_encode", "{{ v | json_encode }}", "1.0", v=1.0),
    case("common.rs::json_encode", "{{ 1 / 0 | json_encode }}", '"NaN"'),
    # -- get_random: `start..end`, so an empty range is refused; now(): booleans only
    case("functions.rs::get_random", "{{ get_random(start=5, end=5) }}", REFUSED),
    case("functions.rs::get_random", "{{ get_random(start=-3, end=-2) }}", "-3"),
    case("functions.rs::now", "{{ now(timestamp=true, utc=true) > 1700000000 }}", "true"),
    case("functions.rs::now", "{{ now(utc=1) }}", REFUSED),
    # -- testers and loops
    case("testers.rs::odd", "{{ v is not odd }}", "true", v=4),
    case("testers.rs::containing", "{% if v is not containing('a') %}y{% endif %}", "y", v="bcd"),
    case("testers.rs::defined", "{{ x is defined }}", "false"),
    case("for_loop.rs::ForLoop", "{% for a, b in m %}{{ a }}{% endfor %}", REFUSED, m=[[1, 2]]),
    case(
        "for_loop.rs::ForLoop",
        "{% for i in v %}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{% endfor %}",
        "0truefalse1falsetrue",
        v=[1, 2],
    ),
    case("whitespace.rs::raw", "{%- raw %} x {% endraw %}", " x "),
    case("whitespace.rs::raw", "a {% raw -%} x {%- endraw %}", "a x"),
    case("processor.rs::eval_access", "{{ v.0 }}", REFUSED, v="abc"),
]

# Jinja syntax Tera's grammar has no rule for: the workbench refuses it at its line
REFUSED_SYNTAX = [
    "{% set x %}a{% endset %}",
    "{{ 'a' if true else 'b' }}",
    "{{ v | truncate(5) }}",
    "{{ v | replace('a', 'b') }}",
    "{{ v | default('x') }}",
    "{% for i in v if i > 1 %}{{ i }}{% endfor %}",
    "{% for i in v %}{{ loop.revindex }}{% endfor %}",
    "{% for i in v %}{{ loop.length }}{% endfor %}",
    "{{ 1e21 }}",
    "{{ 1.5e3 }}",
    "{{ 100000000000000000000 }}",
    "{{ v | center(width=9) }}",  # a Jinja filter, not Tera's
    "{% if v is none %}y{% endif %}",  # a Jinja test
    "{{ 5 is odd }}",  # `is` follows a variable only
    "{{ now() is string }}",
    "{{ v | length is odd }}",
    "{{ -v }}",  # a minus sign belongs to a number literal
    "{{ +2 }}",
    "{{ 3 > 2 > 1 }}",  # one comparison operator at most
]


test_workbench_agrees_with_tera, test_the_real_tera_gives_these_results = table_tests(CASES)


@pytest.mark.parametrize("source", REFUSED_SYNTAX)
def test_jinja_only_syntax_is_refused_at_its_line(source: str) -> None:
    with pytest.raises(TemplateRenderError) as info:
        workbench_render("line one\n\nthird " + source, {"v": [1, 2]})
    assert info.value.line == 3
    assert "Tera" in str(info.value)


def test_the_real_tera_refuses_that_syntax_too() -> None:
    assert_tera_agrees([case("tera.pest", source, REFUSED, v=[1, 2]) for source in REFUSED_SYNTAX])
