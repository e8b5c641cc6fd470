"""Engine speed: one large render, and ``workbench check --all-languages`` on generated projects.

Run: ``.venv/bin/python benchmarks/bench_engine.py [--sizes 250 500 1000] [--repeat 3]``

Each figure stands beside a floor measured in the same run:

1. **Largest sample agent** (``agents/claude-code/principal-reviewer.md``, over
   40 KB rendered): ``render_agent`` plus token counts of its body and description,
   warm (compiled templates cached, as when re-rendering while typing) and cold
   (cache cleared). Floor: read the same files, render the same text with a bare
   ``jinja2.Environment`` (template compiled once, dependency contents passed in),
   count the same tokens (cold: with the counter's piece counts forgotten, as the
   engine's cold run forgets them with its caches).
2. **``workbench check --all-languages``** on generated projects of 250, 500 and
   1,000 agents (copies of the repository's sample agents under new names, with its
   snippets): the command as a user runs it (a subprocess: start-up, discovery,
   languages, renders, validation), text and ``--json`` (which also counts tokens),
   and ``check_paths`` in process. Floor: a bare loop over the same (agent, language)
   pairs: read the agent and its dependency files, render with bare Jinja2
   (compiled once per source), count body and description tokens (piece counts
   forgotten first, as a new ``workbench`` process starts without them). The dependency
   paths of each pair are learned before the timed loop, so the floor does not pay
   for discovering them; its outputs are compared with the engine's to show that it
   does the same work.

Figures are the fastest of ``--repeat`` runs (the least disturbed on a shared
machine); the machine and its load average are printed with them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from agent_workbench.model.project import Project
from agent_workbench.session.check import CheckOptions, check_paths
from agent_workbench.templating.languages import languages_for
from agent_workbench.templating.render import RenderOptions, render_agent
from agent_workbench.tokens.counting import count_tokens, get_encoding
from bench_common import clear_engine_caches, clear_token_pieces, machine

REPO = Path(__file__).resolve().parent.parent
LARGEST = "agents/claude-code/principal-reviewer.md"
_FRONTMATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)
_DESCRIPTION = re.compile(r"^description:[ \t]*(.*)$", re.M)


def interleaved(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """The fastest run of each function, running them in turn ``repeat`` times."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for index, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


# -- the floor ---------------------------------------------------------------------------------


def body_of(text: str) -> str:
    match = _FRONTMATTER.match(text)
    return text[match.end() :] if match else text


def description_of(text: str) -> str:
    match = _FRONTMATTER.match(text)
    found = _DESCRIPTION.search(match.group(1) or "") if match else None
    return found.group(1).strip().strip("'\"") if found else ""


@dataclass
class FloorJob:
    """One (agent, language) pair with everything the bare loop needs, learned beforehand."""

    agent: Path
    templated: bool
    variables: dict[str, object]
    deps: list[tuple[str, str, Path]]  # category, key, file
    expected: str  # the engine's output, to check the floor does the same work


