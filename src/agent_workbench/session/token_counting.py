"""The tokenizers the front ends offer (``--encoding``) and load ahead of time.

Re-exported from ``tokens.counting`` so that ``cli/`` and ``app/`` depend on ``session``
and ``model`` only; a file's token table is ``token_report``'s.
"""

from __future__ import annotations

from agent_workbench.tokens.counting import DEFAULT_ENCODING, ENCODINGS, count_tokens, preload

__all__ = ["DEFAULT_ENCODING", "ENCODINGS", "count_tokens", "preload"]
