"""What an incident remembers of its secrets: fingerprints, never values.

Every value the redactor removes from an incident's text (its body, a note, an
excerpt, an update on its way out) is remembered for that incident as keyed
fingerprints: one :class:`Print` per encoded form of the value (raw, base64,
URL-, JSON- and HTML-encoded: :func:`.known.forms`). A print is a keyed BLAKE2b
MAC of the form (16 bytes), the form's length in characters, and the kind and
category of the finding (``db-password``, ``credential``): no value, no prefix,
no hash anyone can test a guess against without the key.

Later text for the incident is checked with :func:`recall`: every span that
starts and ends at a token boundary and has the length of a remembered form is
fingerprinted with the same key (only where the span's first characters carry
the print's *tag*, one keyed byte of its first three characters, so a megabyte
is checked in a few hundred thousand hashes, not millions); a match gives the
value back (it is in the text being checked, in memory only) so the engine can
remove it, in every encoded form, as it removes a known secret from the keyring.

A token boundary is the start or end of the text, or a position next to a
character that is not a letter, digit or ``_``: a value is recognised wherever it
stands as a token of its own (``rotate hunter2kettle.``, ``?key=VALUE&``,
``'VALUE'``), not inside a longer word.

Pure: the key is the caller's (``services.fingerprints``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .known import MIN_KNOWN, forms

#: Bytes of each fingerprint: 128 bits, no accidental match in any lifetime.
DIGEST_BYTES = 16
#: The key's size in bytes (BLAKE2b takes up to 64).
KEY_BYTES = 32
#: Values shorter than this are not remembered (they would match ordinary words).
MIN_REMEMBERED = MIN_KNOWN
#: Longer values are remembered in their raw form only (a PEM key, a long token):
#: checking every span of such a length would cost more than it finds.
MAX_FORMS_CHARS = 512
#: A value longer than this is not remembered at all.
MAX_REMEMBERED = 8192
#: How many first characters a print's tag is made of.
TAG_CHARS = 3


@dataclass(frozen=True, slots=True)
class Print:
    """One remembered form of one value."""

    digest: bytes
    length: int
    kind: str
    category: str
    #: A keyed byte of the form's first :data:`TAG_CHARS` characters: spans whose
    #: start has another tag need no fingerprint (worthless without the key).
    tag: int = 0
    #: The form holds whitespace (a card number in groups, a passphrase).
    spaced: bool = False


def digest(key: bytes, form: str) -> bytes:
    """The keyed fingerprint of ``form``."""
    return hashlib.blake2b(
        form.encode("utf-8", "surrogatepass"), key=key, digest_size=DIGEST_BYTES
    ).digest()


def tag(key: bytes, form: str) -> int:
    """The keyed byte a span starting with ``form``'s first characters carries."""
    return hashlib.blake2b(
        ("\x01" + form[:TAG_CHARS]).encode("utf-8", "surrogatepass"), key=key, digest_size=1
    ).digest()[0]


def key_id(key: bytes) -> str:
    """A short name of ``key`` stored beside its prints, so a desk with another
    key knows the prints are not its own (it learns nothing of the key)."""
    return digest(key, "\x00sophdesk fingerprint key id\x00").hex()[:16]


def prints_of(key: bytes, value: str, kind: str, category: str) -> set[Print]:
    """The prints of ``value``: one per encoded form (the raw one alone when long)."""
    value = value.strip()
    if not MIN_REMEMBERED <= len(value) <= MAX_REMEMBERED:
        return set()
    shapes = forms(value) if len(value) <= MAX_FORMS_CHARS else {value}
    return {
        Print(
            digest(key, form),
            len(form),
            kind,
            category,
            tag(key, form),
            any(c.isspace() for c in form),
        )
        for form in shapes
    }


_NOT_WORD = re.compile(r"\W")


def _boundaries(text: str) -> set[int]:
    """Every token boundary of ``text`` (see the module's docstring)."""
    out = {0, len(text)}
    for found in _NOT_WORD.finditer(text):
        start = found.start()
        out.add(start)
        out.add(start + 1)
    return out


@dataclass(frozen=True, slots=True)
class Recalled:
    """A remembered value found again: the value (from the text being checked)."""

    value: str
    kind: str
    category: str


#: Texts longer than this are checked token by token (:func:`_tokens`).
SCAN_LIMIT = 64 * 1024
_SEPARATORS = str.maketrans(dict.fromkeys("'\"`()[]{}<>,;=&?|", " "))


def _tokens(text: str) -> set[str]:
    """The distinct tokens of ``text`` between whitespace, quotes, brackets and
    ``, ; = & ? |``, each also without a trailing ``.``, ``:`` or ``!``."""
    tokens = set(text.translate(_SEPARATORS).split())
    tokens |= {t.rstrip(".:!") for t in tokens}
    return tokens


def _scan(
    text: str,
    key: bytes,
    table: dict[bytes, Print],
    by_tag: dict[int, set[int]],
    tags: dict[str, int],
    found: dict[str, Recalled],
) -> None:
    """Add to ``found`` the remembered forms standing in ``text`` as tokens."""
    edges = _boundaries(text)
    for start in edges:
        head = text[start : start + TAG_CHARS]
        if len(head) < TAG_CHARS or head[0].isspace():
            continue
        mark = tags.get(head)
        if mark is None:
            mark = tags[head] = tag(key, head)
        for length in by_tag.get(mark, ()):
            end = start + length
            if end not in edges:
                continue
            candidate = text[start:end]
            if candidate in found or candidate != candidate.strip():
                continue
            hit = table.get(digest(key, candidate))
            if hit is not None:
                found[candidate] = Recalled(candidate, hit.kind, hit.category)


def recall(text: str, key: bytes, prints: Iterable[Print]) -> list[Recalled]:
    """The remembered values that stand in ``text`` as tokens, each once.

    In a text over :data:`SCAN_LIMIT` (a pasted log) a form without whitespace is
    looked for as a token between the separators values stand between in logs and
    configs (:func:`_tokens`), not at every boundary; the forms holding whitespace
    (:attr:`Print.spaced`) at every boundary still. A match of an encoded
    form gives the form found; the engine decodes views of the text itself, so the
    form is enough to remove it."""
    table: dict[bytes, Print] = {}
    for p in prints:
        table[p.digest] = p
    if not text or not table:
        return []
    shortest = min(p.length for p in table.values())
    if shortest > len(text):
        return []
    found: dict[str, Recalled] = {}
    tags: dict[str, int] = {}  # the tag of each distinct start, made once
    solid: dict[int, set[int]] = {}
    spaced: dict[int, set[int]] = {}
    for p in table.values():
        (spaced if p.spaced else solid).setdefault(p.tag, set()).add(p.length)
    if solid and len(text) > SCAN_LIMIT:
        lengths = {n for group in solid.values() for n in group}
        for token in _tokens(text):
            if len(token) in lengths and token not in found:
                hit = table.get(digest(key, token))
                if hit is not None:
                    found[token] = Recalled(token, hit.kind, hit.category)
        if spaced:
            _scan(text, key, table, spaced, tags, found)
    else:
        every = {t: solid.get(t, set()) | spaced.get(t, set()) for t in {*solid, *spaced}}
        _scan(text, key, table, every, tags, found)
    return list(found.values())
