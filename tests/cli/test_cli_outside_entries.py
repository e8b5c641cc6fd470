"""agpm.toml entries whose file is outside the project (``path = "../shared/agents/x.md"``)
render, read-only, as AGPM v0.4.14 installs them: ``render`` (by path or ``--variant NAME``
alone), ``tokens``/``check`` ``--all-variants``; ``edit`` refuses them. What such a file
embeds stays inside the project root or the entry's extra root (the first folder its path
names after the ``..``: ``../shared``), symlinks resolved (docs/agpm-oracle.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import no_traceback
from conftest import run_cli
from git_helpers import commit_all, init_repo

MANIFEST = '[project]\nlanguage = "python"\n\n[agents]\n'


def _write(base: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def place(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``place(manifest_lines, files)``: a project in tmp_path/project whose agpm.toml lists
    the entries; ``files`` are relative to tmp_path (``shared/…`` is beside the project)."""

    def make(entries: str, files: dict[str, str]) -> Path:
        _write(tmp_path, {"project/agpm.toml": MANIFEST + entries, **files})
        return tmp_path / "project"

    return make


# -- AGPM's own tests of entries outside the project ----------------------------------------


def test_local_deps_with_custom_name_transitive_lookup(place) -> None:  # type: ignore[no-untyped-def]
    # AGPM v0.4.14 tests/integration/templating/test_transitive_direct_same_resource.rs
    # test_local_deps_with_custom_name_transitive_lookup: entries `../artifacts/commands/…`,
    # squash embeds checkpoint's install path through a `./` dependency with a custom name
    root = place(
        '\n[commands]\ncheckpoint = { path = "../artifacts/commands/checkpoint.md" }\n'
        'squash = { path = "../artifacts/commands/squash.md" }\n',
        {
            "artifacts/commands/checkpoint.md": "---\ndescription: Create a checkpoint\n---\n"
            "# Checkpoint Command\n\nCHECKPOINT_INSTALL_PATH_MARKER\n",
            "artifacts/commands/squash.md": "---\ndescription: Squash commits\nagpm:\n"
            "  templating: true\ndependencies:\n  commands:\n    - name: checkpoint\n"
            "      path: ./checkpoint.md\n---\n# Squash Command\n\nUses checkpoint at: "
            "{{ agpm.deps.commands.checkpoint.install_path }}\n\nEND_OF_SQUASH\n",
        },
    )
    for args in (("render", "--variant", "squash"), ("render", "../artifacts/commands/squash.md")):
        proc = run_cli(*args, cwd=root)
        no_traceback(proc)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "Uses checkpoint at: .claude/commands/agpm/checkpoint.md\n" in proc.stdout
        assert "{{ agpm.deps" not in proc.stdout


