"""Private details, round 2 (issue 14, item 3): a person after a field label that
names a role ("Freigabe:", "Approved by:", "Behandeld door:"), an address that a phone
label follows on its line, an IP after a word that only ends in "ver" ("server").
The nearest negatives stay: teams and products after the same labels, the desk's own
owner field, versions after "version", addresses' own words."""

from __future__ import annotations

import pytest

from sophdesk.domain.redaction import redact

from .helpers import assert_kept, assert_removed


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Freigabe: D. Kessler\n", "Kessler"),
        ("Reported by: Anna Kowalczyk\n", "Kowalczyk"),
        ("Zuständig: Jonas Feldmann\n", "Feldmann"),
        ("Behandeld door: Pieter de Vries\n", "Vries"),
        ("Aprobado por: Lucía Benavent\n", "Benavent"),
        ("Approuvé par : Claire Dubois\n", "Dubois"),
        ("Zatwierdził: Piotr Nowak\n", "Nowak"),
        ("Approvato da: Giulia Romano, ieri\n", "Romano"),
        ("**Sachbearbeiterin:** Maria Schulz\n", "Schulz"),
    ],
)
def test_a_person_after_a_role_label_is_removed(text: str, name: str) -> None:
    out = redact(text).text
    assert name not in out, out
    assert "[name-1]" in out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Approved by: Billing Team\n", "Billing Team"),
        ("Assigned to: Support Team\n", "Support Team"),
        ("Bearbeiter: Support\n", "Support"),
        ("Freigabe: Stripe Checkout\n", "Stripe Checkout"),
        ("Owner: Ana Ruiz\n", "Ana Ruiz"),
        ("Assigned to: Will Power\n", "Will Power"),
        ("Handled by: Level Two\n", "Level Two"),
    ],
)
def test_teams_products_and_ordinary_words_after_a_role_label_stay(text: str, kept: str) -> None:
    assert_kept(text, kept)


@pytest.mark.parametrize(
    ("text", "address", "phone"),
    [
        (
            "Adresse: Drottninggatan 71, 111 36 Stockholm, tel 08-411 23 90\n",
            "Drottninggatan 71",
            "411 23 90",
        ),
        ("Anschrift: Hauptstr. 5, 80331 München · Tel.: 089 1234567\n", "Hauptstr. 5", "1234567"),
        ("Indirizzo: Via Roma 3, 00100 Roma - cell. 333 1234567\n", "Via Roma 3", "1234567"),
        ("Adres: Kerkstraat 1, 1000 Brussel (tel. 02 123 45 67)\n", "Kerkstraat 1", "123 45 67"),
        ("address: Telford Avenue 5, Delft, Mobil: 0612345678\n", "Telford Avenue", "0612345678"),
    ],
)
def test_an_address_with_a_phone_label_after_it_loses_both(
    text: str, address: str, phone: str
) -> None:
    result = assert_removed(text, address, category="private")
    assert phone not in result.text
    assert "[address-1]" in result.text
    assert "[phone-1]" in result.text


def test_an_address_whose_street_holds_a_phone_word_is_whole() -> None:
    out = redact("Address: 12 Hotel Road, Leeds LS1 4AB\n").text
    assert out == "Address: [address-1]\n"


@pytest.mark.parametrize(
    ("text", "ip"),
    [
        ("IP server 62.149.128.74. Chiudere il ticket\n", "62.149.128.74"),
        ("Server=192.168.20.15;Database=wp;Uid=wp\n", "192.168.20.15"),
        ("the DB driver connects to 10.1.2.3 now\n", "10.1.2.3"),
        ("resolver 85.214.7.19 timed out\n", "85.214.7.19"),
    ],
)
def test_an_ip_after_a_word_ending_in_ver_is_removed(text: str, ip: str) -> None:
    assert ip not in redact(text).text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("version 10.0.0.1 of the app\n", "10.0.0.1"),
        ("ver 4.2.0.1 released\n", "4.2.0.1"),
        ("Chrome/120.0.6099.109 Safari/537.36\n", "120.0.6099.109"),
        ("wp_ver=6.4.0.1\n", "6.4.0.1"),
        ("PHP/8.1.2.3\n", "8.1.2.3"),
    ],
)
def test_versions_after_a_version_word_stay(text: str, kept: str) -> None:
    assert_kept(text, kept)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("IBAN NL88 RABO 0293 7203 88 ten name van P.J. de Wolf.\n", "Wolf"),
        ("Konto lautend auf Anna Schmidt, bitte prüfen\n", "Schmidt"),
        ("la factura a nombre de Lucía Benavent\n", "Benavent"),
        ("le virement au nom de M. Girard\n", "Girard"),
        ("a conta em nome de Afonso Pires\n", "Pires"),
        ("bonifico intestato a Giorgio Conti\n", "Conti"),
        ("the account in the name of Rashid Okonkwo-Bello\n", "Okonkwo"),
    ],
)
def test_whose_name_an_account_is_in_is_removed(text: str, name: str) -> None:
    out = redact(text).text
    assert name not in out, out


@pytest.mark.parametrize(
    "text",
    ["au nom de la société\n", "in the name of the Support team\n", "a nome di tutti\n"],
)
def test_in_the_name_of_before_ordinary_words_stays(text: str) -> None:
    assert redact(text).text == text


def test_a_telegram_turn_head_names_its_speaker_known_or_not() -> None:
    text = (
        "Oleksandr Kravets, [07.12.2026 20:11]\n"
        "hi, the bot token is in the channel\n"
        "SophMate Support, [07.12.2026 20:15]\n"
        "Thanks Oleksandr, please rotate it.\n"
        "Error, [07.12.2026 20:16]\n"
    )
    out = redact(text).text
    assert "Kravets" not in out
    assert "Oleksandr" not in out
    assert "SophMate Support, [07.12.2026 20:15]" in out
    assert "Error, [07.12.2026 20:16]" in out
    assert "[07.12.2026 20:11]" in out


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            "customer:\n  address: |\n    Tal 19\n    80331 München\n  credentials:\n",
            ["Tal 19", "80331 München"],
        ),
        ("billing_address: >-\n  12 Hotel Road\n  Leeds LS1 4AB\nnext: 1\n", ["Leeds LS1 4AB"]),
        ("- address: |\n    Rua Augusta 100\n    1100-053 Lisboa\n", ["Rua Augusta 100"]),
    ],
)
def test_an_address_in_a_yaml_block_scalar_is_removed(text: str, lines: list[str]) -> None:
    out = redact(text).text
    for line in lines:
        assert line not in out, out


def test_a_yaml_block_after_an_address_label_without_digits_stays() -> None:
    text = "shipping_address: |\n  same as billing\nnotes: |\n  call back at 10\n"
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("copied from staging by the customer (Ole Brandt), ticket SM-49021\n", "Brandt"),
        ("my colleague (Anna Kowalczyk) said it works\n", "Kowalczyk"),
        ("la cliente (Lucía Benavent) ha pagado\n", "Benavent"),
    ],
)
def test_a_name_in_parentheses_after_a_role_word_is_removed(text: str, name: str) -> None:
    assert name not in redact(text).text


@pytest.mark.parametrize(
    "text", ["the customer (Stripe Checkout) failed\n", "the user (admin) logged in\n"]
)
def test_a_product_or_account_in_parentheses_after_a_role_word_stays(text: str) -> None:
    assert redact(text).text == text
