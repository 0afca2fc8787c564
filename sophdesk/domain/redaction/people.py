"""People in prose: third parties' names where something says a name is there.

The cues, each cheap to find (a literal, a line start, a rare shape), and the
name read after it in the original text:

* a known given name followed by a known surname in a sentence ("I spoke with
  Emily Johnson", "Brigitte Lemaire called"; not a field's value on its own line
  or after a label, "Owner: Ana Ruiz": the desk's own owner field and team lists);
* a role word ("one of my customers, Brigitte Lemaire, ...", "a buyer complained,
  Tomasz Wiśniewski", "Kunde Jan Nowak"), then a known given name (or a capitalised
  word and a known surname) within the same clause;
* an honorific ("Mr. O'Neill", "Frau Schneider", "Mme Girard", "Pani Kowalska"):
  the capitalised words after it, known or not; the honorific itself stays;
* mail headers (``From:``, ``To:``, ``Cc:``, ``Reply-To:``, ``Von:``, ``De:``, ...):
  the display names of the addresses (``"Lemaire, Brigitte" <...>``);
* chat speaker labels: ``[10:02] Ana Ruiz: ...``, ``Ana Ruiz 10:02 AM``, ``<ana.ruiz>``.

Greetings and signatures are read in :mod:`.labels` (``_greet``, ``_sign``). The
engine then removes every later mention of a found name and of its parts
(:func:`.engine.propagate`; :func:`propagated_part` says which parts). The
operator's own team is not told apart: a team member greeted, signing or named in
a sentence is removed like anyone else.

The names are those of :mod:`.names_data` (Faker's person providers, built by
``tools/build_names.py``), loaded once, when first needed. Names that are also
ordinary words ("Will", "May", "Mark", "Rose") count only after a cue.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator
from functools import cache

from . import anchors
from .scan import Hit, Scan

PRIVATE = "private"
_PRIORITY = 45  # as labelled names: below addresses, phones and every secret


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Given names, surnames, and the names that are also ordinary words (lower case)."""
    from . import names_data

    return (
        frozenset(names_data.GIVEN.split()),
        frozenset(names_data.SURNAMES.split()),
        frozenset(names_data.COMMON.split()) | _STOP,
    )


# Capitalised words that are never a person here, whatever the lists hold.
_STOP = frozenset(
    """
    sophmate woocommerce wordpress stripe openai codecanyon envato paypal braintree google
    gemini claude mistral cohere groq azure amazon apple microsoft windows linux ubuntu debian
    chrome firefox safari edge opera mozilla cloudflare nginx apache php mysql mariadb redis
    docker jetpack elementor yoast gutenberg divi avada astra hostinger bluehost siteground
    godaddy kinsta hetzner ionos strato ovh twilio mailgun sendgrid brevo mailchimp postmark
    slack discord telegram notion github gitlab zapier shopify magento laravel symfony react
    vue angular jquery bootstrap composer node python java ruby perl rust swift kotlin django
    flask rails drupal joomla wix squarespace klarna mollie adyen square razorpay visa
    mastercard amex maestro discover sofort ideal sepa woo commerce press
    team support admin administrator customer customers client user guest unknown test
    anonymous none null true false hello hi hey dear thanks thank regards best there all
    everyone folks guys sir madam again world friend friends you yes no dev mate everybody
    error warning notice fatal debug info order status payment gateway plugin theme version
    update settings server request response stack trace the this that and for with from
    please check our your my his her their new old see note
    """.split()  # noqa: SIM905
)

# --- the lists -------------------------------------------------------------------------


def is_given(word: str) -> bool:
    return word.lower() in _lists()[0]


def is_surname(word: str) -> bool:
    return word.lower() in _lists()[1]


def is_name(word: str) -> bool:
    """A given name or a surname of the lists (ordinary words included)."""
    low = word.lower()
    given, surnames, _ = _lists()
    return low in given or low in surnames


def is_common(word: str) -> bool:
    """Also an ordinary word, or a product's or the desk's own word."""
    return word.lower() in _lists()[2]


def propagated_part(part: str) -> bool:
    """Whether a part of a found name is looked for again on its own: four letters
    or more, or a known name of three ("Ana", "Jan"); never an ordinary word."""
    if len(part) < 3 or not part[0].isupper() or is_common(part):
        return False
    return len(part) >= 4 or is_name(part)


# --- reading a name ----------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['\u2019-](?=[^\W\d_]))*")
_PARTICLES = frozenset(
    "van von de da del der den la le di du dos das do ten ter y zu bin al el".split()  # noqa: SIM905
)
_TITLES = (
    "Mr Mrs Ms Mx Miss Dr Prof Sir Herr Frau Mme Mlle Madame Monsieur Mevrouw Meneer Mevr Dhr "
    "Sr Sra Srta Señor Señora Doña Dona Dom Pan Pani Sig Signor Signora Sig.ra"
)
_HONORIFIC_WORDS = _TITLES.split()
HONORIFICS = frozenset(_HONORIFIC_WORDS)


def capitalised(word: str) -> bool:
    """A person's word: a capital, then lower case (O'Neill, McDonald, Anne-Marie)."""
    if not word[0].isupper() or (word.isupper() and len(word) > 1):
        return False
    rest = word[1:]
    for i, c in enumerate(rest):
        if c.isupper():
            before = word[: i + 1]
            if not (before.endswith(("'", "\u2019", "-")) or before in ("Mc", "Mac", "O")):
                return False
    return True


