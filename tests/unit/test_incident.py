"""What an operator may enter when opening an incident, and how events read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.incident import (
    MAX_BODY_BYTES,
    MAX_CUSTOMER_CHARS,
    MAX_TITLE_CHARS,
    Event,
    EventKind,
    NewIncident,
    byte_figure,
    check_body,
    format_size,
)


def test_title_and_customer_are_trimmed_body_kept_as_given() -> None:
    new = NewIncident(title="  Checkout 500  ", customer="\tcasa olivo ", body="  raw\n")
    assert new.title == "Checkout 500"
    assert new.customer == "casa olivo"
    assert new.body == "  raw\n"


@pytest.mark.parametrize(
    "title",
    [
        "[bold]boom[/bold]",
        "[@click=app.quit]x[/]",
        "unbalanced [/] closing",
        "\x1b]2;pwned\x07 retitle",
        "\u202eevil\u202c",
        "\x9b31m C1 CSI",
    ],
)
def test_markup_and_escapes_are_kept_verbatim(title: str) -> None:
    assert NewIncident(title=title, customer="c").title == title


@pytest.mark.parametrize("title", ["", "   ", "\t"])
def test_title_is_required(title: str) -> None:
    with pytest.raises(InvalidInput, match="title is required"):
        NewIncident(title=title, customer="c")


@pytest.mark.parametrize("customer", ["", "  "])
def test_customer_is_required(customer: str) -> None:
    with pytest.raises(InvalidInput, match="customer is required"):
        NewIncident(title="t", customer=customer)


def test_title_length_limit() -> None:
    NewIncident(title="x" * MAX_TITLE_CHARS, customer="c")
    with pytest.raises(InvalidInput) as caught:
        NewIncident(title="x" * (MAX_TITLE_CHARS + 1), customer="c")
    assert f"{MAX_TITLE_CHARS + 1} characters" in caught.value.message
    assert f"limit is {MAX_TITLE_CHARS}" in caught.value.message


def test_customer_length_limit() -> None:
    NewIncident(title="t", customer="c" * MAX_CUSTOMER_CHARS)
    with pytest.raises(InvalidInput, match=f"limit is {MAX_CUSTOMER_CHARS}"):
        NewIncident(title="t", customer="c" * (MAX_CUSTOMER_CHARS + 1))


@pytest.mark.parametrize("title", ["two\nlines", "carriage\rreturn", "a\r\nb"])
def test_title_must_be_one_line(title: str) -> None:
    with pytest.raises(InvalidInput, match="one line"):
        NewIncident(title=title, customer="c")


def test_body_size_limit_counts_bytes() -> None:
    NewIncident(title="t", customer="c", body="x" * MAX_BODY_BYTES)
    with pytest.raises(InvalidInput) as caught:
        NewIncident(title="t", customer="c", body="x" * (MAX_BODY_BYTES + 1))
    assert caught.value.message.startswith(
        "the body is 1,048,577 bytes (about 1.0 MB); the limit is 1,048,576 bytes (1 MB)."
    )
    # Fewer characters than the limit, but more bytes: still refused.
    wide = "é" * (MAX_BODY_BYTES // 2 + 1)
    assert len(wide) < MAX_BODY_BYTES
    with pytest.raises(InvalidInput, match=r"the body is 1,048,578 bytes \(about 1\.0 MB\)"):
        check_body(wide)


def test_ten_megabyte_body_is_refused_with_figures() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_body("log line\n" * (10 * 1024 * 1024 // 9))
    assert "(about 10.0 MB)" in caught.value.message
    assert "the limit is 1,048,576 bytes (1 MB)" in caught.value.message


def test_body_with_nul_is_refused_as_binary() -> None:
    with pytest.raises(InvalidInput, match="binary"):
        NewIncident(title="t", customer="c", body="PK\x03\x04\x00\x00")


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 bytes"), (1023, "1023 bytes"), (1024, "1.0 KB"), (1536, "1.5 KB"), (3 << 20, "3.0 MB")],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (1023, "1,023 bytes"),
        (1024, "1,024 bytes (1 KB)"),
        (1536, "1,536 bytes (about 1.5 KB)"),
        (1 << 20, "1,048,576 bytes (1 MB)"),
        ((1 << 20) + 1, "1,048,577 bytes (about 1.0 MB)"),
    ],
)
def test_byte_figure_gives_the_exact_count(size: int, text: str) -> None:
    assert byte_figure(size) == text


def _event(kind: EventKind, **kwargs: str | None) -> Event:
    values: dict[str, str | None] = {"field": None, "before": None, "after": None, "note": None}
    values.update(kwargs)
    return Event(
        id=1,
        incident_id=1,
        at=datetime(2026, 1, 1, tzinfo=UTC),
        actor="ana",
        kind=kind,
        **values,  # type: ignore[arg-type]
    )


def test_event_summaries() -> None:
    assert _event(EventKind.CREATED, after="new").summary() == "created the incident"
    status = _event(EventKind.STATUS, field="status", before="new", after="triaged", note="seen")
    assert status.summary() == "status new -> triaged - seen"
    edit = _event(EventKind.EDIT, field="title", before="a", after="b")
    assert edit.summary() == "changed title: 'a' -> 'b'"
    assert _event(EventKind.NOTE, note="called them").summary() == "added a note - called them"
