"""Purchase codes and cards as customers actually write them (issue 14): a purchase
code retyped with spaces, wrapped at a line end or inside HTML markup; a card's
expiry and security code labelled in the desk's languages; several cards in a row;
IBANs printed with dashes. Request ids and UUIDs with an id word before them stay."""

from __future__ import annotations

import pytest

from sophdesk.domain.redaction import redact

from .helpers import assert_kept, assert_removed

CODE = "8f3a2b1c-4d5e-4f60-9a7b-1c2d3e4f5a6b"


@pytest.mark.parametrize(
    "text",
    [
        f"Purchase code: {CODE.replace('-', ' ')}",
        f"Kaufcode: {CODE.upper().replace('-', ' ')}",
        f"código de compra: {CODE[:18]}\n{CODE[18:]}",
        f"> my licence code is {CODE[:18]}-\n> {CODE[19:]}",
        f'Kaufcode: <span style="font-family:monospace">{CODE}</span>',
        f"Here is the code <span>{CODE}</span>",
    ],
)
def test_purchase_code_spaced_wrapped_or_in_markup(text: str) -> None:
    out = redact(text).text
    assert "8f3a2b1c" not in out.lower(), out
    assert "1c2d3e4f5a6b" not in out.lower(), out


@pytest.mark.parametrize(
    "text",
    [
        f"request {CODE.replace('-', ' ')}",
        f"X-Request-Id: {CODE}",
        f'<td data-id="row">{CODE}</td> trace',
        f"Aktivierungs-ID: {CODE[:18]}\n{CODE[18:]}",
        f"tenant {CODE}",
    ],
)
def test_ids_in_the_same_shapes_stay(text: str) -> None:
    out = redact(text).text
    assert "8f3a2b1c" in out, out


@pytest.mark.parametrize(
    ("text", "expiry", "cvv"),
    [
        ("cartão: 4718768587862068 validade 11/2029 código 907", "11/2029", "907"),
        ("Mi tarjeta es la 5873 3289 4929 8267, caduca el 04/28, CVV 331.", "04/28", "331"),
        ("Carte « 5873 328949 298267 », exp. 04/2028, cryptogramme 331", "04/2028", "331"),
        ("Karte 4283 9992 8373 7412 gültig bis 06/2029 Prüfnummer 791", "06/2029", "791"),
        ("carta 4625 4940 0740 7226 scad. 07/27 codice 123", "07/27", "123"),
    ],
)
def test_expiry_and_security_code_after_a_card(text: str, expiry: str, cvv: str) -> None:
    out = redact(text).text
    assert expiry not in out, out
    assert f" {cvv}" not in out, out


def test_a_card_then_an_unlabelled_date_and_count_keep_them() -> None:
    out = assert_kept("card 4242424242424242 shipped in release 3/2024 with 123 items", "3/2024")
    assert "123 items" in out.text


def test_several_cards_in_one_run_each_go() -> None:
    text = "4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881"
    out = redact(text).text
    assert "1881" not in out, out


@pytest.mark.parametrize(
    "iban", ["AL47-2121-1009-0000-0002-3569-8741", "LY83002048000020100120361"]
)
def test_ibans_with_dashes_and_newer_countries(iban: str) -> None:
    assert_removed(f"IBAN {iban}", iban, category="payment")


def test_a_uuid_is_not_an_iban() -> None:
    assert_kept("request_id ee85932b-b07a-40a7-b613-2f3f686a3551", "ee85932b-b07a-40a7")
