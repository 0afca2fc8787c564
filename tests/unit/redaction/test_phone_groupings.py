"""Phone numbers in the groupings of Spain, Portugal and Poland without a trunk "0",
and international numbers dialled with "00" (issue 14, item 3); amounts, times and
IBAN groups of the same digits stay."""

from __future__ import annotations

import pytest

from sophdesk.domain.redaction import redact

from .helpers import assert_removed


@pytest.mark.parametrize(
    "number", ["963 58 21 40", "22 208 41 73", "42 630 17 55", "0031 6 1234 8890"]
)
def test_landlines_in_pairs_and_double_zero_international(number: str) -> None:
    assert_removed(f"o el fijo de la tienda {number} (mañanas)", number, category="private")


@pytest.mark.parametrize(
    "text",
    [
        "total 1 234 567 EUR",  # a thousands grouping
        "at 12 30 45 ms",
        "ids 2026 12 07 10 02",
        "amount 123 45 67 89",  # no area code starts with 1
        "IBAN DE89 A704 0044 0532 0130 00 is not valid",  # an IBAN's groups
    ],
)
def test_digit_groups_that_are_not_phones_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("My CN number is 13812345678", "13812345678"),
        ("my mobile number: 0612345678 thanks", "0612345678"),
        ("mi número es 612345678", "612345678"),
        ("meine Handynummer ist 0171 2345678", "0171 2345678"),
        ("o meu número é 912345678", "912345678"),
    ],
)
def test_a_number_someone_calls_their_own(text: str, number: str) -> None:
    assert_removed(text, number, category="private")


@pytest.mark.parametrize(
    "text",
    ["my id number is 12345678", "my order number is 12345678", "my number is 42 today"],
)
def test_other_numbers_of_mine_stay(text: str) -> None:
    assert redact(text).text == text
