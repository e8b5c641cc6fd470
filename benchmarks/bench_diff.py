"""``workbench diff --rev HEAD --all-languages`` on a generated 1,000-agent project.

Run: ``.venv/bin/python benchmarks/bench_diff.py [--agents 1000] [--repeat 3]``

The project lives in a temporary git repository: 1,000 agents (Claude Code and
OpenCode), each templated with a language-dependent best-practices snippet (four
languages) and one of ten shared topic snippets. One shared snippet is changed, so
100 agents × 4 languages differ. Figures, each beside floors measured in the same run:

- ``workbench diff --rev HEAD --all-languages`` as a user runs it (a subprocess:
  start-up, git, the static analysis, the renders, the diff, the printing), and
  ``diff_revision`` in process, with how many renders it did and how many
  agent×language pairs it skipped without rendering them;
- the static analysis alone: languages of every agent, the read set of every pair
  (``impact``), and the change check of every file in them, with git's listing;
- floor 1: a bare loop rendering just the affected (agent, language) pairs, at HEAD
  and in the working tree, with their token counts: what a diff costs if the
  affected set were known for free;
- floor 2: a bare loop rendering every (agent, language) pair in the working tree
  once: what learning each agent's reads by rendering it would cost;
- for scale: the same diff with skipping disabled (every pair rendered on both sides).

Every in-process run starts with empty caches (compiled templates, parsed YAML,
split documents, static scans), as the command does.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from agent_workbench.model.project import Project
from agent_workbench.revisions import rendered_diff as diff_module
from agent_workbench.revisions.gitrev import GitRevisionSource, changed_paths
from agent_workbench.revisions.rendered_diff import diff_revision
from agent_workbench.templating.languages import languages_for_many
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.tokens.counting import count_tokens, get_encoding
from bench_common import clear_engine_caches, machine

LANGUAGES = ("python", "rust", "typescript", "golang")
TOPICS = 10

AGENT = """---
{head}
agpm:
  templating: true
dependencies:
  snippets:
    - path: ../../snippets/best-practices/{{{{ agpm.project.language }}}}-best-practices.md
      name: best-practices
    - path: ../../snippets/topics/topic-{topic}.md
      name: topic
---
# Agent {i}

You are agent {i}, working in {{{{ agpm.project.language }}}}.

{{{{ agpm.deps.snippets.best_practices.content }}}}

## Topic

{{{{ agpm.deps.snippets.topic.content }}}}

