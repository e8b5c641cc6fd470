"""A block never closed is reported at the line that opens it (Jinja names the
template's last token's line, often the end of the file)."""

from __future__ import annotations

import pytest

from agent_workbench.templating.environment import TemplateRenderError, render_template


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("a\n{% if x %}\nyes {{ y }}\n\nmore\nlast {{ z }}\n", 2),
        # the innermost block still open: the for closed, the if not
        ("{% if x %}\n{% for i in xs %}\n{{ i }}\n{% endfor %}\n\n{{ x }}\n", 1),
        ("text\n\n{%- if x -%}\nA\n\n{{ x }}\n", 3),
        ("{% macro m() %}\nbody {{ a }}\n\n{{ b }}\n", 1),
    ],
)
def test_an_unclosed_block_is_reported_where_it_opens(source: str, line: int) -> None:
    with pytest.raises(TemplateRenderError) as raised:
        render_template(source, {"x": True, "xs": [1], "y": 1, "z": 2, "a": 1, "b": 2})
    assert raised.value.line == line, raised.value


def test_other_syntax_errors_keep_jinjas_line() -> None:
    with pytest.raises(TemplateRenderError) as raised:
        render_template("a\nb\n{{ x + }}\nc\n", {"x": 1})
    assert raised.value.line == 3
