"""Findings of ``workbench check`` over ``../shared/corpus/wild`` laid out as authors keep it.

Not a speed benchmark: it produces the table of ``docs/validation.md``. The
corpus is copied into a temporary folder (never into the repository), each
collection in the layout it is used in:

- ``claude-voltagent``  → a project's ``.claude/agents/``
- ``claude-wshobson``   → a user's ``~/.claude/agents/`` (``home/.claude/agents``)
- ``opencode``          → each file back in its own repository (the corpus names it
  ``OWNER__REPO__NAME.md``) as ``.opencode/agent/NAME.md`` or, for every
  other one, ``.opencode/agents/NAME.md``: the name OpenCode gives the agent
  is the file name, which matters for overrides of built-in agents

and checked with the real command line. Findings are grouped by kind: the
message with every backquoted part (field names, values from the files)
replaced by ``…``, so no corpus text reaches the output.

    .venv/bin/python benchmarks/corpus_findings.py [--markdown]
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

WILD = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wild"
LAYOUTS = {
    "claude-voltagent": ["project/.claude/agents"],
    "claude-wshobson": ["home/.claude/agents"],
    "opencode": ["repos/{repo}/.opencode/agent", "repos/{repo}/.opencode/agents"],
}
_QUOTED = re.compile(r"`[^`]*`")
_PAREN = re.compile(r"\((mapping values|while scanning|expected <block end>)[^)]*\)")


def kind(message: str) -> str:
    return _PAREN.sub("(…)", _QUOTED.sub("…", message))


def lay_out(base: Path) -> list[Path]:
    roots = []
    for collection, folders in LAYOUTS.items():
        files = sorted((WILD / collection).glob("*.md"))
        for index, source in enumerate(files):
            repo, name = "", source.name
            if "{repo}" in folders[0]:  # OWNER__REPO__NAME.md: back in its repository
                repo, _, name = source.name.rpartition("__")
            folder = folders[index % len(folders)].format(repo=repo or "repo")
            target = base / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        roots.append(base / folders[0].split("/")[0])
    return roots


def findings() -> dict[str, Counter[tuple[str, str]]]:
    by_collection: dict[str, Counter[tuple[str, str]]] = {}
    with tempfile.TemporaryDirectory(prefix="corpus-findings-") as tmp:
        for collection, root in zip(LAYOUTS, lay_out(Path(tmp)), strict=True):
            proc = subprocess.run(
                [sys.executable, "-m", "agent_workbench", "check", "--json", "."],
                cwd=root,
                capture_output=True,
                text=True,
                check=False,
            )
            report = json.loads(proc.stdout)
            counts: Counter[tuple[str, str]] = Counter()
            for entry in report["files"]:
                for diagnostic in entry["diagnostics"]:
                    counts[(diagnostic["severity"], kind(diagnostic["message"]))] += 1
            by_collection[collection] = counts
    return by_collection


def main() -> None:
    table = findings()
    print("| collection | severity | finding | count |")
    print("|---|---|---|---:|")
    for collection, counts in table.items():
        for (severity, text), count in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1])):
            print(f"| {collection} | {severity} | {text} | {count} |")
    for collection, counts in table.items():
        errors = sum(c for (sev, _), c in counts.items() if sev == "error")
        warnings = sum(c for (sev, _), c in counts.items() if sev == "warning")
        print(f"\n{collection}: {errors} errors, {warnings} warnings", end="")
    print()


if __name__ == "__main__":
    main()
