"""Token counts are exact (what tiktoken gives), offline, and loaded lazily.

tiktoken (a test dependency) is the reference; bpe-openai's Rust tokenizer (GitHub's
rust-gems) is a second, independent one. Adversarial text is in ``test_token_edges.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from agent_workbench.tokens import counting as tokens
from conftest import REPO_ROOT, requires_shared, shared_files
from tiktoken_reference import tiktoken_count

SAMPLES = [
    "",
    "hello world",
    "Héllo wörld — ünïcode, 日本語のテキスト, emoji 🎉🎉 and <|endoftext|> as plain text",
    "def f(x):\r\n    return x  # CRLF and trailing spaces   \r\n",
    "    deeply\n\n\n\tindented\t\ttext   \n" * 20,
]


@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
@pytest.mark.parametrize("text", SAMPLES)
def test_counts_match_an_independent_implementation(encoding: str, text: str) -> None:
    """bpe-openai's Rust tokenizer (GitHub's rust-gems) is an independent implementation."""
    import bpe_openai

    reference = bpe_openai.get_encoding(encoding)
    assert tokens.count_tokens(text, encoding) == len(reference.encode_ordinary(text))
    assert tokens.count_tokens(text, encoding) == tiktoken_count(text, encoding)


@requires_shared
@pytest.mark.parametrize("corpus", ["wild", "agpm-resources"])
@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
def test_counts_equal_tiktoken_on_the_whole_corpus(encoding: str, corpus: str) -> None:
    texts = [
        p.read_bytes().decode("utf-8", "replace")
        for p in shared_files("corpus", corpus, pattern="*")
    ]
    assert len(texts) >= 10
    ours = tokens.count_many(texts, encoding)
    assert ours == [tiktoken_count(t, encoding) for t in texts]


@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
def test_counts_equal_tiktoken_on_the_sample_projects_renders(encoding: str) -> None:
    from agent_workbench.model.project import Project
    from agent_workbench.templating.agpm_context import RenderOptions
    from agent_workbench.templating.render import render_agent

    project = Project.open(REPO_ROOT)
    rendered = [
        result.output
        for rel in project.resources()
        if (result := render_agent(project, rel, RenderOptions())).output is not None
    ]
    assert len(rendered) >= 10
    assert [tokens.count_tokens(t, encoding) for t in rendered] == [
        tiktoken_count(t, encoding) for t in rendered
    ]


def test_special_token_text_counts_as_ordinary_text() -> None:
    # An agent prompt that mentions <|endoftext|> must be counted, not rejected.
    assert tokens.count_tokens("<|endoftext|>") > 1


def test_unknown_encoding_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown encoding 'gpt2'.*o200k_base"):
        tokens.count_tokens("x", "gpt2")


def test_counting_never_touches_the_network_nor_loads_tiktoken(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import socket, sys
        def refuse(*args, **kwargs):
            raise RuntimeError("network access attempted")
        socket.socket = refuse
        socket.create_connection = refuse
        from agent_workbench.tokens import counting as tokens
        assert not tokens.is_loaded("o200k_base")
        print(tokens.count_tokens("offline counting works", "o200k_base"),
              tokens.count_tokens("offline counting works", "cl100k_base"))
        # The rank files are read from disk; bpe_openai's own import costs ~1 s, and
        # tiktoken's tables (~0.3 s of CPU, ~48 MB) are never built.
        assert "bpe_openai" not in sys.modules
        assert "tiktoken" not in sys.modules
        """
    )
    env_cache = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env_cache, timeout=120
    )
    assert done.returncode == 0, done.stderr
    first, second = (int(n) for n in done.stdout.split())
    assert first > 0 and second > 0


def test_preload_loads_in_the_background() -> None:
    thread = tokens.preload(("cl100k_base",))
    thread.join(timeout=60)
    assert tokens.is_loaded("cl100k_base")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS from /proc (Linux)")
def test_a_loaded_encoding_costs_a_few_megabytes(tmp_path: Path) -> None:
    """Loading o200k_base grew the process by ~48 MB (tiktoken's Rust tables, ~75 MB before
    the ranks dict was emptied): issue 11's 100 MB goal with 1,000 agents cannot hold that.
    The mapped table costs the pages lookups touch."""
    script = textwrap.dedent(
        """
        import gc
        from pathlib import Path
        def rss_mb():
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        import regex
        from agent_workbench.tokens import counting as tokens
        from agent_workbench.tokens.rank_table import load_table
        load_table("o200k_base")  # the first load builds the cache file; measure a later one
        tokens.count_tokens("warm up the interpreter's own allocations", "cl100k_base")
        gc.collect()
        before = rss_mb()
        text = Path(tokens.__file__).read_text() * 3
        assert tokens.count_tokens(text, "o200k_base") > 1000
        gc.collect()
        print(rss_mb() - before)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 12, f"loading o200k_base grew the process by {done.stdout} MB"
