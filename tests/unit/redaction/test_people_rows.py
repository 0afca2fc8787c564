"""Names in table rows and after family or co-worker words (issue 14, item 3): an
export's name column and "his wife Marianne" leave the text; shop names, headers and
product words in the same rows stay."""

# ruff: noqa: RUF001
from __future__ import annotations

import pytest

from sophdesk.domain.redaction import redact

from .helpers import assert_kept


def _names_gone(text: str, *words: str) -> str:
    out = redact(text).text
    for word in words:
        assert word not in out, (word, out)
    return out


def test_a_headerless_tsv_export_loses_its_name_column() -> None:
    rows = (
        "Hannelore Vogt\t4283 9992 8373 7412\t06/2029\tRE-2026-89158\n"
        "Waltraud Zimmermann\t4586797034521\t08/28\tLastschrift zurück\n"
        "Egon Schäfer\t\t\tÜberweisung\n"
    )
    out = _names_gone(rows, "Hannelore", "Vogt", "Waltraud", "Zimmermann", "Egon", "Schäfer")
    assert "RE-2026-89158" in out
    assert "Überweisung" in out


def test_a_markdown_table_loses_names_and_keeps_shops_and_headers() -> None:
    table = (
        "| Shop | Ansprechpartner | Version |\n"
        "|---|---|---|\n"
        "| Café Sol | Marta Solé | 3.2.8 |\n"
        "| Studio Lumen | Anaïs Fabre | 3.3.4 |\n"
        "| Salon Anna | Ana Luísa Rocha | 3.4.2 |\n"
    )
    out = _names_gone(table, "Marta", "Solé", "Anaïs", "Fabre", "Luísa", "Rocha")
    for kept in ("Café Sol", "Studio Lumen", "Salon Anna", "Ansprechpartner", "3.4.2"):
        assert kept in out


@pytest.mark.parametrize("sep", [";", ","])
def test_a_csv_row_with_a_quoted_or_bare_name(sep: str) -> None:
    row = sep.join(["10482", '"Kemal Aydın"', "kemal@example.org", "89.90", "EUR", "paid"])
    _names_gone(row + "\n", "Kemal", "Aydın")


@pytest.mark.parametrize(
    "text",
    [
        "| Plan | Price | Renewal |\n| Pro Plan | 49 | yearly |\n",  # no given name
        "Anna\tadmin\tactive\n",  # one word: a login, not a name
        "Thanks; see the docs, Stripe Checkout, and the FAQ.\n",  # a sentence, not a row
        "Grace Period\t14 days\tdefault\n",  # a given name that is also a word
    ],
)
def test_rows_without_a_person_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("His wife Marianne manages the mails.", ["Marianne"]),
        ("Ihr Mann Klaus meinte, das alte Passwort war falsch.", ["Klaus"]),
        ("Si no entra, probad con el de mi socia Lucía Benavent: usuario lbenavent", ["Lucía"]),
        ("Ah, mia sorella Beatrice (bea@example.org) ha la password.", ["Beatrice"]),
        ("La clave que me dio mi sobrino Álvaro: no funciona", ["Álvaro"]),
        ("P.S. Unser Webmaster Kai-Uwe Petersen hat das Passwort.", ["Kai-Uwe", "Petersen"]),
        ("[Respuesta 2 — agente Noor Haddad]", ["Noor", "Haddad"]),
        ("Moja siostra Agnieszka ma hasło do panelu.", ["Agnieszka"]),
    ],
)
def test_family_and_co_workers_named_in_passing(text: str, words: list[str]) -> None:
    _names_gone(text, *words)


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("user agent Mozilla/5.0 (Windows NT 10.0)", "Mozilla/5.0"),
        ("our partner Stripe Payments confirmed the refund", "Stripe Payments"),
        ("the developer Console shows a warning", "Console"),
        ("Sister Sites: none configured", "Sister Sites"),
    ],
)
def test_relation_words_before_ordinary_capitals_keep_them(text: str, token: str) -> None:
    assert_kept(text, token)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("W dniu 30.11.2026 o 17:45, Agnieszka Nowicka pisze:\n> hej", ["Agnieszka", "Nowicka"]),
        ("On Mon, 7 Dec 2026 at 10:02, Anna Schmidt <anna@example.de> wrote:", ["Schmidt"]),
        ("Am 07.12.2026 um 10:02 schrieb Kristóf Nagy <k@example.hu>:", ["Kristóf", "Nagy"]),
        ("Le lun. 7 déc. 2026 à 10:02, Hélène Marchetti <h@x.fr> a écrit :", ["Marchetti"]),
        ("El lun, 7 dic 2026, Lucía Benavent (<l@x.es>) escribió:", ["Benavent"]),
        ("Op ma 7 dec. 2026 om 10:02 schreef Gert-Jan Brouwer <g@x.nl>:", ["Brouwer"]),
    ],
)
def test_the_writer_of_a_quoted_mail(text: str, words: list[str]) -> None:
    _names_gone(text, *words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("# pasted by Yusuf Demirci in the ticket", ["Demirci"]),
        ("# kubectl get secret (from Lars Møller's cluster)", ["Møller"]),
        ("# local dev copy of the shop (from Sofía Quintero)", ["Quintero"]),
    ],
)
def test_a_known_given_name_introduced_by_by_or_from(text: str, words: list[str]) -> None:
    _names_gone(text, *words)


