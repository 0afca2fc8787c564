"""Birth dates and national identity numbers after their labels in the desk's eight
languages, and e-mail addresses written to dodge harvesters or with a punycode TLD
(issue 14, item 3). The nearest negatives stay: an order id, a year of birth in
prose, a label with no number after it, "at" in a sentence."""

from __future__ import annotations

import pytest

from sophdesk.domain.redaction import redact

from .helpers import assert_kept


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Geburtsdatum: 14.03.1987\n", "14.03.1987"),
        ("date of birth: 1987-03-14\n", "1987-03-14"),
        ("DOB: 03/14/1987\n", "03/14/1987"),
        ("Fecha de nacimiento: 14/03/1987\n", "14/03/1987"),
        ("Date de naissance : 14 mars 1987\n", "14 mars 1987"),
        ("Data de nascimento: 14/03/1987\n", "14/03/1987"),
        ("Geboortedatum: 14-03-1987\n", "14-03-1987"),
        ("Data di nascita: 14/03/1987\n", "14/03/1987"),
        ("Data urodzenia: 14.03.1987\n", "14.03.1987"),
        ("she was born on March 14th, 1987 in Graz\n", "March 14th, 1987"),
    ],
)
def test_a_labelled_birth_date_is_removed(text: str, value: str) -> None:
    out = redact(text).text
    assert value not in out, out
    assert "[birth-date-1]" in out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Steuer-ID: 12 345 678 901\n", "345 678 901"),
        ("Personalausweis-Nr.: L01X00T47\n", "L01X00T47"),
        ("SSN: 123-45-6789\n", "123-45-6789"),
        ("DNI: 12345678Z\n", "12345678Z"),
        ("NIE: X1234567L\n", "X1234567L"),
        ("numéro de sécurité sociale : 1 87 03 75 123 456 78\n", "123 456 78"),
        ("CPF: 123.456.789-09\n", "123.456.789-09"),
        ("BSN-nummer 123456782\n", "123456782"),
        ("codice fiscale: RSSMRA85T10A562S\n", "RSSMRA85T10A562S"),
        ("PESEL: 87031412345\n", "87031412345"),
        ("passport number C01X00T47 expires soon\n", "C01X00T47"),
    ],
)
def test_a_labelled_national_id_is_removed(text: str, value: str) -> None:
    out = redact(text).text
    assert value not in out, out
    assert "[national-id-1]" in out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Order ID: 12345678\n", "12345678"),
        ("born in 1987 in Berlin\n", "1987"),
        ("nie: wiem, 2026\n", "wiem"),
        ("Tax ID: N/A\n", "N/A"),
        ("Ticket id number ABC-12\n", "ABC-12"),
        ("the plugin was born on WordPress 6.4\n", "6.4"),
        ("at 2026-12-07 10:00 the dob field was empty\n", "2026-12-07"),
    ],
)
def test_ids_dates_and_words_near_those_labels_stay(text: str, kept: str) -> None:
    assert_kept(text, kept)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("write to anna.schmidt at example-shop dot de please\n", "example-shop"),
        ("mail: anna [at] schmidt-moebel [dot] de\n", "schmidt-moebel"),
        ("Kontakt: j.doe(at)firma.de\n", "firma.de"),
        ("contact: anna(dot)schmidt(at)gmail(dot)com\n", "schmidt"),
        ("sales {at} acme {dot} co {dot} uk\n", "acme"),
        ("email: info@xn--mller-kva.de\n", "xn--mller"),
        ("a@xn--d1acufc.xn--p1ai wrote\n", "d1acufc"),
    ],
)
def test_an_address_in_an_odd_form_is_removed(text: str, gone: str) -> None:
    out = redact(text).text
    assert gone not in out, out
    assert "[email-1]" in out


@pytest.mark.parametrize(
    "text",
    [
        "meet me at shop.de tomorrow\n",
        "the error at line 5 dot com\n",
        "look at wp-admin dot php\n",
        "we arrived at the office.\n",
    ],
)
def test_at_in_a_sentence_stays(text: str) -> None:
    assert redact(text).text == text
