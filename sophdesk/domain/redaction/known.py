"""The operator's known secrets: found by exact value and in their encoded forms."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload
from urllib.parse import quote, quote_plus

from .scan import Hit

KNOWN = "known_secret"
_SLUG = re.compile(r"[^a-z0-9]+")
MIN_KNOWN = 4  # shorter values would match everywhere


def slug(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-") or "secret"


def forms(value: str) -> set[str]:
    """The value as it appears raw, base64-, URL-, JSON- and HTML-encoded."""
    raw = value.encode()
    out = {value}
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = encoded.decode("ascii")
        out.add(text)
        out.add(text.rstrip("="))
    out.add(quote(value, safe=""))
    out.add(quote(value))
    out.add(quote_plus(value))
    out.add(json.dumps(value)[1:-1])
    out.add(json.dumps(value, ensure_ascii=False)[1:-1])
    out.add(json.dumps(value)[1:-1].replace("/", "\\/"))
    out.add(html.escape(value))
    return {f for f in out if len(f) >= MIN_KNOWN}


@dataclass(frozen=True, slots=True)
class KnownForms:
    name: str
    value: str
    forms: tuple[str, ...]
    #: The finding's kind and category: a keyring secret's, or those of the finding
    #: an incident remembers the value from (``memory.py``).
    kind: str = "known-secret"
    category: str = KNOWN


#: A known value: ``(name, value)``, or ``(name, value, kind, category)``.
KnownTuple = tuple[str, str] | tuple[str, str, str, str]


def prepare(known: Sequence[KnownTuple]) -> tuple[KnownForms, ...]:
    out = []
    for item in known:
        name, value = item[0], item[1]
        if len(value) >= MIN_KNOWN:
            shapes = tuple(sorted(forms(value), key=len, reverse=True))
            if len(item) == 4:
                out.append(KnownForms(name, value, shapes, item[2], item[3]))
            else:
                out.append(KnownForms(name, value, shapes))
    return tuple(out)


class DeferredForms(Sequence[KnownForms]):
    """Known secrets prepared when the engine first looks at them: after its pattern
    rules have run over the text (a second or so into a big one), so that reading
    the keyring (another process, ~0.2 s) and judging go on at the same time."""

    __slots__ = ("_forms", "_get")

    def __init__(self, get: Callable[[], Sequence[KnownTuple]]) -> None:
        self._get = get
        self._forms: tuple[KnownForms, ...] | None = None

    def _resolved(self) -> tuple[KnownForms, ...]:
        if self._forms is None:
            self._forms = prepare(self._get())
        return self._forms

    def __len__(self) -> int:
        return len(self._resolved())

    @overload
    def __getitem__(self, index: int) -> KnownForms: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[KnownForms]: ...
    def __getitem__(self, index: int | slice) -> KnownForms | Sequence[KnownForms]:
        return self._resolved()[index]

    def __iter__(self) -> Iterator[KnownForms]:
        return iter(self._resolved())


def find_known(text: str, known: Sequence[KnownForms]) -> Iterator[Hit]:
    for secret in known:
        rule = "known:" + slug(secret.name)
        for form in secret.forms:
            pos = text.find(form)
            while pos >= 0:
                end = pos + len(form)
                yield Hit(pos, end, 100, secret.category, secret.kind, rule, secret.value)
                pos = text.find(form, end)
