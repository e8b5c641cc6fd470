"""Every test of Tera 1.20.1 ``src/builtins/filters/{array,common,object}.rs``, as the
template AGPM renders (tests/tera_cases.py says how the tables read)."""

from __future__ import annotations

from tera_cases import (
    REFUSED,
    Case,
    case,
    table_tests,
)

A = "array.rs::"
C = "common.rs::"
OB = "object.rs::"
J = " | json_encode }}"  # Tera's tests compare values: print the value exactly

YEARS = [
    {"id": 1, "year": 2015},
    {"id": 2, "year": 2015},
    {"id": 3, "year": 2016},
    {"id": 4, "year": 2017},
    {"id": 5, "year": 2017},
    {"id": 6, "year": 2017},
    {"id": 7, "year": 2018},
    {"id": 8},
    {"id": 9, "year": None},
]
COMPANIES = [
    {"id": 1, "company": {"id": 1}},
    {"id": 2, "company": {"id": 2}},
    {"id": 3, "company": {"id": 3}},
    {"id": 4, "company": {"id": 4}},
    {"id": 5, "company": {"id": 4}},
    {"id": 6, "company": {"id": 5}},
    {"id": 7, "company": {"id": 5}},
    {"id": 8},
    {"id": 9, "company": None},
]
FOOS = [{"a": 3, "b": 5}, {"a": 2, "b": 8}, {"a": 4, "b": 7}, {"a": 1, "b": 6}]
OBJ = {"1": "first", "2": "second"}

