"""The three-way merge of the disk's change and the unsaved edits, on its own (no app, no disk)."""

from __future__ import annotations

import pytest

from agent_workbench.follow.three_way import merge_texts, split_keepends

BASE = """---
description: Reviews code
model: sonnet
tools: Read, Grep
---
# Reviewer

Line one of the body.
Line two of the body.
Line three of the body.
Line four of the body.
"""


def test_disjoint_edits_merge_and_hold_both_changes() -> None:
    mine = BASE.replace("model: sonnet", "model: opus")
    theirs = BASE.replace("Line four", "Line FOUR")
    result = merge_texts(BASE, mine, theirs)
    assert result.ok and not result.overlaps
    assert result.merged == BASE.replace("model: sonnet", "model: opus").replace(
        "Line four", "Line FOUR"
    )


def test_frontmatter_and_body_edits_with_inserted_and_deleted_lines() -> None:
    mine = BASE.replace("tools: Read, Grep\n", "tools: Read, Grep\ncolor: blue\n").replace(
        "Line two of the body.\n", ""
    )
    theirs = BASE.replace("description: Reviews code", "description: Reviews Rust").replace(
        "Line four of the body.\n", "Line four of the body.\nTheir new last line.\n"
    )
    merged = merge_texts(BASE, mine, theirs).merged
    assert merged == (
        BASE.replace("description: Reviews code", "description: Reviews Rust")
        .replace("tools: Read, Grep\n", "tools: Read, Grep\ncolor: blue\n")
        .replace("Line two of the body.\n", "")
        .replace("Line four of the body.\n", "Line four of the body.\nTheir new last line.\n")
    )


def test_edits_of_adjacent_lines_merge() -> None:
    # Different lines, side by side: the result is unambiguous, so it is offered
    # (git merge-file would call this a conflict; the author is shown the result first).
    mine = BASE.replace("Line two", "My line two")
    theirs = BASE.replace("Line three", "Their line three")
    assert merge_texts(BASE, mine, theirs).merged == BASE.replace(
        "Line two", "My line two"
    ).replace("Line three", "Their line three")


def test_overlapping_edits_are_not_merged_and_say_where() -> None:
    mine = BASE.replace("Line two", "My line two")
    theirs = BASE.replace("Line two", "Their line two")
    result = merge_texts(BASE, mine, theirs)
    assert result.merged is None
    assert len(result.overlaps) == 1
    assert result.overlaps[0].base == (9, 9)
    assert result.overlaps[0].describe() == "both change line 9 (your line 9, disk's line 9)"


def test_a_change_spanning_the_others_line_is_an_overlap() -> None:
    mine = BASE.replace("Line two of the body.\nLine three of the body.\n", "Merged two.\n")
    theirs = BASE.replace("Line three", "Their line three")
    result = merge_texts(BASE, mine, theirs)
    assert result.merged is None
    assert result.overlaps[0].describe() == "both change lines 9–10 (your line 9, disk's line 10)"


def test_both_adding_different_lines_at_the_same_place_is_an_overlap() -> None:
    result = merge_texts(BASE, BASE + "Mine.\n", BASE + "Theirs.\n")
    assert result.merged is None
    assert result.overlaps[0].describe().startswith("both add lines before line 12")


def test_the_same_change_on_both_sides_is_applied_once() -> None:
    same = BASE.replace("Line two", "Line 2")
    mine = same.replace("model: sonnet", "model: opus")
    assert merge_texts(BASE, mine, same).merged == mine


def test_an_insertion_at_the_edge_of_the_others_change_merges_in_order() -> None:
    mine = BASE.replace("Line two of the body.\n", "Line two of the body.\nInserted.\n")
    theirs = BASE.replace("Line two", "Their line two")
    assert merge_texts(BASE, mine, theirs).merged == theirs.replace(
        "Their line two of the body.\n", "Their line two of the body.\nInserted.\n"
    )


def test_crlf_files_merge_byte_for_byte() -> None:
    base = BASE.replace("\n", "\r\n")
    mine = base.replace("model: sonnet", "model: opus")
    theirs = base.replace("Line one", "Line ONE")
    merged = merge_texts(base, mine, theirs).merged
    assert merged == base.replace("model: sonnet", "model: opus").replace("Line one", "Line ONE")
    assert merged is not None and "\n" not in merged.replace("\r\n", "")


@pytest.mark.parametrize(
    ("mine_end", "theirs_end", "merged_end"),
    [
        # The disk dropped the final newline, my edit is elsewhere: it stays dropped.
        ("Line four of the body.\n", "Line four of the body.", "Line four of the body."),
        # I dropped it, the disk's edit is elsewhere: it stays dropped.
        ("Line four of the body.", "Line four of the body.\n", "Line four of the body."),
    ],
)
def test_a_final_newline_difference_is_a_change_of_the_last_line(
    mine_end: str, theirs_end: str, merged_end: str
) -> None:
    tail = "Line four of the body.\n"
    mine = BASE.replace("model: sonnet", "model: opus").replace(tail, mine_end)
    theirs = BASE.replace("Line one", "Line ONE").replace(tail, theirs_end)
    assert merge_texts(BASE, mine, theirs).merged == BASE.replace(
        "model: sonnet", "model: opus"
    ).replace("Line one", "Line ONE").replace(tail, merged_end)


def test_a_final_newline_added_while_the_disk_changed_that_line_is_an_overlap() -> None:
    base = BASE.removesuffix("\n")
    result = merge_texts(base, base + "\n", base.replace("Line four", "Line FOUR"))
    assert result.merged is None


def test_one_side_unchanged_gives_the_other() -> None:
    changed = BASE.replace("Line one", "Changed")
    assert merge_texts(BASE, BASE, changed).merged == changed
    assert merge_texts(BASE, changed, BASE).merged == changed


def test_lines_keep_their_endings() -> None:
    assert split_keepends("a\r\nb\nc") == ["a\r\n", "b\n", "c"]
    assert split_keepends("a\n") == ["a\n"]
    assert split_keepends("") == []
