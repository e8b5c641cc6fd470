"""The prompt editor's Markdown + template highlighting (byte ranges, as TextArea draws them)."""

from __future__ import annotations

from agent_workbench.app.widgets.highlight import highlight_lines


def names(line: str, ranges: list[tuple[int, int | None, str]]) -> dict[str, str]:
    data = line.encode("utf-8")
    return {name: data[start:end].decode("utf-8") for start, end, name in ranges}


def test_headings_lists_code_and_template_tags() -> None:
    lines = [
        "# Reviewer for {{ agpm.project.language }}",
        "- use `pytest` and **care**",
        "{% if agpm.project.styleguide %}",
        "```python",
        "x = {{ value }}",
        "```",
        "{# a comment #} [docs](https://example.org)",
    ]
    found = highlight_lines(lines)
    assert names(lines[0], found[0])["heading.marker"] == "#"
    assert names(lines[0], found[0])["function"] == "{{ agpm.project.language }}"
    assert names(lines[1], found[1]) == {
        "list.marker": "-",
        "inline_code": "`pytest`",
        "bold": "**care**",
    }
    assert names(lines[2], found[2])["keyword"] == lines[2]
    assert found[4][0] == (0, None, "string")  # inside the fence
    assert names(lines[4], found[4])["function"] == "{{ value }}"  # templates still show
    assert 5 in found and 6 in found
    assert names(lines[6], found[6])["comment"] == "{# a comment #}"
    assert names(lines[6], found[6])["link.uri"] == "(https://example.org)"


def test_frontmatter_keys_in_source_mode_and_byte_offsets() -> None:
    lines = ["---", "description: Prüft Änderungen", "model: {{ m }}", "---", "Body"]
    found = highlight_lines(lines, frontmatter=True)
    assert found[0] == [(0, None, "heading.marker")]
    assert names(lines[1], found[1])["yaml.field"] == "description"
    assert names(lines[2], found[2])["function"] == "{{ m }}"
    assert 4 not in found  # plain body text after the closing line
    umlaut = "x **Größe** y"
    ranges = highlight_lines([umlaut])[0]
    assert names(umlaut, ranges)["bold"] == "**Größe**"
