"""Phones, addresses, purchase codes and card expiry as customers write them in
de, es, fr, pt, nl, it and pl: labelled in their own words, or by shape alone."""

from __future__ import annotations

import pytest

from .helpers import assert_kept, assert_removed

CODE = "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Telefon: 030 1234567", "030 1234567"),
        ("Handynummer: 0171 2345678", "0171 2345678"),
        ("teléfono: 612 345 678", "612 345 678"),
        ("móvil: 612345678", "612345678"),
        ("téléphone : 06 12 34 56 78", "06 12 34 56 78"),
        ("telemóvel: 912 345 678", "912 345 678"),
        ("telefoon: 06-12345678", "06-12345678"),
        ("cellulare: 333 123 4567", "333 123 4567"),
        ("komórka: 512 345 678", "512 345 678"),
        ("Sie sind erreichbar unter 030 1234567.", "030 1234567"),
        ("Llámame al 612 345 678 por favor", "612 345 678"),
        ("appelez-moi au 06 12 34 56 78", "06 12 34 56 78"),
        ("bel me op 020 123 4567", "020 123 4567"),
        ("chiamami al 02 1234 5678", "02 1234 5678"),
        ("zadzwoń pod 512 345 678", "512 345 678"),
        ("call me on 07700 900123 tonight", "07700 900123"),
    ],
)
def test_a_phone_in_the_customers_words_is_removed(text: str, phone: str) -> None:
    assert_removed(text, phone, category="private")


@pytest.mark.parametrize(
    "phone",
    ["030 1234567", "0171/2345678", "06-12345678", "07700 900123", "612 345 678",
     "333 123 4567", "020 7946 0958", "02 1234 5678"],
)  # fmt: skip
def test_a_local_phone_number_alone_is_removed(phone: str) -> None:
    assert_removed(f"Rückruf bitte: neue Nummer {phone}, danke", phone, category="private")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("took 123 456 789 ms", "123 456 789"),
        ("id 0123 456789", "0123 456789"),
        ("2026-12-07 12:00:01 0123 4567890", "0123 4567890"),
        ("bytes 100 200 300", "100 200 300"),
        ("hotel 12345678 rooms", "12345678"),
        ("Version 5, 10 items", "Version 5, 10 items"),
        ("via the API 2 times", "via the API 2 times"),
    ],
)
def test_numbers_that_are_not_phones_or_addresses_stay(text: str, kept: str) -> None:
    assert_kept(text, kept)


@pytest.mark.parametrize(
    "address",
    [
        "Kerkstraat 12, 1012 AB Amsterdam",
        "Hauptstraße 12, 10115 Berlin",
        "Rua das Flores, 123, 1100-148 Lisboa",
        "ul. Marszałkowska 12/4, 00-950 Warszawa",
        "Via Roma, 12, 00184 Roma",
        "Corso Buenos Aires 45, 20124 Milano",
        "Paseo de la Castellana 100, 28046 Madrid",
        "12, rue de la Paix, 75002 Paris",
        "Avenida da Liberdade 110",
    ],
)
def test_a_european_street_address_is_removed_whole(address: str) -> None:
    assert_removed(f"Lieferadresse ist {address} und bleibt so.", address, category="private")


@pytest.mark.parametrize(
    "label", ["Adresse", "Anschrift", "Dirección", "Endereço", "Adres", "Indirizzo", "Adresa"]
)
def test_an_address_labelled_in_the_customers_language_is_removed(label: str) -> None:
    assert_removed(f"{label}: Bloemgracht 7, Utrecht", "Bloemgracht 7", category="private")


@pytest.mark.parametrize(
    "text",
    [
        f"Mein Kaufcode: {CODE}",
        f"Mi código de compra es {CODE}",
        f"mon code d'achat : {CODE}",
        f"o meu código de compra é {CODE}",
        f"mijn aankoopcode is {CODE}",
        f"il mio codice d'acquisto: {CODE}",
        f"mój kod zakupu to {CODE}",
        f"Lizenzschlüssel {CODE}",
    ],
)
def test_a_purchase_code_named_in_any_language_is_removed(text: str) -> None:
    assert_removed(text, CODE, category="purchase_code")


@pytest.mark.parametrize(
    "text", [f"Bestellung {CODE}", f"pedido {CODE}", f"commande {CODE}", f"zamówienie {CODE}"]
)
def test_an_order_uuid_in_any_language_stays(text: str) -> None:
    assert_kept(text, CODE)


@pytest.mark.parametrize(
    "text",
    [
        "Karte 4111 1111 1111 1111, gültig bis: 09/27",
        "Tarjeta 4111 1111 1111 1111 caducidad: 09/27",
        "carte 4111 1111 1111 1111 date d'expiration : 09/27",
        "cartão 4111 1111 1111 1111 validade: 09/27",
        "kaart 4111 1111 1111 1111 vervaldatum: 09/27",
        "carta 4111 1111 1111 1111 scadenza: 09/27",
        "karta 4111 1111 1111 1111 ważna do: 09/27",
    ],
)
def test_card_expiry_labelled_in_any_language_is_removed(text: str) -> None:
    result = assert_removed(text, "4111 1111 1111 1111", category="payment")
    assert "09/27" not in result.text, result.text


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Tel. 03621 / 73 41 18", "03621 / 73 41 18"),
        ("Büro 030 - 231 88 47, danke", "030 - 231 88 47"),
        ("Callback: 08321 60 77 12 (Werkstatt)", "08321 60 77 12"),
        ("mobile 0151 2384 7790", "0151 2384 7790"),
        ("Fax 0351 / 482 19 08", "0351 / 482 19 08"),
        ("GSM 0475 61 28 90", "0475 61 28 90"),
    ],
)
def test_a_phone_in_groups_after_a_trunk_zero_is_removed(text: str, phone: str) -> None:
    assert_removed(text, phone, category="private")


@pytest.mark.parametrize(
    "text",
    [
        "Cliente: Mateo Ibáñez Carrasco",
        "Caller: Benedikt Steinhauser, Schreinerei",
        "Kunde: Benedikt Steinhauser",
        '"user_name": "Priya Raghunathan",',
        '"real_name": "Priya Raghunathan",',
    ],
)
def test_a_person_labelled_in_the_customers_words_is_removed(text: str) -> None:
    result = assert_removed(text, text.split(":")[1].strip(' ",').split(",")[0], category="private")
    assert "[name-1]" in result.text
