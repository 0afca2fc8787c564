# ruff: noqa: RUF001  (typographic quotes are what these tests are about)
"""A password in running text wherever its word stands: before the value, after it,
in the sentence before, or once for two accounts; and the marks around it.

Each class is tested on several members in several languages and on the nearest
sentence that must keep its words.
"""

from __future__ import annotations

import pytest

from sophdesk.domain.redaction import redact

from .helpers import assert_kept, assert_removed, survives

# -- the value before its word -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Tr0ub4dor&3 is the new wp-admin password", "Tr0ub4dor&3"),
        ("Tr0ub4dor&3 is my password", "Tr0ub4dor&3"),
        ("- Kettle-2026! is the admin password.", "Kettle-2026!"),
        ("Hunter2kettle ist das neue Passwort", "Hunter2kettle"),
        ("Tr0ub4dor&3 es la nueva contraseña", "Tr0ub4dor&3"),
        ("Tr0ub4dor&3 est le nouveau mot de passe", "Tr0ub4dor&3"),
        ("Tr0ub4dor&3 is het nieuwe wachtwoord", "Tr0ub4dor&3"),
        ("I changed it to Tr0ub4dor&3 yesterday (the admin password)", "Tr0ub4dor&3"),
        ("We set it to Zq8-kettle for the database password", "Zq8-kettle"),
    ],
)
def test_a_value_named_after_it_is_removed(text: str, value: str) -> None:
    assert_removed(text, value, category="credential")


@pytest.mark.parametrize(
    "text",
    [
        "Error 0x80070005 is not the password problem",
        "Version 2.4.1 is the new password policy",
        "Abc-123 is the new password policy",
        "PHP 8.2 is the reason the password field is blank",
        "I changed it to english yesterday (the admin password language)",
    ],
)
def test_a_sentence_that_only_mentions_a_password_keeps_its_words(text: str) -> None:
    result = redact(text)
    assert result.text == text, (result.text, result.findings)


# -- the value in the next sentence ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("We reset the SMTP password. The new one is Xq7-kettle!", "Xq7-kettle!"),
        ("Cambié la contraseña. La nueva es «NuevaClave_2026#», ojo.", "NuevaClave_2026#"),
        (
            "DB_PASSWORD=Schnitzel_mit_Pommes ups falsch, das echte ist W1ener-Schn1tzel!",
            "W1ener-Schn1tzel!",
        ),
        (
            "Das Passwort ist „Fuchsbau!1962“. Er meinte, das alte war ‚Hühnerstall_88‘.",
            "Hühnerstall_88",
        ),
        ("J'ai changé le mot de passe.\nLe nouveau est Baguette#42", "Baguette#42"),
    ],
)
def test_a_value_named_in_the_sentence_before_is_removed(text: str, value: str) -> None:
    assert_removed(text, value, category="credential")


@pytest.mark.parametrize(
    "text",
    [
        "We reset the SMTP password. The new one is faster.",
        "The new one is v2.4.1, no password involved.",  # the word comes after
        "We reset the password. The new plugin is 2.4.1-beta now.",
    ],
)
def test_a_next_sentence_without_a_value_keeps_its_words(text: str) -> None:
    result = redact(text)
    assert result.text == text, (result.text, result.findings)


# -- two accounts in one sentence ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "Hasło do bazy danych (z wp-config) to zoo_DB#4411pl, a do skrzynki sklep@ — "
            "Kot_Filemon12.",
            ("zoo_DB#4411pl", "Kot_Filemon12"),
        ),
        (
            "le mot de passe admin est «Baguette#Croissant» et celui de la base ‹bdd-Rousseau_12›.",
            ("Baguette#Croissant", "bdd-Rousseau_12"),
        ),
        (
            "la contraseña del correo es correo.Mendoza+55, la del hosting igual pero con 1 al "
            "final: correo.Mendoza+551",
            ("correo.Mendoza+55", "correo.Mendoza+551"),
        ),
        (
            "the password for WordPress is Kettle#2026, and for the FTP one: Ftp-Kettle99",
            ("Kettle#2026", "Ftp-Kettle99"),
        ),
        (
            "moje hasło to “Pierniki!Torun7”, a hasło do FTP ‘ftpOla-2026’.",
            ("Pierniki!Torun7", "ftpOla-2026"),
        ),
    ],
)
def test_a_second_password_in_the_same_sentence_is_removed(
    text: str, values: tuple[str, ...]
) -> None:
    out = redact(text).text
    for value in values:
        assert not survives(value, out), out


def test_what_follows_a_password_in_its_sentence_is_kept_when_it_is_not_one() -> None:
    assert_kept("my password is Xq7-kettle, and the site is example.com", "example.com")
    assert_kept('the password for "admin" is Xq7-kettle', '"admin"')


