"""Loading frontmatter entry by entry gives exactly what loading it whole gives.

``parse_yaml`` loads a block mapping piece by piece (each top-level entry parsed on
its own, cached by its text) and falls back to the whole text whenever that could
differ. These tests hold the fast path to the slow one over every frontmatter of the
corpus, the repository's agents and snippets (raw, and rendered for every language),
thousands of mutations of them, and the cases the module's reasoning depends on.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from agent_workbench.frontmatter.entries import parse_entries, split_entries
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.project import Project
from agent_workbench.templating.context import parse_yaml
from agent_workbench.templating.languages import languages_for
from agent_workbench.templating.render import RenderOptions, render_agent
from conftest import REPO_ROOT, SHARED, requires_shared, shared_files

# These tests hold the fast path to the slow one: on, even in CI's run with them off.
pytestmark = pytest.mark.usefixtures("fast_paths_on")

LIBRARY = SHARED / "corpus" / "agpm-resources"
LIBRARY_LANGUAGES = ["golang", "java", "javascript", "python", "rust", "typescript"]


def load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def whole(text: str) -> tuple[str, Any]:
    """What loading the whole text gives: ("ok", data) or ("error", None)."""
    try:
        return "ok", load(text)
    except Exception:
        return "error", None


def frontmatter(path: Path) -> str | None:
    try:
        document = AgentDocument.parse(path.read_bytes(), str(path))
    except Exception:
        return None
    return document.frontmatter if document.has_frontmatter else None


def assert_same(text: str) -> bool:
    """The entry-by-entry load equals the whole load; True when the fast path was taken."""
    fast = parse_entries(text, load)
    if fast is not None:
        assert whole(text) == ("ok", fast), text
        assert type(fast) is dict
    return fast is not None


def repo_frontmatters() -> list[str]:
    paths = sorted((REPO_ROOT / "agents").rglob("*.md")) + sorted(
        (REPO_ROOT / "snippets").rglob("*.md")
    )
    return [t for t in map(frontmatter, paths) if t is not None]


def corpus_frontmatters() -> list[str]:
    paths = (
        shared_files("seeds", pattern="*.txt")
        + shared_files("corpus", "agpm-resources")
        + shared_files("corpus", "wild")
    )
    return [t for t in map(frontmatter, paths) if t is not None]


def test_sample_agents_and_snippets_load_entry_by_entry_as_whole() -> None:
    texts = repo_frontmatters()
    taken = [assert_same(t) for t in texts]
    valid = [whole(t)[0] == "ok" for t in texts]
    assert taken == valid  # every valid sample is of the shape the fast path reads


def test_sample_agents_rendered_for_every_language_load_as_whole() -> None:
    project = Project.open(REPO_ROOT)
    rendered = 0
    for path in sorted((REPO_ROOT / "agents").rglob("*.md")):
        rel = path.relative_to(REPO_ROOT).as_posix()
        for language in languages_for(project, rel) or [None]:
            result = render_agent(project, rel, RenderOptions(language=language))
            assert result.output is not None, result.diagnostics
            text = AgentDocument.from_text(result.output).frontmatter
            assert assert_same(text)
            assert parse_yaml(text).data == load(text)
            rendered += 1
    assert rendered > 20


@requires_shared
def test_corpus_frontmatters_load_entry_by_entry_as_whole() -> None:
    texts = corpus_frontmatters()
    assert len(texts) > 400
    taken = sum(assert_same(t) for t in texts)
    assert taken > 0.9 * len(texts)
    for text in texts:  # and through parse_yaml, errors included
        result = parse_yaml(text)
        assert (("ok", result.data) if result.error is None else ("error", None)) == whole(text)


@requires_shared
@pytest.mark.parametrize("language", LIBRARY_LANGUAGES)
def test_library_rendered_frontmatters_load_as_whole(language: str) -> None:
    project = Project.open(LIBRARY)
    taken = 0
    for path in shared_files("corpus", "agpm-resources"):
        rel = path.relative_to(LIBRARY).as_posix()
        if rel.startswith("examples/"):
            continue
        result = render_agent(project, rel, RenderOptions(language=language))
        if result.output is None:
            continue
        document = AgentDocument.from_text(result.output)
        if document.has_frontmatter:
            taken += assert_same(document.frontmatter)
    assert taken > 20


def _mutate(rnd: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True) or [""]
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
            inserted = rnd.choice(
                ['"', "'", "[", "{", "|", ">", "&a ", "*a", "!!map ", "? ", "- ", ": ",
                 " #", "\n", "\nb: ", "\nname: ", "\t", "\r", "...\n", "---\n", "<<: "]
            )  # fmt: skip
            lines[j] = lines[j][:at] + inserted + lines[j][at:]
        elif op == 4:
            lines[j] = "x" + lines[j]
        else:
            k = rnd.randrange(len(lines))
            lines[j], lines[k] = lines[k], lines[j]
    return "".join(lines)


def test_mutated_frontmatters_load_entry_by_entry_as_whole() -> None:
    """Broken, reordered and re-indented frontmatter: the fast path equals the whole
    load whenever it answers (and it still answers for many)."""
    texts = repo_frontmatters()
    if (SHARED / "corpus").is_dir():
        texts += corpus_frontmatters()
    rnd = random.Random(20240601)
    taken = sum(assert_same(_mutate(rnd, rnd.choice(texts))) for _ in range(4000))
    assert taken > 1000


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # alias to another entry: not on its own
        "a: &x {k: 1}\nb: 2\nc:\n  d: *x\n",
        "a: 1\nb: 2\na: 3\n",  # duplicate keys
        'a: "open\nb: close"\n',  # a quoted scalar across a column-0 line
        "a: [1,\nb]\n",  # a flow sequence across it
        "a: 1\n...\nb: 2\n",  # a document end
        "a: 1\n---\nb: 2\n",  # a second document
        "%YAML 1.1\n---\na: yes\n",  # a directive
        "a: 1\rb: 2\r",  # line breaks YAML reads and lines do not
        "a: 1\u2028b: 2\n",
        "  a: 1\nb: 2\n",  # an indented first key
        "- a\n- b\n",  # not a mapping
        "just text\n",
        "# only a comment\n",
        "",
    ],
)
def test_cases_the_fast_path_leaves_to_the_whole_load(text: str) -> None:
    assert parse_entries(text, load) is None
    result = parse_yaml(text)
    assert (("ok", result.data) if result.error is None else ("error", None)) == whole(text)


@pytest.mark.parametrize(
    "text",
    [
        "# leading comment\n\nname: a\ndescription: b\n",
        "a: &x [1, 2]\nb: 2\n",  # an anchor, no alias
        "a:\n  k: &x {k: 1}\n  d: *x\nb: 2\n",  # an alias in its anchor's entry
        "tools:\n- Read\n- Write\nmodel: opus\n",  # a column-0 sequence under a key
        "a: |\n  line\n\n  more\n\nb: >-\n  folded\n  text\n",
        "a: |+\n  kept\n\n\nb: 1\n",
        "a:\nb: c\n",
        "a: !!str\nb: c\n",
        "a: plain\n  continued\nb: 1\r\nc: 2\r\n",
        "a: 1 # comment\n# between\nb: 2",
        "a: x\nb: 2024-01-02\nc: 0o17\nd: .inf\ne: null\nf: ~\n",
    ],
)
def test_cases_the_fast_path_reads(text: str) -> None:
    fast = parse_entries(text, load)
    assert fast is not None
    assert whole(text) == ("ok", fast)


def test_entries_are_cut_at_top_level_keys() -> None:
    text = "# c\nname: a\ntools:\n- Read\nagpm:\n  templating: true\n"
    assert split_entries(text) == [
        "# c\nname: a\n",
        "tools:\n- Read\n",
        "agpm:\n  templating: true\n",
    ]