CASES: list[Case] = [
    case(A + "test_nth", "{{ v | nth(n=1)" + J, "2", v=[1, 2, 3, 4]),
    case(A + "test_nth_empty", "{{ v | nth(n=1)" + J, '""', v=[]),
    case(A + "test_first", "{{ v | first" + J, "1", v=[1, 2, 3, 4]),
    case(A + "test_first_empty", "{{ v | first" + J, '""', v=[]),
    case(A + "test_last", "{{ v | last" + J, '"World"', v=["Hello", "World"]),
    case(A + "test_last_empty", "{{ v | last" + J, '""', v=[]),
    case(A + "test_join_sep", "{{ v | join(sep='==') }}", "Cats==Dogs", v=["Cats", "Dogs"]),
    case(A + "test_join_sep_omitted", "{{ v | join }}", "1.23.4", v=[1.2, 3.4]),
    case(A + "test_join_empty", "{{ v | join(sep='==')" + J, '""', v=[]),
    # the separator is written `,\n\t` (backslashes): join turns them into a newline and a tab
    case(
        A + "test_join_newlines_and_tabs",
        "{{ v | join(sep=',\\n\\t') }}",
        "Cats,\n\tDogs",
        v=["Cats", "Dogs"],
    ),
    case(A + "test_sort", "{{ v | sort" + J, "[-1,2,3,4,5]", v=[3, -1, 2, 5, 4]),
    case(A + "test_sort_empty", "{{ v | sort" + J, "[]", v=[]),
    case(
        A + "test_sort_attribute",
        "{{ v | sort(attribute='a') | map(attribute='b')" + J,
        "[6,8,5,7]",
        v=FOOS,
    ),
    case(
        A + "test_sort_invalid_attribute",
        "{{ v | sort(attribute='invalid_field') }}",
        REFUSED,
        v=[{"a": 3, "b": 5}],
    ),
    case(A + "test_sort_multiple_types", "{{ v | sort }}", REFUSED, v=[12, []]),
    case(A + "test_sort_non_finite_numbers", "{{ v | sort }}", REFUSED, v=[None, None]),
    # a tuple struct serializes as an array: attribute `0` is its first item
    case(
        A + "test_sort_tuple",
        "{{ v | sort(attribute='0')" + J,
        "[[-1,12],[0,1],[7,0],[18,18]]",
        v=[[0, 1], [7, 0], [-1, 12], [18, 18]],
    ),
    case(
        A + "test_unique_numbers", "{{ v | unique" + J, "[3,-1,5,2,4]", v=[3, -1, 3, 3, 5, 2, 5, 4]
    ),
    case(
        A + "test_unique_strings",
        "{{ v | unique" + J,
        '["One","Two","Three"]',
        v=["One", "Two", "Three", "one", "Two"],
    ),
    case(
        A + "test_unique_strings",
        "{{ v | unique(case_sensitive=true)" + J,
        '["One","Two","Three","one"]',
        v=["One", "Two", "Three", "one", "Two"],
    ),
    case(A + "test_unique_empty", "{{ v | unique" + J, "[]", v=[]),
    case(
        A + "test_unique_attribute",
        "{{ v | unique(attribute='a') | map(attribute='b')" + J,
        "[2,3,4]",
        v=[{"a": 1, "b": 2}, {"a": 3, "b": 3}, {"a": 1, "b": 3}, {"a": 0, "b": 4}],
    ),
    case(
        A + "test_unique_invalid_attribute",
        "{{ v | unique(attribute='invalid_field') }}",
        REFUSED,
        v=[{"a": 3, "b": 5}],
    ),
    case(A + "test_unique_multiple_types", "{{ v | unique }}", REFUSED, v=[12, []]),
    case(A + "test_unique_non_finite_numbers", "{{ v | unique }}", REFUSED, v=[None, None]),
    case(
        A + "test_unique_tuple",
        "{{ v | unique(attribute='1')" + J,
        "[[0,1],[-7,-1],[18,18]]",
        v=[[0, 1], [-7, -1], [-1, 1], [18, 18]],
    ),
    *[
        case(A + "test_slice", "{{ v | slice(" + args + ")" + J, expected, v=[1, 2, 3, 4, 5])
        for args, expected in [
            ("start=1", "[2,3,4,5]"),
            ("end=2.0", "[1,2]"),
            ("start=1, end=2.0", "[2]"),
            ("end=-2.0", "[1,2,3]"),
            ("", "[1,2,3,4,5]"),
            ("start=3, end=1.0", "[]"),
            ("start=9", "[]"),
        ]
    ],
    case(
        A + "test_group_by",
        "{{ v | group_by(attribute='year')" + J,
        '{"2015":[{"id":1,"year":2015},{"id":2,"year":2015}],"2016":[{"id":3,"year":2016}],'
        '"2017":[{"id":4,"year":2017},{"id":5,"year":2017},{"id":6,"year":2017}],'
        '"2018":[{"id":7,"year":2018}]}',
        v=YEARS,
    ),
    case(
        A + "test_group_by_nested_key",
        "{{ v | group_by(attribute='company.id')" + J,
        '{"1":[{"company":{"id":1},"id":1}],"2":[{"company":{"id":2},"id":2}],'
        '"3":[{"company":{"id":3},"id":3}],'
        '"4":[{"company":{"id":4},"id":4},{"company":{"id":4},"id":5}],'
        '"5":[{"company":{"id":5},"id":6},{"company":{"id":5},"id":7}]}',
        v=COMPANIES,
    ),
    case(A + "test_filter_empty", "{{ v | filter(attribute='a')" + J, "[]", v=[]),
    case(
        A + "test_filter",
        "{{ v | filter(attribute='year', value=2015)" + J,
        '[{"id":1,"year":2015},{"id":2,"year":2015}]',
        v=YEARS,
    ),
    case(
        A + "test_filter_no_value",
        "{{ v | filter(attribute='year') | map(attribute='id')" + J,
        "[1,2,3,4,5,6,7]",
        v=YEARS,
    ),
    case(A + "test_map_empty", "{{ v | map(attribute='a')" + J, "[]", v=[]),
    case(
        A + "test_map",
        "{{ v | map(attribute='year')" + J,
        '[2015,true,2016.5,"2017",2017,2017,[1900,1901],{"a":2018,"b":2019}]',
        v=[
            {"id": 1, "year": 2015},
            {"id": 2, "year": True},
            {"id": 3, "year": 2016.5},
            {"id": 4, "year": "2017"},
            {"id": 5, "year": 2017},
            {"id": 6, "year": 2017},
            {"id": 7, "year": [1900, 1901]},
            {"id": 8, "year": {"a": 2018, "b": 2019}},
            {"id": 9},
            {"id": 10, "year": None},
        ],
    ),
    case(
        A + "test_concat_array", "{{ v | concat(with=w)" + J, "[1,2,3,3,4]", v=[1, 2, 3], w=[3, 4]
    ),
    case(A + "test_concat_single_value", "{{ v | concat(with=4)" + J, "[1,2,3,4]", v=[1, 2, 3]),
    # -- common.rs
    case(C + "as_str_object", "{{ v | as_str" + J, '"[object]"', v={}),
    case(C + "as_str_vec", "{{ v | as_str" + J, '"[1, 2, 3, 4]"', v=[1, 2, 3, 4]),
    case(C + "length_vec", "{{ v | length }}", "4", v=[1, 2, 3, 4]),
    case(C + "length_object", "{{ v | length }}", "1", v={"foo": "bar"}),
    case(C + "length_str", "{{ v | length }}", "11", v="Hello World"),
    case(C + "length_str_nonascii", "{{ v | length }}", "3", v="日本語"),
    case(C + "length_num", "{{ v | length }}", REFUSED, v=15),
    case(C + "reverse_vec", "{{ v | reverse" + J, "[4,3,2,1]", v=[1, 2, 3, 4]),
    case(C + "reverse_str", "{{ v | reverse }}", "dlroW olleH", v="Hello World"),
    case(C + "reverse_num", "{{ v | reverse }}", REFUSED, v=1.23),
    case(C + "date_default", "{{ v | date }}", "2016-12-26", v=1482720453),
    case(
        C + "date_custom_format",
        "{{ v | date(format='%Y-%m-%d %H:%M') }}",
        "2016-12-26 02:47",
        v=1482720453,
    ),
    case(
        C + "date_errors_on_incorrect_format", "{{ v | date(format='%2f') }}", REFUSED, v=1482720453
    ),
    # the oracle runs with TZ=UTC: Local::now() is UTC, so the date is the one written
    case(C + "date_rfc3339", "{{ v | date }}", "2026-12-04", v="2026-12-04T09:30:00+00:00"),
    case(
        C + "date_rfc3339_preserves_timezone",
        "{{ v | date(format='%Y-%m-%d %z') }}",
        "1996-12-19 -0800",
        v="1996-12-19T16:39:57-08:00",
    ),
    case(
        C + "date_yyyy_mm_dd",
        "{{ v | date(format='%a, %d %b %Y %H:%M:%S %z') }}",
        "Sun, 05 Mar 2017 00:00:00 +0000",
        v="2017-03-05",
    ),
    case(
        C + "date_from_naive_datetime",
        "{{ v | date(format='%a, %d %b %Y %H:%M:%S') }}",
        "Sun, 05 Mar 2017 00:00:00",
        v="2017-03-05T00:00:00.602",
    ),
    # Tera's test only asks that it does not panic: chrono's `%+` is the ISO 8601 date-time
    case(
        C + "date_format_doesnt_panic",
        "{{ v | date(format='%+S') }}",
        "2017-01-01T00:00:00+00:00S",
        v="2017-01-01T00:00:00",
    ),
    case(
        C + "date_with_timezone",
        "{{ v | date(timezone='America/New_York') }}",
        "2019-09-18",
        v="2019-09-19T01:48:44.581Z",
    ),
    case(
        C + "date_with_invalid_timezone",
        "{{ v | date(timezone='Narnia') }}",
        REFUSED,
        v="2019-09-19T01:48:44.581Z",
    ),
    case(C + "date_timestamp", "{{ v | date(format='%Y-%m-%d') }}", "2022-03-26", v=1648302603),
    case(
        C + "date_timestamp_with_timezone",
        "{{ v | date(timezone='Europe/Berlin') }}",
        "2022-03-26",
        v=1648252203,
    ),
    # `locale` needs Tera's `date-locale` feature, off in Tera::default(): the argument is
    # ignored (date_timestamp_with_timezone_and_locale, date_with_invalid_locale)
    case(
        C + "date_timestamp_with_timezone_and_locale",
        "{{ v | date(format='%A %-d %B', timezone='Europe/Paris', locale='fr_FR') }}",
        "Saturday 6 August",
        v=1659817310,
    ),
    case(
        C + "date_with_invalid_locale",
        "{{ v | date(locale='xx_XX') }}",
        "2019-09-19",
        v="2019-09-19T01:48:44.581Z",
    ),
    case(
        C + "test_json_encode",
        "{{ v | json_encode }}",
        '{"key":["value1",2,true]}',
        v={"key": ["value1", 2, True]},
    ),
    case(
        C + "test_json_encode_pretty",
        "{{ v | json_encode(pretty=true) }}",
        '{\n  "key": [\n    "value1",\n    2,\n    true\n  ]\n}',
        v={"key": ["value1", 2, True]},
    ),
    # -- object.rs
    case(OB + "test_get_filter_exists", "{{ v | get(key='1') }}", "first", v=OBJ),
    case(OB + "test_get_filter_doesnt_exist", "{{ v | get(key='3') }}", REFUSED, v=OBJ),
    case(
        OB + "test_get_filter_with_default_exists",
        "{{ v | get(key='1', default='default') }}",
        "first",
        v=OBJ,
    ),
    case(
        OB + "test_get_filter_with_default_doesnt_exist",
        "{{ v | get(key='3', default='default') }}",
        "default",
        v=OBJ,
    ),
]


test_workbench_agrees_with_tera, test_the_real_tera_gives_these_results = table_tests(CASES)
