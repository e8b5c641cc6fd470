"""`workbench edit --set` on large frontmatters: the engine's edit path, and the CLI.

Engine (cold caches, median of 3, CPU time): what the CLI does between reading and writing the
file (``set_fields``: the refusal check, the minimal-diff splice and its verification;
``judge_edit``: the validation of the text before and after) for frontmatters of
1,000, 10,000 and 50,000 keys, with the fast paths on (the touched entry spliced
alone, libyaml reading the whole) and, up to 10,000 keys, off (the round-trip path).
Floors, in the same run: one libyaml read of the text (``yaml.compose`` with the C
loader: the least a linear check of the whole frontmatter costs) and one round-trip
parse by ruamel.yaml (the least the round-trip path costs; it needs two).

CLI: ``workbench edit FILE --set model=haiku`` on 10,000 keys (the diff printed), wall
and CPU time of the process (median of 3), beside the floor ``workbench --version``.

    .venv/bin/python benchmarks/bench_edit.py
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml  # type: ignore[import-untyped]

from agent_workbench.frontmatter.layout import load_yaml
from agent_workbench.model.document import AgentDocument
from agent_workbench.model.fast_paths import fast_paths
from agent_workbench.session.editing import judge_edit, set_fields
from bench_common import clear_engine_caches, machine


def document(keys: int) -> AgentDocument:
    fields = "".join(f"key{i}: value {i}\n" for i in range(keys))
    return AgentDocument.from_text(f"---\nname: big\ndescription: d\n{fields}---\nBody.\n")


def timed(run: object, repeat: int = 3) -> float:
    """Median CPU time of ``run`` (this process, user + system), cold caches: on a shared
    machine wall time is mostly waiting for a CPU."""
    samples = []
    for _ in range(repeat):
        clear_engine_caches()
        start = time.process_time()
        run()  # type: ignore[operator]
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def engine() -> None:
    print(
        "| keys | edit, fast paths on | floor: one libyaml read | ratio "
        "| edit, fast paths off | floor: one ruamel round-trip parse | ratio |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for keys in (1_000, 10_000, 50_000):
        doc = document(keys)

        def edit(doc: AgentDocument = doc) -> None:
            after = set_fields(doc, {"model": "haiku"}, rel="agents/big.md")
            judge_edit("agents/big.md", doc, after, [["model"]])

        def libyaml_floor(doc: AgentDocument = doc) -> None:
            yaml.compose(doc.frontmatter, Loader=yaml.CSafeLoader)

        def ruamel_floor(doc: AgentDocument = doc) -> None:
            load_yaml(doc.frontmatter)

        fast, light = timed(edit), timed(libyaml_floor)
        heavy = timed(ruamel_floor, repeat=1 if keys > 10_000 else 3)
        if keys <= 10_000:
            with fast_paths(False):
                slow = timed(edit, repeat=1)
            slow_cells = f"{slow:.2f} s | {heavy:.2f} s | {slow / heavy:.1f}"
        else:
            slow_cells = f"not run | {heavy:.2f} s | -"
        print(f"| {keys:,} | {fast:.3f} s | {light:.3f} s | {fast / light:.1f} | {slow_cells} |")


def cli() -> None:
    workbench = str(Path(sys.executable).with_name("workbench"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "agent.md"
        text = document(10_000).text

        def run(*args: str) -> tuple[float, float]:
            """Median wall time and CPU time (user + system) of the process."""
            walls, cpus = [], []
            for _ in range(3):
                path.write_text(text)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run([workbench, *args], check=True, capture_output=True)
                walls.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            return statistics.median(walls), statistics.median(cpus)

        (wall, cpu), (floor_wall, floor_cpu) = (
            run("edit", str(path), "--set", "model=haiku"),
            run("--version"),
        )
    print(
        f"\nCLI `workbench edit --set model=haiku` (diff printed), 10,000 keys: {wall:.2f} s "
        f"wall, {cpu:.2f} s CPU; floor `workbench --version`: {floor_wall:.2f} s wall, "
        f"{floor_cpu:.2f} s CPU"
    )


def main() -> None:
    print(machine("ruamel.yaml", "PyYAML"))
    engine()
    cli()


if __name__ == "__main__":
    main()
