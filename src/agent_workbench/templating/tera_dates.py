"""Tera 1.20's ``date`` filter (``src/builtins/filters/common.rs``, ``date``), via chrono's
strftime: an integer is a Unix timestamp (UTC), a string with ``T`` is RFC 3339 (or a naive
date-time, read as UTC), any other string is ``YYYY-MM-DD``; ``timezone`` converts to an
IANA zone. A float, or a string that is neither, is an error, as in Tera."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_workbench.templating.tera_args import TeraFilterError, arg, want_str

# chrono's specifiers Python's strftime writes differently (or not at all)
_CHRONO = re.compile(r"%(?:%|[-_0]?[a-zA-Z+]|\.[369]?f|:z|#z|.?)", re.S)  # `.?`: invalid
_PLAIN = set("aAbBhcdDeFHIjklmMnpPrRSTtuUwWyYGgVxXC%")
_OFFSET = {"z", "Z", ":z", "#z", "+", "c"}


def _offset(moment: datetime, colon: bool) -> str:
    delta = moment.utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}" if colon else f"{sign}{hours:02d}{mins:02d}"


def _format(moment: datetime, fmt: str, *, naive: bool) -> str:
    def one(match: re.Match[str]) -> str:
        spec = match.group(0)[1:]
        if naive and spec.lstrip("-_0") in {"z", "Z", ":z", "#z", "+"}:
            raise TeraFilterError(
                f'Filter `date`: `%{spec}` needs a time zone; give `timezone="UTC"`'
            )
        if spec == "%":
            return "%"
        if spec == "v":  # chrono: `%e-%b-%Y`
            return f"{moment.day:>2}-" + moment.strftime("%b-%Y")
        if spec == "s":
            return str(int(moment.timestamp()))
        if spec == "f":
            return f"{moment.microsecond * 1000:09d}"
        if spec in (".f", ".3f", ".6f", ".9f"):
            digits = {".f": 9, ".3f": 3, ".6f": 6, ".9f": 9}[spec]
            if spec == ".f" and moment.microsecond == 0:
                return ""
            return "." + f"{moment.microsecond * 1000:09d}"[:digits]
        if spec == "z":
            return _offset(moment, colon=False)
        if spec == ":z":
            return _offset(moment, colon=True)
        if spec == "Z":
            name = moment.tzname() or ""
            return name if name.isalpha() else _offset(moment, colon=True)
        if spec == "+":
            micro = f".{moment.microsecond * 1000:09d}" if moment.microsecond else ""
            return moment.strftime("%Y-%m-%dT%H:%M:%S") + micro + _offset(moment, colon=True)
        if spec.lstrip("-_0")[-1:] in _PLAIN:
            return moment.strftime("%" + spec)
        raise TeraFilterError(f"Invalid date format `{fmt}`")

    return _CHRONO.sub(one, fmt)


def _parse(value: Any) -> tuple[datetime, bool]:
    """The moment, and whether it is naive (a timestamp without a zone)."""
    if isinstance(value, bool):
        raise TeraFilterError("Filter `date` received an incorrect type for arg `value`")
    if isinstance(value, int):
        return datetime.fromtimestamp(value, UTC), True
    if isinstance(value, float):
        shown = f"{value}" if not value.is_integer() else f"{value:.1f}"
        raise TeraFilterError(f"Filter `date` was invoked on a float: {shown}")
    if isinstance(value, str):
        if "T" in value:
            text = value[:-1] + "+00:00" if value.endswith("Z") else value
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                raise TeraFilterError(
                    f'Error parsing `"{value}"` as rfc3339 date or naive datetime'
                ) from None
            if moment.tzinfo is None:
                return moment.replace(tzinfo=UTC), False
            return moment, False
        try:
            return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC), False
        except ValueError:
            raise TeraFilterError(f'Error parsing `"{value}"` as YYYY-MM-DD date') from None
    raise TeraFilterError(f"Filter `date` received an incorrect type for arg `value`: {value}")


def date(value: Any, /, *args: Any, **kwargs: Any) -> str:
    fmt = want_str("date", "format", arg(args, kwargs, 0, "format", "%Y-%m-%d"))
    zone_name = arg(args, kwargs, 1, "timezone", None)
    zone: timezone | ZoneInfo | None = None
    if zone_name is not None:
        zone_name = want_str("date", "timezone", zone_name)
        try:
            zone = UTC if zone_name == "UTC" else ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise TeraFilterError(f"Error parsing `{zone_name}` as a timezone") from None
    moment, naive = _parse(value)
    if zone is not None:
        moment, naive = moment.astimezone(zone), False
    return _format(moment, fmt, naive=naive)