def read_name(text: str, pos: int, *, words: int = 4) -> tuple[int, list[str]]:
    """The capitalised words from ``pos`` (particles between them: "Jan de Vries"),
    single spaces apart, on one line: where they end and the words."""
    found: list[str] = []
    end = pos
    at = pos
    pending: list[str] = []
    while len(found) < words:
        m = _WORD.match(text, at)
        if m is None:
            break
        word = m.group()
        if word in _PARTICLES and found:
            pending.append(word)
        elif capitalised(word) and word.lower() not in _STOP:
            found.extend(pending)
            pending = []
            found.append(word)
            end = m.end()
        else:
            break
        nxt = m.end()
        if nxt < len(text) and text[nxt] in " \t" and nxt + 1 < len(text):
            at = nxt + 1
        else:
            break
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return pos, []
    return end, [w for w in found if w not in _PARTICLES]


def _known_person(words: list[str], *, cued: bool) -> bool:
    """Whether ``words`` read as a person: a known given name first (an ordinary-word
    one only with a surname after it, or after a cue), or a known surname after
    a capitalised word."""
    if not words:
        return False
    first = words[0]
    if first.lower() in _STOP:
        return False
    if is_given(first) and (not is_common(first) or (cued and len(words) > 1)):
        return True
    if len(words) < 2:
        return False
    # after a cue, a surname that is also a word will do ("the customer, Will Turner")
    return any(is_surname(w) and (cued or not is_common(w)) for w in words[1:])


def _hit(text: str, start: int, end: int, rule: str) -> Hit:
    return Hit(start, end, _PRIORITY, PRIVATE, "name", rule, text[start:end])


def _boundary_before(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_'\u2019-./@\\")


# --- a known given name and a known surname, anywhere ----------------------------------

# The given names as they start a pair ("Anna "): found in one pass of hyperscan
# (a literal set) where it runs, else where this shape-view pattern matches (a
# capital, lower-case ASCII letters, a space) and the word is one of them.
_FIRST = re.compile("(?<![\\w'\u2019./@\\\\-])[A\x1a][a\x1a]+ ")
_SECOND = re.compile("[A\x1a][a\x1a]+")
_BEFORE_NOT = "_'\u2019./@\\-"


@cache
def _first_words() -> tuple[str, ...]:
    """The usable given names as they start a pair, on the ASCII view (each non-ASCII
    letter there is "\x1a": "Émile " is "\x1amile "; what matches is checked)."""
    given, _, common = _lists()
    usable = (n for n in given - common if n.isalpha())
    return tuple(sorted({_on_ascii_view(n.capitalize()) + " " for n in usable}))


def _on_ascii_view(word: str) -> str:
    """``word`` as :attr:`.Scan.ascii` shows it (each non-ASCII character "\x1a")."""
    return word.encode("ascii", "sophdesk-ascii").decode("ascii")


#: From this size on the given names are found by hyperscan (its database of some
#: 7,000 names compiles in ~0.3 s, once, then loads from the caller's store in
#: ~4 ms); below it ``re`` is cheaper (~1.5 ms per 100 KB) and no database is built.
PAIR_LITERALS_FROM = 1_000_000


def _pair_starts(scan: Scan) -> list[int]:
    """Where a capitalised known given name (not an ordinary word) and a space start."""
    text = scan.text
    found: list[int] | None = None
    if len(text) >= PAIR_LITERALS_FROM:
        found = anchors.literal_starts("people-given", _first_words(), scan.ascii)
    if found is None:
        found = [m.start() for m in _FIRST.finditer(scan.shape)]
    given, _, common = _lists()
    starts = []
    last = -1
    for start in found:
        if start == last:
            continue
        last = start
        space = text.find(" ", start)
        word = text[start:space]
        if not word[:1].isupper() or not word.isalpha():
            continue
        low = word.lower()
        if low in given and low not in common:
            starts.append(start)
    return starts


_WORD_BEFORE = re.compile(r"[^\W\dA-Z_][,;]?[ \t]\Z")  # "with ", "customers, "
_WORD_AFTER = re.compile(r",?[ \t][^\W\dA-Z_]")  # " called", ", card"


_FIELD_LABEL = re.compile(r"(?:^|\n)[ \t>*-]*[A-Za-z][\w -]{0,30}:[ \t]*\Z")  # "- Owner: "


def _in_prose(text: str, start: int, end: int) -> bool:
    """Whether the name stands in a sentence: a lower-case word just before or after
    it on its line, and no label before it. A name after a label ("Owner: Ana Ruiz is
    handling this") is a field's value (the desk's own owner and customer fields): the
    label rules say which labels hold a third party's name (``Customer:``, ``Name:``).
    A known given name and known surname filling a line are a contact block or a
    signature (:func:`_alone_on_line`)."""
    if _FIELD_LABEL.search(text, max(0, start - 40), start) is not None:
        return False
    if _WORD_AFTER.match(text, end) is not None:
        return True
    return _WORD_BEFORE.search(text, max(0, start - 3), start) is not None


def _pairs(scan: Scan) -> Iterator[Hit]:
    text, shape = scan.text, scan.shape
    _, surnames, common = _lists()
    n = len(text)
    for start in _pair_starts(scan):
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in _BEFORE_NOT):
            continue
        space = text.index(" ", start)
        line_end = _alone_on_line(text, start, space, surnames, common)
        if line_end:
            yield _hit(text, start, line_end, "line-name")
            continue
        sm = _SECOND.match(shape, space + 1)
        if sm is None or not text[space + 1].isupper():
            continue
        if _cell_starts(text, start):
            cell_end, words = read_name(text, start, words=4)
            if len(words) >= 2 and _fills_cell(text, start, cell_end):
                yield _hit(text, start, cell_end, "cell-name")
                continue
        end = sm.end()
        second = text[space + 1 : end].lower()
        if second in common:
            continue
        if second not in surnames and _INTRODUCED.search(text, max(0, start - 8), start) is None:
            continue  # an unknown second word counts after "by", "from", "with" ... only
        if (
            end < n
            and (text[end].isalnum() or text[end] in "_'\u2019-@")
            and not _possessive(text, end)
        ):
            continue  # "Jan Kowalski-Nowak", an e-mail's local part: left to the cues
        if not _in_prose(text, start, end):
            continue  # a field's value ("Owner: Ana Ruiz"), a list of the team: kept
        yield _hit(text, start, end, "known-name")


