"""The `content` filter's path rules and extraction (contract §5)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from agent_workbench.model.project import Project
from agent_workbench.model.sources import WorkingTreeSource
from agent_workbench.templating.content_filter import ContentReader
from agent_workbench.templating.limits import RefusedFilterError
from agent_workbench.templating.render import RenderOptions, render_agent

MakeProject = Callable[..., Path]


def reader(root: Path) -> ContentReader:
    return ContentReader(WorkingTreeSource(root))


def refused(root: Path, path: str) -> RefusedFilterError:
    with pytest.raises(RefusedFilterError) as info:
        reader(root).read(path)
    return info.value


def test_markdown_loses_its_frontmatter_as_gray_matter_splits_it(make_project: MakeProject) -> None:
    root = make_project(
        {"docs/guide.md": "---\ntitle: g\n---\n\n\n## Guide\n\nRead {{ this }}.\n\n"}
    )
    # gray-matter 0.3.2 (AGPM's splitter): lines joined, leading blank lines dropped, one
    # final newline gone (src/matter.rs `parse`; checked with `agpm install` v0.4.14)
    assert reader(root).read("docs/guide.md") == "## Guide\n\nRead {{ this }}.\n"


def test_markdown_whose_frontmatter_is_not_yaml_is_embedded_whole(
    make_project: MakeProject,
) -> None:
    # MarkdownDocument::parse fails and AGPM embeds the raw text (src/templating/filters.rs)
    text = "---\ntitle: [unclosed\n---\n\nBad body\n\n"
    root = make_project({"docs/bad.md": text, "docs/ok.md": "---\ntitle: ok\n---\nOk\n"})
    assert reader(root).read("docs/bad.md") == text
    assert reader(root).read("docs/ok.md") == "Ok"


def test_json_is_pretty_printed_sorted_with_non_ascii_kept(make_project: MakeProject) -> None:
    root = make_project({"cfg/x.json": json.dumps({"b": "ñ", "a": [1], "dependencies": 1})})
    assert reader(root).read("cfg/x.json") == '{\n  "a": [\n    1\n  ],\n  "b": "ñ"\n}'


@pytest.mark.parametrize("name", ["notes.txt", "conf.toml", "conf.yaml", "conf.yml"])
def test_other_allowed_files_are_raw(make_project: MakeProject, name: str) -> None:
    text = "\n  key: {{ raw }}\n\n"
    root = make_project({f"docs/{name}": text})
    assert reader(root).read(f"docs/{name}") == text


def test_absolute_paths_are_refused(make_project: MakeProject) -> None:
    root = make_project({"docs/a.md": "x"})
    exc = refused(root, str(root / "docs/a.md"))
    assert exc.code == "content-absolute"
    assert "absolute" in str(exc)


def test_dotdot_escapes_are_refused(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"docs/a.md": "x"})
    (tmp_path / "secret.md").write_text("secret")
    exc = refused(root, "docs/../../secret.md")
    assert exc.code == "content-outside"
    assert "leaves the project root" in str(exc)


def test_dotdot_inside_the_root_is_fine(make_project: MakeProject) -> None:
    root = make_project({"docs/a.md": "A", "other/b.md": "Bee."})
    assert reader(root).read("docs/../other/b.md") == "Bee."


def test_symlinks_resolving_outside_are_refused(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"docs/a.md": "x"})
    (tmp_path / "secret.md").write_text("secret")
    (root / "docs/link.md").symlink_to(tmp_path / "secret.md")
    (root / "linkdir").symlink_to(tmp_path)
    assert refused(root, "docs/link.md").code == "content-outside"
    assert refused(root, "linkdir/secret.md").code == "content-outside"


def test_symlinks_inside_the_root_are_followed(make_project: MakeProject) -> None:
    root = make_project({"docs/a.md": "inside"})
    (root / "docs/alias.md").symlink_to(root / "docs/a.md")
    assert reader(root).read("docs/alias.md") == "inside"


def test_directories_are_refused(make_project: MakeProject) -> None:
    root = make_project({"docs.md/a.md": "x"})
    exc = refused(root, "docs.md")
    assert exc.code == "content-directory"


@pytest.mark.parametrize("name", ["run.sh", "secret.env", "Makefile", "a.py", "x.markdown"])
def test_other_extensions_are_refused(make_project: MakeProject, name: str) -> None:
    root = make_project({name: "x"})
    exc = refused(root, name)
    assert exc.code == "content-extension"
    assert "md txt json toml yaml yml" in str(exc)


def test_files_over_one_mib_are_refused(make_project: MakeProject) -> None:
    root = make_project({"big.txt": "x" * (1024 * 1024 + 1), "edge.txt": "y" * (1024 * 1024)})
    assert refused(root, "big.txt").code == "content-too-large"
    assert len(reader(root).read("edge.txt")) == 1024 * 1024


def test_missing_files_are_refused(make_project: MakeProject) -> None:
    root = make_project({})
    exc = refused(root, "docs/nope.md")
    assert exc.code == "content-missing"
    assert "does not exist" in str(exc)


# -- through render_agent -----------------------------------------------------------------------

AGENT = "---\nagpm:\n  templating: true\n---\nStart\n{{ agpm.project.styleguide | content }}\nEnd\n"


def test_content_via_a_project_variable_is_embedded_and_not_rendered_again(
    make_project: MakeProject,
) -> None:
    toml = '[project]\nstyleguide = "docs/style.md"\n'
    files = {"agpm.toml": toml, "agents/a.md": AGENT, "docs/style.md": "Use {{ agpm.project.x }}\n"}
    result = render_agent(Project.open(make_project(files)), "agents/a.md")
    assert result.ok, result.diagnostics
    assert result.body == "Start\nUse {{ agpm.project.x }}\nEnd\n"
    assert "docs/style.md" in result.files_read


def test_content_errors_are_located_at_the_filter(make_project: MakeProject) -> None:
    files = {"agents/a.md": AGENT}
    project = Project.open(make_project(files))
    result = render_agent(
        project, "agents/a.md", RenderOptions(variables={"styleguide": "/etc/passwd"})
    )
    [diag] = result.diagnostics
    assert (diag.path, diag.line) == ("agents/a.md", 6)
    assert diag.code == "content-absolute"
    result = render_agent(project, "agents/a.md", RenderOptions(variables={"styleguide": "no.md"}))
    assert result.diagnostics[0].code == "content-missing"


def test_content_of_an_undefined_variable_is_an_undefined_error(make_project: MakeProject) -> None:
    project = Project.open(make_project({"agents/a.md": AGENT}))
    [diag] = render_agent(project, "agents/a.md").diagnostics
    assert diag.expression == "agpm.project.styleguide"
    assert diag.code == "undefined-variable"


def _gray_matter_by_lines(body: str) -> str:
    """gray-matter-rs 0.3.2 line by line (Rust ``str::lines`` joined with ``\\n``, leading
    blank lines dropped): the reference the quick path for bodies without ``\\r`` must equal."""
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()
    last = len(lines) - 1
    joined = "\n".join(
        line[:-1] if line.endswith("\r") and (index < last or body.endswith("\n")) else line
        for index, line in enumerate(lines)
    )
    return joined.lstrip("\n")


def test_gray_matter_content_equals_the_line_by_line_reading() -> None:
    import itertools

    from agent_workbench.templating.content_filter import gray_matter_content

    pieces = ["", "a", " ", "\n", "\r", "\r\n", "\n\n", "x y"]
    for parts in itertools.product(pieces, repeat=4):
        body = "".join(parts)
        assert gray_matter_content(body) == _gray_matter_by_lines(body), repr(body)
