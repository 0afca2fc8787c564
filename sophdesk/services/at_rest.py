"""The one door in: every text that enters an incident is stored redacted.

Every free text an operator or a customer puts into an incident (title, body,
evidence, impact, workaround, follow-up, excerpts and their labels, the notes of
every command, override and restore reasons, review notes, drafts) passes
:meth:`Intake.clean` in the transaction that stores it, with the operator's
known secrets from the keyring (read without ever prompting; when there is no
keyring the pattern rules still apply) and what the incident remembers. Names
(the customer, an owner, the operator recorded as the actor) pass
:meth:`Intake.name`: the site and the person stay, e-mail addresses, phones and
keys go. ``tests/services/test_one_door_in.py`` enumerates every command option
and desk field that takes text.

**The incident remembers.** Every value removed from an incident's text is
remembered for that incident as keyed fingerprints (``domain/redaction/memory.py``,
the key: ``services/fingerprints.py``), never as the value; any later text for
the incident (a field, a note, an update on its way out) is checked against them
in all its encoded forms, so a value redacted once never leaves again.

An operator may keep a body raw on purpose: the incident is then marked raw, its
values are remembered all the same, and every way out redacts it again.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sophdesk.domain.evidence import Evidence, EvidenceItem
from sophdesk.domain.redaction import KnownSecret, Redaction, redact
from sophdesk.domain.redaction.memory import Print, key_id, prints_of, recall
from sophdesk.domain.timefmt import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sophdesk.store.database import Database

#: Known secrets are read from the keyring at most this often (seconds).
KNOWN_TTL = 60.0

_lock = threading.Lock()
_cache: tuple[float, tuple[KnownSecret, ...]] | None = None


def known_secrets() -> tuple[KnownSecret, ...]:
    """The keyring's known secrets, cached for a minute; empty without a keyring."""
    global _cache
    with _lock:
        if _cache is not None and time.monotonic() - _cache[0] < KNOWN_TTL:
            return _cache[1]
    from sophdesk.services.secrets import load_known

    found = load_known(may_prompt=False).secrets
    with _lock:
        _cache = (time.monotonic(), tuple(found))
    return tuple(found)


def forget_known() -> None:
    """Read the keyring again next time (after ``secrets add`` or ``remove``)."""
    global _cache
    with _lock:
        _cache = None


#: Findings a name keeps: the person (and the site: a domain is no finding).
NAME_KINDS = frozenset({"name"})
#: A name that cannot hold anything the redactor removes (checked without it).
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'-]{0,63}")


@dataclass
class Remembered:
    """An incident's prints and their key: what :func:`recall` checks text against."""

    key: bytes
    prints: list[Print] = field(default_factory=list)

    def known(self, text: str) -> tuple[KnownSecret, ...]:
        """The keyring's known secrets plus the remembered values found in ``text``."""
        found = recall(text, self.key, self.prints) if self.prints else []
        return known_secrets() + tuple(
            KnownSecret("remembered-" + r.kind, r.value, r.kind, r.category) for r in found
        )

    @classmethod
    def load(cls, database: Database, session: Session, incident_id: int) -> Remembered:
        from sophdesk.services.fingerprints import key_for
        from sophdesk.store.secret_prints import prints

        key = key_for(database, session, create=False)
        return cls(key, prints(session, incident_id, key_id(key)))