# A line that is a person's name and nothing else: a contact block, a signature with
# no closing word ("Richard M. Nixon", "Anna Kowalczyk"): a known given name, perhaps
# a middle name or initial, and a known surname, neither an ordinary word.
_REST_OF_NAME = re.compile(
    r"(?:([A-Z\u00c0-\u00de]\.|[A-Z\u00c0-\u00de][^\W\d_]+)[ \t])?"
    r"([A-Z\u00c0-\u00de][^\W\d_]+(?:-[A-Z\u00c0-\u00de][^\W\d_]+)?)[ \t\r]*(?=\n|\Z)"
)
_NON_SPACE = re.compile(r"\S")  # searched from a point: stops at the first one, no copy
_LINE_LEAD = frozenset(" \t>*-\u2022")


def _alone_on_line(
    text: str, start: int, space: int, surnames: frozenset[str], common: frozenset[str]
) -> int:
    """Where the name starting at ``start`` ends, when it fills its line; else 0."""
    at = start
    while at > 0 and text[at - 1] in _LINE_LEAD:
        at -= 1
    if at > 0 and text[at - 1] != "\n":
        return 0
    m = _REST_OF_NAME.match(text, space + 1)
    if m is None:
        return 0
    if _NON_SPACE.search(text, 0, at) is None and _NON_SPACE.search(text, m.end()) is None:
        return 0  # the whole text: a field's value (an owner, an affected user), no block
    last = m.group(2).lower()
    if last not in surnames or last in common:
        return 0
    middle = m.group(1)
    if middle is not None and len(middle) > 2 and middle.lower() in common:
        return 0
    return m.end(2)


# "pasted by Yusuf Demirci", "(from Sofía Quintero)", "chat with Oleksandr Kravets",
# "von", "por", "par", "door", "przez", "mit", "avec", "con", "met", "com": a word that
# introduces a person (the given name is known; the surname need not be).
_INTRODUCED = re.compile(
    r"(?<![\w'\u2019-])(?:[Bb]y|[Ff]rom|[Ww]ith|von|por|par|door|przez|od|mit|avec|con|met|com)"
    r"[ \t]+\Z"
)


def _possessive(text: str, end: int) -> bool:
    """ "Lars Møller's cluster": the name ends before the "'s"."""
    return (
        text[end : end + 1] in ("'", "\u2019")
        and text[end + 1 : end + 2] == "s"
        and not text[end + 2 : end + 3].isalnum()
    )


# --- a name that fills a cell of a table row ------------------------------------------
#
# An order or billing export, a spreadsheet pasted as TSV, a Markdown table: a cell
# that holds a known given name and one to three capitalised words, and nothing else,
# in a row of three cells or more ("Hannelore Vogt<TAB>4283 ...<TAB>06/2029").

_CELL_SEPARATORS = "\t|;,"
_CELL_QUOTES = "\"'"


def _cell_starts(text: str, start: int) -> bool:
    """A cell may start here: a separator, the line's start or the text's just
    before, past spaces and quotes (the cheap half of :func:`_fills_cell`)."""
    before = start
    while before > 0 and text[before - 1] in " " + _CELL_QUOTES:
        before -= 1
    return before == 0 or text[before - 1] in "\n" + _CELL_SEPARATORS


def _fills_cell(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    before = start
    while before > line_start and text[before - 1] in " " + _CELL_QUOTES:
        before -= 1
    after = end
    while after < line_end and text[after] in " \r" + _CELL_QUOTES:
        after += 1
    left = text[before - 1] if before > line_start else ""
    right = text[after] if after < line_end else ""
    if left and left not in _CELL_SEPARATORS:
        return False
    if right and right not in _CELL_SEPARATORS:
        return False
    separator = left or right
    if not separator:
        return False  # a name alone on its line: a signature's or a field's business
    line = text[line_start:line_end]
    if separator == "\t" or separator == "|":
        return line.count(separator) >= 2
    # ";" and "," also end clauses: a row needs three more cells, none of them a sentence
    cells = line.split(separator)
    return len(cells) >= 4 and all(cell.count(" ") <= 4 for cell in cells)


# --- honorifics: "Mrs Lemaire", "Frau Schneider", "Mr. O'Neill" ------------------------

# Each title then "." or a space: literals of three characters or more, for
# anchors (the ASCII titles only: "Señora", "Doña" are read in greetings).
_HONORIFIC = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(w) for w in sorted(_HONORIFIC_WORDS, key=len, reverse=True) if w.isascii())
    + r")[. ][ \t]*(?=[^\W\d_])"
)


