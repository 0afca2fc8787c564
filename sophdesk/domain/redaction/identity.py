"""Birth dates and national identity numbers, where a label names them.

A label in the desk's languages (en de es fr pt nl it pl), then a separator and the
value on the same line: "Geburtsdatum: 14.03.1987", "date of birth 1987-03-14",
"DNI: 12345678Z", "codice fiscale: RSSMRA85T10A562S", "PESEL 87031412345",
"numéro de sécurité sociale : 1 87 03 75 123 456 78". The labels are literals, found
in the anchors' one pass (:mod:`.anchors`); nothing runs on a text without one.
Short labels that are also words or common initials ("nie" is Polish for "no",
"dob", "ssn") need a colon, "=" or "#" after them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import anchors
from .scan import Hit, Scan

PRIVATE = "private"

# Non-ASCII letters are "\x1a" on the low view ("né le": "n\x1a le").
_BIRTH = (
    "date of birth", "birth date", "birthdate", "birthday", "born on", "born",
    "geburtsdatum", "geburtstag", "geboren am", "fecha de nacimiento", "nacido el",
    "nacida el", "date de naissance", "n\x1a le", "n\x1ae le", "data de nascimento",
    "nascido em", "nascida em", "geboortedatum", "geboren op", "data di nascita",
    "nato il", "nata il", "data urodzenia", "urodzony", "urodzona", "urodzi\x1a si\x1a",
)  # fmt: skip
_IDS = (
    "social security number", "social security no", "national insurance number",
    "national id", "id card number", "identity card", "passport number",
    "passport no", "tax id", "steuer-id", "steuerid", "steuer-identifikationsnummer",
    "steueridentifikationsnummer", "sozialversicherungsnummer", "personalausweisnummer",
    "personalausweis-nr", "personalausweis nr", "ausweisnummer", "reisepassnummer",
    "n\x1amero de pasaporte", "numero de pasaporte", "pasaporte", "n\x1amero de identidad",
    "num\x1aro de s\x1acurit\x1a sociale", "numero de securite sociale",
    "num\x1aro fiscal", "carte d'identit\x1a", "passeport", "n\x1amero do passaporte",
    "passaporte", "cart\x1ao de cidad\x1ao", "burgerservicenummer", "bsn-nummer",
    "paspoortnummer", "codice fiscale", "numero di passaporto", "carta d'identit\x1a",
    "numer dowodu", "dow\x1ad osobisty", "numer paszportu", "personnummer",
)  # fmt: skip
# Need ":", "=" or "#" after them.
_SHORT = ("dob", "d.o.b.", "ssn", "dni", "nie", "nif", "nir", "cpf", "bsn", "pesel", "nino",
          "geb.", "steuer-nr")  # fmt: skip


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _labels(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("(?<![a-z\x1a0-9_-])(?:" + _alternation(words) + ")(?![a-z\x1a0-9_])")


# Three patterns of fewer than 64 literals each, so that the anchors' one pass finds them.
_BIRTH_LABEL, _ID_LABEL, _SHORT_LABEL = _labels(_BIRTH), _labels(_IDS), _labels(_SHORT)
for _pattern in (_BIRTH_LABEL, _ID_LABEL, _SHORT_LABEL):
    anchors.register(_pattern, "low")

_SEP = re.compile(
    r"\.?[ \t]*(?:\*\*)?[ \t]*(?:(?:[:=#]|-|\u2013)[ \t]*)?(?:(?:on|am|el|le|em|op|il|dnia)[ \t]+)?"
)
_STRICT_SEP = re.compile(r"[ \t]*(?:\*\*)?[ \t]*(?:[:=#])[ \t]*")
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|j\u00e4n|m\u00e4r|mai|okt|dez|ene|abr|ago"
    "|dic|janv|f\u00e9v|avr|juil|ao\u00fb|d\u00e9c|fev|out|set|mei|mrt|gen|mag|giu|lug|ott"
    "|sty|lut|kwi|cze|lip|sie|wrz|pa\u017a|lis|gru|[a-z\u00e0-\u00ff]{3,11}"
)
_DATE = re.compile(
    r"(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2}"
    r"|\d{1,2}\.?[ \t]+(?:de[ \t]+)?(?:" + _MONTHS + r")\.?[ \t]+(?:de[ \t]+)?\d{4}"
    r"|(?:" + _MONTHS + r")\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4})(?![\w.])",
    re.IGNORECASE,
)
# An identity number: letters and digits, grouped by spaces, dots, dashes or slashes,
# at least four digits; one group of capitals alone ("N/A") is no number.
_ID_VALUE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[ ./-](?=[A-Za-z0-9])){4,30}(?![\w])")


_PROSE_WORD = re.compile(r"(?:^|[ ])[a-z\u00e0-\u00ff]{2,}(?![A-Za-z0-9])")


def find_identities(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_BIRTH_LABEL, "low"):
        yield from _birth_date(text, _SEP.match(text, m.end()))
    for m in scan.finditer(_SHORT_LABEL, "low"):
        sm = _STRICT_SEP.match(text, m.end())
        if m.group() in ("dob", "d.o.b.", "geb."):
            yield from _birth_date(text, sm)
        else:
            yield from _national_id(text, sm)
    for m in scan.finditer(_ID_LABEL, "low"):
        yield from _national_id(text, _SEP.match(text, m.end()))


def _birth_date(text: str, sm: re.Match[str] | None) -> Iterator[Hit]:
    if sm is None:
        return
    dm = _DATE.match(text, sm.end())
    if dm is not None:
        yield Hit(
            dm.start(), dm.end(), 50, PRIVATE, "birth-date", "labelled-birth-date", dm.group()
        )


def _national_id(text: str, sm: re.Match[str] | None) -> Iterator[Hit]:
    if sm is None:
        return
    pos = sm.end()
    vm = _ID_VALUE.match(text, pos)
    if vm is None:
        return
    value = vm.group()
    cut = _PROSE_WORD.search(value)
    if cut is not None:  # "C01X00T47 expires soon": the number ends before the word
        value = value[: cut.start()]
    value = value.rstrip(" ./-")
    if sum(c.isdigit() for c in value) < 4 or value.lower().startswith(("xxx", "000000")):
        return
    yield Hit(pos, pos + len(value), 50, PRIVATE, "national-id", "labelled-national-id", value)
