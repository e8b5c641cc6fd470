"""Line diffs, word spans and side-by-side rows, compared with what difflib and git print."""

from __future__ import annotations

import difflib

from agent_workbench.revisions.text_diff import (
    NO_NEWLINE,
    LineKind,
    diff_texts,
    split_lines,
    word_spans,
)

OLD = "".join(f"line {i}\n" for i in range(1, 21))


def test_unified_output_matches_difflib() -> None:
    new = (
        OLD.replace("line 3\n", "line three\n")
        .replace("line 17\n", "")
        .replace("line 10\n", "line 10\ninserted\n")
    )
    ours = diff_texts(OLD, new).unified_lines("a/x", "b/x")
    theirs = [
        line.rstrip("\n")
        for line in difflib.unified_diff(split_lines(OLD), split_lines(new), "a/x", "b/x")
    ]
    assert ours == theirs
    assert [line for line in ours if line.startswith("@@")] == [
        "@@ -1,6 +1,6 @@",
        "@@ -8,13 +8,13 @@",
    ]


def test_counts_and_line_numbers() -> None:
    new = OLD.replace("line 5\n", "line five\nline 5b\n")
    result = diff_texts(OLD, new, context=1)
    assert (result.added, result.removed) == (2, 1)
    (hunk,) = result.hunks
    assert [(ln.kind, ln.old_no, ln.new_no) for ln in hunk.lines] == [
        (LineKind.CONTEXT, 4, 4),
        (LineKind.REMOVED, 5, None),
        (LineKind.ADDED, None, 5),
        (LineKind.ADDED, None, 6),
        (LineKind.CONTEXT, 6, 7),
    ]


def test_identical_texts_have_no_hunks() -> None:
    result = diff_texts(OLD, OLD)
    assert not result.changed and result.unified_lines("a", "b") == [] and result.rows() == []


def test_a_change_of_final_newline_is_shown_as_git_does() -> None:
    lines = diff_texts("a\nb\n", "a\nb").unified_lines("a/f", "b/f")
    assert lines[-3:] == ["-b", "+b", NO_NEWLINE]


def test_crlf_lines_are_shown_without_their_carriage_return() -> None:
    result = diff_texts("one\r\ntwo\r\n", "one\r\nTWO\r\n")
    assert "+TWO" in result.unified_lines("a", "b")


def test_added_and_deleted_files() -> None:
    assert diff_texts("", "x\ny\n").unified_lines("/dev/null", "b/f")[2] == "@@ -0,0 +1,2 @@"
    assert diff_texts("x\n", "").unified_lines("a/f", "/dev/null")[2] == "@@ -1 +0,0 @@"


def test_whole_file_context() -> None:
    new = OLD.replace("line 10\n", "line ten\n")
    (hunk,) = diff_texts(OLD, new, context=-1).hunks
    assert len(hunk.lines) == 21 and hunk.old_count == 20 and hunk.new_count == 20


def test_word_spans() -> None:
    old_spans, new_spans = word_spans(
        "Use type hints in every function.", "Use strict type hints in each function."
    )
    old = "Use type hints in every function."
    new = "Use strict type hints in each function."
    assert [old[a:b] for a, b in old_spans] == ["every"]
    assert [new[a:b] for a, b in new_spans] == ["strict", "each"]
    assert word_spans("completely different words", "nothing alike here at all") is None


def test_side_by_side_rows_pair_removals_with_additions() -> None:
    old = "keep\nold one\nold two\nold three\nkeep too\n"
    new = "keep\nnew one\nkeep too\nextra\n"
    rows = diff_texts(old, new).rows()
    shown = [
        (r.header, r.left.text if r.left else None, r.right.text if r.right else None) for r in rows
    ]
    assert shown == [
        ("@@ -1,5 +1,4 @@", None, None),
        (None, "keep", "keep"),
        (None, "old one", "new one"),
        (None, "old two", None),
        (None, "old three", None),
        (None, "keep too", "keep too"),
        (None, None, "extra"),
    ]
    # The paired lines got word spans; the unpaired ones did not.
    assert rows[2].left and rows[2].left.spans == ((0, 3),)
    assert rows[3].left and rows[3].left.spans == ()