def _honorifics(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_HONORIFIC, "text"):
        pos = m.end()
        # "Herr Dr. Brandt": a second title
        again = _HONORIFIC.match(text, pos)
        if again is not None:
            pos = again.end()
        end, words = read_name(text, pos, words=3)
        if not words or words[0] in HONORIFICS:
            continue
        if len(words) == 1 and is_common(words[0]) and not is_name(words[0]):
            continue
        yield _hit(text, pos, end, "honorific-name")


# --- role words: "my customer Brigitte", "a buyer complained, Tomasz Wiśniewski" ----------

_ROLE = re.compile(
    "(?<![a-z\x1a])(?:customer|client|buyer|user|kund|klant|klient|acheteu|comprador|"
    "acquirente|shopper|subscriber|purchaser|member|guest|visitor|colleague|kolleg|collega|"
    "coll\x1ague|cliente|usuario|utilisateur|utente|gebruiker|nutzer|u\x1aytkownik)"
    "(?:e|in|en|a|as|es|s|ka|ki|r|se|ra|ras|i)?(?=[ \t,])"
)
# Family, partners and co-workers, whose names a customer gives in passing ("his wife
# Marianne", "mia sorella Beatrice", "mi socia Lucía Benavent", "unser Webmaster
# Kai-Uwe Petersen"): en de es fr pt nl it pl, whole words (non-ASCII letters are
# "\x1a" on the low view: "sœur" is "s\x1aur").
_RELATION_WORDS = (  # noqa: SIM905
    "wife husband partner daughter brother sister nephew niece cousin mother father "
    "mom mum boss manager assistant webmaster developer designer agent teammate "
    "accountant bookkeeper employee intern friend "
    "mann ehemann ehefrau sohn tochter bruder schwester neffe nichte chef chefin "
    "mitarbeiter mitarbeiterin buchhalter buchhalterin entwickler entwicklerin partnerin "
    "freund freundin "
    "esposa esposo mujer marido hijo hija hermano hermana sobrino sobrina socio socia jefe "
    "jefa agente contable desarrollador desarrolladora compa\x1aero compa\x1aera amigo amiga "
    "femme fils fille fr\x1are s\x1aur neveu ni\x1ace associ\x1a associ\x1ae patron "
    "patronne comptable d\x1aveloppeur d\x1aveloppeuse "
    "filho filha irm\x1ao irm\x1a sobrinho s\x1acio s\x1acia chefe contador contadora "
    "vrouw zoon dochter broer zus neef nicht baas boekhouder medewerker medewerkster "
    "vennoot vriend vriendin "
    "moglie marito figlio figlia fratello sorella nipote capo commercialista amica "
    "\x1aona m\x1a\x1a c\x1arka brat siostra wsp\x1alnik wsp\x1alniczka szef szefowa "
    "ksi\x1agowa ksi\x1agowy"
).split()
_RELATION_SORTED = sorted(set(_RELATION_WORDS))
# In patterns of fewer than 64 literals each, so that :mod:`.anchors` finds them in its
# one pass (no ``re`` pass over the text for an alternation with no literal prefix).
_RELATIONS = tuple(
    re.compile(
        "(?<![a-z\x1a])(?:"
        + "|".join(re.escape(w) for w in sorted(chunk, key=len, reverse=True))
        + ")(?=[ \t,])"
    )
    for chunk in (_RELATION_SORTED[i : i + 60] for i in range(0, len(_RELATION_SORTED), 60))
)
_CLAUSE_END = re.compile(r"[.;!?\n()\[\]{}<>=\"|/\\@#*`:]")
_CAP_WORD = re.compile(r"(?<![\w'\u2019-])[^\W\d_a-z]")
_REACH = 48


def _roles(scan: Scan) -> Iterator[Hit]:
    yield from _cued(scan, _ROLE, "role-name")
    for relation in _RELATIONS:
        yield from _cued(scan, relation, "relation-name")


def _cued(scan: Scan, cue: re.Pattern[str], rule: str) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(cue, "low"):
        pos = m.end()
        if text.startswith(" (", pos):  # "the customer (Ole Brandt)"
            pos += 2
        stop = _CLAUSE_END.search(text, pos, pos + _REACH)
        limit = stop.start() if stop is not None else min(len(text), pos + _REACH)
        for tries, cm in enumerate(_CAP_WORD.finditer(text, pos, limit)):
            if tries == 2:
                break
            start = cm.start()
            end, words = read_name(text, start, words=4)
            if _known_person(words, cued=True):
                yield _hit(text, start, end, rule)
                break


# --- a person naming themselves: "my name is Dan", "je m'appelle Hélène" ----------------

_SELF = re.compile(
    "(?<![a-z\x1a])(?:my name is|my name's|mein name ist|ich hei\x1ae|ich heisse|me llamo|"
    "mi nombre es|je m'appelle|je m\x1aappelle|mon nom est|mi chiamo|il mio nome \x1a|"
    "mijn naam is|ik heet|nazywam si\x1a|mam na imi\x1a|o meu nome \x1a|meu nome \x1a|"
    "chamo-me|eu sou o|eu sou a)[ \t]+"
)


def _self_named(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_SELF, "low"):
        end, words = read_name(text, m.end(), words=3)
        if words and not any(w.lower() in _STOP for w in words):
            yield _hit(text, m.end(), end, "self-named")