@pytest.mark.parametrize(
    "text",
    [
        "The plugin wrote: nothing to the log",
        "Er schrieb Folgendes in den Log: nichts",
        "Yesterday Stripe wrote:",
        "built with Laravel Framework 10",
        "Upgrade from Jetpack Boost to the new version",
    ],
)
def test_no_person_behind_wrote_or_from_stays(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("From: =?UTF-8?Q?H=C3=A9l=C3=A8ne_Marchetti?= <h@example.fr>", ["Marchetti", "C3=A9l"]),
        ("To: =?utf-8?B?SMOpbMOobmUgTWFyY2hldHRp?= <h@example.fr>", ["SMOpbMOobmUg"]),
        ("Cc: =?iso-8859-1?q?J=FCrgen_Wei=DF?= <j@example.de>", ["J=FCrgen", "Wei=DF"]),
    ],
)
def test_an_encoded_display_name_goes_whole(header: str, words: list[str]) -> None:
    _names_gone(header + "\nSubject: hello\n\nbody\n", *words)


def test_an_encoded_header_name_is_found_again_quoted_printable_in_the_body() -> None:
    mail = (
        "From: =?UTF-8?Q?H=C3=A9l=C3=A8ne_Marchetti?= <h@example.fr>\n"
        "Content-Transfer-Encoding: quoted-printable\n\n"
        "Bonjour,\n\nCordialement,\nH=C3=A9l=C3=A8ne Marchetti\n--=20\n"
    )
    out = _names_gone(mail, "H=C3=A9l", "Marchetti")
    assert "Cordialement," in out


def test_an_encoded_company_name_stays() -> None:
    header = "From: =?UTF-8?Q?Atelier_Lumi=C3=A8re?= <info@example.fr>"
    assert "=?UTF-8?Q?Atelier_Lumi=C3=A8re?=" in redact(header).text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-12-03 09:01  Brouwer, Gert-Jan: Goedemorgen!", ["Brouwer", "Gert-Jan"]),
        ("[07.12.2026 19:02] maxi_krüger#0420: leute mein bot spinnt", ["maxi_kr"]),
        ("2. Émile Rousseau : le mot de passe admin est faux", ["Émile", "Rousseau"]),
        ("3. Aleksandra Wiśniewska: moje hasło to tajne", ["Aleksandra", "Wiśniewska"]),
        ("- Carla Mendoza: la contraseña del correo", ["Carla", "Mendoza"]),
    ],
)
def test_speakers_in_teams_discord_and_numbered_notes(text: str, words: list[str]) -> None:
    _names_gone(text, *words)


@pytest.mark.parametrize(
    "text",
    [
        "1. Install Plugin: go to the settings page",
        "2. Open Settings: then save",
        "- Grace Period: 14 days",
        "[10:02] build#1234: passed",
        "10:02 Status, Update: ok",
    ],
)
def test_numbered_steps_and_ci_lines_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("  Amara Okafor (visitor · amara@example.co.uk · 81.2.69.160)\n  14:02  hi", ["Okafor"]),
        ("  Chidi Eze (teammate, added by Amara)\n  14:06  hi I'm the dev", ["Chidi", "Eze"]),
        ("Noor Haddad (SophMate) — 4 dic 2026 11:40\n  Ciao, grazie.", ["Haddad"]),
    ],
)
def test_transcript_speakers_with_a_role_after_the_name(text: str, words: list[str]) -> None:
    _names_gone(text, *words)


@pytest.mark.parametrize(
    "text",
    [
        "Billing Address (customer)\nStreet 1",
        "Stripe Checkout (customer portal) is enabled",
        "WooCommerce Payments (SophMate) — 4 dic 2026 11:40",
    ],
)
def test_headings_with_a_role_word_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Signed for the shop:\nRichard M. Nixon", ["Richard", "Nixon"]),
        ("Order 4412 arrived damaged.\n\nRichard Milhous Nixon\n", ["Milhous", "Nixon"]),
        ("Thanks!\n\nAnna Kowalczyk\nSales, Kwiaciarnia Róża", ["Kowalczyk"]),
        ("Contacts:\n- Emily Johnson\n- Pieter Jansen\n", ["Johnson", "Jansen"]),
    ],
)
def test_a_line_that_is_a_known_name(text: str, words: list[str]) -> None:
    _names_gone(text, *words)


@pytest.mark.parametrize(
    "text",
    [
        "Owner: Ana Ruiz",
        "Grace Hopper Award\n",
        "Will Power\n",
        "Stripe Checkout\n",
        # A name that is the whole text is a field's value (the desk's owner field).
        "Ana Ruiz",
        "Richard M. Nixon\n",
    ],
)
def test_labelled_fields_and_ordinary_capitals_on_a_line_stay(text: str) -> None:
    assert redact(text).text == text
