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
fingerprinted with the same key; a match gives the value back (it is in the text
being checked, in memory only) so the engine can remove it, in every encoded
form, as it removes a known secret from the keyring.

A token boundary is the start or end of the text, or a position next to a
character that is not a letter, digit or ``_``: a value is recognised wherever it
stands as a token of its own (``rotate hunter2kettle.``, ``?key=VALUE&``,
``'VALUE'``), not inside a longer word.

Pure: the key is the caller's (``services.fingerprints``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True, slots=True)
class Print:
    """One remembered form of one value."""

    digest: bytes
    length: int
    kind: str
    category: str


def digest(key: bytes, form: str) -> bytes:
    """The keyed fingerprint of ``form``."""
    return hashlib.blake2b(
        form.encode("utf-8", "surrogatepass"), key=key, digest_size=DIGEST_BYTES
    ).digest()


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
    return {Print(digest(key, form), len(form), kind, category) for form in shapes}


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


def recall(text: str, key: bytes, prints: Iterable[Print]) -> list[Recalled]:
    """The remembered values that stand in ``text`` as tokens, each once.

    A match of an encoded form gives the form found; the engine decodes views
    of the text itself, so the form is enough to remove it."""
    table: dict[bytes, Print] = {}
    for p in prints:
        table[p.digest] = p
    if not text or not table:
        return []
    lengths = sorted({p.length for p in table.values()})
    if lengths[0] > len(text):
        return []
    edges = _boundaries(text)
    starts = sorted(edges)
    found: dict[str, Recalled] = {}
    for length in lengths:
        ends = {b + length for b in starts} & edges
        for end in ends:
            start = end - length
            candidate = text[start:end]
            if candidate in found or candidate != candidate.strip():
                continue
            hit = table.get(digest(key, candidate))
            if hit is not None:
                found[candidate] = Recalled(candidate, hit.kind, hit.category)
    return list(found.values())


def unique(prints: Sequence[Print]) -> list[Print]:
    """``prints`` without repeats (by fingerprint), first one kept."""
    seen: dict[bytes, Print] = {}
    for p in prints:
        seen.setdefault(p.digest, p)
    return list(seen.values())
