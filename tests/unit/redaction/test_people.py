"""People in prose (issue 14, item 3): third parties' names leave the text, and so
does every later mention of them; ordinary capitalised words and product names stay."""

from __future__ import annotations

import time

import pytest

from sophdesk.domain.redaction import people, redact

from .helpers import assert_kept


def _gone(text: str, *words: str) -> str:
    result = redact(text)
    for word in words:
        assert word not in result.text, (word, result.text)
    assert any(f.kind == "name" and f.category == "private" for f in result.findings)
    return result.text


# -- running text ------------------------------------------------------------------------


def test_a_customer_named_in_a_sentence_and_every_later_mention() -> None:
    out = _gone(
        "One of my customers, Brigitte Lemaire, was charged twice. Later Brigitte said it "
        "happened again, and Mrs Lemaire wants a refund.",
        "Brigitte",
        "Lemaire",
    )
    assert "was charged twice" in out
    assert "Mrs [name-" in out  # the title stays, the name goes


def test_a_buyer_named_after_the_verb() -> None:
    out = _gone(
        "a buyer complained, Tomasz Wiśniewski, card ending 4242 was declined. "
        "Wiśniewski wrote again today.",
        "Tomasz",
        "Wiśniewski",
    )
    assert "card ending" in out


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("my client Mr. O'Neill cannot log in", ["O'Neill"]),
        ("Frau Schneider rief an, Herr Dr. Brandt auch.", ["Schneider", "Brandt"]),
        ("Kunde Jürgen Weiß meldet einen Fehler.", ["Jürgen", "Weiß"]),
        ("El cliente Alejandro Fernández pagó dos veces.", ["Alejandro", "Fernández"]),
        ("De klant Pieter Jansen kan niet inloggen.", ["Pieter", "Jansen"]),
        ("Klient Łukasz Zieliński zapłacił dwa razy.", ["Łukasz", "Zieliński"]),
        ("The customer, Will Turner, asked for an invoice.", ["Turner"]),
        ("I spoke with Emily Johnson yesterday about the invoice.", ["Emily", "Johnson"]),
    ],
)
def test_names_after_role_words_titles_or_known_as_a_pair(text: str, words: list[str]) -> None:
    _gone(text, *words)


# -- mail headers, chat -------------------------------------------------------------------


def test_mail_header_display_names() -> None:
    out = _gone(
        'From: "Lemaire, Brigitte" <b.lemaire@example.com>\n'
        "To: Jan de Vries <jan@example.nl>, support@sophmate.com\n"
        "Reply-To: Hans Qwertz <hq@example.de>\n"
        "Subject: charged twice\n\nHello,\nBrigitte is still waiting.",
        "Brigitte",
        "Lemaire",
        "Vries",
        "Qwertz",
    )
    assert "Subject: charged twice" in out
    assert "From: " in out
    assert "To: " in out


def test_chat_speaker_labels() -> None:
    out = _gone(
        "[10:02] Ana Qwertz: the checkout fails\n"
        "[10:03] Support: which plugin?\n"
        "Marek Zyxw 10:05 AM\n"
        "it is SophMate\n"
        "<lena.qwertz> any news?\n",
        "Qwertz",
        "Zyxw",
        "lena.qwertz",
    )
    assert "Support: which plugin?" in out
    assert "it is SophMate" in out


# -- greetings and signatures --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("Hi Marta,\nthe plugin fails.", "Marta", "Hi "),
        ("Hallo Herr Brandt,\nder Fehler ist zurück.", "Brandt", "Hallo Herr "),
        ("Bonjour Mme Girard\nle paiement a échoué.", "Girard", "Bonjour Mme "),
        ("Hola Sr. Pérez,\nel pago falló.", "Pérez", "Hola Sr. "),
        ("Olá Dona Ana\no pagamento falhou.", "Ana", "Olá Dona "),
        ("Beste Jan,\nde betaling mislukt.", "Jan", "Beste "),
        ("Ciao Giulia\nil pagamento non va.", "Giulia", "Ciao "),
        ("Dzień dobry Pani Kowalska,\nplatność nie działa.", "Kowalska", "Dzień dobry Pani "),
        ("Hi Marta thanks for the logs", "Marta", "thanks for the logs"),
        ("The plugin fails.\n\nThanks,\nMarta Nowak", "Nowak", "Thanks,"),
        ("The plugin fails.\n\nBest regards\n— Jan de Vries\n", "Vries", "Best regards"),
        ("Fehler.\n\nMit freundlichen Grüßen\nKlaus Brandt", "Klaus", "freundlichen Grüßen"),
        ("Błąd.\n\nPozdrawiam,\nAgnieszka Qwertz", "Agnieszka", "Pozdrawiam"),
    ],
)
def test_greetings_and_signatures(text: str, name: str, kept: str) -> None:
    out = _gone(text, name)
    assert kept in out


def test_a_name_greeted_is_removed_where_it_comes_back() -> None:
    out = _gone("Hi Marta,\nthe export is attached. Marta, can you check it?", "Marta")
    assert "the export is attached" in out


# -- what stays --------------------------------------------------------------------------

