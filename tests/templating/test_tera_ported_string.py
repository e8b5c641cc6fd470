"""Every test of Tera 1.20.1 ``src/builtins/filters/string.rs``, as the template AGPM
renders (tests/tera_cases.py says how the tables read)."""

from __future__ import annotations

from tera_cases import (
    REFUSED,
    Case,
    case,
    table_tests,
)

S = "string.rs::"
J = " | json_encode }}"  # Tera's tests compare values: print the value exactly

CASES: list[Case] = [
    case(S + "test_upper", "{{ v | upper }}", "HELLO", v="hello"),
    case(S + "test_upper_error", "{{ v | upper }}", REFUSED, v=50),
    case(S + "test_trim", "{{ v | trim }}", "hello", v="  hello  "),
    case(S + "test_trim_start", "{{ v | trim_start }}", "hello  ", v="  hello  "),
    case(S + "test_trim_end", "{{ v | trim_end }}", "  hello", v="  hello  "),
    case(
        S + "test_trim_start_matches",
        "{{ v | trim_start_matches(pat=p) }}",
        "a/b/cde/",
        v="/a/b/cde/",
        p="/",
    ),
    case(
        S + "test_trim_start_matches",
        "{{ v | trim_start_matches(pat=p) }}",
        "hello\nworld\n",
        v="\nhello\nworld\n",
        p="\n",
    ),
    case(
        S + "test_trim_start_matches",
        "{{ v | trim_start_matches(pat=p) }}",
        "hello, world, ",
        v=", hello, world, ",
        p=", ",
    ),
    # the filter turns a written `\n` into a newline (its comment: "When reading from a file")
    case(
        S + "test_trim_start_matches", "{{ v | trim_start_matches(pat='\\n') }}", "x\n", v="\n\nx\n"
    ),
    case(
        S + "test_trim_end_matches",
        "{{ v | trim_end_matches(pat=p) }}",
        "/a/b/cde",
        v="/a/b/cde/",
        p="/",
    ),
    case(
        S + "test_trim_end_matches",
        "{{ v | trim_end_matches(pat=p) }}",
        "\nhello\nworld",
        v="\nhello\nworld\n",
        p="\n",
    ),
    case(
        S + "test_trim_end_matches",
        "{{ v | trim_end_matches(pat=p) }}",
        ", hello, world",
        v=", hello, world, ",
        p=", ",
    ),
    case(
        S + "test_truncate_smaller_than_length",
        "{{ v | truncate(length=255) }}",
        "hello",
        v="hello",
    ),
    case(S + "test_truncate_when_required", "{{ v | truncate(length=2) }}", "日本…", v="日本語"),
    case(
        S + "test_truncate_custom_end", "{{ v | truncate(length=2, end='') }}", "日本", v="日本語"
    ),
    case(
        S + "test_truncate_multichar_grapheme",
        "{{ v | truncate(length=5, end='…') }}",
        "👨‍👩‍👧‍👦 fam…",
        v="👨‍👩‍👧‍👦 family",
    ),
    case(S + "test_truncate_multichar_grapheme", "{{ v | truncate(length=1) }}", "🇫🇷…", v="🇫🇷🇩🇪"),
    case(
        S + "test_truncate_multichar_grapheme",
        "{{ v | truncate(length=2) }}",
        "e\u0301a…",
        v="e\u0301ab",
    ),  # a combining accent stays with its letter
    case(S + "test_lower", "{{ v | lower }}", "hello", v="HELLO"),
    case(S + "test_wordcount", "{{ v | wordcount }}", "4", v="Joel is a slug"),
    case(S + "test_wordcount", "{{ v | wordcount }}", "3", v="  a\tb\u3000c\n"),  # Unicode spaces
    case(
        S + "test_replace",
        "{{ v | replace(from='Hello', to='Goodbye') }}",
        "Goodbye world!",
        v="Hello world!",
    ),
    case(
        S + "test_replace_newline",
        "{{ v | replace(from=f, to='<br>') }}",
        "Animal Alphabets<br>B is for Bee-Eater",
        v="Animal Alphabets\nB is for Bee-Eater",
        f="\n",
    ),
    case(
        S + "test_replace_missing_arg", "{{ v | replace(from='Hello') }}", REFUSED, v="Hello world!"
    ),
    case(S + "test_capitalize", "{{ v | capitalize }}", "Capital ize", v="CAPITAL IZE"),
    case(S + "test_capitalize", "{{ v | capitalize }}", "Capital ize", v="capital ize"),
    case(S + "test_capitalize", "{{ v | capitalize }}", "Écolé", v="éCOLÉ"),
    case(S + "test_capitalize", "{{ v | capitalize }}", "SSx", v="ßX"),  # ß upper-cases to SS
    case(S + "test_addslashes", "{{ v | addslashes }}", r"I\'m so happy", v="I'm so happy"),
    case(
        S + "test_addslashes", "{{ v | addslashes }}", r"Let \"me\" help you", v='Let "me" help you'
    ),
    case(S + "test_addslashes", "{{ v | addslashes }}", r"<a>\'", v="<a>'"),
    case(
        S + "test_addslashes",
        "{{ v | addslashes }}",
        r"\"double quotes\" and \\\'single quotes\\\'",
        v=r""""double quotes" and \'single quotes\'""",
    ),
    case(
        S + "test_addslashes",
        "{{ v | addslashes }}",
        r"\\ : backslashes too",
        v=r"\ : backslashes too",
    ),
    case(S + "test_slugify", "{{ v | slugify }}", "hello-world", v="Hello world"),
    case(S + "test_slugify", "{{ v | slugify }}", "hello-shi-jie", v="Hello 世界"),
    case(
        S + "test_urlencode",
        "{{ v | urlencode }}",
        "https%3A//www.example.org/foo%3Fa%3Db%26c%3Dd",
        v="https://www.example.org/foo?a=b&c=d",
    ),
    case(
        S + "test_urlencode",
        "{{ v | urlencode }}",
        "https%3A//www.example.org/apples-%26-oranges/",
        v="https://www.example.org/apples-&-oranges/",
    ),
    case(
        S + "test_urlencode",
        "{{ v | urlencode }}",
        "https%3A//www.example.org/",
        v="https://www.example.org/",
    ),
    case(S + "test_urlencode", "{{ v | urlencode }}", "/test%26%22/me%3F/", v='/test&"/me?/'),
    case(S + "test_urlencode", "{{ v | urlencode }}", "escape/slash", v="escape/slash"),
    case(
        S + "test_urlencode_strict",
        "{{ v | urlencode_strict }}",
        "https%3A%2F%2Fwww%2Eexample%2Eorg%2Ffoo%3Fa%3Db%26c%3Dd",
        v="https://www.example.org/foo?a=b&c=d",
    ),
    case(
        S + "test_urlencode_strict",
        "{{ v | urlencode_strict }}",
        "https%3A%2F%2Fwww%2Eexample%2Eorg%2Fapples%2D%26%2Doranges%2F",
        v="https://www.example.org/apples-&-oranges/",
    ),
    case(
        S + "test_urlencode_strict",
        "{{ v | urlencode_strict }}",
        "https%3A%2F%2Fwww%2Eexample%2Eorg%2F",
        v="https://www.example.org/",
    ),
    case(
        S + "test_urlencode_strict",
        "{{ v | urlencode_strict }}",
        "%2Ftest%26%22%2Fme%3F%2F",
        v='/test&"/me?/',
    ),
    case(
        S + "test_urlencode_strict",
        "{{ v | urlencode_strict }}",
        "escape%2Fslash",
        v="escape/slash",
    ),
    *[
        case(S + "test_title", "{{ v | title }}", expected, v=given)
        for given, expected in [
            ("foo bar", "Foo Bar"),
            ("foo\tbar", "Foo\tBar"),
            ("foo  bar", "Foo  Bar"),
            ("f bar f", "F Bar F"),
            ("foo-bar", "Foo-Bar"),
            ("FOO\tBAR", "Foo\tBar"),
            ("foo (bar)", "Foo (Bar)"),
            ("foo (bar) ", "Foo (Bar) "),
            ("foo {bar}", "Foo {Bar}"),
            ("foo [bar]", "Foo [Bar]"),
            ("foo <bar>", "Foo <Bar>"),
            ("  foo  bar", "  Foo  Bar"),
            ("\tfoo\tbar\t", "\tFoo\tBar\t"),
            ("foo bar ", "Foo Bar "),
            ("foo bar\t", "Foo Bar\t"),
            ("foo's bar", "Foo's Bar"),
            ("élan über ÇA", "Élan Über Ça"),  # \w is Unicode in Rust's regex
            ("snake_case x2y", "Snake_case X2y"),
        ]
    ],
    case(
        S + "test_indent_defaults",
        "{{ v | indent }}",
        "one\n\n    two\n    three",
        v="one\n\ntwo\nthree",
    ),
    case(
        S + "test_indent_args",
        "{{ v | indent(first=true, prefix=' ', blank=true) }}",
        " one\n \n two\n three",
        v="one\n\ntwo\nthree",
    ),
    case(S + "test_indent_args", "{{ v | indent }}", "a\n    b", v="a\r\nb\n"),  # Rust's lines()
    *[
        case(S + "test_striptags", "{{ v | striptags }}", expected, v=given)
        for given, expected in [
            (r"<b>Joel</b> <button>is</button> a <span>slug</span>", "Joel is a slug"),
            (
                r'<p>just a small   \n <a href="x"> example</a> link</p>\n<p>to a webpage</p>'
                r"<!-- <p>and some commented stuff</p> -->",
                r"just a small   \n  example link\nto a webpage",
            ),
            (
                r"<p>See: &#39;&eacute; is an apostrophe followed by e acute</p>",
                r"See: &#39;&eacute; is an apostrophe followed by e acute",
            ),
            (r"<adf>a", "a"),
            (r"</adf>a", "a"),
            (r"<asdf><asdf>e", "e"),
            (r"hi, <f x", "hi, <f x"),
            ("234<235, right?", "234<235, right?"),
            ("a4<a5 right?", "a4<a5 right?"),
            ("b7>b2!", "b7>b2!"),
            ("</fe", "</fe"),
            ("<x>b<y>", "b"),
            (r"a<p a >b</p>c", "abc"),
            (r"d<a:b c:d>e</p>f", "def"),
            (r'<strong>foo</strong><a href="http://example.com">bar</a>', "foobar"),
        ]
    ],
    *[
        case(S + "test_spaceless", "{{ v | spaceless }}", expected, v=given)
        for given, expected in [
            ("<p>\n<a>test</a>\r\n </p>", "<p><a>test</a></p>"),
            ("<p>\n<a> </a>\r\n </p>", "<p><a></a></p>"),
            ("<p> </p>", "<p></p>"),
            ("<p> <a>", "<p><a>"),
            ("<p> test</p>", "<p> test</p>"),
            ("<p>\r\n</p>", "<p></p>"),
        ]
    ],
    case(S + "test_split", "{{ v | split(pat=p)" + J, '["a","b","cde"]', v="a/b/cde", p="/"),
    case(
        S + "test_split", "{{ v | split(pat=p)" + J, '["hello","world"]', v="hello\nworld", p="\n"
    ),
    case(
        S + "test_split", "{{ v | split(pat=p)" + J, '["hello","world"]', v="hello, world", p=", "
    ),
    *[
        case(S + "test_xml_escape", "{{ v | escape_xml }}", expected, v=given)
        for given, expected in [
            (r"hey-&-ho", "hey-&amp;-ho"),
            (r"hey-'-ho", "hey-&apos;-ho"),
            (r"hey-&'-ho", "hey-&amp;&apos;-ho"),
            (r"""hey-&'"-ho""", "hey-&amp;&apos;&quot;-ho"),
            (r"""hey-&'"<-ho""", "hey-&amp;&apos;&quot;&lt;-ho"),
            (r"""hey-&'"<>-ho""", "hey-&amp;&apos;&quot;&lt;&gt;-ho"),
        ]
    ],
    *[
        case(S + "test_int_decimal_strings", "{{ v | int" + J, expected, v=given)
        for given, expected in [
            ("0", "0"),
            ("-5", "-5"),
            ("9223372036854775807", "9223372036854775807"),
            ("0b1010", "0"),
            ("1.23", "1"),
        ]
    ],
    case(S + "test_int_others", "{{ v | int" + J, "1", v=1.23),
    case(S + "test_int_others", "{{ v | int" + J, "-5", v=-5),
    *[
        case(S + "test_int_others", "{{ v | int(default=5, base=2)" + J, expected, v=given)
        for given, expected in [
            ("0", "0"),
            ("-3", "5"),
            ("1010", "10"),
            ("0b1010", "10"),
            ("0xF00", "5"),
        ]
    ],
    *[
        case(S + "test_int_others", "{{ v | int(default=-4, base=8)" + J, expected, v=given)
        for given, expected in [
            ("21", "17"),
            ("-3", "-3"),
            ("9OO", "-4"),
            ("0o567", "375"),
            ("0b101", "-4"),
        ]
    ],
    case(S + "test_int_others", "{{ v | int(default=0, base=16)" + J, "4113", v="1011"),
    case(S + "test_int_others", "{{ v | int(default=0, base=16)" + J, "195", v="0xC3"),
    case(S + "test_int_others", "{{ v | int(default=0, base=5)" + J, "586", v="4321"),
    case(S + "test_int_others", "{{ v | int(default=0, base=5)" + J, "-25", v="-100"),
    case(S + "test_int_others", "{{ v | int(default=0, base=5)" + J, "0", v="0b100"),
    case(S + "test_float", "{{ v | float" + J, "0.0", v="0"),
    case(S + "test_float", "{{ v | float" + J, "-5.3", v="-5.3"),
    case(S + "test_float", "{{ v | float(default=3.18)" + J, "3.18", v="bad_val"),
    case(S + "test_float", "{{ v | float(default=3.18)" + J, "1.23", v=1.23),
    *[
        case(S + "test_linebreaksbr", "{{ v | linebreaksbr }}", expected, v=given)
        for given, expected in [
            ("hello world", "hello world"),
            ("hello\nworld", "hello<br>world"),
            ("hello\r\nworld", "hello<br>world"),
            ("hello\n\rworld", "hello<br>\rworld"),
            ("hello\r\n\nworld", "hello<br><br>world"),
            ("hello<br>world\n", "hello<br>world<br>"),
        ]
    ],
]


test_workbench_agrees_with_tera, test_the_real_tera_gives_these_results = table_tests(CASES)
