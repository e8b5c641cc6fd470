"""``slugify`` as Tera's ``slug`` crate does it, over deunicode 1.6.2's own tables (the
versions AGPM v0.4.14's Cargo.lock pins: slug 0.1.6, deunicode 1.6.2).

deunicode's assertions are ported from its ``tests/unidecode.rs`` (repository
``kornelski/deunicode``, tag v1.6.2) and slug's from the doc test of ``slugify``
(``Stebalien/slug-rs`` v0.1.6, ``src/lib.rs``). The real Tera oracle is built with
Debian's deunicode 1.3.1 (docs/tera-oracle.md): the last test reads those tables with the
same code and checks it against the real Tera on every code point below U+22000."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from agent_workbench.templating import tera_slug
from agent_workbench.templating.tera_slug import deunicode_char
from tera_cases import workbench_render
from tera_oracle import require_oracle

DEBIAN_DEUNICODE = Path("/usr/share/cargo/registry/deunicode-1.3.1/src")


def test_deunicode_char_reads_the_tables_as_deunicode_does() -> None:
    # unidecode.rs: test_deunicode_char
    assert deunicode_char("Æ") == "AE"
    assert deunicode_char("北") == "Bei "
    assert deunicode_char("亰") == "Jing "
    assert deunicode_char("ᔕ") == "sha"
    for plane_end in (0x1FFFF, 0x2FFFF, 0x5FFFF, 0x10FFFF):
        assert deunicode_char(chr(plane_end)) is None


def test_every_transliteration_is_ascii() -> None:
    # unidecode.rs: test_every_char_is_ascii1
    for code in range(0x1FFFF + 1):
        if 0xD800 <= code < 0xE000:
            continue
        text = deunicode_char(chr(code))
        assert text is None or text.isascii(), hex(code)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        # slug-rs src/lib.rs, the doc test of `slugify`
        ("My Test String!!!1!1", "my-test-string-1-1"),
        ("test\nit   now!", "test-it-now"),
        ("  --test_-_cool", "test-cool"),
        ("Æúű--cool?", "aeuu-cool"),
        ("You & Me", "you-me"),
        ("user@example.com", "user-example-com"),
        # unidecode.rs: test_conversion and test_issue_7, each through slug's rules
        ("✓", "ok"),
        ("Æneid", "aeneid"),
        ("北亰city", "bei-jing-city"),
        ("北 亰 — city", "bei-jing-city"),
        ("ᔕᓇᓇ", "shanana"),
        ("ᏔᎵᏆ", "taliqua"),
        ("अभिजीत", "abhijiit"),
        ("げんまい茶", "genmaicha"),
        ("🦄☣", "unicorn-biohazard"),
        ("技术 评价 旅游", "ji-shu-ping-jia-lv-you"),
        # a character deunicode maps to nothing joins its neighbours (U+0081: "", not "-")
        ("a\u0081b", "ab"),
    ],
)
def test_slugify_follows_slug_over_deunicode(text: str, slug: str) -> None:
    assert workbench_render("{{ v | slugify }}", {"v": text}) == slug


def test_the_same_code_with_the_oracles_tables_is_the_real_tera(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    oracle = require_oracle()
    if not (DEBIAN_DEUNICODE / "pointers.bin").is_file():
        pytest.skip(f"Debian's deunicode 1.3.1 (the oracle's) is not at {DEBIAN_DEUNICODE}")
    tables = (
        (DEBIAN_DEUNICODE / "mapping.txt").read_bytes(),
        (DEBIAN_DEUNICODE / "pointers.bin").read_bytes(),
    )
    monkeypatch.setattr(tera_slug, "_tables", lambda: tables)
    chars = [chr(c) for c in range(0x80, 0x22000) if not 0xD800 <= c < 0xE000]
    payload = [{"template": "{{ v | slugify }}", "context": {"v": f"a{c}a"}} for c in chars]
    proc = subprocess.run(
        [str(oracle)], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    tera = [result.get("ok") for result in json.loads(proc.stdout)]
    ours = [tera_slug.slugify(f"a{c}a") for c in chars]
    wrong = [(hex(ord(c)), t, o) for c, t, o in zip(chars, tera, ours, strict=True) if t != o]
    assert wrong == []
