"""Token counts are exact (what tiktoken gives), offline, and loaded lazily."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from agent_workbench.tokens import counting as tokens
from conftest import requires_shared, shared_files

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


@requires_shared
@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
def test_counts_match_on_the_whole_corpus(encoding: str) -> None:
    import bpe_openai

    reference = bpe_openai.get_encoding(encoding)
    texts = [p.read_bytes().decode("utf-8", "replace") for p in shared_files("corpus", "wild")]
    assert len(texts) >= 100
    ours = tokens.count_many(texts, encoding)
    assert ours == [len(reference.encode_ordinary(t)) for t in texts]


def test_special_token_text_counts_as_ordinary_text() -> None:
    # An agent prompt that mentions <|endoftext|> must be counted, not rejected.
    assert tokens.count_tokens("<|endoftext|>") > 1


def test_unknown_encoding_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown encoding 'gpt2'.*o200k_base"):
        tokens.count_tokens("x", "gpt2")


def test_counting_never_touches_the_network_and_is_not_loaded_at_import() -> None:
    script = textwrap.dedent(
        """
        import socket, sys
        def refuse(*args, **kwargs):
            raise RuntimeError("network access attempted")
        socket.socket = refuse
        socket.create_connection = refuse
        from agent_workbench.tokens import counting as tokens
        assert not tokens.is_loaded("o200k_base")
        assert "tiktoken" not in sys.modules, "tokenizer must load lazily"
        print(tokens.count_tokens("offline counting works", "o200k_base"),
              tokens.count_tokens("offline counting works", "cl100k_base"))
        # The rank files are read from disk; bpe_openai's own import costs ~1 s.
        assert "bpe_openai" not in sys.modules
        """
    )
    env_cache = {"TIKTOKEN_CACHE_DIR": "", "PATH": "/usr/bin:/bin"}
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
def test_a_loaded_encoding_keeps_only_the_encoders_tables() -> None:
    """Loading o200k_base used to grow the process by ~75 MB: tiktoken's Rust tables (~48 MB)
    plus the 200,000-entry Python dict of ranks the Encoding keeps only for pickling."""
    script = textwrap.dedent(
        """
        import gc
        from pathlib import Path
        def rss_mb():
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        import tiktoken
        from agent_workbench.tokens import counting as tokens
        before = rss_mb()
        assert tokens.count_tokens("hello world", "o200k_base") == 2
        gc.collect()
        print(rss_mb() - before)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 60, f"loading o200k_base grew the process by {done.stdout} MB"