{paragraphs}
"""

PARAGRAPH = (
    "Read the change in full before commenting. Point at the line, say what is wrong "
    "and why, and propose the smallest fix that keeps behaviour.\n\n"
)

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


def make_project(root: Path, agents: int) -> Path:
    root.mkdir(parents=True)
    (root / "agpm.toml").write_text('[project]\nlanguage = "python"\n')
    for lang in LANGUAGES:
        path = root / "snippets/best-practices" / f"{lang}-best-practices.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {lang}\n---\n" + f"- Write idiomatic {lang}.\n" * 20)
    for t in range(TOPICS):
        path = root / "snippets/topics" / f"topic-{t}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Topic {t}: review checklist.\n" + f"- item {t}\n" * 15)
    for i in range(agents):
        tool = "claude-code" if i % 2 == 0 else "opencode"
        head = (
            f"name: agent-{i:04}\ndescription: Agent {i}"
            if tool == "claude-code"
            else f"description: Agent {i}\nmode: subagent"
        )
        path = root / "agents" / tool / f"agent-{i:04}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(AGENT.format(head=head, i=i, topic=i % TOPICS, paragraphs=PARAGRAPH * 8))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "generated")
    # The change under review: one shared snippet.
    topic = root / "snippets/topics/topic-3.md"
    topic.write_text(topic.read_text().replace("- item 3\n", "- item 3, checked twice\n", 1))
    return root


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


class Timing:
    """Median wall time and CPU time (this process and its children) over the runs."""

    def __init__(self, wall: list[float], cpu: list[float]) -> None:
        self.wall = statistics.median(wall)
        self.cpu = statistics.median(cpu)

    def __str__(self) -> str:
        return f"{self.wall:6.2f} s wall, {self.cpu:6.2f} s CPU"


def timed(fn: Callable[[], object], repeat: int) -> tuple[Timing, object]:
    """Every run starts with the engine's caches empty, as a fresh ``workbench`` process
    does (each agent's template is compiled and its frontmatter parsed once per run).
    CPU time is shown beside wall time: on a shared machine it is the steadier figure."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        clear_engine_caches()
        start, cpu = time.perf_counter(), _cpu()
        result = fn()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return Timing(walls, cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    get_encoding()  # load the tokenizer outside the timings (the CLI pays it; see below)

    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "project", args.agents)
        project = Project.open(root)
        agents = diff_module.agents_under(project)
        offered = languages_for_many(project, agents)
        pairs = [(rel, lang) for rel in agents for lang in offered[rel]]
        affected = [(rel, lang) for rel, lang in pairs if int(rel[-7:-3]) % TOPICS == 3]

        def cli() -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "agent_workbench",
                    "diff",
                    "--rev",
                    "HEAD",
                    "--all-languages",
                    "--stat",
                ],
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            )

        def in_process() -> diff_module.DiffReport:
            report = diff_revision(Project.open(root), "HEAD", all_languages=True)
            for item in report.diffs:
                item.token_delta  # noqa: B018 - what the CLI prints
            return report

        def floor_affected() -> int:
            work = Project.open(root)
            with GitRevisionSource.for_project(root, "HEAD") as source:
                head = work.with_source(source)
                total = 0
                for rel, lang in affected:
                    for side in (head, work):
                        out = render_agent(side, rel, RenderOptions(language=lang)).output or ""
                        total += count_tokens(out)
            return total

        def floor_learn() -> int:
            work = Project.open(root)
            return sum(
                len(render_agent(work, rel, RenderOptions(language=lang)).files_read)
                for rel, lang in pairs
            )

        def no_skipping() -> diff_module.DiffReport:
            return diff_revision(Project.open(root), "HEAD", all_languages=True, skip=False)

        def static_only() -> int:
            """What the diff does before rendering anything: git, languages, read sets."""
            work = Project.open(root)
            with GitRevisionSource.for_project(root, "HEAD") as source:
                changed = changed_paths(source.repo_root, source.commit, source.prefix)
                plan = diff_module._Plan(work, work.with_source(source), changed, None, True)
                affected = 0
                for rel in diff_module.agents_under(work):
                    langs, _old = plan.languages(rel, True, True, True, None)
                    for lang in langs:
                        reads = plan.impact.reads(rel, lang)
                        affected += reads is None or plan.reads_may_differ(rel, reads.files)
            return affected

        in_process()  # warm the process (imports, first-use caches); template cache cleared below
        t_cli, proc = timed(cli, args.repeat)
        t_diff, report = timed(in_process, args.repeat)
        t_static, found = timed(static_only, args.repeat)
        t_floor, _ = timed(floor_affected, args.repeat)
        t_learn, _ = timed(floor_learn, args.repeat)
        t_naive, naive = timed(no_skipping, 1)
        t_tok, _ = timed(
            lambda: subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "from agent_workbench.tokens.counting import get_encoding; get_encoding()",
                ],
                check=True,
            ),
            1,
        )
        t_start, _ = timed(
            lambda: subprocess.run(
                [sys.executable, "-m", "agent_workbench", "--version"],
                check=True,
                capture_output=True,
            ),
            1,
        )

        assert isinstance(report, diff_module.DiffReport) and isinstance(
            naive, diff_module.DiffReport
        )
        assert len(report.diffs) == len(affected) == len(naive.diffs) == found, (
            len(report.diffs),
            len(affected),
            found,
        )
        summary = (
            proc.stdout.strip().splitlines()[-2:]
            if isinstance(proc, subprocess.CompletedProcess)
            else []
        )

        print(f"machine: {machine('jinja2', 'ruamel.yaml', 'regex')}")
        print(
            f"project: {len(agents)} agents, {len(pairs)} agent×language pairs; 1 snippet changed"
        )
        print(f"affected: {len(affected)} pairs; diff found {len(report.diffs)}")
        print(
            f"diff renders: {report.renders} for {report.comparisons} pairs; "
            f"{report.unrendered} pairs not rendered at all, {report.skipped} skipped in all; "
            f"static analysis finds {found} pairs affected"
        )
        print(f"workbench diff --rev HEAD --all-languages --stat: {t_cli}")
        print(f"  interpreter + CLI start-up:             {t_start}")
        print(f"  tokenizer load (with start-up):         {t_tok}")
        print(f"diff_revision in process:                 {t_diff}")
        print(f"  static analysis alone (git + languages + read sets): {t_static}")
        ratio1 = t_diff.cpu / t_floor.cpu
        ratio2 = t_diff.cpu / t_learn.cpu
        print(
            f"floor 1, affected pairs, both sides:      {t_floor}  (diff/floor CPU {ratio1:.2f}×)"
        )
        print(
            f"floor 2, every pair once, working tree:   {t_learn}  (diff/floor CPU {ratio2:.2f}×)"
        )
        print(f"no skipping, every pair on both sides:    {t_naive}  ({naive.renders} renders)")
        for line in summary:
            print(f"  cli: {line.strip()}")


if __name__ == "__main__":
    main()
