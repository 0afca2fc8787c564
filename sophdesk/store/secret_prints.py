"""An incident's remembered secrets (fingerprints only) on a session the caller owns."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from sophdesk.domain.redaction.memory import Print
from sophdesk.store.tables import FingerprintKeyRow, SecretPrintRow

_P = SecretPrintRow.__table__  # type: ignore[attr-defined]


def prints(session: Session, incident_id: int, key_id: str) -> list[Print]:
    """The prints of ``incident_id`` made with the key ``key_id``."""
    rows = session.execute(
        select(_P.c.digest, _P.c.length, _P.c.kind, _P.c.category, _P.c.tag).where(
            _P.c.incident_id == incident_id, _P.c.key_id == key_id
        )
    )
    return [Print(bytes.fromhex(d), n, kind, cat, mark) for d, n, kind, cat, mark in rows]


def add(session: Session, incident_id: int, key_id: str, new: Iterable[Print]) -> int:
    """Remember ``new`` (prints already remembered are skipped); how many were added."""
    wanted = {p.digest.hex(): p for p in new}
    if not wanted:
        return 0
    have = set(
        session.execute(
            select(_P.c.digest).where(
                _P.c.incident_id == incident_id, _P.c.digest.in_(list(wanted))
            )
        ).scalars()
    )
    rows = [
        SecretPrintRow(
            incident_id=incident_id,
            digest=digest,
            key_id=key_id,
            length=p.length,
            kind=p.kind[:64],
            category=p.category[:32],
            tag=p.tag,
        )
        for digest, p in wanted.items()
        if digest not in have
    ]
    session.add_all(rows)
    if rows:
        session.flush()
    return len(rows)


_K = FingerprintKeyRow.__table__  # type: ignore[attr-defined]


def read_server_key(session: Session) -> str | None:
    """The database's own key (hex), if it has one."""
    found = session.execute(select(_K.c.key_hex).where(_K.c.id == 1)).scalar()
    return None if found is None else str(found)


def server_key(session: Session, new_hex: str) -> str:
    """The database's own key (hex), stored as ``new_hex`` if it has none yet; two
    desks racing to store one both end with the first one committed."""
    found = read_server_key(session)
    if found is not None:
        return found
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(
            pg_insert(_K)
            .values(id=1, key_hex=new_hex)
            .on_conflict_do_nothing(index_elements=["id"])
        )
    else:
        session.execute(_K.insert().prefix_with("OR IGNORE").values(id=1, key_hex=new_hex))
    return str(session.execute(select(_K.c.key_hex).where(_K.c.id == 1)).scalar_one())