anchors.register(_SELF, "low")


# --- mail headers ------------------------------------------------------------------------

# A line start and the header's name with its colon: literals, for anchors
# (quoted once, "> From:", too).
_HEADER = re.compile(
    r"\n(?:from|to|cc|bcc|reply-to|sender|von|an|kopie|de|para|cci|da|van|aan|od|do|a|\x1a|"
    r"> from|> to|> cc|>from|>to|>cc):[ \t]*"
)
_HEADER_FIRST = re.compile(_HEADER.pattern[2:])  # the same at the very start
_ADDRESS = re.compile(r"<[^<>\s@]+@[^<>\s]+>")


def _headers(scan: Scan) -> Iterator[Hit]:
    low = scan.low
    first = _HEADER_FIRST.match(low)
    if first is not None:
        yield from _header_line(scan, first.end())
    for m in scan.finditer(_HEADER, "low"):
        yield from _header_line(scan, m.end())


def _header_line(scan: Scan, pos: int) -> Iterator[Hit]:
    text = scan.text
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    if end - pos > 400:
        return
    # Split on commas outside quotes; "Lemaire, Brigitte <...>" has no address in
    # its first part: joined with the next.
    parts: list[tuple[int, int]] = []
    quoted = False
    start = pos
    for i in range(pos, end):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif c in ",;" and not quoted:
            parts.append((start, i))
            start = i + 1
    parts.append((start, end))
    merged: list[tuple[int, int]] = []
    i = 0
    while i < len(parts):
        s, e = parts[i]
        if (
            i + 1 < len(parts)
            and "@" not in text[s:e]
            and "<" not in text[s:e]
            and _ADDRESS.search(text, *parts[i + 1]) is not None
        ):
            e = parts[i + 1][1]
            i += 1
        merged.append((s, e))
        i += 1
    for s, e in merged:
        yield from _display_name(text, s, e)


def _display_name(text: str, s: int, e: int) -> Iterator[Hit]:
    am = _ADDRESS.search(text, s, e)
    stop = am.start() if am is not None else e
    while s < stop and text[s] in " \t\"'":
        s += 1
    while stop > s and text[stop - 1] in " \t\"'\r":
        stop -= 1
    if stop <= s:
        return
    display = text[s:stop]
    encoded = "=?" in display
    if encoded:  # RFC 2047: "=?UTF-8?Q?H=C3=A9l=C3=A8ne_Marchetti?="
        decoded = _decode_encoded_words(display)
        if decoded is None:
            return
        display = decoded.strip(" \t\"'")
    if "@" in display or len(display) > 60:
        return
    words = display.replace(",", " ").split()
    if not 1 <= len(words) <= 4 or not all(_WORD.fullmatch(w) for w in words):
        return
    names = [w for w in words if w not in _PARTICLES]
    if not all(capitalised(w) for w in names) or any(w.lower() in _STOP for w in names):
        return
    if am is not None:  # "Name <address>": any word of the lists will do
        if not any(is_name(w) for w in names):
            return
    elif not _known_person(names, cued=True):
        return
    if encoded:  # removed whole, encoded; looked for again as the decoded name
        yield Hit(s, stop, _PRIORITY, PRIVATE, "name", ENCODED_HEADER_NAME, display)
        return
    yield _hit(text, s, stop, "header-name")


#: The rule of a name found decoded in an RFC 2047 header: its value is the decoded
#: name (what :func:`.engine.propagate` looks for again), not the encoded text.
ENCODED_HEADER_NAME = "header-encoded-name"


def _decode_encoded_words(display: str) -> str | None:
    """A header's display name with its RFC 2047 encoded words decoded (``Q`` or ``B``,
    any charset Python knows), or None when they do not decode."""
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(display)))
    except (LookupError, UnicodeError, ValueError, binascii.Error):
        return None


# --- chat speaker labels -------------------------------------------------------------

# "<ana.ruiz> ..." at a line start or after a time stamp ("[10:02] <ana.ruiz>").
_NICK_BODY = r"<([a-z][a-z0-9]*(?:[._-][a-z][a-z0-9]*)?)>[ \t]"
_NICK_FIRST = re.compile(_NICK_BODY)  # the same at the very start


def _starts(scan: Scan, view: str, words: tuple[str, ...], *patterns: re.Pattern[str]) -> list[int]:
    """Where one of ``words`` starts in ``view``: in one hyperscan pass where it runs,
    else where one of ``patterns`` (each matches its words, and nothing else) does."""
    data = getattr(scan, view)
    found = anchors.literal_starts("people-" + view, words, data)
    if found is None:
        found = sorted({m.start() for pattern in patterns for m in pattern.finditer(data)})
    return found


_NICK_START = re.compile(r"\n<|\] <")
_NICK_AT = re.compile(r"(?:\n|\] )" + _NICK_BODY)


def _chat(scan: Scan) -> Iterator[Hit]:
    """IRC-style nicks: ``<ana.ruiz>`` at a line start or after a time stamp (the
    speakers of other layouts are :func:`_chat_lines`')."""
    text, low = scan.text, scan.low
    nicks = [m for m in [_NICK_FIRST.match(low)] if m is not None]
    for start in _starts(scan, "low", ("\n<", "] <"), _NICK_START):
        nm = _NICK_AT.match(low, start)
        if nm is not None:
            nicks.append(nm)
    given, surnames, common = _lists()
    for m in nicks:
        nick = m.group(1)
        head, _, tail = nick.replace("_", ".").replace("-", ".").partition(".")
        if (head in given and head not in common) or (tail and tail in surnames):
            yield _hit(text, m.start(1), m.end(1), "chat-name")


