"""Tera's own tests as data: each ``Case`` names the Tera 1.20.1 test it comes from
(``string.rs::test_title`` is ``fn test_title`` in ``src/builtins/filters/string.rs`` of
``Keats/tera`` v1.20.1; renderer tests are under ``src/renderer/tests/``), the template
and context that test's assertion becomes when AGPM renders it (``render_str``,
autoescape off), and Tera's result, or ``REFUSED`` when Tera fails the render.

The same tables run against the workbench and, when it is built, against the real
Tera (tests/tera_oracle.py), so an expectation copied wrong cannot hide.
docs/tera-tests-ported.md lists every Tera test and where it went.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from agent_workbench.templating.environment import render_template, to_tera
from agent_workbench.templating.limits import TemplateRenderError
from tera_oracle import tera_render

REFUSED = None
ENV = {"WB_TERA_SET": "set-value"}


@dataclass(frozen=True)
class Case:
    tera_test: str
    template: str
    expected: str | None
    context: dict[str, Any] = field(default_factory=dict)
    workbench: str | None = None  # a known difference: what the workbench gives instead


def case(tera_test: str, template: str, expected: str | None, **context: Any) -> Case:
    return Case(tera_test, template, expected, context)


def cases(tera_test: str, context: dict[str, Any], pairs: list[tuple[str, str]]) -> list[Case]:
    """One case per (template, expected) pair, all with the same context."""
    return [case(tera_test, template, expected, **context) for template, expected in pairs]


def differs(item: Case, workbench: str) -> Case:
    """``item``, where the workbench knowingly renders ``workbench`` instead of Tera's result
    (each one is listed in docs/tera-oracle.md, "Where the workbench knowingly differs")."""
    return Case(item.tera_test, item.template, item.expected, item.context, workbench)


def case_ids(cases: list[Case]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for item in cases:
        seen[item.tera_test] = seen.get(item.tera_test, 0) + 1
        ids.append(f"{item.tera_test}#{seen[item.tera_test]}")
    return ids


def workbench_render(template: str, context: dict[str, Any]) -> str:
    return render_template(template, to_tera(context, ""))


def assert_workbench_agrees(item: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    if item.expected is REFUSED:
        with pytest.raises(TemplateRenderError) as info:
            workbench_render(item.template, item.context)
        assert info.value.line is not None and info.value.line >= 1
    else:
        got = workbench_render(item.template, item.context)
        expected = item.expected if item.workbench is None else item.workbench
        assert got == expected, f"{item.template!r} {item.context!r}: {got!r}"


def assert_tera_agrees(cases: list[Case]) -> None:
    """The real Tera gives every expected result (and refuses every REFUSED case)."""
    results = tera_render([(c.template, c.context) for c in cases], **ENV)
    wrong = [
        (c.tera_test, c.template, c.expected, got)
        for c, got in zip(cases, results, strict=True)
        if (c.expected is REFUSED and "ok" in got)
        or (c.expected is not REFUSED and got.get("ok") != c.expected)
    ]
    assert wrong == [], "\n".join(map(repr, wrong))


def table_tests(cases: list[Case]) -> tuple[Callable[..., None], Callable[[], None]]:
    """The two tests each case table runs: the workbench gives Tera's result (or refuses
    what Tera refuses), and the real Tera does too."""

    @pytest.mark.parametrize("item", cases, ids=case_ids(cases))
    def test_workbench_agrees_with_tera(item: Case, monkeypatch: pytest.MonkeyPatch) -> None:
        assert_workbench_agrees(item, monkeypatch)

    def test_the_real_tera_gives_these_results() -> None:
        assert_tera_agrees(cases)

    return test_workbench_agrees_with_tera, test_the_real_tera_gives_these_results
