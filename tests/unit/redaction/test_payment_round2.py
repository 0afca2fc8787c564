"""Payment, round 2 (issue 14, item 3): a card's security code after its label in the
desk's eight languages, quoted in a gateway's JSON or in a compound name ("cc_cvv");
an IBAN grouped with dots or broken onto the next line. The nearest negatives stay:
a three-digit number after an ordinary word, a short reference broken across lines."""

from __future__ import annotations

import pytest

from sophdesk.domain.redaction import redact

from .helpers import assert_kept


@pytest.mark.parametrize(
    "text",
    [
        "Sicherheitscode: 731\n",
        "Kartenprüfnummer: 731\n",
        "código de seguridad: 731\n",
        "cryptogramme : 731\n",
        "code de sécurité : 731\n",
        "código de segurança: 731\n",
        "codice di sicurezza: 731\n",
        "beveiligingscode: 731\n",
        "kod CVV: 731\n",
        '{"card":{"number":"4242424242424242","exp_month":12,"cvc":"731"}}\n',
        '{"source":{"cvv":"731","expiry":"11/28"}}\n',
        "cc_number=4111111111111111&cc_cvv=731&cc_exp=1229\n",
        "card-cvc: 731\n",
    ],
)
def test_a_labelled_security_code_is_removed(text: str) -> None:
    out = redact(text).text
    assert "731" not in out, out
    assert "[cvv-1]" in out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Fehlercode: 731 beim Checkout\n", "731"),
        ("discovery: 731 items\n", "731"),
        ("order_cvv_count: 731\n", "731"),
    ],
)
def test_other_codes_stay(text: str, kept: str) -> None:
    assert_kept(text, kept)


@pytest.mark.parametrize(
    "text",
    [
        "IBAN: DE89.3704.0044.0532.0130.00\n",
        "IBAN DE89 3704 0044\n0532 0130 00\nthanks\n",
        "> IBAN DE89 3704 0044 0532\n> 0130 00 BIC COBADEFFXXX\n",
        "iban: gb82 west 1234 5698 7654 32\n",
    ],
)
def test_an_iban_grouped_with_dots_or_broken_across_lines_is_removed(text: str) -> None:
    out = redact(text).text
    assert "[iban-1]" in out, out
    assert "0130" not in out
    assert "5698" not in out


@pytest.mark.parametrize(
    "text", ["Ref DE12 3456\n7890 invoice\n", "Version DE89.3704.0044 build\n"]
)
def test_a_reference_that_fails_mod_97_stays(text: str) -> None:
    assert redact(text).text == text