_ORDINARY = """\
Thanks for the quick reply. Please check the WordPress logs again.
SophMate 2.4.1 on WooCommerce 8.9 with Stripe and OpenAI; bought on CodeCanyon in May.
The Customer Service Team will review it on Monday, June 3. Will you check it? May I ask?
Mark the order as paid. Grace period ends in April. Hope that helps.
Fatal error: Uncaught Error: Class "WC_Gateway_Stripe" not found in /var/www/x.php
Stack trace: #0 WP_Hook->apply_filters() PHP Warning: Undefined array key
Action Scheduler: action 1234 completed. New York and San Francisco stores.
The client ID is set. The user Admin logged in. Our customer portal is down.
Google Chrome, Mozilla Firefox, Microsoft Edge, Apple Safari.
Best Practices, Getting Started, Read More, Contact Us, Privacy Policy.
The Payment Gateway Settings page shows Test Mode enabled.
Dear Sir or Madam, hello World.
[10:02] System: restarted
Regards,
The SophMate Team
"""


def test_ordinary_capitalised_words_products_months_stay() -> None:
    result = redact(_ORDINARY)
    assert [f for f in result.findings if f.kind == "name"] == []
    assert result.text == _ORDINARY


@pytest.mark.parametrize(
    "token",
    ["SophMate", "WooCommerce", "WordPress", "Stripe", "OpenAI", "CodeCanyon", "Monday", "May"],
)
def test_product_and_calendar_words_next_to_a_name_stay(token: str) -> None:
    assert_kept(f"Our customer Brigitte Lemaire uses {token} since last year.", token)


@pytest.mark.parametrize("team", ["The Support Team", "Your Sophdesk Crew", "Our Team"])
def test_a_team_signing_stays(team: str) -> None:
    assert_kept(f"The fix is live.\n\nThanks,\n{team}\n", team)


def test_a_common_word_name_is_not_removed_everywhere() -> None:
    out = redact("Hi Will,\nthanks. Will you check the order? Mark it as paid.").text
    assert "Will you check" in out
    assert "Mark it as paid" in out
    assert not out.startswith("Hi Will")


# -- the names data ------------------------------------------------------------------------


def test_names_data_holds_the_languages_customers_write() -> None:
    for given in ("Brigitte", "Tomasz", "Marta", "Giulia", "João", "Pieter", "Klaus", "Emily"):
        assert people.is_given(given), given
    for surname in ("Lemaire", "Kowalski", "Nowak", "Schneider", "Pérez", "Jansen", "Russo"):
        assert people.is_surname(surname), surname
    for word in ("May", "Will", "Mark", "Stripe", "Monday"):
        assert people.is_common(word), word


def test_the_names_load_once_and_quickly() -> None:
    people._lists.cache_clear()
    start = time.perf_counter()
    people._lists()
    assert time.perf_counter() - start < 0.5  # ~15 ms on a quiet machine
    start = time.perf_counter()
    people._lists()
    assert time.perf_counter() - start < 0.001


def test_big_and_small_texts_find_the_same_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the accelerator's threshold the cues are found by literal sets (given
    names, "am" at a line end, "[10:02"); below it by ``re``: the same findings."""
    line = (
        "Yesterday Emily Johnson and Brigitte Lemaire wrote; JoAnna Smith? no.\n"
        "Ana Qwertz 10:02 am\n<lena.qwertz> hi\n[10:02] <jan_kowalski> ok\n"
        "[10:03] Marek Zyxw: hm\n<div> x\n"
    )
    monkeypatch.setattr(people, "PAIR_LITERALS_FROM", 0)  # the literal set at 32 KB already
    small = redact(line)
    big = redact(line * 300)  # > 32 KB
    assert big.text == small.text * 300


@pytest.mark.parametrize("text", ["Hello Dr,\nthanks", "Hi Mrs.\nok", "Hi Sir,\nok"])
def test_a_title_greeted_without_a_name(text: str) -> None:
    """(Raised IndexError before: the title was taken for the name and its second word read.)"""
    assert redact(text).text == text


CHAT = """07/12/2026, 10:02 - Marta Nowak: hi, checkout is broken
[07.12.26, 10:04:11] Marta Nowak: the cart
Jan de Vries  10:05 AM
Ana Ruiz (customer) · 10:06
10:07 Klaus Brandt: ok
Klaus Brandt: we rolled back
**Brigitte Lemaire** 10:08: thanks
Sofia: hello
Sofia: are you there
Warning: Undefined index
Fatal Error: Uncaught
Started At 10:02
"""


@pytest.mark.parametrize("padding", [0, 5000])  # short text (re) and long (hyperscan)
def test_chat_speakers_in_export_layouts_are_removed(padding: int) -> None:
    text = redact("x\n" * padding + CHAT).text
    for name in ("Marta", "Nowak", "Vries", "Ana Ruiz", "Klaus", "Brigitte", "Sofia"):
        assert name not in text, text[-600:]
    for kept in ("Warning: Undefined index", "Fatal Error: Uncaught", "Started At 10:02"):
        assert kept in text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hello, my name is Dan Turner and I run the shop", "Turner"),
        ("my name is Dan", "Dan"),
        ("Hallo, mein Name ist Jürgen Wolff.", "Wolff"),
        ("Buenas, me llamo Lucía Benavent", "Benavent"),
        ("Bonjour, je m'appelle Hélène Marchetti", "Marchetti"),
        ("Ciao, mi chiamo Giulia Rossi", "Rossi"),
        ("Hoi, mijn naam is Daan Smit", "Smit"),
        ("Dzień dobry, nazywam się Agnieszka Nowicka", "Nowicka"),
    ],
)
def test_a_person_naming_themselves_is_removed(text: str, name: str) -> None:
    assert name not in redact(text).text


def test_my_name_is_followed_by_an_ordinary_word_stays() -> None:
    assert redact("my name is not on the order").text == "my name is not on the order"
