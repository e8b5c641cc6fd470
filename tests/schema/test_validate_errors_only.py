"""``validate(..., errors_only=True)`` (the edit verdict's) gives exactly the errors of a
full validation, over every file of the corpus and the repository."""

from __future__ import annotations

import pytest

from agent_workbench.frontmatter.agentfile import AgentFile
from agent_workbench.frontmatter.libyaml_tree import HAS_LIBYAML, read_tree
from agent_workbench.schema.validate import validate
from conftest import REPO_ROOT, requires_shared, shared_files


def corpus_agents() -> list[AgentFile]:
    """Every file of the corpus and the repository's tests that validates without a render."""
    paths = shared_files("corpus") + sorted((REPO_ROOT / "tests").rglob("*.md"))
    agents = [AgentFile.load_path(path, path.name) for path in paths]
    return [agent for agent in agents if agent.document is not None and not agent.needs_render]


@requires_shared
def test_errors_only_are_the_errors_of_a_full_validation() -> None:
    compared = 0
    for agent in corpus_agents():
        errors = [d for d in validate(agent) if d.is_error]
        assert validate(agent, errors_only=True) == errors, agent.rel
        compared += bool(errors)
    assert compared > 20  # files with errors were among them


def test_errors_only_skips_the_near_miss_search_of_unknown_fields() -> None:
    from agent_workbench.model.document import AgentDocument

    text = "---\nname: a\ndescription: d\nmodle: haiku\n---\nBody.\n"
    agent = AgentFile.from_document("agents/a.md", AgentDocument.from_text(text))
    [warning] = [d for d in validate(agent) if d.code == "field-unknown"]
    assert warning.suggestion == "did you mean `model`?"
    assert validate(agent, errors_only=True) == []


@requires_shared
@pytest.mark.skipif(not HAS_LIBYAML, reason="PyYAML (a dependency) is missing: pip install -e .")
def test_the_fields_libyaml_reads_validate_as_ruamels_do(fast_paths_on: None) -> None:
    """The verdict validates the fields ``libyaml_tree`` reads: the same errors, at the
    same lines and columns, as the round-trip parse's."""
    fast_read = 0
    for slow in corpus_agents():
        assert slow.document is not None
        fast = AgentFile.from_document(slow.rel, slow.document, fast=True)
        fast_read += read_tree(slow.document.frontmatter) is not None
        assert validate(fast, errors_only=True) == validate(slow, errors_only=True), slow.rel
    assert fast_read > 400
