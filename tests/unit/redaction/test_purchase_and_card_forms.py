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


OTHER = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"


def _table_rows(n: int) -> str:
    return "".join(
        f"| Shop {i} | {CODE[:-2]}{i:02d} | {OTHER[:-2]}{i:02d} | 2026-01-0{i + 1} |"
        " long notes that push the header far above: order 12345, request pending |\n"
        for i in range(n)
    )


def test_a_long_table_column_named_purchase_code_loses_every_value() -> None:
    table = (
        "| Shop | Purchase Code | Activation ID | Date | Notes |\n|---|---|---|---|---|\n"
        + _table_rows(6)
    )
    out = redact(table).text
    assert CODE[:8] not in out, out
    assert out.count(OTHER[:30]) == 6, out  # the id column stays


@pytest.mark.parametrize(
    ("header", "secret_column"),
    [
        ("purchase_code,request_id,domain", 0),
        ("request_id,purchase_code,domain", 1),
        ("item;licence;order id", 1),
        ("Kunde\tKaufcode\tAnfrage-ID", 1),
    ],
)
def test_a_csv_or_tsv_header_says_which_column_holds_codes(header: str, secret_column: int) -> None:
    sep = next(c for c in ",;\t" if c in header)
    values = [CODE, OTHER, "shop.de"] if secret_column == 0 else ["shop.de", CODE, OTHER]
    out = redact(f"{header}\n{sep.join(values)}\n").text
    assert CODE[:8] not in out, out
    if OTHER in values:
        assert OTHER in out, out


def test_semicolons_of_serialized_php_are_not_a_table() -> None:
    line = (
        "INSERT INTO wp_options VALUES (9820,'_transient_sophmate_last_error',"
        f'\'a:3:{{s:4:\\"code\\";s:15:\\"invalid_api_key\\";s:10:\\"request_id\\";'
        f's:36:\\"{OTHER}\\";s:4:\\"time\\";i:1741684365;}}\',\'no\');\n'
    )
    text = "-- purchase codes are verified by the licence server\n" + line
    assert OTHER in redact(text).text
