"""The tests of Tera 1.20.1 ``src/renderer/tests/{whitespace,macros,errors,square_brackets}.rs``
that a single AGPM template can observe (whitespace control, macros of the same template,
errors, square-bracket access), as AGPM renders them (``render_str``, autoescape off).
docs/tera-tests-ported.md lists what does not apply (``include``, ``extends``, ``import``)."""

from __future__ import annotations

from tera_cases import (
    REFUSED,
    Case,
    case,
    cases,
    table_tests,
)

W = "whitespace.rs::"
M = "macros.rs::"
E = "errors.rs::"
Q = "square_brackets.rs::"

SQUARE = {
    "var": {"a": "hi", "b": "i_am_actually_b", "c": ["fred"]},
    "zero": 0,
    "a": "b",
    "map": {"true": "yes", "false": "no", "with space": "works", "with/slash": "works"},
    "deep_map": {
        "inner_map": {"true": "yes", "false": "no", "with space": "works", "with/slash": "works"}
    },
    "bool_vec": ["true", "false"],
}


CASES: list[Case] = [
    # -- whitespace.rs
    *cases(
        W + "can_remove_whitespace_basic",
        {"numbers": [1, 2, 3]},
        [
            ("  {%- for n in numbers %}{{n}}{% endfor -%} ", "123"),
            ("{%- for n in numbers %} {{n}}{%- endfor -%} ", " 1 2 3"),
            ("{%- for n in numbers -%}\n {{n}}\n {%- endfor -%} ", "123"),
            ("{%- if true -%}\n {{numbers}}\n {%- endif -%} ", "[1, 2, 3]"),
            ("{%- if false -%}\n {{numbers}}\n {% else %} Nope{%- endif -%} ", " Nope"),
            ("  {%- if false -%}\n {{numbers}}\n {% else -%} Nope {%- endif -%} ", "Nope"),
            ("  {%- if false -%}\n {{numbers}}\n {% elif true -%} Nope {%- endif -%} ", "Nope"),
            (
                "  {%- if false -%}\n {{numbers}}\n {% elif false -%} Nope {% else %} else {%- endif -%} ",
                " else",
            ),
            ("  {%- set var = 2 -%} {{var}}", "2"),
            ("  {% set var = 2 -%} {{var}}", "  2"),
            (" {% raw -%} {{2}} {% endraw -%} ", " {{2}} "),
            ("  {% filter upper -%} hey {%- endfilter -%} ", "  HEY"),
            ('  {{ "hello" -}} ', "  hello"),
            ('  {{- "hello" }} ', "hello "),
            ('  {{- "hello" -}} ', "hello"),
            ('  {#- "hello" -#} ', ""),
            ('  {# "hello" -#} ', "  "),
            ('  {#- "hello" #} ', " "),
        ],
    ),
    case(
        W + "can_remove_whitespace_macros",
        "{% macro hey() -%} Hey! {%- endmacro %} {%- set hey = self::hey() -%} {{hey}}",
        "Hey!",
    ),
    case(
        W + "works_with_filter_section",
        '{% filter upper %}  {{ "c" }}   d{% endfilter %}',
        "  C   D",
        d="d",
    ),
    case(
        W + "make_sure_not_to_delete_whitespaces",
        "{% raw %}    yaml_test:     {% endraw %}",
        "    yaml_test:     ",
    ),
    # -- macros.rs: macros defined in the same template, called with `self::`
    case(
        M + "render_macros_defined_in_template",
        "{% macro hello()%}Hello{% endmacro hello %}{% block hey %}{{self::hello()}}"
        "{% endblock hey %}",
        "Hello",
    ),
    case(
        M + "render_macros_expression_arg",
        "{% macro hello(val)%}{{val}}{% endmacro hello %}{{self::hello(val=pages|last)}}",
        "5",
        pages=[1, 2, 3, 4, 5],
    ),
    case(
        M + "macro_param_arent_escaped",
        "{% macro print(val) %}{{val|safe}}{% endmacro print %}{{ self::print(val=my_var)}}",
        "&",
        my_var="&",
    ),
    case(
        M + "render_set_tag_macro",
        "{% macro hello()%}Hello{% endmacro hello %}{% set my_var = self::hello() %}{{my_var}}",
        "Hello",
    ),
    case(
        M + "render_macros_with_default_args",
        "{% macro hello(val=1) %}{{val}}{% endmacro hello %}{{self::hello()}}",
        "1",
    ),
    case(
        M + "render_macros_override_default_args",
        "{% macro hello(val=1) %}{{val}}{% endmacro hello %}{{self::hello(val=2)}}",
        "2",
    ),
    case(
        M + "render_recursive_macro",
        "{% macro factorial(n) %}{% if n > 1 %}{{ n }} - {{ self::factorial(n=n-1) }}"
        "{% else %}1{% endif %}{{ n }}{% endmacro factorial %}{{self::factorial(n=7)}}",
        "7 - 6 - 5 - 4 - 3 - 2 - 11234567",
    ),
    case(
        M + "recursive_macro_with_loops",
        "\n{% macro label_for(obj, sep) -%}\n  {%- if obj.parent -%}\n"
        "    {{ self::label_for(obj=obj.parent, sep=sep) }}{{sep}}\n  {%- endif -%}\n"
        "  {{obj.label}}\n  {%- for i in obj.numbers -%}{{ i }}{%- endfor -%}\n"
        "{%- endmacro label_for %}\n"
        '{%- for obj in objects -%}\n    {{ self::label_for(obj=obj, sep="|") }}\n'
        "{%- endfor -%}\n",
        "\nParent123|Child123",
        objects=[
            {
                "label": "Child",
                "numbers": [1, 2, 3],
                "parent": {"label": "Parent", "parent": None, "numbers": [1, 2, 3]},
            }
        ],
    ),
    case(
        M + "macro_can_access_global_context",
        '{% macro test_global() %}{% set_global value1 = "42" %}{% for i in range(end=1) %}'
        '{% set_global value2 = " is the truth." %}{% endfor %}{{ value1 }}'
        "{% endmacro test_global %}{{ self::test_global() }}",
        "42",
    ),
    case(
        M + "template_cant_access_macros_context",
        '{% macro empty() %}{% set_global quote = "unreachable" %}{% endmacro empty %}'
        '{{ self::empty() }}{{ quote | default(value="roses") }}',
        "roses",
    ),
    # -- errors.rs
    # macros.rs, with the macros in the template itself (AGPM templates import nothing)
    case(
        M + "parent_macro_cant_access_child_macro_context",
        '{% macro another_one() %}{% set_global value2 = "1312" %}{% endmacro another_one %}'
        '{% macro test_global() %}{% set_global value1 = "ACAB" %}{{ self::another_one() }}'
        '{{ value1 }}-{{ value2 | default(value="ACAB") }}{% endmacro test_global %}'
        "{{ self::test_global() }}",
        "ACAB-ACAB",
    ),
    case(E + "error_location_basic", "{{ 1 + true }}", REFUSED),
    case(
        E + "error_location_inside_macro",
        "{% macro hello()%}{{ 1 + true }}{% endmacro hello %}{{ self::hello() }}",
        REFUSED,
    ),
    case(E + "error_loading_macro_from_unloaded_namespace", "{{ macro::hello() }}", REFUSED),
    case(E + "error_out_of_range_index", "{{ arr[10] }}", REFUSED, arr=[1, 2, 3]),
    case(E + "error_unknown_index_variable", "{{ arr[a] }}", REFUSED, arr=[1, 2, 3]),
    case(E + "error_invalid_type_index_variable", "{{ arr[a] }}", REFUSED, arr=[1, 2, 3], a=True),
    case(
        E + "right_variable_name_is_needed_in_for_loop",
        "\n{%- for comment in comments -%}\n<p>{{ comment.content }}</p>\n"
        "<p>{{ whocares.content }}</p>\n{% endfor -%}",
        REFUSED,
        comments=[{"content": "hello"}],
    ),
    case(E + "error_string_concat_math_logic", "{{ 'ho' ~ name < 10 }}", REFUSED, name="john"),
    case(E + "error_gives_source_on_tests", "{% if a is undefined(1) %}-{% endif %}", REFUSED),
    # -- square_brackets.rs
    *cases(
        Q + "var_access_by_square_brackets",
        SQUARE,
        [
            ("{{var.a}}", "hi"),
            ("{{var['a']}}", "hi"),
            ('{{var["a"]}}', "hi"),
            ("{{var['c'][0]}}", "fred"),
            ("{{var['c'][zero]}}", "fred"),
            ("{{var[a]}}", "i_am_actually_b"),
            ("{{map['with space']}}", "works"),
            ("{{map['with/slash']}}", "works"),
            ("{{deep_map['inner_map'][bool_vec[zero]]}}", "yes"),
        ],
    ),
    case(
        Q + "var_access_by_square_brackets_errors",
        "{{var[csd]}}",
        REFUSED,
        var={"a": "hi", "b": "there", "c": []},
    ),
    case(
        Q + "var_access_by_loop_index",
        '{% set ics = ["fa-rocket","fa-paper-plane"] %}{% for a in ics %}'
        "{{ ics[loop.index0] }},{% endfor %}",
        "fa-rocket,fa-paper-plane,",
    ),
    case(
        Q + "var_access_by_loop_index_with_set",
        '{% set ics = ["fa-rocket","fa-paper-plane"] %}{% for a in ics %}'
        "{% set i = loop.index - 1 %}{{ ics[i] }},{% endfor %}",
        "fa-rocket,fa-paper-plane,",
    ),
    case(
        Q + "can_get_value_if_key_contains_period",
        "{{ tag_info[name] }}",
        "hello",
        name="Mt. Robson Provincial Park",
        tag_info={"Mt. Robson Provincial Park": "hello"},
    ),
]


test_workbench_agrees_with_tera, test_the_real_tera_gives_these_results = table_tests(CASES)
