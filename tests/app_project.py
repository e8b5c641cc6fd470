"""A small AGPM project for the app and workspace tests, written in our own words.

Two languages of snippets, a templated Claude Code agent, an OpenCode agent with
tool switches and permission patterns, a snippet, a Claude Code agent whose
frontmatter is broken YAML, and one whose frontmatter holds template logic.
"""

from __future__ import annotations

from pathlib import Path

REVIEWER = """\
---
name: reviewer
description: Reviews a change for correctness and clarity before it is merged.
tools: Read, Grep, Glob
model: sonnet
color: blue
agpm:
  templating: true
  dependencies:
    snippets:
      - name: guide
        path: ../../snippets/guides/{{ agpm.project.language }}-guide.md
        install: false
---
# Reviewer for {{ agpm.project.language }}

Read the change twice before you comment.

{{ agpm.deps.snippets.guide.content }}
"""

HELPER = """\
---
description: Answers questions about the code base without changing it.
mode: subagent
model: anthropic/claude-sonnet-4-5
temperature: 0.2
tools:
  read: true
  write: false
  bash: true
permission:
  edit: deny
  bash:
    "*": ask
    "git status": allow
---
# Helper

Explain what the code does, with file and line references.
"""

PYTHON_GUIDE = """\
---
description: Python review guide
---
Prefer small functions with type hints. Run the tests with pytest.
"""

RUST_GUIDE = """\
---
description: Rust review guide
---
Prefer borrowing over cloning. Run the tests with cargo test.
"""

BROKEN_YAML = """\
---
name: planner
description: Plans work. Examples: user: "plan the release" and more
model: opus
---
Plan the work in small steps.
"""

TEMPLATED_FRONTMATTER = """\
---
name: builder
description: Builds the project for the selected language.
agpm:
  templating: true
{% if agpm.project.language == "rust" %}
model: opus
{% else %}
model: sonnet
{% endif %}
---
Build it for {{ agpm.project.language }}.
"""

SNIPPET = """\
---
description: A note shared by several agents.
tags: [notes, shared]
---
Keep answers short.
"""

FILES = {
    "agpm.toml": '[project]\nlanguage = "python"\n',
    "agents/claude-code/reviewer.md": REVIEWER,
    "agents/claude-code/planner.md": BROKEN_YAML,
    "agents/claude-code/builder.md": TEMPLATED_FRONTMATTER,
    "agents/opencode/helper.md": HELPER,
    "snippets/guides/python-guide.md": PYTHON_GUIDE,
    "snippets/guides/rust-guide.md": RUST_GUIDE,
    "snippets/notes/shared-note.md": SNIPPET,
}


def write_project(root: Path) -> Path:
    """Write the project under ``root`` (created) and return it."""
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root
