"""Splitting preview text into independently rendered blocks."""

from __future__ import annotations

import random

import pytest
from markdown_it import MarkdownIt

from agent_workbench.app.widgets.preview_blocks import (
    MAX_LIST_CHUNK,
    edit_blocks,
    frontmatter_end,
    line_blocks,
    markdown_blocks,
    sanitize,
    split_text_lines,
)
from conftest import requires_shared, shared_files


def texts(text: str) -> list[str]:
    return [block.text for block in markdown_blocks(text)]


def test_blank_lines_and_headings_separate_blocks() -> None:
    text = "# Title\nIntro line\nmore intro\n\n## Next\n\n- a\n- b\n"
    assert texts(text) == ["# Title", "Intro line\nmore intro", "## Next", "- a\n- b"]
    blocks = markdown_blocks(text)
    assert [(b.line, b.lines, b.gap) for b in blocks] == [
        (0, 1, 0),
        (1, 2, 1),
        (4, 1, 1),
        (6, 2, 1),
    ]


def test_fenced_code_is_never_cut() -> None:
    text = "Before\n\n```python\nx = 1\n\n# not a heading\n\ny = 2\n```\n\nAfter\n"
    assert texts(text) == ["Before", "```python\nx = 1\n\n# not a heading\n\ny = 2\n```", "After"]
    # A longer tilde fence is closed only by a fence at least as long.
    text = "~~~~\n~~~\n\n# inside\n~~~~\n\n# outside\n"
    assert texts(text) == ["~~~~\n~~~\n\n# inside\n~~~~", "# outside"]


def test_html_comments_and_pre_blocks_are_never_cut() -> None:
    text = "<!--\n\n# hidden\n\n-->\n\n<pre>\n\n# also raw\n</pre>\n\nText\n"
    assert texts(text) == ["<!--\n\n# hidden\n\n-->", "<pre>\n\n# also raw\n</pre>", "Text"]


def test_indented_continuations_stay_with_their_list_item() -> None:
    text = "- item one\n\n  still item one\n\n      code in the item\n- item two\n\nAfter\n"
    assert texts(text) == [
        "- item one\n\n  still item one\n\n      code in the item\n- item two",
        "After",
    ]


def test_long_tight_lists_are_cut_between_items_without_a_gap() -> None:
    items = [f"- item {n}" for n in range(3 * MAX_LIST_CHUNK)]
    blocks = markdown_blocks("\n".join(items) + "\n")
    assert len(blocks) == 3
    assert [b.gap for b in blocks] == [0, 0, 0]
    assert "\n".join(b.text for b in blocks).split("\n") == items


def test_frontmatter_is_one_block_when_it_looks_like_yaml() -> None:
    blocks = markdown_blocks("---\nname: a\ntools: x\n---\n# Body\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("frontmatter", "---\nname: a\ntools: x\n---"),
        ("markdown", "# Body"),
    ]
    assert blocks[1].gap == 1
    # A thematic break followed by prose is not frontmatter.
    assert frontmatter_end(["---", "Some prose here.", "---"]) == 0


def test_line_ends_and_control_characters() -> None:
    assert split_text_lines("a\r\nb\r\n") == ["a", "b"]
    assert split_text_lines("a\nb") == ["a", "b"]
    assert sanitize("tab\tstays\nnew line stays, \x1b and \x07 do not\x7f") == (
        "tab\tstays\nnew line stays, ␛ and ␇ do not␡"
    )


def test_line_blocks_number_every_line() -> None:
    blocks = line_blocks("---\nname: a\n---\nbody\n\nend\n", highlight_frontmatter=True)
    assert [(b.kind, b.line, b.lines) for b in blocks] == [
        ("frontmatter", 0, 3),
        ("line", 3, 1),
        ("line", 4, 1),
        ("line", 5, 1),
    ]
    raw = line_blocks("---\nname: a\n---\n", highlight_frontmatter=False)
    assert [b.kind for b in raw] == ["line", "line", "line"]


@requires_shared
def test_blocks_never_cut_a_markdown_block_of_the_corpus() -> None:
    """Every non-list top-level block markdown-it finds lies inside one of our blocks."""
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    files = shared_files()
    assert len(files) > 400
    cuts = []
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")
        lines = split_text_lines(text)
        # markdown-it does not know frontmatter: blank it out, keeping line numbers.
        skip = frontmatter_end(lines)
        body = "\n".join([""] * skip + lines[skip:])
        starts = {block.line for block in markdown_blocks(body)}
        for token in parser.parse(body):
            if token.level or token.map is None or token.nesting == -1:
                continue
            if token.type in ("bullet_list_open", "ordered_list_open"):
                continue  # lists may be cut between items on purpose
            first, end = token.map
            if any(first < start < end for start in starts):
                cuts.append(f"{path.name}:{first + 1} {token.type}")
    assert cuts == []


