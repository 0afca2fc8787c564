"""Ages, local stamps and the ISO times the JSON output promises."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from sophdesk.domain.timefmt import compact_duration, iso, local_stamp, utcnow


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "0m"),
        (timedelta(seconds=59), "0m"),
        (timedelta(minutes=7), "7m"),
        (timedelta(hours=2, minutes=5), "2h05m"),
        (timedelta(hours=1), "1h00m"),
        (timedelta(days=3, hours=4, minutes=59), "3d4h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=12, hours=5), "12d"),
        (timedelta(minutes=-7), "-7m"),
        (timedelta(hours=-2, minutes=-5), "-2h05m"),
    ],
)
def test_compact_duration(delta: timedelta, text: str) -> None:
    assert compact_duration(delta) == text


def test_local_stamp_uses_the_zone_and_its_name() -> None:
    winter = datetime(2026, 1, 15, 15, 30, tzinfo=UTC)
    summer = datetime(2026, 7, 15, 15, 30, tzinfo=UTC)
    madrid = ZoneInfo("Europe/Madrid")
    assert local_stamp(winter, madrid) == "2026-01-15 16:30 CET"
    assert local_stamp(summer, madrid) == "2026-07-15 17:30 CEST"
    assert local_stamp(winter, UTC) == "2026-01-15 15:30 UTC"


def test_iso_is_utc_with_offset_and_seconds() -> None:
    assert iso(None) is None
    moment = datetime(2026, 11, 27, 17, 30, 5, 123456, tzinfo=timezone(timedelta(hours=1)))
    text = iso(moment)
    assert text == "2026-11-27T16:30:05+00:00"
    assert text is not None
    parsed = datetime.fromisoformat(text)
    assert parsed.utcoffset() == timedelta(0)
    assert parsed == moment.replace(microsecond=0)


def test_utcnow_is_aware_utc() -> None:
    now = utcnow()
    assert now.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - now) < timedelta(seconds=5)