class Floor:
    """A bare Jinja2 loop: read, render (compiled once per source), count tokens."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = jinja2.Environment(keep_trailing_newline=True)
        self.env.filters["content"] = lambda rel: body_of((root / rel).read_text()).strip()
        self.compiled: dict[str, jinja2.Template] = {}

    def run(self, job: FloorJob) -> tuple[str, int, int]:
        text = job.agent.read_text()
        if job.templated:
            deps: dict[str, dict[str, dict[str, str]]] = {}
            for category, key, path in job.deps:
                content = body_of(path.read_text()).strip()
                deps.setdefault(category, {})[key] = {"content": content}
            template = self.compiled.get(text)
            if template is None:
                template = self.compiled[text] = self.env.from_string(text)
            output = template.render(agpm={"project": job.variables, "deps": deps})
        else:
            output = text
        body_tokens = count_tokens(body_of(output))
        description_tokens = count_tokens(description_of(output))
        return output, body_tokens, description_tokens


def floor_jobs(project: Project, rels: list[str]) -> list[FloorJob]:
    jobs = []
    for rel in rels:
        for language in languages_for(project, rel) or [None]:
            result = render_agent(project, rel, RenderOptions(language=language))
            assert result.ok and result.output is not None, (rel, result.diagnostics)
            variables = project.variables
            if language is not None:
                variables["language"] = language
            deps = [(d.category, d.key, project.root / d.rel) for d in result.dependencies]
            jobs.append(
                FloorJob(project.root / rel, result.templating, variables, deps, result.output)
            )
    return jobs


# -- generated projects ----------------------------------------------------------------------------


def make_project(root: Path, agents: int) -> Path:
    """``agents`` copies of the sample agents under new names, with the sample snippets."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(REPO / "agpm.toml", root / "agpm.toml")
    shutil.copytree(REPO / "snippets", root / "snippets")
    shutil.copytree(REPO / "docs" / "project", root / "docs" / "project")
    samples = sorted((REPO / "agents").rglob("*.md"))
    for index in range(agents):
        sample = samples[index % len(samples)]
        tool = sample.parent.name
        name = f"{sample.stem}-{index:04d}"
        text = sample.read_text().replace(f"name: {sample.stem}\n", f"name: {name}\n", 1)
        target = root / "agents" / tool / f"{name}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def cli(*args: str, cwd: Path) -> Callable[[], object]:
    def run() -> object:
        proc = subprocess.run(
            [sys.executable, "-m", "agent_workbench", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise SystemExit(f"workbench {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc

    return run


# -- the benchmarks ---------------------------------------------------------------------------------


def bench_largest(repeat: int) -> None:
    project = Project.open(REPO)
    jobs = floor_jobs(project, [LARGEST])
    job = next(j for j in jobs if j.variables.get("language") == project.default_language)
    floor = Floor(REPO)
    output, _, _ = floor.run(job)
    same = output == job.expected
    size = len(job.expected.encode("utf-8"))

    def engine() -> None:
        result = render_agent(project, LARGEST, RenderOptions())
        assert result.output is not None and result.body is not None
        count_tokens(result.body)
        count_tokens(description_of(result.output))

    loops = 20

    def warm_engine() -> None:
        for _ in range(loops):
            engine()

    def cold_engine() -> None:
        for _ in range(loops):
            clear_engine_caches()
            engine()

    def warm_floor() -> None:
        for _ in range(loops):
            floor.run(job)

    def cold_floor() -> None:
        for _ in range(loops):
            floor.compiled.clear()
            clear_token_pieces()
            floor.run(job)

    warm, cold, bare, floor_cold = (
        t / loops for t in interleaved([warm_engine, cold_engine, warm_floor, cold_floor], repeat)
    )
    print(f"## Largest sample agent: {LARGEST} ({size:,} bytes rendered)")
    print(f"floor output identical to the engine's: {same}")
    print("| case | engine | floor | ratio |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| warm (compiled template cached) | {warm * 1e3:.2f} ms | {bare * 1e3:.2f} ms "
        f"| {warm / bare:.2f}× |"
    )
    print(
        f"| cold (compiled from scratch) | {cold * 1e3:.2f} ms | {floor_cold * 1e3:.2f} ms "
        f"| {cold / floor_cold:.2f}× |"
    )
    print()


def bench_check(sizes: list[int], repeat: int, workdir: Path) -> None:
    print("## workbench check --all-languages on generated projects")
    print(
        "| agents | renders | `check` (subprocess) | `check --json` (subprocess, + tokens) "
        "| `check_paths` in process | floor | check/floor | check --json/floor "
        "| in-process/floor | per agent (check) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        root = make_project(workdir / f"p{size}", size)
        project = Project.open(root)
        rels = [r for r in project.resources() if r.startswith("agents/")]
        jobs = floor_jobs(project, rels)
        floor = Floor(root)
        mismatched = sum(floor.run(job)[0] != job.expected for job in jobs)

        def bare(floor: Floor = floor, jobs: list[FloorJob] = jobs) -> None:
            floor.compiled.clear()
            clear_token_pieces()
            for job in jobs:
                floor.run(job)

        def in_process(root: Path = root) -> None:
            clear_engine_caches()
            check_paths(None, CheckOptions(all_languages=True), root)

        # Interleaved, so that a burst of load from elsewhere hits every figure alike.
        text, as_json, in_proc, bare_time = interleaved(
            [
                cli("check", "--all-languages", cwd=root),
                cli("check", "--all-languages", "--json", cwd=root),
                in_process,
                bare,
            ],
            repeat,
        )
        print(
            f"| {size:,} | {len(jobs):,} | {text:.2f} s | {as_json:.2f} s | {in_proc:.2f} s "
            f"| {bare_time:.2f} s | {text / bare_time:.2f}× | {as_json / bare_time:.2f}× "
            f"| {in_proc / bare_time:.2f}× | {text / size * 1e3:.2f} ms |"
        )
        if mismatched:
            print(f"(floor output differs from the engine's for {mismatched} of {len(jobs)} pairs)")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the projects here and keep them")
    args = parser.parse_args()
    get_encoding()  # load the tokenizer before timing anything (the floor needs it too)
    print(f"Machine: {machine('jinja2', 'ruamel.yaml', 'regex')}")
    print(f"Load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    bench_largest(args.repeat)
    if args.keep:
        bench_check(args.sizes, args.repeat, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
            bench_check(args.sizes, args.repeat, Path(tmp))


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
