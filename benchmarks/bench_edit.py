"""`workbench edit --set` on large frontmatters: the engine's edit path, cold caches.

Measures what the CLI does between reading and writing the file (``set_fields``: the
refusal check, the minimal-diff splice and its verification; ``judge_edit``: the
validation of the text before and after) for frontmatters of 1,000 and 10,000 keys.
Floor, in the same run: one round-trip parse of the same text by ruamel.yaml, which
the edit path needs at least twice (the text before, the text after).

    .venv/bin/python benchmarks/bench_edit.py
"""

from __future__ import annotations

import statistics
import time

from agent_workbench.frontmatter.layout import load_yaml
from agent_workbench.model.document import AgentDocument
from agent_workbench.session.editing import judge_edit, set_fields
from bench_common import clear_engine_caches, machine


def document(keys: int) -> AgentDocument:
    fields = "".join(f"key{i}: value {i}\n" for i in range(keys))
    return AgentDocument.from_text(f"---\nname: big\ndescription: d\n{fields}---\nBody.\n")


def timed(run: object, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        clear_engine_caches()
        start = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    print(machine("ruamel.yaml"))
    print("| keys | edit (set_fields + judge_edit) | floor: one ruamel round-trip parse | ratio |")
    print("| --- | --- | --- | --- |")
    for keys in (1_000, 10_000):
        doc = document(keys)

        def edit(doc: AgentDocument = doc) -> None:
            after = set_fields(doc, {"model": "haiku"}, rel="agents/big.md")
            judge_edit("agents/big.md", doc, after, [["model"]])

        def floor(doc: AgentDocument = doc) -> None:
            load_yaml(doc.frontmatter)

        spent, base = timed(edit), timed(floor)
        print(f"| {keys:,} | {spent:.2f} s | {base:.2f} s | {spent / base:.1f} |")


if __name__ == "__main__":
    main()
