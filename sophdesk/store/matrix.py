"""The escalation matrix's versions: the newest row is current, none means the default."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from sophdesk.domain.matrix import Matrix
from sophdesk.domain.matrix_toml import default_matrix, dump_matrix, parse_matrix
from sophdesk.store.tables import MatrixVersionRow


class MatrixVersion(NamedTuple):
    """One recorded change of the matrix."""

    id: int
    at: datetime
    actor: str
    summary: str


def _newest(session: Session) -> MatrixVersionRow | None:
    return session.execute(
        select(MatrixVersionRow).order_by(MatrixVersionRow.id.desc()).limit(1)  # type: ignore[union-attr]
    ).scalar_one_or_none()


def current(session: Session) -> tuple[Matrix, int | None]:
    """The current matrix and its version id; the package default and None without one."""
    row = _newest(session)
    if row is None:
        return default_matrix(), None
    return parse_matrix(row.toml), row.id


def save(session: Session, matrix: Matrix, actor: str, now: datetime, summary: str) -> int:
    """Record ``matrix`` as the new current version; returns its id."""
    row = MatrixVersionRow(at=now, actor=actor, toml=dump_matrix(matrix), summary=summary)
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def history(session: Session) -> list[MatrixVersion]:
    """Every recorded version, oldest first."""
    rows = session.execute(
        select(MatrixVersionRow).order_by(MatrixVersionRow.id)  # type: ignore[arg-type]
    ).scalars()
    return [MatrixVersion(r.id or 0, r.at, r.actor, r.summary) for r in rows]
