"""What every benchmark shares: the machine line it records, and a cold engine."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def machine(*packages: str) -> str:
    """CPU model and count, load average, OS, Python and the given packages' versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    parts = [
        f"{cpu}, {os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f})",
        f"{platform.system()} {platform.release()}",
        f"Python {platform.python_version()}",
    ]
    for name in packages:
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} (not installed)")
    return "; ".join(parts)


def clear_token_pieces() -> None:
    """Forget the counts of pre-tokenizer pieces and of paragraphs (the counter's own memos,
    cleared with the engine's caches): a cold floor counts from scratch as the cold engine
    does."""
    from agent_workbench.model.caches import CACHES

    for name in CACHES.names():
        if name.startswith(("tokens.pieces.", "tokens.paragraphs.")):
            CACHES[name].clear()


def clear_engine_caches() -> None:
    """Forget every cached result of the engine (compiled templates, parsed YAML, …), so a
    run starts as cold as a fresh ``workbench`` process. The tokenizer stays loaded: floors
    use it too, and loading it is not the engine's work (``CACHES.clear`` keeps resources)."""
    from agent_workbench.model.caches import CACHES

    CACHES.clear()
