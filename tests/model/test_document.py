"""Byte-exact round trip: every corpus file, and the awkward shapes authors produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_workbench.frontmatter.edit import set_body
from agent_workbench.model.document import AgentDocument
from conftest import shared_files

CORPUS = (
    shared_files("seeds", pattern="*")
    + shared_files("corpus", "agpm-resources")
    + shared_files("corpus", "wild")
)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_file_round_trips_byte_for_byte(path: Path) -> None:
    raw = path.read_bytes()
    doc = AgentDocument.parse(raw, path.name)
    assert doc.to_bytes() == raw
    assert doc.open_line + doc.frontmatter + doc.close_line + doc.body == doc.text
    # Saving the body unchanged through the edit path changes nothing either.
    assert set_body(doc, doc.body).to_bytes() == raw


def test_corpus_is_present_when_shared_is() -> None:
    if not CORPUS:
        pytest.skip("../shared is not present")
    assert len(CORPUS) >= 400


@pytest.mark.parametrize(
    ("raw", "frontmatter", "body"),
    [
        (b"\xef\xbb\xbf---\nname: a\n---\nbody\n", "name: a\n", "body\n"),
        (b"---\r\nname: a\r\n---\r\n\r\nbody\r\n", "name: a\r\n", "\r\nbody\r\n"),
        (b"---\nname: a\r\ndescription: b\n---\nx\r\ny", "name: a\r\ndescription: b\n", "x\r\ny"),
        (b"---\nname: a\n---\nno final newline", "name: a\n", "no final newline"),
        (b"---  \nname: a\n---\t \nbody\n", "name: a\n", "body\n"),
        (b"---\nname: a\n---", "name: a\n", ""),
        (b"---\n---\nbody", "", "body"),
    ],
    ids=[
        "bom",
        "crlf",
        "mixed",
        "no-final-newline",
        "trailing-space-delimiters",
        "eof-delimiter",
        "empty-frontmatter",
    ],
)
def test_awkward_shapes_split_and_round_trip(
    tmp_path: Path, raw: bytes, frontmatter: str, body: str
) -> None:
    path = tmp_path / "agent.md"
    path.write_bytes(raw)
    doc = AgentDocument.parse(path.read_bytes())
    assert doc.has_frontmatter
    assert doc.frontmatter == frontmatter
    assert doc.body == body
    assert doc.to_bytes() == raw


def test_unclosed_frontmatter_is_all_body() -> None:
    raw = b"---\nname: a\nno closing line\n"
    doc = AgentDocument.parse(raw)
    assert not doc.has_frontmatter and doc.unclosed_frontmatter
    assert doc.body == raw.decode() and doc.to_bytes() == raw


def test_body_edit_keeps_frontmatter_and_bom_bytes() -> None:
    raw = b"\xef\xbb\xbf---\r\nname: a  \r\n---\r\nold\r\n"
    doc = set_body(AgentDocument.parse(raw), "new\r\n")
    assert doc.to_bytes() == b"\xef\xbb\xbf---\r\nname: a  \r\n---\r\nnew\r\n"
