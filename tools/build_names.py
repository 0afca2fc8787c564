"""Build ``sophdesk/domain/redaction/names_data.py``: given names and surnames.

Run by a developer (``faker`` is a dev dependency, never imported by sophdesk at
run time) whenever the locales or the word lists below change:

    python tools/build_names.py

Source: the person providers of Faker (https://github.com/joke2k/faker, MIT,
Copyright (c) 2012 Daniele Faraglia; the notice is in
``sophdesk/domain/redaction/NAMES_LICENSE.txt``). Every ``first_name*`` list of a
locale's person provider gives given names, every ``*last_name*`` list surnames.

Names that are also ordinary words (Faker's lorem word lists of the same
languages, plus the words below: months, weekdays, words of logs and support
text) are listed apart, as ``COMMON``: the engine takes them for a name only with
a cue (a greeting, "my customer", "Mrs"), never on their own.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

LOCALES = (
    "en_US", "en_GB", "en_IE", "en_NZ", "de_DE", "de_AT", "de_CH", "fr_FR", "fr_CH", "fr_QC",
    "es_ES", "es_MX", "es_AR", "es_CO", "pt_BR", "pt_PT", "nl_NL", "nl_BE", "it_IT", "pl_PL",
    "sv_SE", "da_DK", "no_NO", "fi_FI", "cs_CZ", "sk_SK", "ro_RO", "hu_HU", "hr_HR", "sl_SI",
    "tr_TR", "ga_IE",
)  # fmt: skip
# (The Spanish, Czech and Latin lorem lists hold names of their own: not used.)
LOREM = ("en_US", "de_DE", "fr_FR", "it_IT", "nl_NL", "pl_PL", "da_DK")
# Names the lorem lists above hold as words, that are names first.
NAMES_FIRST = {
    "claire",
    "françois",
    "cristiano",
    "david",
    "john",
    "andre",
    "anders",
    "bjørn",
    "kristen",
    "franco",
    "franca",
    "amico",
}

# Ordinary words that read as names in support text, whatever the lorem lists say.
WORDS = """
january february march april may june july august september october november december
januar februar märz mai juni juli oktober dezember janvier février mars avril juin juillet
août septembre octobre novembre décembre enero febrero marzo abril mayo junio julio agosto
septiembre setiembre octubre noviembre diciembre gennaio febbraio aprile maggio giugno luglio
settembre ottobre dicembre janeiro fevereiro março maio junho julho setembro outubro novembro
dezembro januari februari maart mei augustus
monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag
freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes
miércoles jueves viernes sábado domingo lunedì martedì mercoledì giovedì venerdì sabato
will mark bill grace hope faith joy rose lily ivy iris daisy holly summer autumn winter
spring dawn eve chase hunter page lane park hill wood stone brook river sky star storm
rain sunny jack frank rich long young white black brown green grey gray red gold silver
king price cook baker smith mason carter taylor miller walker turner cross fox wolf bird
may june april august hall wall ball bell best love post test guy art van don ray sal
pat max sam ben tom dick rob drew gene jean mike jay ace sonny honey pepper ginger crystal
amber jade pearl ruby angel charity chance dale glen cliff rock reed forest field
ford lincoln chevy tesla apple amazon google stripe paypal square shopify mailchimp
support admin customer client user team order status error warning notice fatal debug info
php java python ruby perl swift rust go node react vue angel mercury venus mars
london paris berlin madrid rome lisbon warsaw vienna amsterdam brussels dublin florence
sydney austin dallas houston phoenix orlando chelsea victoria charlotte madison jackson
denver aurora georgia virginia carolina florida india china jordan israel kenya
""".split()  # fmt: skip  # noqa: SIM905

_WORD = re.compile(r"[^\W\d_][^\W\d_'\u2019-]*(?:['\u2019-][^\W\d_]+)*")


def _lists(module_name: str, wanted: str) -> list[str]:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return []
    provider = module.Provider
    out: list[str] = []
    for attr in dir(provider):
        if attr.startswith("_") or wanted not in attr:
            continue
        value = getattr(provider, attr)
        if isinstance(value, dict):
            value = list(value)
        if isinstance(value, (list, tuple)):
            out.extend(v for v in value if isinstance(v, str))
    return out


def _clean(names: list[str]) -> set[str]:
    out = set()
    for name in names:
        for part in name.split():
            if _WORD.fullmatch(part) and len(part) >= 2 and part[0].isupper():
                out.add(part.lower())
    out.discard("doe")
    return out


def build() -> tuple[set[str], set[str], set[str]]:
    given: set[str] = set()
    surnames: set[str] = set()
    for locale in LOCALES:
        given |= _clean(_lists(f"faker.providers.person.{locale}", "first_name"))
        surnames |= _clean(_lists(f"faker.providers.person.{locale}", "last_name"))
    words = {w.lower() for w in WORDS}
    for locale in LOREM:
        for value in _lists(f"faker.providers.lorem.{locale}", "word_list"):
            words.add(value.lower())
    # The hand-made words always ("Will", "Monday"), the lorem words when they are names.
    common = (((given | surnames) & words) - NAMES_FIRST) | {w.lower() for w in WORDS}
    return given, surnames, common


def render(given: set[str], surnames: set[str], common: set[str]) -> str:
    import faker

    def block(name: str, values: set[str]) -> str:
        words = sorted(values)
        lines = []
        line: list[str] = []
        for word in words:
            if sum(len(w) + 1 for w in line) + len(word) > 84:
                lines.append(" ".join(line))
                line = []
            line.append(word)
        lines.append(" ".join(line))
        body = "\n".join(lines)
        return f'{name} = """\n{body}\n"""\n'

    head = (
        '"""Given names and surnames (lower case, one space or line apart), for\n'
        ":mod:`.people`. Generated by ``tools/build_names.py`` from the person\n"
        f"providers of Faker {faker.VERSION} (MIT; see NAMES_LICENSE.txt beside this\n"
        'file). Do not edit by hand."""\n\n'
        "# fmt: off\n"
        "# ruff: noqa: RUF001\n"
    )
    return (
        head
        + block("GIVEN", given)
        + "\n"
        + block("SURNAMES", surnames)
        + "\n"
        + block("COMMON", common)
    )


def main() -> int:
    given, surnames, common = build()
    target = Path(__file__).resolve().parent.parent / "sophdesk/domain/redaction/names_data.py"
    target.write_text(render(given, surnames, common), encoding="utf-8")
    print(f"{len(given)} given names, {len(surnames)} surnames, {len(common)} also words: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