class Intake:
    """The one door in for one incident, inside the transaction that stores its text.

    ``incident_id`` None: a new incident, remembered from :meth:`bind` on.
    ``remember`` False: nothing is stored (a preview of what would be)."""

    def __init__(
        self,
        database: Database,
        session: Session,
        incident_id: int | None,
        *,
        remember: bool = True,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        from sophdesk.services.fingerprints import key_for

        self.session = session
        self.incident_id = incident_id
        self.stores = remember
        self.clock = clock
        #: A new incident has no text stored before this door's.
        self._older_text = incident_id is not None
        key = key_for(database, session, create=remember)
        self.memory = Remembered(key)
        if incident_id is not None:
            from sophdesk.store.secret_prints import prints

            self.memory.prints.extend(prints(session, incident_id, key_id(key)))
        self._new: list[Print] = []
        self._unsaved: list[Print] = []

    def _redact(self, text: str, allow: Collection[str] = ()) -> Redaction:
        values: list[tuple[str, str, str]] = []
        done = redact(text, known=self.memory.known(text), allow=allow, values=values)
        for value, kind, category in values:
            self._new.extend(prints_of(self.memory.key, value, kind, category))
        self._save()
        return done

    def clean(self, text: str) -> str:
        """``text`` as it may be stored: every secret replaced by its placeholder,
        every value removed remembered."""
        if not text:
            return text
        return self._redact(text).text

    def clean_fields(self, fields: dict[str, str], names: Collection[str] = ()) -> dict[str, str]:
        """Several texts stored together (``names``: those that are names): a value
        one of them reveals (a body's ``DB_PASSWORD``) is removed from all of them,
        whichever comes first."""
        out: dict[str, str] = {}
        learnt_at: dict[str, int] = {}
        for key, text in fields.items():
            out[key] = self.name(text) if key in names else self.clean(text)
            learnt_at[key] = len(self.memory.prints)
        total = len(self.memory.prints)
        for key, text in out.items():
            if learnt_at[key] < total:  # learnt something after this one was cleaned
                out[key] = self.name(text) if key in names else self.clean(text)
        return out

    def clean_optional(self, text: str | None) -> str | None:
        return self.clean(text) if text else text

    def name(self, text: str) -> str:
        """A customer, owner or operator name as it may be stored: the person and the
        site kept, e-mail addresses, phones and keys removed."""
        if not text or _PLAIN_NAME.fullmatch(text):
            return text
        return clean_name(text, self)

    def learn(self, text: str) -> None:
        """Remember the secrets of ``text`` though it is stored as given (a body the
        operator keeps raw)."""
        if text:
            self._redact(text)

    def remember(self, *found: tuple[str, str, str]) -> None:
        """Remember each ``(value, kind, category)`` itself (a span the operator
        marked to remove, values removed on the way out): stored, and scrubbed from
        earlier text, once for all of them."""
        for value, kind, category in found:
            self._new.extend(prints_of(self.memory.key, value, kind, category))
        self._save()

    def payload(self, value: Any) -> Any:
        """A JSON-like draft (the triage wizard's) with every string in it redacted;
        keys, numbers and the shape are kept."""
        if isinstance(value, str):
            return self.clean(value)
        if isinstance(value, dict):
            return {key: self.payload(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.payload(item) for item in value]
        return value

    def evidence(self, evidence: Evidence) -> Evidence:
        """The evidence with every value and unknown-reason redacted."""
        items = {
            key: EvidenceItem(
                self.clean_optional(item.value), self.clean_optional(item.unknown_reason)
            )
            for key, item in evidence.items.items()
        }
        return Evidence(items)

    def bind(self, incident_id: int) -> None:
        """The new incident's id, once it has one: what was learnt is stored."""
        self.incident_id = incident_id
        self._save()

    def _save(self) -> None:
        """Use what was learnt at once; store it once the incident has an id."""
        self.memory.prints.extend(self._new)
        self._unsaved.extend(self._new)
        self._new = []
        if self.incident_id is None or not self._unsaved or not self.stores:
            return
        from sophdesk.store.secret_prints import add

        added = add(self.session, self.incident_id, key_id(self.memory.key), self._unsaved)
        learnt, self._unsaved = self._unsaved, []
        if added and self._older_text:
            self._scrub(learnt)

    def _scrub(self, learnt: list[Print]) -> None:
        """Remove values just learnt from the incident's text stored before: a
        password labelled only now leaves no earlier note, field or excerpt holding
        it. Recorded as a ``redaction`` event saying how many texts changed."""
        from sophdesk.domain.incident import EventKind
        from sophdesk.store import repository
        from sophdesk.store.scrub import rewrite, stored_texts

        assert self.incident_id is not None
        changed = 0
        body = False
        for stored in list(stored_texts(self.session, self.incident_id)):
            found = recall(stored.text, self.memory.key, learnt)
            if not found:
                continue
            known = [
                KnownSecret("remembered-" + r.kind, r.value, r.kind, r.category) for r in found
            ]
            text = redact(stored.text, known=known).text
            if text != stored.text:
                rewrite(self.session, stored, text)
                changed += 1
                body |= stored.column in ("title", "customer", "body")
        if not changed:
            return
        if body:
            from sophdesk.store.search import forget_replaced_text

            forget_replaced_text(self.session)
        repository.add_event(
            self.session,
            self.incident_id,
            "sophdesk",
            self.clock(),
            EventKind.REDACTION,
            field="scrubbed",
            after=f"{changed} stored text{'s' if changed != 1 else ''}",
            note="a value the redactor learnt later was removed from text stored before",
        )


def clean_name(text: str, intake: Intake | None = None) -> str:
    """A name with what is not a name removed (see :meth:`Intake.name`)."""
    if not text or _PLAIN_NAME.fullmatch(text):
        return text
    known = intake.memory.known(text) if intake is not None else known_secrets()
    found = redact(text, known=known)
    keep = [text[f.start : f.end] for f in found.findings if f.kind in NAME_KINDS]
    if not keep:
        return found.text
    if intake is not None:
        return intake._redact(text, allow=keep).text
    return redact(text, known=known, allow=keep).text
