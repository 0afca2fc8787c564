"""Street addresses with the floor or flat after the number, and street names of two
letters (issue 14, item 3): the whole address goes, postcode and town included."""

from __future__ import annotations

import pytest

from sophdesk.domain.redaction import redact


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("Dirección fiscal: Calle de Sueca 112, bajo, 46006 València", "46006"),
        ("Calle Mayor 5, 3º B, 28013 Madrid", "28013"),
        ("ul. Marszałkowska 84/92 lok. 12, 00-514 Warszawa", "00-514"),
        ("Sede: Via Po 18, 10123 Torino TO", "10123"),
    ],
)
def test_the_unit_and_the_town_go_with_the_street(text: str, tail: str) -> None:
    out = redact(text).text
    assert tail not in out, out
    assert "[address-" in out


@pytest.mark.parametrize(
    "text", ["Das ist Version 5, Build 12", "Seite 3 von 18", "piso 2 of the docs, step 4"]
)
def test_numbers_after_short_words_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("Address: Kemptener Straße 9, 87509 Immenstadt im Allgäu", "Allgäu"),
        ("Indirizzo: Località Il Colle 4, 53017 Radda in Chianti (SI)", "Chianti"),
        ("faktura z adresem ul. Piotrkowska 104, 90-006 Łódź, NIP", "Łódź"),
        ("Drottninggatan 71, 111 36 Stockholm, tel", "Stockholm"),
    ],
)
def test_towns_with_particles_capitals_beyond_latin_1_and_3_2_postcodes(
    text: str, tail: str
) -> None:
    out = redact(text).text
    assert tail not in out, out


def test_a_sentence_after_the_town_stays() -> None:
    out = redact("Hauptstraße 5, 10115 Berlin in the morning").text
    assert out.endswith(" in the morning"), out


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("  14:12  Flat 3, 27 Coldharbour Lane, London SE5 9NR\n", "Flat 3"),
        ("Suite 200, 1600 Amphitheatre Parkway, Mountain View\n", "Suite 200"),
        ("ship to Apt 4B, 12 Baker Street please\n", "Apt 4B"),
    ],
)
def test_the_flat_or_suite_before_a_street_goes_with_it(text: str, unit: str) -> None:
    out = redact(text).text
    assert unit not in out, out


def test_a_word_before_a_street_that_is_no_unit_stays() -> None:
    assert "Error 3, " in redact("Error 3, 27 Main Street\n").text
