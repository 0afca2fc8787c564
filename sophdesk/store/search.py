"""Full-text search behind the store: FTS5 on SQLite, tsvector/GIN on PostgreSQL,
LIKE elsewhere. Every word must match, each as a prefix; accents and case do not
count; punctuation separates words (on PostgreSQL by the same rule in the
index expression of migration 0001, ``sophdesk_search_vector``)."""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
)
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
    if session.get_bind().dialect.name == "postgresql":
        return _pg_matching(terms)
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


def tsquery(terms: list[str]) -> str:
    """A PostgreSQL tsquery: every word as a prefix. Words hold only letters and
    digits (``_`` separates, as in the index), so no tsquery syntax gets through."""
    words = [word for term in terms for word in term.split("_") if word]
    return " & ".join(f"{word}:*" for word in words if word.isalnum())


def _pg_matching(terms: list[str]) -> ColumnElement[bool]:
    query = tsquery(terms)
    if not query:
        return false()
    vector = func.sophdesk_search_vector(_T.c.title, _T.c.customer, _T.c.body)
    condition: ColumnElement[bool] = vector.bool_op("@@")(
        func.to_tsquery(literal_column("'simple'::regconfig"), func.sophdesk_unaccent(query))
    )
    return condition


def forget_replaced_text(session: Session) -> None:
    """Drop the words of replaced text from the index's segments (SQLite FTS5).

    The triggers of migration 0001 delete an old row's words with FTS5's 'delete'
    command, but FTS5 only marks them deleted until its segments are merged: the
    words stay in the file. 'optimize' merges every segment into one, leaving
    the deleted words out (with ``secure_delete`` the freed pages are zeroed).
    It rewrites the whole index, so it is for rare moments: a body kept raw being
    replaced. PostgreSQL's index needs nothing: a replaced row is invisible at
    once, and VACUUM reclaims it.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO incident_fts(incident_fts) VALUES ('optimize')"))


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
