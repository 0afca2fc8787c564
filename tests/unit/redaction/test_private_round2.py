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