# --- chat lines in the layouts exports use ---------------------------------------------
#
# WhatsApp "07/12/2026, 10:02 - Ana Ruiz: ...", "[07.12.26, 10:04:11] Ana Ruiz: ...",
# a log-like "10:07 Ana Ruiz: ..."; Slack, Teams and Intercom copies put the name
# first and the time after it: "Ana Ruiz (customer) · 10:06", "**Ana Ruiz** 10:08:".
# A speaker with no time at all ("Ana Ruiz: ...") counts when the words are a known
# person or the same speaker opens two lines.

_STAMP_THEN_SPEAKER = re.compile(
    r"^[ \t>]*[\[(]?(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?[ \t]*)?\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:[ \t]?[AaPp]\.?[Mm]\.?)?[\])]?[ \t]*(?:[-\u2013\u2014][ \t]*)?(?:\*\*)?",
    re.M,
)
_SPEAKER_THEN_STAMP = re.compile(
    r"(?:\*\*)?(?:[ \t]*\([^()\n]{1,24}\))?[ \t]*[\u00b7\u2022,\u2013-]?[ \t]*\[?\d{1,2}:\d{2}"
    r"(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?\]?(?:[ \t]*:?[ \t]*(?:\r?\n|\Z)|:[ \t])"
)
# (French puts a space before the colon: "Émile Rousseau : ...")
_SPEAKER_COLON = re.compile(r"(?:\*\*)?(?:[ \t]*\([^()\n]{1,24}\))?[ \u00a0]?:[ \t]")
# A line that opens with one to three capitalised words and then a speaker's colon
# or a clock: the only lines read further (prose lines rarely have that shape).
_LINE_HEAD = re.compile(
    r"^[ \t>]*(?:(?:\d{1,3}[.)]|[-*\u2022])[ \t]+)?(?:\*\*)?"
    r"(?=[A-Z\u00c0-\u00de][^\W\d_]+(?:[ \t]+(?:(?:de|van|von|der|da|di|del|"
    r"dos|das|la|le)[ \t]+)?[A-Z\u00c0-\u00de][\w'\u2019-]+){0,2}(?:\*\*)?"
    r"(?:[ \t]*\([^()\n]{1,24}\))?(?:[ \u00a0]?:[ \t]|[ \t]*[\u00b7\u2022,\u2013-]?[ \t]*"
    r"\[?\d{1,2}:\d{2}))",
    re.M,
)


def _speaker(words: list[str]) -> bool:
    return (
        bool(words)
        and not any(w.lower() in _STOP for w in words)
        and any(is_name(w) for w in words)
    )


# One hyperscan pass finds the lines of both shapes (each match starts at the line's
# start or at the newline before it); ``re`` then runs only there.
anchors.register_prefilter(
    _STAMP_THEN_SPEAKER,
    "ascii",
    r"(?:^|\n)[ \t>]*[\[(]?(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?[ \t]*)?\d{1,2}:\d{2}",
)
anchors.register_prefilter(
    _LINE_HEAD,
    "ascii",
    r"(?:^|\n)[ \t>]*(?:(?:[0-9]{1,3}[.)]|[-*\x1a])[ \t]+)?(?:\*\*)?[A-Z\x1a][A-Za-z\x1a]+"
    r"(?:[ \t]+(?:[a-z]{2,3}[ \t]+)?[A-Z\x1a][\w'\x1a-]+){0,2}(?:\*\*)?"
    r"(?:[ \t]*\([^()\n]{1,24}\))?(?:[ \x1a]?:[ \t]|[ \t]*[\x1a,-]?[ \t]*\[?\d{1,2}:\d{2})",
)


# A Discord handle with its discriminator after a time stamp: "maxi_krüger#0420: ..."
_NOT_HANDLES = frozenset(
    ("build", "job", "run", "task", "step", "pipeline", "deploy", "commit", "issue", "ticket")
)
_HANDLE = re.compile(r"([^\W\d_][\w.-]{1,31})#\d{4}:[ \t]")


