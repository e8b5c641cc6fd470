"""Differential tests against the real AGPM v0.4.14 (skipped unless WORKBENCH_AGPM_ORACLE
names the binary; docs/agpm-oracle.md). Each case is a consumer project whose ``agpm.toml``
lists local files; ``agpm install`` installs them and ``workbench render FILE --variant
ALIAS`` must print the same bytes, or, when the install fails, fail too and name the file.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from agpm_oracle import agpm_install, oracle_binary, requires_agpm
from cli_helpers import no_traceback
from conftest import run_cli

MakeProject = Callable[..., Path]
ON = "---\nagpm:\n  templating: true\n"

CASES: dict[str, dict[str, str]] = {
    # entries outside the project (docs/agpm-oracle.md): names and paths from agpm.toml's
    # folder, install paths without the `..`; deps `./`, bare `snippets/…` (two folders up
    # from the file), back into the project; `content` reads from the project
    "outside-entries": {
        "agpm.toml": '[project]\nlanguage = "python"\n\n[agents]\n'
        'ext = { path = "../shared/agents/x.md", template_vars = { project = '
        '{ language = "rust" } } }\n'
        'ext-oc = { path = "../shared/agents/x.md", tool = "opencode", filename = "y.md" }\n'
        '\n[commands]\nsquash = { path = "../shared/commands/squash.md" }\n',
        "../shared/agents/x.md": "---\ndescription: X for {{ project.language }}\nagpm:\n"
        "  templating: true\ndependencies:\n  snippets:\n    - path: snippets/helper.md\n"
        "    - path: ./local.md\n      name: loc\n    - path: ../../project/snippets/p.md\n"
        "---\nR: {{ agpm.resource.name }}|{{ agpm.resource.type }}|{{ agpm.resource.path }}|"
        "{{ agpm.resource.install_path }}\n"
        "{% for k, d in agpm.deps.snippets %}D {{ k }}: {{ d.name }}|{{ d.type }}|"
        "{{ d.path }}|{{ d.install_path }}|{{ d.content }}\n{% endfor %}"
        '{{ "snippets/p.md" | content }}\n',
        "../shared/snippets/helper.md": "---\ntitle: h\n---\nHelper {{ project.language }}\n",
        "../shared/agents/local.md": "Local\n",
        "snippets/p.md": "Proj\n",
        "../shared/commands/squash.md": "---\ndescription: Squash\nagpm:\n  templating: true\n"
        "dependencies:\n  commands:\n    - name: checkpoint\n      path: ./checkpoint.md\n"
        "      install: false\n---\n{{ agpm.deps.commands.checkpoint.install_path }}\n"
        "{{ agpm.deps.commands.checkpoint.content }}\n",
        "../shared/commands/checkpoint.md": "---\ndescription: C\n---\nCHECKPOINT\n",
    },
    # dependency paths: root-relative, ./ and ../ (relative to the declaring file);
    # agpm.resource and every field of a dependency; the top-level `project` alias
    "paths-and-fields": {
        "agpm.toml": '[project]\nlanguage = "python"\nteam = "core"\n\n[agents]\n'
        'a = { path = "agents/a.md" }\n',
        "agents/a.md": "---\ndescription: A for {{ project.language }}\nagpm:\n"
        "  templating: true\ndependencies:\n  snippets:\n    - path: snippets/helper.md\n"
        "    - path: ./local.md\n      name: loc\n    - path: ../snippets/sub/deep.md\n---\n"
        "R: {{ agpm.resource.name }}|{{ agpm.resource.type }}|{{ agpm.resource.path }}|"
        "{{ agpm.resource.install_path }}|{{ agpm.resource.source }}|"
        "{{ agpm.resource.version }}|{{ agpm.resource.resolved_commit }}|"
        "{{ agpm.resource.checksum }}\nP: {{ project.language }} {{ project.team }}\n"
        "{% for k, d in agpm.deps.snippets %}D {{ k }}: {{ d.name }}|{{ d.type }}|"
        "{{ d.path }}|{{ d.install_path }}|{{ d.source }}|{{ d.version }}|"
        "{{ d.resolved_commit }}|{{ d.checksum }}|{{ d.content }}\n{% endfor %}"
        "{{ agpm.deps | json_encode }}\n",
        "snippets/helper.md": "---\ntitle: h\n---\nHelper body\n",
        "agents/local.md": "Local body\n",
        "snippets/sub/deep.md": "Deep body\n",
    },
    # variants: filename, another namespace (config), a project override, another tool;
    # a `name` is a second key beside the stem; a snippet installed directly
    "variants": {
        "agpm.toml": '[project]\nlanguage = "python"\n\n[agents]\nb = { path = "agents/b.md" }\n'
        'rv = { path = "agents/b.md", filename = "b-rust.md", template_vars = { project = '
        '{ language = "rust", extra = "x" }, config = { model = "opus" } } }\n'
        'oc = { path = "agents/b.md", tool = "opencode", template_vars = { project = '
        '{ language = "go" } } }\n\n[snippets]\ns = { path = "snippets/s.md" }\n',
        "agents/b.md": "---\ndescription: B for {{ project.language }} "
        "{{ agpm.project.language }}\nagpm:\n  templating: true\ndependencies:\n  snippets:\n"
        "    - path: snippets/s.md\n      name: best-practices\n---\n"
        "{{ agpm.resource.name }} {{ agpm.resource.install_path }} {{ project.language }} "
        "{% if config is defined %}{{ config.model }}{% endif %} "
        "{% if agpm.config is defined %}AGPMCONFIG{% endif %} "
        '{{ project.extra | default(value="-") }}\n'
        "{% for k, d in agpm.deps.snippets %}{{ k }}={{ d.install_path }} {% endfor %}\n",
        "snippets/s.md": "S body {{ x }}\n",
    },
    # an entry with an unknown key: the file's dependencies are ignored; duplicate paths:
    # the first wins (top-level before agpm.dependencies, categories sorted); `content` of
    # Markdown whose frontmatter is not YAML: the whole file; templating off: the
    # frontmatter alone is rendered
    "lists-and-content": {
        "agpm.toml": '[project]\nlanguage = "python"\n[agents]\nk = { path = "agents/k.md" }\n'
        'd = { path = "agents/d.md" }\nc = { path = "agents/c.md" }\n'
        'off = { path = "agents/off.md" }\ng = { path = "agents/g.md" }\n',
        "agents/g.md": '---\ndescription: "{% if agpm.deps is defined %}'
        "{{ agpm.deps.snippets.s.content }}{% endif %}|{% if agpm.resource is defined %}"
        '{{ agpm.resource.name }}{% endif %}"\ndependencies:\n  snippets:\n'
        "    - path: snippets/s.md\n---\nG {{ kept }}\n",
        "agents/k.md": ON + "dependencies:\n  snippets:\n    - path: snippets/s.md\n"
        "    - path: snippets/t.md\n      weird: 1\n---\n"
        "K {% if agpm.deps.snippets is defined %}{% for k, d in agpm.deps.snippets %}{{ k }} "
        "{% endfor %}{% else %}none{% endif %}\n",
        "agents/d.md": ON + "  dependencies:\n    snippets:\n      - path: snippets/t.md\n"
        "        name: first\ndependencies:\n  snippets:\n    - path: snippets/s.md\n"
        "      name: one\n    - path: snippets/s.md\n      name: two\n  agents:\n"
        "    - path: snippets/t.md\n      name: tee\n---\n"
        "D {% for c, m in agpm.deps %}{{ c }}:{% for k, d in m %}{{ k }}={{ d.path }},"
        "{% endfor %};{% endfor %}\n",
        "agents/c.md": ON + '---\nC[{{ "docs/bad.md" | content }}][{{ "docs/q.md" | content }}]\n',
        "agents/off.md": "---\ndescription: Off {{ project.language }} "
        "{{ agpm.project.language }}\n---\nBody {{ project.language }}\n",
        "snippets/s.md": "S\n",
        "snippets/t.md": "T\n",
        "docs/bad.md": "---\ntitle: [unclosed\n---\n\nBad body\n\n",
        "docs/q.md": "---\ntitle: ok\n---\n\n\n  Q\n\n\n",
    },
    # what is left of a dependency's body: gray-matter's lines, leading blank lines gone
    "content-whitespace": {
        "agpm.toml": '[agents]\nu = { path = "agents/u.md" }\n',
        "agents/u.md": ON + "dependencies:\n  snippets:\n    - path: snippets/bad.md\n"
        "    - path: snippets/good.md\n    - path: snippets/tpl.md\n"
        "    - path: snippets/crlf.md\n---\n[{{ agpm.deps.snippets.bad.content }}]"
        "[{{ agpm.deps.snippets.good.content }}][{{ agpm.deps.snippets.tpl.content }}]"
        "[{{ agpm.deps.snippets.crlf.content }}]\n",
        "snippets/bad.md": "---\ntitle: [unclosed\n---\n\n\n  X\n\n\n",
        "snippets/good.md": "---\ntitle: ok\n---\n\n\n  Y\n\n\n",
        "snippets/tpl.md": ON + "---\n\n\n  T {{ 1 + 1 }}\n\n\n",
        "snippets/crlf.md": "---\ntitle: ok\n---\r\n\r\n  W\r\n  V\r\n\r\n",
    },
    # where a dependency path is read from: a bare name from the declaring folder, another
    # path from two folders up (agents/snippets/x.md for agents/sub/n.md); a manifest
    # entry for the same file and tool is what the parent sees; a custom [tools] tool; a
    # glob in a dependency list
    "paths-tools-patterns": {
        "agpm.toml": '[agents]\na = { path = "agents/a.md" }\nn = { path = "agents/sub/n.md" }\n'
        'h = { path = "agents/helper.md", filename = "h-custom.md" }\n'
        '[commands]\ncmd = { path = "commands/cmd.md", '
        'tool = "mine" }\n[tools.mine]\npath = ".mine"\nresources = { commands = { path = '
        '"commands", flatten = true }, snippets = { path = "snippets", flatten = false } }\n'
        '[tools.claude-code]\npath = ".claude"\n[tools.agpm]\npath = ".agpm"\n',
        "agents/a.md": ON + "dependencies:\n  agents:\n    - path: helper.md\n  snippets:\n"
        "    - path: ../snippets/x.md\n    - path: ../snippets/pat-*.md\n---\n"
        "A {{ agpm.deps.agents.helper.path }} {{ agpm.deps.agents.helper.install_path }} "
        "{{ agpm.deps.snippets | length }}\n",
        "agents/helper.md": "Helper\n",
        "agents/sub/n.md": ON + "dependencies:\n  snippets:\n    - path: snippets/x.md\n---\n"
        "N {{ agpm.deps.snippets.x.path }} {{ agpm.deps.snippets.x.content }}\n",
        "agents/snippets/x.md": "agents-folder x\n",
        "snippets/x.md": "root x\n",
        "snippets/pat-one.md": "P1\n",
        "commands/cmd.md": ON + "dependencies:\n  snippets:\n    - path: ../snippets/x.md\n---\n"
        "C {{ agpm.resource.install_path }} {{ agpm.deps.snippets.x.install_path }}\n",
    },
}

# (files, the file whose install fails)
FAILING: dict[str, tuple[dict[str, str], str]] = {
    "frontmatter-reads-the-resource": (
        {"agents/u.md": '---\ndescription: "{{ agpm.resource.name }}"\n---\nU\n'},
        "agents/u.md",
    ),
    "frontmatter-reads-a-dependency": (
        {
            "agents/u.md": '---\ndescription: "{{ agpm.deps.snippets.s.content }}"\n'
            "agpm:\n  templating: true\ndependencies:\n  snippets:\n    - path: snippets/s.md\n"
            "---\nU\n",
            "snippets/s.md": "S\n",
        },
        "agents/u.md",
    ),
    "a-tool-name-as-category": (
        {
            "agents/u.md": "---\ndependencies:\n  opencode:\n    - path: snippets/s.md\n---\nU\n",
            "snippets/s.md": "S\n",
        },
        "agents/u.md",
    ),
    "an-unknown-category": (
        {
            "agents/u.md": "---\ndependencies:\n  widgets:\n    - path: snippets/s.md\n---\nU\n",
            "snippets/s.md": "S\n",
        },
        "agents/u.md",
    ),
    # a [tools] table replaces AGPM's default tools: claude-code is unknown
    "a-tools-table-without-the-entrys-tool": (
        {
            "agpm.toml": '[tools.my_custom_tool]\npath = ".my-custom"\n'
            'resources = { agents = { path = "agents", flatten = true } }\n\n'
            '[agents]\nu = { path = "agents/u.md" }\n',
            "agents/u.md": "---\ndescription: U\n---\nU\n",
        },
        "claude-code",
    ),
    "a-templating-off-dependency-whose-frontmatter-fails": (
        {
            "agents/u.md": ON + "dependencies:\n  snippets:\n    - path: snippets/s.md\n---\n"
            "{{ agpm.deps.snippets.s.content }}\n",
            "snippets/s.md": "---\ntitle: {{ nope }}\n---\nS\n",
        },
        "snippets/s.md",
    ),
}


def _manifest_aliases(root: Path) -> dict[str, str]:
    import tomllib

    config = tomllib.loads((root / "agpm.toml").read_text(encoding="utf-8"))
    return {
        alias: entry["path"]
        for table in config.values()
        if isinstance(table, dict)
        for alias, entry in table.items()
        if isinstance(entry, dict) and "path" in entry and table is not config.get("tools")
    }


@requires_agpm
@pytest.mark.parametrize("case", sorted(CASES))
def test_render_is_what_agpm_installs(case: str, make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(CASES[case])
    installed = agpm_install(root, tmp_path / "home")
    assert installed.ok, installed.output
    aliases = _manifest_aliases(root)
    assert set(aliases) <= set(installed.files)  # (a glob dependency is installed too)
    for alias, path in aliases.items():
        proc = run_cli("render", path, "--variant", alias, cwd=root)
        no_traceback(proc)
        assert proc.returncode == 0, (alias, proc.stderr)
        assert proc.stdout.encode("utf-8") == installed.files[alias], (alias, proc.stdout)


@requires_agpm
@pytest.mark.parametrize("case", sorted(FAILING))
def test_a_failed_install_is_a_failed_render(
    case: str, make_project: MakeProject, tmp_path: Path
) -> None:
    files, culprit = FAILING[case]
    root = make_project({"agpm.toml": '[agents]\nu = { path = "agents/u.md" }\n', **files})
    installed = agpm_install(root, tmp_path / "home")
    assert not installed.ok
    assert culprit in installed.output
    proc = run_cli("render", "agents/u.md", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert culprit in proc.stderr


@requires_agpm
def test_the_agpm_resource_library_installs_as_rendered() -> None:
    """../shared/tools/agpm-oracle/compare.py: every agent of the library, four languages."""
    shared = Path(__file__).resolve().parents[3] / "shared"
    compare = shared / "tools" / "agpm-oracle" / "compare.py"
    if not compare.is_file():
        pytest.skip(f"{compare} is not there")
    workbench = Path(sys.executable).with_name("workbench")
    proc = subprocess.run(
        [
            sys.executable,
            str(compare),
            str(oracle_binary()),
            str(workbench),
            "--lib",
            str(shared / "corpus" / "agpm-resources"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "agpm-oracle: 80/80 files identical" in proc.stdout
