"""The line-at-a-time loader of plain YAML gives exactly what ruamel's safe loader gives.

``load_subset`` answers for a small part of YAML and None for the rest. Whenever it
answers, its data must equal ruamel's (pure, safe) for the same text, and ruamel must
not refuse that text. Held over every frontmatter (and every top-level entry) of the
corpus and the samples, mutations of them, random nestings of the forms it reads,
and the cases its rules are about.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from agent_workbench.frontmatter.entries import split_entries
from agent_workbench.frontmatter.subset import load_subset
from agent_workbench.model.document import AgentDocument
from conftest import REPO_ROOT, SHARED, shared_files

# These tests hold the fast path to the slow one: on, even in CI's run with them off.
pytestmark = pytest.mark.usefixtures("fast_paths_on")


def whole(text: str) -> tuple[str, Any]:
    try:
        return "ok", YAML(typ="safe", pure=True).load(text)
    except Exception:
        return "error", None


def assert_same(text: str) -> bool:
    """True when the subset loader answered (and then equals ruamel)."""
    fast = load_subset(text)
    if fast is not None:
        assert whole(text) == ("ok", fast), text
    return fast is not None


def frontmatters() -> list[str]:
    paths = sorted((REPO_ROOT / "agents").rglob("*.md")) + sorted(
        (REPO_ROOT / "snippets").rglob("*.md")
    )
    if (SHARED / "corpus").is_dir():
        paths += (
            shared_files("seeds", pattern="*.txt")
            + shared_files("corpus", "agpm-resources")
            + shared_files("corpus", "wild")
        )
    texts = []
    for path in paths:
        try:
            document = AgentDocument.parse(Path(path).read_bytes(), str(path))
        except Exception:
            continue
        if document.has_frontmatter:
            texts.append(document.frontmatter)
    return texts


def entries(texts: list[str]) -> list[str]:
    return [piece for text in texts for piece in split_entries(text) or []]


def test_every_frontmatter_and_entry_loads_as_ruamel_loads_it() -> None:
    texts = frontmatters()
    pieces = entries(texts)
    taken_texts = sum(assert_same(t) for t in texts)
    taken_pieces = sum(assert_same(p) for p in pieces)
    assert taken_texts > 0.8 * len(texts)
    assert taken_pieces > 0.9 * len(pieces)


def test_sample_agents_entries_are_all_in_the_subset() -> None:
    paths = sorted((REPO_ROOT / "agents").rglob("*.md"))
    for path in paths:
        document = AgentDocument.from_text(path.read_text())
        for piece in split_entries(document.frontmatter) or []:
            if "{%" not in piece and "{{" not in piece:
                assert load_subset(piece) is not None, (path.name, piece)


INSERTS = [
    '"', "'", "[", "{", "|", ">", "&a ", "*a", "!!map ", "? ", "- ", ": ", " #", "#", "\n",
    "\nb: ", "\n- ", "\n  - ", "\n  ", "  ", " ", "\t", "\r", "...", "---", "<<: ", "%", "@",
    "`", "\\", ",", "]", "}", ":", "!", "-", "=", "<<", "~", "null", "true", "1", ".5",
    "2024-01-01", "0o7", "''", '""', "\xa0", "é", "x:",
]  # fmt: skip


def test_mutated_frontmatters_load_as_ruamel_loads_them() -> None:
    texts = frontmatters()
    pieces = entries(texts)
    rnd = random.Random(7)
    taken = 0
    for _ in range(6000):
        lines = rnd.choice(pieces if rnd.random() < 0.5 else texts).splitlines(keepends=True)
        lines = lines or [""]
        for _ in range(rnd.randint(1, 3)):
            j = rnd.randrange(len(lines))
            op = rnd.randrange(6)
            if op == 0:
                lines[j] = lines[j].lstrip()
            elif op == 1:
                lines.insert(j, rnd.choice(lines))
            elif op == 2 and len(lines) > 1:
                del lines[j]
            elif op == 3:
                at = rnd.randrange(len(lines[j]) + 1)
                lines[j] = lines[j][:at] + rnd.choice(INSERTS) + lines[j][at:]
            elif op == 4:
                lines[j] = " " * rnd.randint(1, 4) + lines[j]
            else:
                k = rnd.randrange(len(lines))
                lines[j], lines[k] = lines[k], lines[j]
        taken += assert_same("".join(lines))
    assert taken > 1500


def test_random_nestings_load_as_ruamel_loads_them() -> None:
    forms = [
        "k{}:", "k{}: v", "- v", "-", "- k{}: v", "- k{}:", "k{}: 'a''b'", 'k{}: "q"',
        "k{}: true", "k{}: 12", "# c", "", "k{}: x y", "- - a", "k{}: [a]", "k{}: a, b",
        '"k{}*": ask', "'k{}''s': v", '- "k{}": v', '"k{}":',
    ]  # fmt: skip
    rnd = random.Random(11)
    taken = 0
    for _ in range(20000):
        lines = ["k0: v" if rnd.random() < 0.3 else "k0:"]
        for _ in range(rnd.randint(1, 8)):
            form = rnd.choice(forms).format(rnd.randint(0, 3))
            lines.append(" " * rnd.choice([0, 0, 1, 2, 2, 3, 4, 4, 6]) + form)
        taken += assert_same("\n".join(lines) + ("\n" if rnd.random() < 0.8 else ""))
    assert taken > 2000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: a\n", {"name": "a"}),
        ("a: true\nb: 1.5\nc: 0o17\nd: ~\ne:\nf: yes\n", None),  # compared below
        ("tools:\n- Read\n- Write\nmodel: opus\n", {"tools": ["Read", "Write"], "model": "opus"}),
        (
            "agpm:\n  dependencies:\n    snippets:\n      - name: x\n        path: a/b.md\n"
            "        install: false\n      - path: c.md\n",
            {
                "agpm": {
                    "dependencies": {
                        "snippets": [
                            {"name": "x", "path": "a/b.md", "install": False},
                            {"path": "c.md"},
                        ]
                    }
                }
            },
        ),
        ("a: 'it''s'\nb: \"q: x\"\n", {"a": "it's", "b": "q: x"}),
        ("a: C# and F#\r\nb: http://x.y/z\r\n", {"a": "C# and F#", "b": "http://x.y/z"}),
        ("a:\n  -\n    b: 1\n", {"a": [{"b": 1}]}),
        ("p:\n  \"*\": ask\n  'git push*': deny\n", {"p": {"*": "ask", "git push*": "deny"}}),
    ],
)
def test_forms_it_reads(text: str, expected: Any) -> None:
    fast = load_subset(text)
    assert fast is not None
    assert whole(text) == ("ok", fast)
    if expected is not None:
        assert fast == expected


@pytest.mark.parametrize(
    "text",
    [
        "a: b: c\n",  # a colon in a plain value
        "a: x # comment\n",
        "a: |\n  block\n",
        "a: >\n  folded\n",
        "a: [1, 2]\n",
        "a: {b: 1}\n",
        "a: &x 1\n",
        "a: *x\n",
        "a: !!str 1\n",
        'a: "esc\\n"\n',
        "a: 'open\n",
        "a: plain\n  continued\n",
        "a:\tb\n",
        "a: 1\na: 2\n",  # a duplicate key
        "true: 1\nTrue: 2\n",  # the same key once typed
        "a: =\n",  # a value ruamel refuses
        "  a: 1\n",
        "- a\n",
        "a: 1\n- b\n",
        "a:\n  b: 1\n   c: 2\n",
        "a: x\xa0y\n",
        '"a\\tb": 1\n',
        '"a" : 1\n',
        "a-b c: 1\n",
        "",
    ],
)
def test_forms_it_leaves_to_ruamel(text: str) -> None:
    assert load_subset(text) is None
