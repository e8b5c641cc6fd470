"""``mypy`` (configured in pyproject.toml) finds nothing in src/: the package ships
``py.typed``, so its hints are a promise to every user who type-checks against it."""

from __future__ import annotations

from mypy import api

from conftest import REPO_ROOT


def test_mypy_is_clean_on_src() -> None:
    config = str(REPO_ROOT / "pyproject.toml")
    out, err, status = api.run(["--config-file", config, str(REPO_ROOT / "src")])
    assert status == 0, out + err
