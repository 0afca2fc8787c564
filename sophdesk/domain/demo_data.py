"""Realistic, reproducible demo incidents for SophMate support (no I/O)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sophdesk.domain.lifecycle import Status
from sophdesk.domain.severity import Severity

_PROBLEMS: tuple[tuple[str, Severity], ...] = (
    ("Checkout assistant returns 500 after OpenAI key rotation", Severity.SEV1),
    ("Chat transcript shows another customer's order details", Severity.SEV1),
    ("WooCommerce product descriptions overwritten by AI rewrite job", Severity.SEV1),
    ("Payment-step upsell widget blocks the checkout button", Severity.SEV1),
    ("Provider rate limit (429) stalls the reply queue", Severity.SEV2),
    ("Anthropic responses time out after 30 s on shared hosting", Severity.SEV2),
    ("Scheduled content generation not running: WP-Cron disabled", Severity.SEV2),
    ("Support code SM-E1042 on every chatbot message", Severity.SEV2),
    ("Embeddings index rebuild fails with PHP memory limit", Severity.SEV2),
    ("Gemini answers in the wrong language on the FR site", Severity.SEV3),
    ("Purchase code validation fails after domain move", Severity.SEV3),
    ("AI summary block shows raw Markdown on product pages", Severity.SEV3),
    ("Settings page slow to load with 40k chat logs", Severity.SEV3),
    ("Mistral model list empty in the provider dropdown", Severity.SEV3),
    ("Typo in the admin notice after update 3.4.1", Severity.SEV4),
    ("Dashboard widget icon misaligned in dark admin theme", Severity.SEV4),
    ("Tooltip text truncated on the prompt library screen", Severity.SEV4),
    ("Export CSV column header says 'Tokns'", Severity.SEV4),
)

_CUSTOMERS: tuple[str, ...] = (
    "brightkettle.shop",
    "Northwind Ceramics",
    "lumen-yoga.studio",
    "Atelier Verde (client of Pixelforge)",
    "shop.harbourbikes.co.uk",
    "Casa Olivo",
    "kitchenlab.de",
    "Maple & Rye Bakery",
    "studio-aurora.fr",
    "Greenleaf Nursery",
    "tidewater-outfitters.com",
    "Blue Heron Books",
    "Kobo Coffee Roasters",
    "fjord-knits.no",
    "Sunset Surf School",
    "Pixelforge Agency",
)

_SCREENS = (
    "SophMate > Chatbot > Conversations",
    "WooCommerce > Checkout",
    "SophMate > Settings > Providers",
    "SophMate > Content > Bulk rewrite",
    "Product page (front end)",
    "SophMate > Logs",
)

_STATUS_WEIGHTS: tuple[tuple[Status, int], ...] = (
    (Status.NEW, 5),
    (Status.TRIAGED, 20),
    (Status.ESCALATED, 10),
    (Status.MITIGATED, 10),
    (Status.WAITING_CUSTOMER, 10),
    (Status.WAITING_VENDOR, 5),
    (Status.RESOLVED, 20),
    (Status.REVIEWED, 10),
)

_OWNERS = ("ana", "ben", "chidi", "dana", "eve")


@dataclass(frozen=True, slots=True)
class DemoIncident:
    title: str
    customer: str
    body: str
    status: Status
    severity: Severity | None
    owner: str | None
    created_at: datetime
    #: When the customer first heard back (assessed incidents only).
    first_response_at: datetime | None = None


def demo_incidents(count: int, now: datetime, seed: int = 2026) -> Iterator[DemoIncident]:
    """``count`` incidents, the same ones for the same seed and clock."""
    rng = random.Random(seed)
    statuses = [s for s, _ in _STATUS_WEIGHTS]
    weights = [w for _, w in _STATUS_WEIGHTS]
    for _ in range(count):
        problem, severity = rng.choice(_PROBLEMS)
        customer = rng.choice(_CUSTOMERS)
        status = rng.choices(statuses, weights)[0]
        # Open incidents are recent (a queue of hours and days, some about to
        # breach); closed ones go back a month.
        if status.is_open:
            minutes = {Severity.SEV1: 90, Severity.SEV2: 300}.get(severity, 60 * 24 * 5)
            age = timedelta(minutes=rng.randint(3, minutes))
        else:
            age = timedelta(minutes=rng.randint(60, 60 * 24 * 30))
        created = now - age
        screen = rng.choice(_SCREENS)
        version = f"3.{rng.randint(2, 5)}.{rng.randint(0, 9)}"
        body = (
            f"Reported by the site owner of {customer}.\n"
            f"Affected screen: {screen}\n"
            f"SophMate {version}, WordPress 6.{rng.randint(4, 8)}, PHP 8.{rng.randint(1, 3)}\n"
            "Steps: open the screen, trigger the action, see the error."
        )
        assessed = status is not Status.NEW
        responded = assessed and rng.random() < 0.8
        first_response = created + timedelta(minutes=rng.randint(2, 12)) if responded else None
        if first_response is not None and first_response > now:
            first_response = None
        yield DemoIncident(
            first_response_at=first_response,
            title=problem,
            customer=customer,
            body=body,
            status=status,
            severity=severity if assessed else None,
            owner=rng.choice(_OWNERS) if assessed else None,
            created_at=created,
        )


#: The demo team: every role filled, one person away (so backups show).
DEMO_PEOPLE: tuple[tuple[str, str, str, str | None], ...] = (
    ("ana", "Ana Ruiz", "ana@support.example", "ben"),
    ("ben", "Ben Okafor", "+34 600 000 001", "chidi"),
    ("chidi", "Chidi Eze", "chidi@support.example", "dana"),
    ("dana", "Dana Kovacs", "dana@support.example", "eve"),
    ("eve", "Eve Lindqvist", "eve@support.example", None),
)
DEMO_ROLES: dict[str, str] = {
    "support_lead": "ana",
    "hosting_owner": "ben",
    "provider_owner": "chidi",
    "codecanyon_owner": "dana",
    "rollback_owner": "ben",
    "comms_owner": "eve",
    "automation_owner": "chidi",
}


def demo_matrix_text(default_text: str, now: datetime) -> str:
    """The shipped default matrix with the demo team filling every role; Chidi is
    away for a few days around ``now``, so his duties show his backup."""
    away_from = (now - timedelta(days=1)).isoformat(timespec="seconds")
    away_to = (now + timedelta(days=3)).isoformat(timespec="seconds")
    people = []
    for key, name, contact, backup in DEMO_PEOPLE:
        lines = [f"[people.{key}]", f'name = "{name}"', f'contact = "{contact}"']
        if backup:
            lines.append(f'backup = "{backup}"')
        if key == "chidi":
            lines.append(f'away = [["{away_from}", "{away_to}"]]')
        people.append("\n".join(lines))
    text = default_text.replace("[roles]\n", "\n\n".join(people) + "\n\n[roles]\n", 1)
    for role, person in DEMO_ROLES.items():
        text = text.replace(f'{role} = ""', f'{role} = "{person}"', 1)
    return text


#: A plausible path through the lifecycle to each status (demo timelines obey it).
DEMO_PATHS: dict[Status, tuple[Status, ...]] = {
    Status.NEW: (),
    Status.TRIAGED: (Status.TRIAGED,),
    Status.ESCALATED: (Status.TRIAGED, Status.ESCALATED),
    Status.MITIGATED: (Status.TRIAGED, Status.ESCALATED, Status.MITIGATED),
    Status.WAITING_CUSTOMER: (Status.TRIAGED, Status.WAITING_CUSTOMER),
    Status.WAITING_VENDOR: (Status.TRIAGED, Status.ESCALATED, Status.WAITING_VENDOR),
    Status.RESOLVED: (Status.TRIAGED, Status.MITIGATED, Status.RESOLVED),
    Status.REVIEWED: (Status.TRIAGED, Status.MITIGATED, Status.RESOLVED, Status.REVIEWED),
}


def demo_changes(item: DemoIncident, now: datetime) -> list[tuple[datetime, Status]]:
    """The status history of a demo incident: its path, spread over its age."""
    path = DEMO_PATHS[item.status]
    age = max(now - item.created_at, timedelta(minutes=1))
    step = min(age / (len(path) + 1), timedelta(minutes=20))
    changes = [(item.created_at, Status.NEW)]
    for index, status in enumerate(path, start=1):
        changes.append((item.created_at + step * index, status))
    return changes