def _chat_lines(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    n = len(text)
    any_handle = "#" in text
    for m in scan.finditer(_STAMP_THEN_SPEAKER, "text"):
        # Cheap checks first: most stamped lines are log lines ("[...] PHP Warning",
        # "[...] 200 GET"): no capital after the stamp, no "#" of a handle on the line.
        at = m.end()
        if at >= n or not text[at].isupper():
            if any_handle and text.find("#", at, at + 34) >= 0:
                hm = _HANDLE.match(text, at)
                handle = hm.group(1) if hm is not None else ""
                if hm is not None and handle.lower() not in _NOT_HANDLES and not is_common(handle):
                    yield _hit(text, hm.start(), hm.end(1), "chat-handle")
            continue
        end, words = read_name(text, m.end(), words=3)
        if text[end : end + 2] == ", " and words:  # "Brouwer, Gert-Jan:" (Teams, Outlook)
            given_end, given = read_name(text, end + 2, words=2)
            if given and _SPEAKER_COLON.match(text, given_end) and _speaker(words + given):
                yield _hit(text, m.end(), given_end, "chat-name")
                continue
        if _speaker(words) and _SPEAKER_COLON.match(text, end):
            yield _hit(text, m.end(), end, "chat-name")
            continue
        hm = _HANDLE.match(text, m.end())
        handle = hm.group(1) if hm is not None else ""
        if hm is not None and handle.lower() not in _NOT_HANDLES and not is_common(handle):
            yield _hit(text, hm.start(), hm.end(1), "chat-handle")
    if ":" not in text:
        return
    heads: dict[str, list[tuple[int, int]]] = {}
    # Log lines repeat their heads ("Stack trace:", "PHP Warning:"): each distinct
    # head is read once (what read_name sees: at most three words, then one character).
    not_speakers: set[str] = set()
    for m in scan.finditer(_LINE_HEAD, "text"):
        head_end = text.find(":", m.end(), m.end() + 100)
        head = text[m.end() : head_end] if head_end >= 0 else None
        if head is not None and head in not_speakers:
            continue
        end, words = read_name(text, m.end(), words=3)
        if not _speaker(words):
            if head is not None and end <= head_end:
                not_speakers.add(head)
            continue
        if _SPEAKER_THEN_STAMP.match(text, end):
            yield _hit(text, m.end(), end, "chat-name")
        elif _SPEAKER_COLON.match(text, end):
            heads.setdefault(text[m.end() : end], []).append((m.end(), end))
    for spans in heads.values():
        first, last = spans[0]
        words = text[first:last].split()
        if len(spans) >= 2 or (len(words) >= 2 and _known_person(words, cued=False)):
            for start, end in spans:
                yield _hit(text, start, end, "chat-name")


# --- who wrote the quoted mail: "On ..., Anna Schmidt <anna@...> wrote:" ---------------
#
# The attribution line of a reply, in the desk's languages: the writer's name right
# before the verb (after the date), or right after it ("Am ... schrieb Anna Schmidt:",
# "Op ... schreef ..."), perhaps with the address between.

_WROTE = re.compile(
    "(?<![a-z\x1a])(?:(?:wrote|a \x1acrit|a ecrit|escribi\x1a|escribio|ha scritto|"
    "scrisse|pisze|napisa\x1a|napisa\x1aa|escreveu)[ \t]*:|(?:schrieb|schreef)[ \t])"
)
_ADDRESS_TAIL = re.compile(
    r"[ \t]*(?:\(?<[^<>\s]+>\)?|\[mailto:[^\]\s]+\]|\([^()\s]+@[^()\s]+\))?[ \t]*\Z"
)
_NAME_TAIL = re.compile(
    r"(?<![\w'\u2019-])[^\W\d_][\w'\u2019-]*(?:[ \t]+[^\W\d_][\w'\u2019.-]*){0,3}\Z"
)


def _attributions(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_WROTE, "low"):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start > 200:
            continue
        if text[m.end() - 1] in " \t":  # the verb first: "schrieb Anna Schmidt <...>:"
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            if text[m.end() : line_end].rstrip(" \t\r").endswith(":"):
                pos = m.end()
                while pos < line_end and text[pos] in " \t":
                    pos += 1
                end, words = read_name(text, pos, words=4)
                if _attributed(words):
                    yield _hit(text, pos, end, "attribution-name")
            continue
        am = _ADDRESS_TAIL.search(text, line_start, m.start())
        stop = am.start() if am is not None else m.start()
        nm = _NAME_TAIL.search(text, max(line_start, stop - 80), stop)
        if nm is None:
            continue
        # the capitalised words at the end of the run: "..., 17:45, Agnieszka Nowicka"
        words_at = [w for w in re.finditer(r"\S+", nm.group())]
        keep = []
        for w in reversed(words_at):
            if not capitalised(w.group()) and w.group() not in _PARTICLES:
                break
            keep.append(w)
        if not keep:
            continue
        start = nm.start() + keep[-1].start()
        end, words = read_name(text, start, words=4)
        if end == stop and _attributed(words):
            yield _hit(text, start, end, "attribution-name")


def _attributed(words: list[str]) -> bool:
    if not words or any(w.lower() in _STOP for w in words):
        return False
    return len(words) >= 2 or is_name(words[0])


anchors.register(_WROTE, "low")


# --- a transcript's speaker with a role after the name --------------------------------
#
# Intercom, Zendesk and help-desk exports head each turn with the speaker and their
# role or company in parentheses: "Amara Okafor (visitor · amara@... · 81.2.69.160)",
# "Chidi Eze (teammate, added by Amara)", "Noor Haddad (SophMate) — 4 dic 2026 11:40".
# The role word is the cue: the capitalised words before it need not be known names.

_ROLE_IN_PARENS = (
    "visitor", "customer", "client", "user", "guest", "lead", "teammate", "agent", "operator",
    "admin", "member", "owner", "kunde", "kundin", "cliente", "klant", "klient", "utente",
    "utilisateur", "usuario",
)  # fmt: skip
_SPEAKER_WITH_ROLE = re.compile(
    r"^[ \t>]*([A-Z\u00c0-\u00de][\w'\u2019-]+(?:[ \t]+[A-Z\u00c0-\u00de][\w'\u2019-]+){1,2})"
    r"[ \t]+\((?:(?:" + "|".join(_ROLE_IN_PARENS) + r")\b|[^()\n]{1,30}\)[ \t]*[\u2014\u2013-]"
    r"[ \t]*\d{1,2}[ .](?:[^\W\d_]{3,9}\.?[ ]\d{4}|\d{1,2}\.\d{2,4})[ ,]+\d{1,2}:\d{2})",
    re.M,
)
anchors.register_prefilter(
    _SPEAKER_WITH_ROLE,
    "ascii",
    r"(?:^|\n)[ \t>]*[A-Z\x1a][\w'\x1a-]+(?:[ \t]+[A-Z\x1a][\w'\x1a-]+){1,2}[ \t]+\(",
)


_CLOCK_LINE = re.compile(r"[ \t>]*\[?\d{1,2}:\d{2}")


def _turn_follows(text: str, pos: int) -> bool:
    """The header's parentheses hold an address ("visitor · a@b.c"), or the next line
    opens with a clock ("  14:02  hi"): a transcript's turn."""
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    if "@" in text[pos:line_end] or "\u00b7" in text[pos:line_end]:
        return True
    return _CLOCK_LINE.match(text, line_end + 1) is not None


def _speakers_with_roles(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_SPEAKER_WITH_ROLE, "text"):
        words = m.group(1).split()
        if any(w.lower() in _STOP or not capitalised(w) for w in words):
            continue
        if text[m.end() - 1].isalpha() and not _turn_follows(text, m.end()):
            continue  # "Billing Address (customer)": a role word, but no turn of a chat
        yield _hit(text, m.start(1), m.end(1), "speaker-with-role")


# --- whose name an account or an invoice is in: "ten name van P.J. de Wolf" ----------
#
# "in the name of", "auf den Namen", "lautend auf", "a nombre de", "au nom de", "em nome
# de", "ten name van", "op naam van", "intestato a", "a nome di", "na nazwisko": the
# capitalised words after it (initials too) are a person or their firm, known or not.

_IN_NAME_OF = re.compile(
    "(?<![a-z\x1a])(?:in the name of|auf den namen(?: von)?|lautend auf|a nombre de|au nom de|"
    "em nome de|ten name van|op naam van|intestat[oa] a|a nome di|na nazwisko)[ \t]+"
)
anchors.register(_IN_NAME_OF, "low")
_NAMED = re.compile(
    r"(?:[A-Z\u00c0-\u00de]\.){1,3}(?:[ \t]?(?:van|von|de|der|den|da|di|del|la|le|ten|ter)"
    r"(?:[ \t]+(?:der|den|la))?)?[ \t]+[A-Z\u00c0-\u00de][^\W\d_]+(?:-[A-Z\u00c0-\u00de][^\W\d_]+)?"
)


def _in_name_of(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_IN_NAME_OF, "low"):
        pos = m.end()
        nm = _NAMED.match(text, pos)  # initials: "P.J. de Wolf", "A. Kowalska"
        if nm is not None:
            yield _hit(text, pos, nm.end(), "in-name-of")
            continue
        end, words = read_name(text, pos, words=4)
        if words and not any(w.lower() in _STOP for w in words):
            yield _hit(text, pos, end, "in-name-of")


# --- a Telegram export's turn head: "Oleksandr Kravets, [07.12.2026 20:11]" -----------
#
# The speaker's name alone on a line before the stamp: known or not.

_TURN_HEAD = re.compile(
    r", \[(?=\d{1,2}[./]\d{1,2}[./]\d{2,4},? \d{1,2}:\d{2}(?::\d{2})?\][ \t]*\r?$)", re.M
)
anchors.register(_TURN_HEAD, "ascii")
_TURN_NAME = re.compile(
    r"^[ \t>]*([A-Z\u00c0-\u00de][^\W\d_]+(?:[ \t]+[A-Z\u00c0-\u00de][^\W\d_'\u2019-]+){0,2})\Z"
)


def _turn_heads(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_TURN_HEAD, "text"):
        line_start = text.rfind("\n", 0, m.start()) + 1
        nm = _TURN_NAME.match(text[line_start : m.start()])
        if nm is None:
            continue
        words = nm.group(1).split()
        if any(w.lower() in _STOP or not capitalised(w) for w in words):
            continue
        yield _hit(text, line_start + nm.start(1), m.start(), "chat-name")


def find_people(scan: Scan) -> Iterator[Hit]:
    yield from _in_name_of(scan)
    yield from _turn_heads(scan)
    yield from _speakers_with_roles(scan)
    yield from _attributions(scan)
    yield from _pairs(scan)
    yield from _honorifics(scan)
    yield from _roles(scan)
    yield from _self_named(scan)
    yield from _headers(scan)
    yield from _chat(scan)
    yield from _chat_lines(scan)


anchors.register(_ROLE, "low")
for _relation in _RELATIONS:
    anchors.register(_relation, "low")
anchors.register(_HONORIFIC, "ascii")
anchors.register(_HEADER, "low")


# --- greetings without punctuation: "Hi Marta thanks for ..." ------------------------

_TITLE = re.compile(
    r"(?:"
    + "|".join(re.escape(w) for w in sorted(_HONORIFIC_WORDS, key=len, reverse=True))
    + r")\.?[ \t]+"
)


def greeted(text: str, pos: int) -> Iterator[Hit]:
    """The name after a greeting word that no punctuation ends (:mod:`.labels` reads
    "Hi Marta," itself): a known given name, or words after a title ("Bonjour Mme
    Girard merci")."""
    tm = _TITLE.match(text, pos)
    start = tm.end() if tm is not None else pos
    end, words = read_name(text, start, words=3)
    if not words:
        return
    if tm is not None or is_given(words[0]) or _known_person(words, cued=True):
        if words[0].lower() in _STOP:
            return
        yield _hit(text, start, end, "greeting-name")
