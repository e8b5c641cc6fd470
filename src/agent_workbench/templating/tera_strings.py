"""Tera 1.20's string filters (``src/builtins/filters/string.rs``), with Tera's semantics:
grapheme clusters where Tera counts them, Tera's regexes, Tera's escapes."""

from __future__ import annotations

import re
from typing import Any

import regex

from agent_workbench.templating.tera_args import (
    TeraFilterError,
    arg,
    pattern_arg,
    want_bool,
    want_int,
    want_number,
    want_str,
)

# string.rs: STRIPTAGS_RE, WORDS_RE, SPACELESS_RE
_STRIPTAGS = re.compile(r"(<!--.*?-->|<[^>]*>)")
_WORDS = re.compile(r"\b([\w'])([\w']*)\b")
_SPACELESS = re.compile(r">\s+<")
_GRAPHEME = regex.compile(r"\X")

# string.rs: PYTHON_ENCODE_SET leaves ASCII letters and digits and `- . _ ~ / %` alone
_URLENCODE_KEEP = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/%")
_ALNUM = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def graphemes(text: str) -> list[str]:
    """Extended grapheme clusters, as Tera's ``graphemes(true)`` splits a string."""
    return _GRAPHEME.findall(text)


def truncate(value: Any, /, *args: Any, **kwargs: Any) -> str:
    text = want_str("truncate", "value", value)
    length = want_int("truncate", "length", arg(args, kwargs, 0, "length", 255), unsigned=True)
    end = want_str("truncate", "end", arg(args, kwargs, 1, "end", "…"))
    clusters = graphemes(text)
    if length >= len(clusters):
        return text
    return "".join(clusters[:length]) + end


def title(value: Any) -> str:
    text = want_str("title", "value", value)
    return _WORDS.sub(lambda m: m.group(1).upper() + m.group(2).lower(), text)


def capitalize(value: Any) -> str:
    text = want_str("capitalize", "value", value)
    return text[:1].upper() + text[1:].lower()


def addslashes(value: Any) -> str:
    text = want_str("addslashes", "value", value)
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")


def linebreaksbr(value: Any) -> str:
    text = want_str("linebreaksbr", "value", value)
    return text.replace("\r\n", "<br>").replace("\n", "<br>")


def striptags(value: Any) -> str:
    return _STRIPTAGS.sub("", want_str("striptags", "value", value))


def spaceless(value: Any) -> str:
    return _SPACELESS.sub("><", want_str("spaceless", "value", value))


def escape_html(value: Any) -> str:
    """``utils::escape_html``: ``& < > " ' /`` become entities."""
    text = want_str("escape_html", "value", value)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
        .replace("/", "&#x2F;")
    )


def escape_xml(value: Any) -> str:
    text = want_str("escape_html", "value", value)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def _percent_encode(text: str, keep: frozenset[int]) -> str:
    return "".join(chr(b) if b in keep else f"%{b:02X}" for b in text.encode("utf-8"))


def urlencode(value: Any) -> str:
    """Percent-encode as Python's ``quote`` does, ``/`` kept (Tera's ``PYTHON_ENCODE_SET``)."""
    return _percent_encode(want_str("urlencode", "value", value), _URLENCODE_KEEP)


def urlencode_strict(value: Any) -> str:
    """Percent-encode every byte but ASCII letters and digits (``NON_ALPHANUMERIC``)."""
    return _percent_encode(want_str("urlencode_strict", "value", value), _ALNUM)


def indent(value: Any, /, *args: Any, **kwargs: Any) -> str:
    text = want_str("indent", "value", value)
    prefix = want_str("indent", "prefix", arg(args, kwargs, 0, "prefix", "    "))
    first = want_bool("indent", "first", arg(args, kwargs, 1, "first", False))
    blank = want_bool("indent", "blank", arg(args, kwargs, 2, "blank", False))
    out: list[str] = []
    for index, line in enumerate(_rust_lines(text)):
        if index == 0:
            out.append(prefix + line if first else line)
        else:
            out.append("\n" + (prefix if blank or line.lstrip() else "") + line)
    return "".join(out)


def _rust_lines(text: str) -> list[str]:
    """Rust's ``str::lines``: split on ``\\n``, drop one trailing empty line and ``\\r``."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def wordcount(value: Any) -> int:
    return len(want_str("wordcount", "value", value).split())


def split(value: Any, /, **kwargs: Any) -> list[str]:
    text = want_str("split", "value", value)
    pattern = pattern_arg("split", kwargs)
    if pattern == "":
        return ["", *text, ""]  # Rust's `split("")`
    return text.split(pattern)


def to_int(value: Any, /, *args: Any, **kwargs: Any) -> int:
    default = want_int("int", "default", arg(args, kwargs, 0, "default", 0))
    base = want_int("int", "base", arg(args, kwargs, 1, "base", 10), unsigned=True)
    if isinstance(value, str):
        text = value.strip()
        if base in (2, 8, 16):
            text = _strip_prefix(text, base)
        if 2 <= base <= 36 and re.fullmatch(r"[+-]?[0-9a-zA-Z]+", text):
            try:
                return int(text, base)
            except ValueError:
                pass
        if "." in text:
            try:
                return int(float(text))
            except ValueError:
                return default
        return default
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    raise TeraFilterError("Filter `int` received an unexpected type")


def _strip_prefix(text: str, base: int) -> str:
    prefix = {2: "0b", 8: "0o", 16: "0x"}[base]
    while text.startswith(prefix):
        text = text[len(prefix) :]
    return text


def to_float(value: Any, /, *args: Any, **kwargs: Any) -> float:
    default = float(want_number("float", "default", arg(args, kwargs, 0, "default", 0.0)))
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(
            r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|infinity|nan)", text, re.I
        ):
            return float(text)
        return default
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise TeraFilterError("Filter `float` received an unexpected type")
