"""Redaction: secrets and private details out, reproduction details kept.

The contract (the engine fills it in; callers rely on exactly this):

* :func:`redact` takes the text and the operator's known secrets and returns a
  :class:`Redaction`: the redacted text and the findings, in order of position.
* Each secret is replaced by a typed, numbered placeholder, ``[openai-key-1]``;
  the same value always gets the same placeholder within one call.
* A :class:`Finding` names the category, the kind, where the value was (line and
  column, 1-based, plus offsets into the original text), its placeholder and the
  rule that found it; never the value itself.
* Pure: no I/O of its own, safe to call from any thread. (The caller may give the
  engine a place to keep its compiled pattern databases and regular expressions
  between runs, :func:`.anchors.use_store`, once, at start-up, before the rules
  are imported; the results are the same.)
* A big text can be judged in regions, each in its own process
  (:func:`split`, :func:`judge_region`, :func:`judge_region_rows`), and its
  redacted text written in parts (:func:`settled_part`, :class:`Assembly`): the
  same text and findings as :func:`redact` on the whole.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .assembly import Assembly
from .scan import Hit, Row

if TYPE_CHECKING:
    from .known import KnownForms

__all__ = [
    "CATEGORIES",
    "Assembly",
    "Finding",
    "KnownSecret",
    "KnownSource",
    "Redaction",
    "RegionResult",
    "RegionRows",
    "joined",
    "judge_region",
    "judge_region_rows",
    "redact",
    "settled_part",
    "split",
]

# The coarse categories findings are grouped and scored by.
CATEGORIES: tuple[str, ...] = (
    "provider_key",  # AI provider keys: OpenAI, Anthropic, Google, Mistral, Cohere, ...
    "service_token",  # AWS, Stripe sk_/rk_, PayPal/Braintree, GitHub, Slack tokens/webhooks
    "credential",  # passwords, salts, Authorization headers, JWTs, cookies, PEM keys
    "purchase_code",  # Envato purchase codes
    "payment",  # card numbers, CVVs, expiry dates near cards, IBANs
    "private",  # e-mails, phones, IP addresses, street addresses, labelled names
    "known_secret",  # a value the operator stored in the keyring
    "manual",  # a span the operator marked by hand in the preview
)


@dataclass(frozen=True, slots=True)
class KnownSecret:
    """A value the operator told us is secret (from the keyring), or one an
    incident remembers (``memory.recall``: then with the kind and category of the
    finding it was first removed as, so it gets the same kind of placeholder)."""

    name: str
    value: str
    kind: str = "known-secret"
    category: str = "known_secret"

    def as_tuple(self) -> tuple[str, str, str, str]:
        return (self.name, self.value, self.kind, self.category)


@dataclass(frozen=True, slots=True)
class Finding:
    category: str  # one of CATEGORIES
    kind: str  # finer type, the placeholder's stem: "openai-key", "card", "email"
    line: int  # 1-based, in the original text
    column: int  # 1-based, in the original text
    start: int  # offset of the removed span in the original text
    end: int  # offset just past it
    placeholder: str  # "[openai-key-1]"
    rule: str  # the rule's name, for --explain and for restoring false positives


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str
    findings: tuple[Finding, ...]


def redact(
    text: str,
    *,
    known: Sequence[KnownSecret] = (),
    allow: Collection[str] = (),
    extra: Sequence[tuple[int, int]] = (),
    regions: Sequence[RegionResult | RegionRows] | None = None,
    positions: bool = True,
    values: list[tuple[str, str, str]] | None = None,
) -> Redaction:
    """``text`` with every secret replaced by its placeholder.

    ``allow`` holds values the operator restored as false positives: a finding
    whose exact value is in it is not made (so not reported). ``extra`` holds
    ``(start, end)`` spans the operator marked by hand: removed as category
    ``manual``, kind ``manual``, rule ``operator``.

    ``regions``: :func:`judge_region` of each region :func:`split` gave, when a big
    text was judged in parts (each part may run in another process); the same
    ``known`` and ``allow`` must be given here. ``positions=False``: no findings
    (cheaper, for a caller that only writes the text).

    ``values``: when given, each removed value (as it reads once decoded) is added
    to it with its kind and category, ``(value, kind, category)``, for an incident
    to remember as fingerprints (``memory.py``); keep them in memory only.
    """
    from .engine import run
    from .known import prepare

    forms = prepare([k.as_tuple() for k in known])
    redacted, found = run(text, forms, allow, extra, regions=regions, positions=positions)
    if values is not None:
        values.extend((hit.value, hit.kind, hit.category) for hit, _, _, _ in found)
    if not positions:
        return Redaction(redacted, ())
    findings = tuple(
        Finding(hit.category, hit.kind, line, column, hit.start, hit.end, placeholder, hit.rule)
        for hit, placeholder, line, column in found
    )
    return Redaction(redacted, findings)


#: What :func:`judge_region` returns: the region's chosen findings (with their
#: values: keep them in memory, never write them anywhere).
RegionResult = list[Hit]
#: The same as plain tuples (:data:`.scan.Row`), from :func:`judge_region_rows`:
#: cheap to send from one process to another (a named tuple is pickled as a call
#: of its class: twice as slow there and back).
RegionRows = list[Row]


def split(text: str, parts: int, first_share: float | None = None) -> list[tuple[int, int]]:
    """Up to ``parts`` ``(start, end)`` regions covering ``text``, for :func:`judge_region`;
    the first holds about ``first_share`` of the text (default: an even share)."""
    from .engine import split_regions

    return split_regions(text, parts, first_share)


def judge_region(
    text: str,
    start: int,
    end: int,
    *,
    known: KnownSource = (),
    allow: Collection[str] = (),
) -> RegionResult:
    """The findings of ``text`` that start in ``[start, end)`` (one region of
    :func:`split`), judged with the context around it. Pure: may run anywhere.
    ``known`` may be a call that gives the known secrets: made when first needed."""
    from .engine import region_hits

    return region_hits(text, _forms(known), allow, start, end)


def judge_region_rows(
    text: str,
    start: int,
    end: int,
    *,
    known: KnownSource = (),
    allow: Collection[str] = (),
) -> RegionRows:
    """:func:`judge_region` as plain tuples, to send to another process."""
    from .engine import region_rows

    return region_rows(text, _forms(known), allow, start, end)


#: Known secrets, or a call that gives them: made when the engine first needs them
#: (see :class:`.known.DeferredForms`), so they may still be on their way.
KnownSource = Sequence[KnownSecret] | Callable[[], Sequence[KnownSecret]]


def _forms(known: KnownSource) -> Sequence[KnownForms]:
    from .known import DeferredForms, prepare

    if callable(known):
        source = known
        return DeferredForms(lambda: [k.as_tuple() for k in source()])
    return prepare([k.as_tuple() for k in known])


def settled_part(text: str, first: RegionResult, cut: int) -> RegionResult | None:
    """The findings of the first region (:func:`judge_region`) that the result of
    :func:`redact` with ``regions=`` will start with whatever the other regions
    hold (``cut``: where the second region starts), or None when that is not
    certain. Their part of the text can be written first (:class:`Assembly`)."""
    from .engine import settled

    return settled(text, first, cut)


def joined(regions: Sequence[RegionResult | RegionRows]) -> list[Hit | Row]:
    """The findings of all the regions, as :func:`redact` with ``regions=`` makes
    them (each region found the other mentions of its values itself)."""
    from .engine import join_regions

    return join_regions(regions)