@pytest.mark.parametrize("size", [0, 1, 10])
def test_every_line_belongs_to_exactly_one_block(size: int) -> None:
    text = "\n\n".join(f"## H{n}\npara {n}\n```\ncode {n}\n```" for n in range(size))
    covered: list[int] = []
    for block in markdown_blocks(text):
        covered.extend(range(block.line, block.line + block.lines))
    lines = split_text_lines(text)
    assert covered == sorted(set(covered))
    assert set(covered) == {n for n, line in enumerate(lines) if line.strip()}


EDIT_DOCUMENT = """\
---
name: editor-test
description: frontmatter that edits must never be taken for prose
---
# Heading that is long enough to be edited past its marker

A paragraph line that is long enough to edit in the middle of it, twice over.
Another line of the same paragraph, with `code`, **bold** and <b>tags</b>.

- a list item that is long enough to edit past the bullet marker
- another list item, also long enough for edits past column sixteen

```python
def function_with_a_long_name(argument):
    return argument  # a comment long enough to edit inside the fence
```

<!-- a comment that spans
several lines, long enough to edit -->

<div>
an html block line that is long enough to edit in the middle
</div>

    indented code that is long enough to be edited here and there

| a table header | long enough |
| --- | --- |
| a table cell that is long | enough to edit |

> a block quote line that is long enough to edit in the middle of it
"""


def _edits(text: str, count: int, seed: int) -> list[str]:
    """Texts one keystroke away from ``text``: inserts, deletes and replacements."""
    rng = random.Random(seed)
    alphabet = "x #`~<>-!|*1.:\n\r\t\x1b"
    texts = []
    for _ in range(count):
        at = rng.randrange(len(text))
        kind = rng.randrange(3)
        char = rng.choice(alphabet)
        if kind == 0:
            texts.append(text[:at] + char + text[at:])
        elif kind == 1:
            texts.append(text[:at] + text[at + 1 :])
        else:
            texts.append(text[:at] + char + text[at + 1 :])
    return texts


@pytest.mark.parametrize("seed", range(4))
def test_one_line_edits_give_the_same_blocks_as_splitting_again(seed: int) -> None:
    old_markdown = markdown_blocks(EDIT_DOCUMENT)
    old_lines = line_blocks(EDIT_DOCUMENT, highlight_frontmatter=True)
    reused = 0
    for new in _edits(EDIT_DOCUMENT, 400, seed):
        fast = edit_blocks(EDIT_DOCUMENT, old_markdown, new, markdown=True)
        if fast is not None:
            reused += 1
            assert fast == markdown_blocks(new), repr(new)
        fast = edit_blocks(EDIT_DOCUMENT, old_lines, new, markdown=False)
        if fast is not None:
            assert fast == line_blocks(new, highlight_frontmatter=True), repr(new)
    # Most keystrokes land in prose past the markers: the split is reused for them.
    assert reused > 100


def test_edits_that_change_structure_split_again() -> None:
    blocks = markdown_blocks(EDIT_DOCUMENT)
    line = "A paragraph line that is long enough to edit in the middle of it, twice over."
    for replacement in (
        line + " <!--",  # opens a comment
        line + " </pre>",  # ends a raw HTML block
        line[:10],  # the edit is before column 16
    ):
        new = EDIT_DOCUMENT.replace(line, replacement)
        assert edit_blocks(EDIT_DOCUMENT, blocks, new, markdown=True) is None
    for old, replacement in (("twice over", "three times over"), ("inside the fence", "in it")):
        new = EDIT_DOCUMENT.replace(old, replacement)
        assert edit_blocks(EDIT_DOCUMENT, blocks, new, markdown=True) == markdown_blocks(new)


@requires_shared
def test_one_line_edits_of_corpus_files_give_the_same_blocks() -> None:
    files = shared_files()[::20]
    assert len(files) >= 20
    reused = 0
    for number, path in enumerate(files):
        text = path.read_bytes().decode("utf-8", "replace")
        if not text.strip():
            continue
        old = markdown_blocks(text)
        for new in _edits(text, 60, number):
            fast = edit_blocks(text, old, new, markdown=True)
            if fast is not None:
                reused += 1
                assert fast == markdown_blocks(new), f"{path.name}: {new!r}"
    assert reused > 200
