"""Full-text search behind the store: FTS5 on SQLite, LIKE elsewhere."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, literal_column, or_, select, text
from sqlalchemy.orm import Session

from sophdesk.store.tables import IncidentRow

_T = IncidentRow.__table__  # type: ignore[attr-defined]


def fts_query(terms: list[str]) -> str:
    """An FTS5 query: every word must match, each as a prefix (typing narrows)."""
    return " ".join(f'"{term}"*' for term in terms)


def matching(session: Session, terms: list[str]) -> ColumnElement[bool]:
    """A condition on incident rows: title, customer or body hold every term."""
    if session.get_bind().dialect.name == "sqlite":
        ids: Select[tuple[int]] = (
            select(literal_column("rowid"))
            .select_from(text("incident_fts"))
            .where(text("incident_fts MATCH :fts_query").bindparams(fts_query=fts_query(terms)))
        )
        condition: ColumnElement[bool] = _T.c.id.in_(ids)
        return condition
    clauses = []
    for term in terms:
        pattern = f"%{_escape_like(term)}%"
        clauses.append(
            or_(
                _T.c.title.ilike(pattern, escape="\\"),
                _T.c.customer.ilike(pattern, escape="\\"),
                _T.c.body.ilike(pattern, escape="\\"),
            )
        )
    return and_(*clauses)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
