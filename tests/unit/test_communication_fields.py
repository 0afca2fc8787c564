"""Communication fields and log excerpts: what may be entered, refused with reasons."""

from __future__ import annotations

import pytest

from sophdesk.domain.communication import (
    MAX_EXCERPT_LINES,
    MAX_TEXT_CHARS,
    IncidentEdit,
    check_excerpt,
)
from sophdesk.domain.errors import InvalidInput


def test_an_edit_names_only_what_is_given() -> None:
    edit = IncidentEdit(impact="  Checkout blocked  ", owner="Ana Ruiz", workaround="")
    assert edit.changes() == {"impact": "Checkout blocked", "owner": "Ana Ruiz", "workaround": ""}
    assert IncidentEdit().is_empty


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": ""}, "title cannot be empty"),
        ({"customer": "  "}, "customer cannot be empty"),
        ({"owner": "Ana\nRuiz"}, "owner must be one line"),
        ({"title": "x" * 201}, "the title is 201 characters"),
        ({"impact": "x" * (MAX_TEXT_CHARS + 1)}, "impact summary is 4001 characters"),
        ({"follow_up": "a\x00b"}, "NUL"),
    ],
)
def test_bad_values_are_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        IncidentEdit(**kwargs)


def test_an_excerpt_of_fifty_lines_is_taken() -> None:
    text = "\n".join(f"line {n}" for n in range(MAX_EXCERPT_LINES)) + "\n\n"
    stored, label = check_excerpt(text, "  php   error log ")
    assert stored.count("\n") == MAX_EXCERPT_LINES - 1
    assert label == "php error log"


def test_a_longer_excerpt_is_refused_with_what_to_do() -> None:
    text = "\n".join(f"line {n}" for n in range(MAX_EXCERPT_LINES + 1))
    with pytest.raises(InvalidInput) as refused:
        check_excerpt(text)
    assert "51 lines; the limit is 50" in refused.value.message
    assert "Raw logs never leave the desk" in refused.value.message


@pytest.mark.parametrize("text", ["", "\n\n  \n", "bin\x00ary"])
def test_empty_or_binary_excerpts_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        check_excerpt(text)
