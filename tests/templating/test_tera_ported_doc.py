"""docs/tera-tests-ported.md and the case tables say the same thing: every Tera test the page
calls ported has its cases in the table it names, and every table's cases are on the page."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(
    r"^\| `([\w.]+::\w+)` \| (ported: `tests/templating/(\w+)\.py`|does not apply: .+) \|$"
)
TABLES = [
    "test_tera_ported_string",
    "test_tera_ported_array",
    "test_tera_ported_number",
    "test_tera_ported_basic",
    "test_tera_ported_renderer",
]


def _rows() -> dict[str, str | None]:
    text = (ROOT / "docs" / "tera-tests-ported.md").read_text(encoding="utf-8")
    rows: dict[str, str | None] = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            assert match.group(1) not in rows, f"{match.group(1)} listed twice"
            rows[match.group(1)] = match.group(3)
    return rows


def _ported() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for table in TABLES:
        for item in importlib.import_module(table).CASES:
            found.setdefault(item.tera_test, set()).add(table)
    return found


def test_every_ported_tera_test_has_cases_in_the_table_the_page_names() -> None:
    ported = _ported()
    claimed = {name: table for name, table in _rows().items() if table is not None}
    assert len(claimed) > 150
    missing = {name: table for name, table in claimed.items() if table not in ported.get(name, ())}
    assert missing == {}


def test_every_case_table_test_is_on_the_page() -> None:
    rows = _rows()
    unlisted = {name for name in _ported() if rows.get(name) is None}
    assert unlisted == set()


def test_the_page_counts_what_it_lists() -> None:
    rows = _rows()
    text = (ROOT / "docs" / "tera-tests-ported.md").read_text(encoding="utf-8")
    ported = sum(1 for table in rows.values() if table is not None)
    assert (
        f"{len(rows)} Tera tests: {ported} ported, {len(rows) - ported} that do not apply." in text
    )
