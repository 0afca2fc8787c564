"""Phone numbers and street addresses that carry no label."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from . import anchors
from .scan import Hit, Scan
from .validators import count_digits, has_digit

PRIVATE = "private"

# --- phones, on the shape view ----------------------------------------------------------


class _PhoneShape(NamedTuple):
    """One way of writing a phone number: its shape on the shape view, and what the
    digits must also satisfy."""

    name: str
    pattern: re.Pattern[str]
    accept: Callable[[str, int], bool]  # (the number as written, its digit count)
    local: bool  # no country code: not right after a date, a time, "#", "no." or "id"
    not_after: re.Pattern[str] | None = None  # nor right after this


def _any(_value: str, _digits: int) -> bool:
    return True


def _international_length(_value: str, digits: int) -> bool:
    return 8 <= digits <= 15  # E.164: a country code and up to 14 more digits


def _trunk_first(value: str, _digits: int) -> bool:
    return value.startswith("0")


def _trunk_then(low: int, high: int) -> Callable[[str, int], bool]:
    """A trunk prefix is one "0" ("00" starts an international number), then an
    area code and the line: ``low`` to ``high`` digits in all."""

    def accept(value: str, digits: int) -> bool:
        return value[0] == "0" and value[1] != "0" and low <= digits <= high

    return accept


def _mobile_first(value: str, _digits: int) -> bool:
    return value[0] in "56789"  # a Spanish or Polish subscriber number


def _area_code_first(value: str, _digits: int) -> bool:
    return value[0] != "1"  # no area code starts with 1


_PHONE_SHAPES: tuple[_PhoneShape, ...] = (
    _PhoneShape(  # +49 30 1234567
        "international",
        re.compile(r"\+0(?<![0\w+]\+0)[0 ().\-/]{6,20}0(?![0\w])"),
        _international_length,
        local=False,
    ),
    _PhoneShape(  # (555) 123-4567
        "us-parenthesised", re.compile(r"\(000\)[ ]?000[ .-]0000(?![0\w])"), _any, local=False
    ),
    _PhoneShape(  # 555-123-4567
        "us-dashed",
        re.compile(r"000(?<![0\w.:/-]000)[.-]000[.-]0000(?![0\w.-])"),
        _any,
        local=False,
    ),
    _PhoneShape(  # 06 12 34 56 78
        "fr-pairs",
        re.compile(r"00(?<![0\w.:/+-]00) 00 00 00 00(?![0\w])"),
        _trunk_first,
        local=False,
    ),
    # Without a country code, as people write their own number: a trunk "0" and an
    # area code, then the line (030 1234567, 0171/2345678, 06-12345678, 07700 900123)...
    _PhoneShape(
        "trunk-area-line",
        re.compile(r"00(?<![0\w.:/+-]00)0{0,3}[ /-]0{5,8}(?![0\w:-]|[.,]0)"),
        _trunk_then(9, 13),
        local=True,
    ),
    # ... or in groups: 612 345 678 (es, pl), 333 123 4567 (it, us), 020 7946 0958 (uk),
    # 02 1234 5678 (it).
    _PhoneShape(
        "groups-3-3-3",
        re.compile(r"000 000 000(?<![0\w.:/+-]000 000 000)(?![0\w:]|[.,]0| 0)"),
        _mobile_first,
        local=True,
    ),
    _PhoneShape(
        "groups-3-3-4",
        re.compile(r"000 000 0000(?<![0\w.:/+-]000 000 0000)(?![0\w:-]|[.,]0| 0)"),
        _area_code_first,
        local=True,
    ),
    _PhoneShape(
        "groups-2-4-4",
        re.compile(r"00(?<![0\w.:/+-]00)0? 0000 0000(?![0\w:-]|[.,]0| 0)"),
        _area_code_first,
        local=True,
    ),
    # A trunk "0" and an area code, then the line in groups of two to four digits
    # (0351 482 19 07, 030 - 231 88 47, 0172 / 983 44 12, 08321 60 77 12).
    _PhoneShape(
        "trunk-area-groups",
        re.compile(
            r"00(?<![0\w.:/+-]00)0{0,3}(?: ?[/-] ?| )000{0,2}(?:[ -]000{0,2}){1,3}"
            r"(?![0\w:-]|[.,]0)"
        ),
        _trunk_then(9, 12),
        local=True,
    ),
)
_EXTRA_PHONE_SHAPES = (
    # Nine digits in pairs after a first group of two or three, with no trunk "0":
    # landlines of Portugal and Poland (22 208 41 73, 42 630 17 55) and Spain
    # (963 58 21 40). Pairs at the end: never a thousands grouping.
    _PhoneShape(
        "groups-2-3-2-2",
        re.compile(r"00(?<![0\w.:/+-]00) 000 00 00(?![0\w:-]|[.,]0| 0)"),
        lambda value, _digits: value[0] not in "01",
        local=True,
    ),
    _PhoneShape(
        "groups-3-2-2-2",
        re.compile(r"000(?<![0\w.:/+-]000) 00 00 00(?![0\w:-]|[.,]0| 0)"),
        lambda value, _digits: value[0] not in "01",
        local=True,
    ),
    # An international number dialled with "00" instead of "+": 0031 6 1234 8890.
    _PhoneShape(
        "international-00",
        re.compile(r"(?<![0\w.:/+-])000{1,3} 0[0 ().\-/]{5,20}0(?![0\w])"),
        lambda value, digits: value[:2] == "00" and value[2] != "0" and 10 <= digits <= 15,
        local=True,
        not_after=re.compile(r"[A-Z0-9]{4}[ \t]\Z"),  # inside an IBAN's groups
    ),
)
for _shape, _expression in zip(
    _EXTRA_PHONE_SHAPES,
    (
        r"(?:^|[^0\w.:/+-])00 000 00 00",
        r"(?:^|[^0\w.:/+-])000 00 00 00",
        r"(?:^|[^0\w.:/+-])000{1,3} 0",
    ),
    strict=True,
):
    anchors.register_prefilter(_shape.pattern, "shape", _expression)
_PHONE_SHAPES += _EXTRA_PHONE_SHAPES
_DATE_OR_TIME_BEFORE = re.compile(r"(?:\d[:.-]\d\d|#|no\.|id)[ \t]*\Z", re.IGNORECASE)
_PHONE_STRIP = re.compile(r"[ ().\-/]+\Z")
for _shape in _PHONE_SHAPES[:4]:  # "(000)", "000-000-0000", "00 00 00 00 00": rare
    anchors.register(_shape.pattern, "shape")
# "00" and "000 " are everywhere in the shape of a log: one hyperscan pass finds where
# the whole shape is, and the pattern runs only there.
for _shape, _expression in zip(
    _PHONE_SHAPES[4:8],  # (the grouped lines after them run on re alone: they start at "00")
    (
        r"(?:^|[^0\w.:/+-])00{1,4}[ /-]0{5,8}",
        r"(?:^|[^0\w.:/+-])000 000 000",
        r"(?:^|[^0\w.:/+-])000 000 0000",
        r"(?:^|[^0\w.:/+-])000? 0000 0000",
    ),
    strict=True,
):
    anchors.register_prefilter(_shape.pattern, "shape", _expression)


def find_phones(scan: Scan) -> Iterator[Hit]:
    text, shape = scan.text, scan.shape
    for phone in _PHONE_SHAPES:
        for m in scan.finditer(phone.pattern, "shape"):
            start, end = m.span()
            value = text[start:end]
            if not phone.accept(value, count_digits(value)):
                continue
            if phone.name == "international" and shape[start - 1 : start] == "0":
                continue  # the "+" is inside a longer run of digits
            if phone.local and _DATE_OR_TIME_BEFORE.search(text, max(0, start - 12), start):
                continue
            after = phone.not_after
            if after is not None and after.search(text, max(0, start - 6), start):
                continue
            yield Hit(start, end, 54, PRIVATE, "phone", "phone", value)


# --- "my number is ...": a person's own number, whatever its grouping -----------------
#
# "My CN number is 13812345678", "my mobile number: 0612345678", "mi número es 612345678",
# "meine Handynummer ist 01712345678", "mon numéro : 0612345678", "il mio numero è ...",
# "o meu número é ...", "mijn nummer is ...", "mój numer to ...": a possessive, perhaps a
# country code (capitals) or a phone word, then the number word; the digits after it.
_OWN_NUMBER = re.compile(
    "(?<![a-z\x1a])(?:my|his|her|our|their|mi|mein|meine|mon|ma|il mio|la mia|o meu|mijn|"
    "m\x1aj|moja) (?:([a-z]{2}) )?(?:(?:phone|mobile|cell|home|work|office|whatsapp|"
    "contact|telephone|cellphone) )?(?:number|nummer|handynummer|telefonnummer|n\x1amero|"
    "numero|numer|phone|mobile)(?: is|:| ist| es| est| \x1a| to| de telefone| de "
    "t\x1al\x1aphone)?[ :]*"
)
_OWN_DIGITS = re.compile(r"\+?\d[\d \-().]{5,18}\d(?![\d\w])")
anchors.register(_OWN_NUMBER, "low")


def find_own_numbers(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_OWN_NUMBER, "low"):
        if m.group(1) is not None and not text[m.start(1) : m.end(1)].isupper():
            continue  # "my id number": a country code is written in capitals
        dm = _OWN_DIGITS.match(text, m.end())
        if dm is None or not 7 <= count_digits(dm.group()) <= 15:
            continue
        yield Hit(dm.start(), dm.end(), 54, PRIVATE, "phone", "own-number", dm.group())


# --- street addresses ---------------------------------------------------------------

_STREET_TYPES = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
    r"Terrace|Square|Sq|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Close|Crescent|Gardens|Grove|Row|"
    r"Trail|Walk|Alley|Plaza|Broadway|Mews|Hill"
)
_CAP = r"[A-Z\u00c0-\u00de][\w'\u2019.-]*"
_TAIL = (
    r"(?:,?[ \t]*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|#)\.?[ \t]*#?[\w-]+)?"
    r"(?:,[ \t]*(?:" + _CAP + r"(?:[ \t]+[A-Z0-9][\w'\u2019.-]*){0,3}|\d{4,5}(?:-\d{4})?"
    r"(?:[ \t]+" + _CAP + r"){0,2})){0,3}"
)
_EN_ADDRESS = re.compile(
    r"(\d{1,5}[A-Za-z]?(?:-\d{1,5})?)[ \t]+(?:" + _CAP + r"[ \t]+){1,4}?(?:" + _STREET_TYPES + r")"
    r"\b\.?" + _TAIL
)
_NUMBER_START = re.compile(r"\d{1,5}[A-Za-z]?(?:-\d{1,5})?\Z")

_EU_SUFFIXES = (
    "stra\x1ae", "strasse", "str.", "weg", "gasse", "platz", "allee", "damm", "ufer", "straat",
    "laan", "gracht", "plein", "vej", "gade", "gatan", "v\x1agen", "katu",
    "ring", "chaussee", "steig", "pfad", "promenade", "zeile", "dijk", "kade", "singel",
    "markt", "steenweg", "straße",
)  # fmt: skip
_EU_NAME = re.compile(r"(?:" + _CAP + r"[ \t-]+){0,3}[\w\u00c0-\u024f.-]*\Z")
# The postcode and town after a street: 12345 Berlin, 00-950 Warszawa (pl),
# 1100-148 Lisboa (pt), 1012 AB Amsterdam (nl), then perhaps ", Country".
# (and 111 36 Stockholm: se, cz, sk, gr)
_POSTCODE = (
    r"(?:\d{2}-\d{3}|\d{4}-\d{3}|\d{4}[ \t]?[A-Z]{2}(?![a-z])|\d{3}[ \t]\d{2}(?!\d)|\d{4,5})"
)
# A town's name: capitalised words (Łódź: Latin Extended-A capitals too), perhaps joined
# by a particle ("Immenstadt im Allgäu", "Radda in Chianti", "Frankfurt am Main"), perhaps
# a province after it ("(SI)", "TO").
_TOWN_WORD = r"[A-Z\u00c0-\u00de\u0100-\u017f][\w'\u2019.-]*"
_TOWN = (
    _TOWN_WORD + r"(?:[ \t]+(?:(?:im|am|an der|an|in|bei|sur|sous|de|del|di|la|le|en|upon|on)"
    r"[ \t]+)?" + _TOWN_WORD + r"){0,2}(?:[ \t]+\([A-Z]{2}\))?"
)
_EU_TAIL = re.compile(
    r"(?:,?[ \t]*(?:[A-Z]{1,2}-)?" + _POSTCODE + r"[ \t]+" + _TOWN + r")?"
    r"(?:,[ \t]*" + _CAP + r")?"
)
_PREFIX_WORDS = ("calle ", "avenida ", "avda. ", "via ", "viale ", "rua ", "rue ", "plaza ",
                 "piazza ", "carrer ", "ulica ", "ul. ", "paseo ", "camino ", "ronda ",
                 "carretera ", "passeig ", "avinguda ", "travessa ", "largo ", "pra\x1aa ",
                 "estrada ", "alameda ", "corso ", "piazzale ", "vicolo ", "strada ",
                 "lungomare ", "al. ", "aleja ", "plac ", "os. ", "c/ ", "route ",
                 "all\x1ae ", "cours ", "quai ", "chemin ", "impasse ", "place ",
                 "localit\x1a ", "frazione ")  # fmt: skip
_PREFIX_ANY = re.compile("|".join(re.escape(w) for w in _PREFIX_WORDS))  # one search first
_NUMBER_FIRST_WORDS = ("rue ", "avenue ", "boulevard ", "bd ", "place ", "chemin ", "all\x1ae ",
                       "impasse ", "quai ", "calle ", "via ", "rua ", "route ", "cours ",
                       "all\x1aes ")  # fmt: skip
_PREFIX_ADDRESS = re.compile(
    r"(?:(?:\d{1,4},?[ \t]+)?)(?:Calle|Avenida|Avda\.|Via|Viale|Rua|Rue|rue|Plaza|Piazza|Carrer|"
    r"Ulica|ul\.|ulica|Ul\.|avenue|Avenue|boulevard|Boulevard|bd|place|Place|chemin|Chemin|quai|"
    r"Quai|impasse|Impasse|Paseo|Camino|Ronda|Carretera|Passeig|Avinguda|Travessa|Largo|"
    r"Pra\u00e7a|Estrada|Alameda|Corso|Piazzale|Vicolo|Strada|Lungomare|al\.|Al\.|Aleja|aleja|"
    r"Plac|plac|os\.|Os\.|C/|c/|route|Route|all\u00e9e|All\u00e9e|all\u00e9es|cours|Cours|"
    r"Localit\u00e0|localit\u00e0|Frazione|frazione)[ \t]*"
    r"(?:(?:de|del|la|las|los|di|da|do|dos|das|des|du|le|l'|della|delle|dei|van|von)[ \t]+)*"
    r"(?:(?:" + _CAP + r"[ \t]+){0,3}?" + _CAP + r",?[ \t]+(?:n\.?\u00ba[ \t]*|nr\.?[ \t]*)?"
    r"\d{1,4}(?!\d)[a-zA-Z]?(?:/\d{1,4})?|(?:" + _CAP + r"[ \t]+){0,3}?" + _CAP + ")"
)


# The flat or suite written before the street ("Flat 3, 27 Coldharbour Lane").
_UNIT_BEFORE = re.compile(
    r"(?<![\w-])(?:Flat|Apt|Apartment|Suite|Ste|Unit|Floor|Room|Studio)\.?"
    r"[ \t]*#?[\w-]{1,6},[ \t]*\Z"
)


def find_addresses(scan: Scan) -> Iterator[Hit]:
    text, shape = scan.text, scan.shape
    for m in re.finditer("0 A", shape):
        digit_end = m.start() + 1
        nm = _NUMBER_START.search(text, max(0, digit_end - 12), digit_end)
        if nm is None:
            continue
        start = nm.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "#.-/:"):
            continue
        am = _EN_ADDRESS.match(text, start)
        if am is None:
            continue
        if text[start - 2 : start] == ", ":  # "Flat 3, 27 Coldharbour Lane"
            um = _UNIT_BEFORE.search(text, max(0, start - 28), start)
            if um is not None:
                start = um.start()
        yield Hit(start, am.end(), 50, PRIVATE, "address", "street-address", text[start : am.end()])


# On the shape view: a Capitalised word, then a number ("Hauptstraße 12", "Mayor 5").
_CAPITAL_WORD_NUMBER = re.compile("A[a\x1a-]{1,30}\\.?,? 0")
# The same, found on the reversed shape view: " 0" is far rarer than a capital, and
# ``re`` skips to it (each match has one start: the capital before the run).
_NUMBER_WORD_CAPITAL = re.compile("0 ,?\\.?[a\x1a-]{1,30}A")


def find_eu_addresses(scan: Scan) -> Iterator[Hit]:
    """Street name then number (``Hauptstraße 12``, ``Calle Mayor 5``) or ``10 rue de ...``."""
    low, shape = scan.low, scan.shape
    n = len(shape)
    ends = [n - m.start() for m in _NUMBER_WORD_CAPITAL.finditer(shape[::-1])]
    for end in reversed(ends):  # as _CAPITAL_WORD_NUMBER.finditer(shape) would give them
        pos = end - 3  # the last letter (or dot) of the word
        if shape[pos] == ",":  # "Rua das Flores, 123"
            pos -= 1
        if low.endswith(_EU_SUFFIXES, max(0, pos - 8), pos + 1):
            yield from _eu_street(scan, pos + 1)
        elif shape[pos] in "a\x1a" and _PREFIX_ANY.search(low, max(0, pos - 40), pos + 1):
            window = low[max(0, pos - 40) : pos + 1]
            for prefix in _PREFIX_WORDS:
                at = window.rfind(prefix)
                if at >= 0:
                    yield from _prefix_street(scan, max(0, pos - 40) + at)
                    break
    pos = shape.find("0 a")
    while pos >= 0:
        if low.startswith(_NUMBER_FIRST_WORDS, pos + 2):
            yield from _prefix_street(scan, pos + 2)
        pos = shape.find("0 a", pos + 3)


_STREET_NUMBER = re.compile(r",?[ \t]+\d{1,4}[a-zA-Z]?(?:/\d{1,4})?(?![\w])\.?")
# The floor, door or flat after the number: "bajo", "3º B", "piso 2", "lok. 12" (pl),
# "kv. 41" (ua), "int. 5" (it), "Apt 4".
_UNIT = re.compile(
    r"(?:,?[ \t]*(?:bajo|entlo\.?|dcha\.?|izda\.?|piso[ \t]*\d{1,2}|planta[ \t]*\d{1,2}|"
    r"puerta[ \t]*\w{1,3}|esc\.[ \t]*\w{1,2}|"
    r"\d{1,2}[\u00ba\u00aa\u00b0]\.?(?:[ \t]*[A-Za-z](?!\w))?|"
    r"(?:lok|m|kv|apt|int)\.?[ \t]*\d{1,4})(?![\w]))*"
)


def _eu_street(scan: Scan, word_end: int) -> Iterator[Hit]:
    text = scan.text
    nm = _EU_NAME.search(text, max(0, word_end - 40), word_end)
    num = _STREET_NUMBER.match(text, word_end)
    if nm is None or num is None:
        return
    start = nm.start()
    if not text[start : start + 1].isupper():
        return
    unit = _UNIT.match(text, num.end())
    tail = _EU_TAIL.match(text, unit.end() if unit is not None else num.end())
    end = tail.end() if tail is not None else num.end()
    yield Hit(start, end, 50, PRIVATE, "address", "street-address", text[start:end])


_NUMBER_BEFORE = re.compile(r"\d{1,4},?[ \t]+\Z")


def _prefix_street(scan: Scan, lo: int) -> Iterator[Hit]:
    text, low = scan.text, scan.low
    if lo > 0 and low[lo - 1].isalpha():
        return
    nm = _NUMBER_BEFORE.search(text, max(0, lo - 8), lo)
    if nm is not None:
        lo = nm.start()
    am = _PREFIX_ADDRESS.match(text, lo)
    if am is None or not has_digit(am.group()):
        return
    unit = _UNIT.match(text, am.end())
    tail = _EU_TAIL.match(text, unit.end() if unit is not None else am.end())
    end = tail.end() if tail is not None else am.end()
    yield Hit(lo, end, 50, PRIVATE, "address", "street-address", text[lo:end])
