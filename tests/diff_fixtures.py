"""A small templated project committed to a real git repository, for the diff tests."""

from __future__ import annotations

from pathlib import Path

from git_helpers import commit_all, init_repo, write

LANG_AGENT = """---
name: {name}
description: {name} agent
agpm:
  templating: true
dependencies:
  snippets:
    - path: ../../snippets/best-practices/{{{{ agpm.project.language }}}}-best-practices.md
      name: best-practices
    - path: ../../snippets/shared/review.md
---
You are the {name} agent for {{{{ agpm.project.language }}}}.

{{{{ agpm.deps.snippets.best_practices.content }}}}

{{{{ agpm.deps.snippets.review.content }}}}
"""

FILES = {
    "agpm.toml": '[project]\nlanguage = "python"\nstyleguide = "docs/style.md"\n',
    "agents/claude-code/backend.md": LANG_AGENT.format(name="backend"),
    "agents/claude-code/api.md": LANG_AGENT.format(name="api"),
    "agents/opencode/plain.md": "---\ndescription: no templates\nmode: subagent\n---\nPlain {{ literal }} body.\n",
    "agents/claude-code/styled.md": (
        "---\nname: styled\ndescription: embeds the style guide\nagpm:\n  templating: true\n---\n"
        "Follow this guide:\n\n{{ agpm.project.styleguide | content }}\n"
    ),
    "snippets/best-practices/python-best-practices.md": "---\ntitle: py\n---\nUse type hints.\nPrefer pathlib.\n",
    "snippets/best-practices/rust-best-practices.md": "Run clippy.\nAvoid unwrap.\n",
    "snippets/shared/review.md": "Review the diff line by line.\n",
    "docs/style.md": "# Style\n\nShort sentences.\n",
}

DEPENDENT = ["agents/claude-code/api.md", "agents/claude-code/backend.md"]


def make_repo(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    """The project above, committed; ``extra`` files are committed with it."""
    init_repo(root)
    write(root, {**FILES, **(extra or {})})
    commit_all(root, "initial agents")
    return root
