"""What an incident remembers: keyed prints of each form of a value, found again as tokens."""

from __future__ import annotations

import base64
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from sophdesk.domain.redaction import KnownSecret, redact
from sophdesk.domain.redaction.memory import key_id, prints_of, recall

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))
VALUE = "hunter2kettle-Q7x"


def remembered(text: str, key: bytes = KEY, value: str = VALUE) -> list[str]:
    return [r.value for r in recall(text, key, prints_of(KEY, value, "db-password", "credential"))]


def test_a_print_holds_no_value_and_no_part_of_it() -> None:
    prints = prints_of(KEY, VALUE, "db-password", "credential")
    assert prints
    for p in prints:
        assert VALUE.encode() not in p.digest
        assert len(p.digest) == 16
        assert (p.kind, p.category) == ("db-password", "credential")


def test_the_value_is_found_as_a_token_wherever_it_stands() -> None:
    for text in (
        f"rotate {VALUE} now",
        f"rotate {VALUE}.",
        f"'{VALUE}'",
        f"?key={VALUE}&next=1",
        f"{VALUE}",
        f"pw:{VALUE}\n",
        f"«{VALUE}»",
    ):
        assert remembered(text) == [VALUE], text


def test_its_encoded_forms_are_found_too() -> None:
    b64 = base64.b64encode(VALUE.encode()).decode()
    assert b64 in remembered(f"b64 {b64} end")  # (and its unpadded form)
    encoded = quote("p@ss word!9", safe="")
    assert encoded in remembered(f"x={encoded}&", value="p@ss word!9")


def test_not_inside_a_longer_word_and_not_with_another_key() -> None:
    assert remembered(f"x{VALUE}") == []
    assert remembered(f"{VALUE}9") == []
    assert remembered(f"rotate {VALUE}", key=OTHER) == []
    assert key_id(KEY) != key_id(OTHER)


def test_short_values_are_not_remembered() -> None:
    assert prints_of(KEY, "abc", "x", "y") == set()


def test_a_recalled_value_is_removed_in_every_form_with_its_own_kind() -> None:
    b64 = base64.b64encode(VALUE.encode()).decode()
    text = f"rotate {VALUE} and {b64}"
    known = [KnownSecret("r", r.value, r.kind, r.category) for r in recall(
        text, KEY, prints_of(KEY, VALUE, "db-password", "credential"))]  # fmt: skip
    done = redact(text, known=known)
    assert VALUE not in done.text
    assert b64 not in done.text
    assert "[db-password-1]" in done.text
    assert {f.category for f in done.findings} == {"credential"}


@given(
    before=st.text(alphabet=" \n\t.,;:'\"()[]{}<>=&?/", max_size=5),
    after=st.text(alphabet=" \n\t.,;:'\"()[]{}<>=&?/", max_size=5),
    noise=st.text(max_size=40),
)
def test_found_between_any_separators(before: str, after: str, noise: str) -> None:
    text = f"{noise} {before}{VALUE}{after} {noise}"
    assert VALUE in remembered(text)


def test_in_a_pasted_log_the_value_is_found_between_the_usual_separators() -> None:
    filler = "GET /checkout 200 t=12ms req=ab12cd34\n" * 3000  # over SCAN_LIMIT
    for text in (
        f"{filler}password='{VALUE}'\n{filler}",
        f"{filler}?pw={VALUE}&x=1 {filler}",
        f"{filler}rotate {VALUE}.\n",
        f"({VALUE}) {filler}",
    ):
        assert remembered(text) == [VALUE]


def test_a_value_holding_spaces_is_found_in_a_pasted_log_too() -> None:
    card = "4111 1111 1111 1111"
    filler = "GET /checkout 200 t=12ms\n" * 4000
    assert card in remembered(f"{filler}paid with {card}, thanks\n{filler}", value=card)
