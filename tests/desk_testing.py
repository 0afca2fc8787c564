"""Test support shared by every folder: the frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime

#: Every test and snapshot sees this moment as "now" (a Friday afternoon).
FROZEN_NOW = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)


def frozen_clock() -> datetime:
    return FROZEN_NOW
