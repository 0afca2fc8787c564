"""Evidence captured before anyone retries: what the seed says to preserve first.

Each field holds a value or is marked unknown *with a reason*; a field is never
skipped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sophdesk.domain.errors import InvalidInput

MAX_FIELD_CHARS = 4000


@dataclass(frozen=True, slots=True)
class EvidenceField:
    key: str
    label: str
    hint: str
    multiline: bool = False


EVIDENCE_FIELDS: tuple[EvidenceField, ...] = (
    EvidenceField(
        "timestamp",
        "Exact time it happened, with zone",
        "e.g. 2026-11-27 14:05 Europe/Madrid, or ISO 8601 with offset",
    ),
    EvidenceField(
        "affected_user", "Affected user", "who saw it: a role or account, not a password"
    ),
    EvidenceField(
        "affected_screen", "Affected screen", "e.g. WooCommerce > Checkout, or the page URL"
    ),
    EvidenceField("sophmate_version", "SophMate version", "e.g. 3.4.1 (Plugins screen)"),
    EvidenceField("wordpress_version", "WordPress version", "e.g. 6.7.1 (Dashboard > Updates)"),
    EvidenceField("php_version", "PHP version", "e.g. 8.2 (Tools > Site Health > Info)"),
    EvidenceField(
        "reproduction_steps",
        "Reproduction steps",
        "numbered steps another operator can follow",
        multiline=True,
    ),
    EvidenceField(
        "error_report",
        "Error report or support code",
        "the exact message or SophMate support code, e.g. SM-E1042",
        multiline=True,
    ),
)
EVIDENCE_KEYS: tuple[str, ...] = tuple(f.key for f in EVIDENCE_FIELDS)
#: Each field's option of ``sophdesk evidence`` (without ``--``; ``--unknown`` takes it).
EVIDENCE_OPTIONS: dict[str, str] = {
    "timestamp": "occurred-at",
    "affected_user": "affected-user",
    "affected_screen": "affected-screen",
    "sophmate_version": "sophmate-version",
    "wordpress_version": "wordpress-version",
    "php_version": "php-version",
    "reproduction_steps": "repro-file",
    "error_report": "error-report",
}
_BY_KEY = {f.key: f for f in EVIDENCE_FIELDS}


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """A value, or None with the reason it is unknown."""

    value: str | None = None
    unknown_reason: str | None = None

    @property
    def is_given(self) -> bool:
        return bool(self.value and self.value.strip())

    @property
    def is_unknown(self) -> bool:
        return not self.is_given and bool(self.unknown_reason and self.unknown_reason.strip())

    @property
    def is_complete(self) -> bool:
        return self.is_given or self.is_unknown

    def shown(self) -> str:
        if self.is_given:
            return (self.value or "").strip()
        if self.is_unknown:
            return f"unknown: {(self.unknown_reason or '').strip()}"
        return "(missing)"


@dataclass(frozen=True, slots=True)
class Evidence:
    items: dict[str, EvidenceItem] = field(default_factory=dict)

    def item(self, key: str) -> EvidenceItem:
        return self.items.get(key, EvidenceItem())

    def missing(self) -> list[str]:
        """Labels of the fields with neither a value nor an unknown-reason."""
        return [f.label for f in EVIDENCE_FIELDS if not self.item(f.key).is_complete]

    def problems(self) -> list[str]:
        """Everything that stops this evidence being accepted, in plain words."""
        found = [
            f"{label}: give a value or mark it unknown with a reason" for label in self.missing()
        ]
        return found + self.value_problems()

    def value_problems(self) -> list[str]:
        """What is wrong with the fields given (a time that is not one, a text too
        long), leaving aside the fields not given."""
        found: list[str] = []
        stamp = self.item("timestamp")
        if stamp.is_given:
            try:
                parse_timestamp(stamp.value or "")
            except InvalidInput as exc:
                found.append(f"Exact time: {exc.message}")
        for key, item in self.items.items():
            for text in (item.value, item.unknown_reason):
                if text and len(text) > MAX_FIELD_CHARS:
                    label = _BY_KEY[key].label if key in _BY_KEY else key
                    found.append(f"{label}: longer than {MAX_FIELD_CHARS} characters")
        return found

    def check(self) -> None:
        problems = self.problems()
        if problems:
            raise InvalidInput("the evidence is not complete: " + "; ".join(problems))

    def as_dict(self) -> dict[str, dict[str, str | None]]:
        return {
            key: {"value": item.value, "unknown_reason": item.unknown_reason}
            for key, item in self.items.items()
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        items: dict[str, EvidenceItem] = {}
        for key, raw in data.items():
            if key not in _BY_KEY:
                continue
            if isinstance(raw, dict):
                value = raw.get("value")
                reason = raw.get("unknown_reason")
                items[key] = EvidenceItem(
                    value if isinstance(value, str) else None,
                    reason if isinstance(reason, str) else None,
                )
        return cls(items)


_NAMED_ZONE = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)"
    r"\s+([A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)*)\s*$"
)


def parse_timestamp(text: str) -> datetime:
    """An exact moment with its zone: ISO 8601 with an offset, or a date, a time and
    an IANA zone name (``2026-11-27 14:05 Europe/Madrid``). A time without a zone
    is refused: "14:05" on a server in another zone is a guess."""
    text = text.strip()
    if not text:
        raise InvalidInput("the time is empty")
    match = _NAMED_ZONE.match(text)
    if match:
        day, clock, zone_name = match.groups()
        try:
            zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(
                f"{zone_name!r} is not a time zone name (e.g. Europe/Madrid)"
            ) from None
        try:
            naive = datetime.fromisoformat(f"{day}T{clock}")
        except ValueError:
            raise InvalidInput(f"{day} {clock} is not a valid date and time") from None
        return naive.replace(tzinfo=zone)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not a time; write e.g. 2026-11-27 14:05 Europe/Madrid"
            " or 2026-11-27T13:05:00+00:00"
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput(
            "the time has no zone; add one, e.g. 2026-11-27 14:05 Europe/Madrid or +01:00"
        )
    return moment
