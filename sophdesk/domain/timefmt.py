"""Times as operators read them: compact ages, zone-aware timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def compact_duration(delta: timedelta) -> str:
    """``3d4h``, ``2h05m``, ``7m``; negative durations get a leading minus."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rem = divmod(seconds, 86400)
    hours, rem = divmod(rem, 3600)
    minutes = rem // 60
    if days:
        return f"{sign}{days}d{hours}h" if days < 10 and hours else f"{sign}{days}d"
    if hours:
        return f"{sign}{hours}h{minutes:02d}m"
    return f"{sign}{minutes}m"


def local_stamp(moment: datetime, zone: tzinfo) -> str:
    """``2026-11-27 16:30 CET`` in the desk's zone."""
    local = moment.astimezone(zone)
    name = local.tzname() or ""
    return f"{local:%Y-%m-%d %H:%M} {name}".rstrip()


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with offset, UTC, seconds precision (what the JSON output promises)."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds")