# -- words between the word and its value ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("le mot de passe root est « Lumière-2026!! », merci", "Lumière-2026!!"),
        ("la password nuova è Chiara&Ale_2010", "Chiara&Ale_2010"),
        ("hasło do WordPressa zmieniłam na Nowe-Haslo-3003, nie zapomnij.", "Nowe-Haslo-3003"),
        ("das Datenbankpasswort\ngeändert auf <tt>Pr4xis$Physio#9</tt>.", "Pr4xis$Physio#9"),
        (
            "Zugang: Benutzer <b>praxis</b>, Passwort <b>Physio&Reha!2026</b><br>",
            "Physio&Reha!2026",
        ),
        ("Fenna gaf het nieuwe SMTP-wachtwoord door: Oliebol_Smtp26 (TransIP)", "Oliebol_Smtp26"),
        ("het wachtwoord is ‘stroopwafel 2026’ (met een spatie)", "stroopwafel 2026"),
        ("  Password ......... Barolo*2019riserva", "Barolo*2019riserva"),
        ("la password dell'altra casella (amministrazione@): Amm1n!str4zione", "Amm1n!str4zione"),
        ("pole hasła odsłonięte (ikonka oka): Herbata_Zielona#88", "Herbata_Zielona#88"),
        (
            "password pannello nella nota privata precedente:\n  Aruba-Colle_4471. IP server",
            "Aruba-Colle_4471",
        ),
        (
            'the mail password too\n  ("mit Ausrufezeichen am Ende"): Hobelspan2026!',
            "Hobelspan2026!",
        ),
        ("Voici ma clé d'API : Xp4Rk2vQ9sLmT7wN3eHbY6cJ1dF8gZ0aU5", "Xp4Rk2vQ9sLmT7wN3eHbY6c"),
        ("mi clave de API es sk9abcdefXYZ12345", "sk9abcdefXYZ12345"),
        ("the password I set is Hunter2kettle", "Hunter2kettle"),
        ("The password we agreed on was Tr0ub4dor&3 for both accounts.", "Tr0ub4dor&3"),
        ("das Passwort, das ich benutze, ist Fuchs!Bau77", "Fuchs!Bau77"),
        ("la contraseña que usamos es Ferret3ria.99", "Ferret3ria.99"),
    ],
)
def test_words_between_the_word_and_its_value(text: str, value: str) -> None:
    assert_removed(text, value)


@pytest.mark.parametrize(
    "text",
    [
        'the password field "Password" is required',
        "the password is 'not working' since Monday",
        "Passwort vergessen? Link: https://x.de/r",
        "la chiave API non funziona",
        "das Datenbankpasswort ist falsch",
        "the password you entered is incorrect",
        "the password reset email is in spam since v2.3.1",
    ],
)
def test_sentences_about_a_password_keep_their_words(text: str) -> None:
    result = redact(text)
    assert result.text == text, (result.text, result.findings)


# -- marks at a value's end ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone", "stays"),
    [
        ("my password is hunter2!kettle?", "hunter2!kettle?", ""),
        ("my password is Hobelspan2026!", "Hobelspan2026!", ""),
        ("my password is Lumière-2026!! merci", "Lumière-2026!!", " merci"),
        ("my password is hunter2kettle.", "hunter2kettle", "."),
        ("my password is hunter2kettle, thanks", "hunter2kettle", ", thanks"),
        ("(the password is Nebbiolo_77!), sorry", "Nebbiolo_77!", "), sorry"),
    ],
)
def test_a_mark_is_the_passwords_own_but_sentence_punctuation_stays(
    text: str, gone: str, stays: str
) -> None:
    out = redact(text).text
    assert gone not in out, out
    # The value's last character, a "!" or "?", does not survive beside the placeholder;
    # the sentence's own punctuation does.
    assert out[out.index("]") + 1 :] == stays, out


# -- a place one logs in to, then "user / password" -----------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("x-notes: |\n  ADMIN: sofia / Tortilla_de_Patatas", "Tortilla_de_Patatas"),
        ("- WP admin: bob / Kettle#2026", "Kettle#2026"),
        ("FTP - popescu / Lftp#Bucuresti9", "Lftp#Bucuresti9"),
        ("**Zugang:** renate / Fuchsbau!1962", "Fuchsbau!1962"),
        ("SSH: root / R00t-Lapland", "R00t-Lapland"),
    ],
)
def test_an_account_label_then_user_slash_password(text: str, value: str) -> None:
    assert_removed(text, value, category="credential")


@pytest.mark.parametrize(
    "text",
    [
        "Database: wp_shop / utf8mb4_unicode_ci",
        "Server: nginx / 1.24.0",
        "Hosting: SiteGround / Cloud-Hosting",
        "Admin: yes / no",
        "Shop: Woo 8.2 / PHP 8.1",
    ],
)
def test_an_account_label_with_two_ordinary_values_is_kept(text: str) -> None:
    result = redact(text)
    assert result.text == text, (result.text, result.findings)


@pytest.mark.parametrize(
    "text",
    [
        'mein Kennwort lautet jetzt "Fjord_Lachs_2026" bitte',
        "la contraseña es ahora Fjord_Lachs_2026 ok",
        "le mot de passe est désormais Fjord_Lachs_2026 merci",
        "het wachtwoord is nu Fjord_Lachs_2026",
        "hasło jest teraz Fjord_Lachs_2026",
    ],
)
def test_a_word_of_time_between_the_join_and_the_value(text: str) -> None:
    assert "Fjord_Lachs_2026" not in redact(text).text


def test_a_word_of_time_before_an_ordinary_word_keeps_it() -> None:
    text = "the password is now reset, please check"
    assert redact(text).text == text
