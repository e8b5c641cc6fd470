"""No module under ``src/`` passes 400 lines: a file per concept, short enough to read whole."""

from __future__ import annotations

from conftest import REPO_ROOT

LIMIT = 400


def test_no_module_passes_400_lines() -> None:
    src = REPO_ROOT / "src"
    too_long = {}
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LIMIT:
            too_long[rel] = lines
    assert too_long == {}, f"split these by concept (limit {LIMIT} lines): {too_long}"