def test_local_deps_transitive_content_access(place) -> None:  # type: ignore[no-untyped-def]
    # test_transitive_direct_same_resource.rs test_local_deps_transitive_content_access:
    # main embeds its sibling helper's content, frontmatter stripped
    root = place(
        '\n[commands]\nhelper = { path = "../artifacts2/commands/helper.md" }\n'
        'main = { path = "../artifacts2/commands/main.md" }\n',
        {
            "artifacts2/commands/helper.md": "---\ndescription: Helper utility\n---\n"
            "# Helper Command\n\nHELPER_CONTENT_MARKER\n",
            "artifacts2/commands/main.md": "---\ndescription: Main command\nagpm:\n"
            "  templating: true\ndependencies:\n  commands:\n    - name: helper\n"
            "      path: ./helper.md\n      install: false\n---\n# Main Command\n\n"
            "Embedded helper content:\n\n{{ agpm.deps.commands.helper.content }}\n\nEND_OF_MAIN\n",
        },
    )
    proc = run_cli("render", "--variant", "main", "--body-only", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "HELPER_CONTENT_MARKER" in proc.stdout and "description:" not in proc.stdout
    assert "{{ agpm.deps" not in proc.stdout


# -- names, paths and install paths, as `agpm install` showed them ----------------------------

NAMES = (
    "---\ndescription: X for {{ project.language }}\nagpm:\n  templating: true\n"
    "dependencies:\n  snippets:\n    - path: snippets/helper.md\n    - path: ./local.md\n"
    "    - path: ../../project/snippets/p.md\n---\n"
    "R: {{ agpm.resource.name }}|{{ agpm.resource.path }}|{{ agpm.resource.install_path }}\n"
    "{% for k, d in agpm.deps.snippets %}D {{ k }}: {{ d.name }}|{{ d.path }}|"
    "{{ d.install_path }}|{{ d.content }}\n{% endfor %}"
    '{{ "snippets/p.md" | content }}\n'
)


def test_names_and_install_paths_are_agpms(place) -> None:  # type: ignore[no-untyped-def]
    # checked with the real agpm v0.4.14 (`agpm install`, 2026-12-04): names and paths are
    # relative to agpm.toml's folder (`../shared/…`), install paths drop the `..`; a bare
    # `snippets/…` path is read from two folders above the file (../shared), the `content`
    # filter reads from the project
    root = place(
        'ext = { path = "../shared/agents/x.md", template_vars = { project = '
        '{ language = "rust" } } }\n',
        {
            "shared/agents/x.md": NAMES,
            "shared/snippets/helper.md": "Helper\n",
            "shared/agents/local.md": "Local\n",
            "project/snippets/p.md": "Proj\n",
        },
    )
    proc = run_cli("render", "--variant", "ext", "--body-only", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "R: ../shared/agents/x|../shared/agents/x.md|.claude/agents/agpm/x.md\n"
        "D helper: ../shared/snippets/helper|../shared/snippets/helper.md|"
        ".claude/snippets/agpm/shared/snippets/helper.md|Helper\n"
        "D local: ../shared/agents/local|../shared/agents/local.md|"
        ".claude/snippets/agpm/shared/agents/local.md|Local\n"
        "D p: snippets/p|snippets/p.md|.claude/snippets/agpm/p.md|Proj\n"
        "Proj\n"
    )
    # by its path without --variant: the file alone, with the project's language (as for a
    # file inside the project)
    assert "X for python" in run_cli("render", "../shared/agents/x.md", cwd=root).stdout


def test_tokens_and_check_all_variants_include_outside_entries(place) -> None:  # type: ignore[no-untyped-def]
    root = place(
        'ext = { path = "../shared/agents/x.md" }\n',
        {"shared/agents/x.md": "---\ndescription: Outside\n---\nBody outside.\n"},
    )
    proc = run_cli("tokens", "../shared/agents/x.md", "--all-variants", "--json", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    (row,) = json.loads(proc.stdout)
    assert row["variant"] == "ext" and row["body_tokens"] > 0
    proc = run_cli("check", "--all-variants", cwd=root)
    no_traceback(proc)
    # Claude Code needs `name:`: the outside file's problem, at its own path
    assert proc.returncode == 1
    assert "shared/agents/x.md:1:1: error: required field `name`" in proc.stdout
    proc = run_cli("check", cwd=root)  # without --all-variants: the project's files only
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_edit_refuses_an_outside_entry(place) -> None:  # type: ignore[no-untyped-def]
    root = place(
        'ext = { path = "../shared/agents/x.md" }\n',
        {"shared/agents/x.md": "---\ndescription: Outside\n---\nBody.\n"},
    )
    before = (root.parent / "shared/agents/x.md").read_bytes()
    proc = run_cli("edit", "../shared/agents/x.md", "--set", "model=haiku", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "read-only" in proc.stderr
    assert (root.parent / "shared/agents/x.md").read_bytes() == before


# -- confinement: the project root and the entry's extra root only -------------------------


CONFINED = {
    "shared/agents/leaves.md": "---\ndescription: L\ndependencies:\n  snippets:\n"
    "    - path: ../../secret/s.md\n---\nL\n",
    "shared/agents/link.md": "---\ndescription: K\nagpm:\n  templating: true\n"
    "dependencies:\n  snippets:\n    - path: ../snippets/link.md\n---\n"
    "{{ agpm.deps.snippets.link.content }}\n",
    "shared/agents/climb.md": "---\ndescription: C\nagpm:\n  templating: true\n---\n"
    '{{ "../secret/s.md" | content }}\n',
    "secret/s.md": "SECRET\n",
}


@pytest.mark.parametrize(
    ("entry", "line"),
    [("leaves", "shared/agents/leaves.md:5:"), ("link", "link.md:7:13"), ("climb", "climb.md:6:")],
)
def test_what_an_outside_entry_embeds_stays_in_its_roots(place, entry: str, line: str) -> None:  # type: ignore[no-untyped-def]
    root = place(
        'leaves = { path = "../shared/agents/leaves.md" }\n'
        'link = { path = "../shared/agents/link.md" }\n'
        'climb = { path = "../shared/agents/climb.md" }\n',
        CONFINED,
    )
    (root.parent / "shared/snippets").mkdir(parents=True)
    (root.parent / "shared/snippets/link.md").symlink_to(root.parent / "secret/s.md")
    proc = run_cli("render", "--variant", entry, cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert line in proc.stderr, proc.stderr
    assert "SECRET" not in proc.stdout + proc.stderr


def test_an_outside_file_no_entry_names_is_still_refused(place) -> None:  # type: ignore[no-untyped-def]
    root = place(
        'ext = { path = "../shared/agents/x.md" }\n',
        {
            "shared/agents/x.md": "---\ndescription: X\n---\nX\n",
            "shared/agents/y.md": "---\ndescription: Y\n---\nY\n",
        },
    )
    proc = run_cli("check", "../shared/agents/y.md", "--project", ".", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "y.md:1:1: error: outside the project root" in proc.stdout + proc.stderr
    proc = run_cli("render", "--variant", "nope", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 2 and "--variant nope" in proc.stderr


# -- diff --all-variants -----------------------------------------------------------------

OUT_AGENT = (
    "---\nname: x\ndescription: X\nagpm:\n  templating: true\n---\nHello {{ project.language }}\n"
)


@pytest.mark.parametrize("monorepo", [True, False])
def test_diff_all_variants_shows_an_outside_entry(tmp_path: Path, monorepo: bool) -> None:
    # in one repository with the project, the outside file is read at the revision too;
    # elsewhere only the manifest's change shows (the file is not in the project's history)
    root = tmp_path / "proj"
    _write(
        tmp_path,
        {
            "proj/agpm.toml": MANIFEST + 'ext = { path = "../shared/agents/x.md" }\n',
            "shared/agents/x.md": OUT_AGENT,
        },
    )
    repo = init_repo(tmp_path if monorepo else root)
    commit_all(repo)
    (tmp_path / "shared/agents/x.md").write_text(OUT_AGENT.replace("Hello", "Bye"))
    (root / "agpm.toml").write_text(
        MANIFEST + 'ext = { path = "../shared/agents/x.md", template_vars = { project = '
        '{ language = "go" } } }\n'
    )
    proc = run_cli("diff", "--all-variants", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "--- a/../shared/agents/x.md [ext] (python)\n" in proc.stdout
    before = "-Hello python\n" if monorepo else "-Bye python\n"
    assert before in proc.stdout and "+Bye go\n" in proc.stdout
    proc = run_cli("diff", "--variant", "ext", "--stat", cwd=root)
    assert proc.returncode == 0 and "../shared/agents/x.md [ext] (python → go)" in proc.stdout
