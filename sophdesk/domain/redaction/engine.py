"""The redaction engine: run the rules, resolve overlaps, write placeholders."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from itertools import pairwise
from operator import itemgetter
from typing import Any

from . import (
    anchors,
    commands,
    contact,
    credentials,
    identity,
    labels,
    network,
    payment,
    people,
    purchase,
    sessions,
    tables,
    tokens,
)
from .assembly import Assembly
from .decoders import base64_candidates, decode_base64, decoded_views, paragraph_start
from .known import KnownForms, find_known
from .placeholders import PLACEHOLDER, PlaceholderBook
from .scan import Hit, Row, Scan
from .trie import compile_trie

_ahocorasick: Any
try:  # finds thousands of values in one pass; without it, ``re`` gives the same
    import ahocorasick_rs as _ahocorasick
except ImportError:  # pragma: no cover - a wheel exists for every common platform
    _ahocorasick = None

MAX_DEPTH = 2  # decoding layers: base64 inside a JSON string inside ... stops here

Finder = Callable[[Scan], Iterable[Hit]]

FINDERS: tuple[Finder, ...] = (
    tokens.find_tokens,
    tokens.find_pem,
    labels.find_labelled,
    credentials.find_credentials,
    sessions.find_sessions,
    network.find_url_passwords,
    network.find_emails,
    network.find_obfuscated_emails,
    identity.find_identities,
    network.find_ipv4,
    network.find_ipv6,
    payment.find_cards,
    payment.find_ibans,
    purchase.find_purchase_codes,
    contact.find_phones,
    contact.find_own_numbers,
    contact.find_addresses,
    contact.find_eu_addresses,
    tables.find_tables,
    commands.find_command_credentials,
    commands.find_tokens_near_labels,
    people.find_people,
)

_START = itemgetter(0)  # a hit's start
_END = itemgetter(1)  # a hit's end
_SPAN = itemgetter(0, 1)

_SECRET_FIRST = ("known_secret", "provider_key", "service_token", "credential", "purchase_code")


def collect(
    text: str, known: Sequence[KnownForms], depth: int = 0, at_start: bool = True
) -> list[Hit]:
    """Every candidate in ``text``, including those found in decoded shapes."""
    scan = Scan(text, depth, at_start)
    hits: list[Hit] = []
    for finder in FINDERS:
        hits.extend(finder(scan))
    if known:
        hits.extend(find_known(text, known))
    if depth >= MAX_DEPTH:
        return hits
    # Each run of lines holding escapes is decoded and scanned on its own: what is
    # found there depends on those lines only, never on escapes elsewhere.
    for view, starts_paragraph in decoded_views(text, scan.low):
        for hit in collect(view.text, known, depth + 1, starts_paragraph):
            start, end = view.span(hit.start, hit.end)
            hits.append(hit._replace(start=start, end=end))
    hits.extend(_base64_hits(scan, known, hits))
    return hits


def _base64_hits(scan: Scan, known: Sequence[KnownForms], hits: list[Hit]) -> Iterator[Hit]:
    from .labels import basic_credentials

    covered = sorted(map(_SPAN, hits))
    starts = [s for s, _ in covered]
    for start, end in base64_candidates(scan.text, scan.b64):
        i = bisect_left(starts, start + 1) - 1
        if i >= 0 and covered[i][1] >= end:
            continue  # already inside a finding (a key's own body)
        value = scan.text[start:end]
        decoded = decode_base64(value)
        if decoded is None:
            continue
        if ":" in decoded and "\n" not in decoded.strip() and basic_credentials(value):
            yield Hit(start, end, 78, "credential", "basic-auth", "base64-credentials", value)
            continue
        inner = collect(decoded, known, scan.depth + 1)
        if not inner:
            continue
        best = max(inner, key=lambda h: (h.category in _SECRET_FIRST, h.priority))
        yield Hit(start, end, best.priority, best.category, best.kind, "base64-" + best.rule, value)


def _merge_same_kind(hits: list[Hit]) -> list[Hit]:
    # By start, then longest first, else as found: two stable sorts on C keys.
    hits.sort(key=_END, reverse=True)
    hits.sort(key=_START)
    out: list[Hit] = []
    last_by_kind: dict[str, int] = {}
    for hit in hits:
        j = last_by_kind.get(hit.kind)
        if j is not None:
            prev = out[j]
            if hit.start < prev.end:  # overlaps the previous one of its kind
                if hit.end > prev.end:
                    out[j] = prev._replace(end=hit.end, priority=max(prev.priority, hit.priority))
                continue
        last_by_kind[hit.kind] = len(out)
        out.append(hit)
    return out


def resolve(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits: in each overlapping cluster the higher priority wins, then
    the longer span."""
    merged = _merge_same_kind(hits)  # sorted by start
    chosen: list[Hit] = []
    cluster: list[Hit] = []
    cluster_end = -1
    for hit in merged:
        if hit.start >= cluster_end:
            if len(cluster) == 1:
                chosen.append(cluster[0])
            elif cluster:
                chosen.extend(_pick(cluster))
            cluster = [hit]
            cluster_end = hit.end
        else:
            cluster.append(hit)
            cluster_end = max(cluster_end, hit.end)
    if len(cluster) == 1:
        chosen.append(cluster[0])
    elif cluster:
        chosen.extend(_pick(cluster))
    chosen.sort(key=lambda h: h.start)
    return chosen


def _pick(cluster: list[Hit]) -> list[Hit]:
    cluster.sort(key=lambda h: (-h.priority, h.start - h.end, h.start))
    picked: list[Hit] = []
    for hit in cluster:
        if all(hit.end <= p.start or p.end <= hit.start for p in picked):
            picked.append(hit)
    return picked


def apply_extra(hits: list[Hit], extra: Sequence[tuple[int, int]], text: str) -> list[Hit]:
    """Operator-marked spans, merged with any finding they touch."""
    spans = sorted((max(0, s), min(len(text), e)) for s, e in extra if e > s)
    if not spans:
        return hits
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: list[Hit] = []
    manual: list[list[int]] = [list(m) for m in merged]
    for hit in hits:
        touched = False
        for m in manual:
            if hit.start < m[1] and m[0] < hit.end:
                m[0] = min(m[0], hit.start)
                m[1] = max(m[1], hit.end)
                touched = True
        if not touched:
            out.append(hit)
    # Widening may make manual spans overlap each other or swallow more findings.
    manual.sort()
    final: list[list[int]] = []
    for s, e in manual:
        if final and s <= final[-1][1]:
            final[-1][1] = max(final[-1][1], e)
        else:
            final.append([s, e])
    kept = [h for h in out if not any(h.start < e and s < h.end for s, e in final)]
    for s, e in final:
        kept.append(Hit(s, e, 1000, "manual", "manual", "operator", text[s:e]))
    kept.sort(key=lambda h: h.start)
    return kept


_PROPAGATED_KINDS = frozenset(
    [
        "password",
        "db-password",
        "smtp-password",
        "url-password",
        "secret",
        "api-key",
        "token",
        "salt",
        "wp-salt",
        "basic-auth",
        "bearer-token",
        "session-cookie",
        "smtp-auth",
        "auth-header",
        "credential",
        "purchase-code",
        "phone",
        "address",
        "iban",
        "card",
    ]
)
_COMMON_WORDS = frozenset(
    [
        "will",
        "mark",
        "grace",
        "june",
        "april",
        "may",
        "rose",
        "bill",
        "page",
        "lane",
        "park",
        "hope",
        "faith",
        "summer",
        "autumn",
        "drew",
        "chase",
        "hunter",
        "sophmate",
        "support",
        "team",
        "admin",
        "user",
        "customer",
        "order",
        "status",
        "error",
        "china",
        "paris",
        "berlin",
        "london",
    ]
)
#: A value is searched again unless more than this many distinct values were found
#: within :func:`dense_span` characters of where it was found (a dump of secrets, each
#: found by its own rule): decided from the value's surroundings only.
_MAX_PROPAGATED = 400


def dense_span() -> int:
    """How far either side of a value the values counted for :data:`_MAX_PROPAGATED`
    are (8,192 characters)."""
    return MARGIN // 8


def reach() -> int:
    """How far from where a value was found its other mentions are looked for (24,576
    characters), no further: what a finding depends on stays within a window of the
    text. A big text's regions are judged apart with :data:`MARGIN` characters of
    context either side: the reach, the span counted around each value found there,
    and the context its rules need all fit in it."""
    return MARGIN * 3 // 8


_CONTINUATION = re.compile(
    r"[\"'\u2019\u201d]?[ \t]*\r?\n?[ \t]*(?:[,.+]|\.\.)[ \t]*\r?\n?[ \t]*[\"'\u2018\u201c]"
    r"([A-Za-z0-9_\-+/=]{8,})[\"'\u2019\u201d]"
)
_SPLIT_KINDS = ("provider_key", "service_token")


def continuations(text: str, hits: list[Hit]) -> list[Hit]:
    """The rest of a key split over several strings: ``['sk-ant-...', 't78_...', '5FS...']``."""
    found: list[Hit] = []
    for hit in hits:
        if hit.category not in _SPLIT_KINDS:
            continue
        end = hit.end
        for _ in range(6):
            m = _CONTINUATION.match(text, end)
            if m is None:
                break
            found.append(hit._replace(start=m.start(1), end=m.end(1), rule="split-" + hit.rule))
            end = m.end(1)
    return found


def propagate(text: str, hits: list[Hit]) -> list[Hit]:
    """Other occurrences of a found name or credential, as whole words: a password
    quoted again in a curl line, the customer's name in the signature; within
    :func:`reach` characters of where it was found."""
    values, origins = _propagated(hits, text)
    if not values:
        return []
    found: list[Hit] = []
    n = len(text)
    far = reach()
    for start, end in _mentions(text, values):
        if (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")) or (
            end < n and (text[end].isalnum() or text[end] == "_")
        ):
            continue
        mention = text[start:end]
        starts = origins[mention]
        i = bisect_left(starts, start)
        if not (
            (i < len(starts) and starts[i] - start <= far)
            or (i > 0 and start - starts[i - 1] <= far)
        ):
            continue
        origin = values[mention]
        value = origin.value if mention == text[origin.start : origin.end] else mention
        priority = 40 if origin.kind == "name" else 55
        found.append(Hit(start, end, priority, origin.category, origin.kind, "same-value", value))
    return found


def _mentions(text: str, values: dict[str, Hit]) -> Iterator[tuple[int, int]]:
    """Where the values stand in ``text``, as a search for all of them at once finds
    them: leftmost first, the longest value there, then on after it. A long text is
    searched by an Aho-Corasick automaton (built in a few milliseconds for thousands
    of values, one linear pass); a short one by a trie-shaped ``re`` pattern (cached:
    the preview searches the same values again on every keystroke)."""
    ordered = sorted(values, key=len, reverse=True)
    if _ahocorasick is None or len(text) < anchors.MIN_SIZE:
        pattern = compile_trie([re.escape(v) for v in ordered])
        for m in pattern.finditer(text):
            yield m.span()
        return
    # Searched in the ASCII view (non-ASCII characters as one byte each: the same
    # offsets), three times faster than in the text itself; a match is the value
    # itself unless two values differ in those characters only (then ``re``).
    automaton = _ahocorasick.BytesAhoCorasick(
        [v.encode("ascii", "sophdesk-ascii") for v in ordered],
        matchkind=_ahocorasick.MatchKind.LeftmostLongest,
    )
    view = text.encode("ascii", "sophdesk-ascii")
    found = automaton.find_matches_as_indexes(view)
    if text.isascii() or all(text.startswith(ordered[i], s) for i, s, _e in found):
        for _index, start, end in found:
            yield start, end
        return
    pattern = compile_trie([re.escape(v) for v in ordered])  # pragma: no cover - rare
    for m in pattern.finditer(text):
        yield m.span()


def settled(text: str, first: list[Hit], cut: int) -> list[Hit]:
    """The findings of the first region (``first``, judged with :func:`region_hits`)
    that the final result will start with, whatever the other regions hold: those
    ending before ``cut``, where the second region starts (each region finds the
    other mentions of the values near it itself: joining adds none)."""
    return [hit for hit in first if hit.end <= cut]


def _quoted_printable(value: str) -> str:
    return "".join(c if c.isascii() else "".join(f"={b:02X}" for b in c.encode()) for c in value)


def _candidates(text: str, hits: list[Hit]) -> Iterator[tuple[str, Hit]]:
    """The values :func:`propagate` may look for again, with the finding of each."""
    for hit in hits:
        if hit.kind == "name":
            value = text[hit.start : hit.end]
            if hit.rule == people.ENCODED_HEADER_NAME:  # "=?UTF-8?Q?...?=": the decoded name
                value = hit.value
            if not value.isascii():  # and as quoted-printable writes it: "H=C3=A9l=C3=A8ne"
                yield _quoted_printable(value), hit
            if len(value) >= 3 and (" " in value.strip() or "," in value):  # one word: below
                yield value, hit
            for part in value.replace(",", " ").split():
                part = part.strip(".'\u2019")
                if part.lower() not in _COMMON_WORDS and people.propagated_part(part):
                    yield part, hit
                    if not part.isascii():
                        yield _quoted_printable(part), hit
        elif hit.kind in _PROPAGATED_KINDS and 6 <= hit.end - hit.start <= 300:
            yield text[hit.start : hit.end], hit


def _propagated(hits: list[Hit], text: str) -> tuple[dict[str, Hit], dict[str, list[int]]]:
    """The values :func:`propagate` looks for again (each with its first finding) and
    where each was found: every value but those found where more than
    :data:`_MAX_PROPAGATED` distinct values were found within :func:`dense_span`
    characters (a list of secrets: each is found by its own rule, and searching them
    all again costs more than it finds)."""
    found = sorted(_candidates(text, hits), key=lambda c: c[1].start)
    values: dict[str, Hit] = {}
    origins: dict[str, list[int]] = {}
    if len({value for value, _hit in found}) <= _MAX_PROPAGATED:  # none is crowded
        for value, hit in found:
            values.setdefault(value, hit)
            origins.setdefault(value, []).append(hit.start)
        return values, origins
    near: dict[str, int] = {}  # value -> findings of it in the current span
    lo = hi = 0
    span = dense_span()
    for value, hit in found:
        at = hit.start
        while hi < len(found) and found[hi][1].start <= at + span:
            near[found[hi][0]] = near.get(found[hi][0], 0) + 1
            hi += 1
        while found[lo][1].start < at - span:
            gone = found[lo][0]
            near[gone] -= 1
            if not near[gone]:
                del near[gone]
            lo += 1
        if len(near) > _MAX_PROPAGATED:
            continue
        values.setdefault(value, hit)
        origins.setdefault(value, []).append(at)
    return values, origins


def _inside_mark(hit: Hit, marks: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect_left(starts, hit.end) - 1
    return i >= 0 and marks[i][1] > hit.start


def _admit(text: str, hits: list[Hit], allow: Collection[str]) -> list[Hit]:
    """The hits that may be made: not restored by the operator (``allow``), not empty,
    not inside a placeholder of an earlier pass (nothing inside one is a secret)."""
    if allow:
        allowed = set(allow)
        hits = [
            h
            for h in hits
            if h.end > h.start and h.value not in allowed and text[h.start : h.end] not in allowed
        ]
    else:
        hits = [h for h in hits if h.end > h.start]
    if "[" in text:
        marks = [m.span() for m in PLACEHOLDER.finditer(text)]
        if marks:
            starts = [s for s, _ in marks]
            hits = [h for h in hits if not _inside_mark(h, marks, starts)]
    return hits


# --- big texts: regions judged apart (in parallel), joined -----------------------------

#: Context each side of a region: every rule looks at most this far from a value
#: (a section heading above a key, the END line of a PEM block, a header row).
MARGIN = 65_536
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def split_regions(text: str, parts: int, first_share: float | None = None) -> list[tuple[int, int]]:
    """Up to ``parts`` regions covering ``text``, each cut just after a blank line near
    an even share (a table or an e-mail never spans one), else after a line end.
    ``first_share``: the first region's share of the text (the rest share the rest)."""
    n = len(text)
    first = 1 / parts if first_share is None else min(max(first_share, 0.0), 1.0)
    cuts = [0]
    for k in range(1, parts):
        share = first + (1 - first) * (k - 1) / (parts - 1)
        target = max(int(n * share), cuts[-1])
        m = _BLANK_LINE.search(text, target, target + 1_000_000)
        if m is not None:
            cut = m.end()
        else:
            newline = text.find("\n", target)
            cut = n if newline < 0 else newline + 1
        if cuts[-1] < cut < n:
            cuts.append(cut)
    cuts.append(n)
    return list(pairwise(cuts))


def _region_chosen(
    text: str, known: Sequence[KnownForms], allow: Collection[str], lo: int, hi: int
) -> tuple[list[Hit], int]:
    """The chosen findings that start in ``[lo, hi)``, at offsets into the window
    judged (:data:`MARGIN` characters of context either side), and where it starts."""
    n = len(text)
    wlo = 0 if lo <= MARGIN else text.rfind("\n", 0, lo - MARGIN) + 1
    whi = text.find("\n", hi + MARGIN) if hi + MARGIN < n else -1
    whi = n if whi < 0 else whi
    window = text if (wlo, whi) == (0, n) else text[wlo:whi]
    hits = collect(window, known, at_start=paragraph_start(text, wlo))
    hits.extend(continuations(window, hits))
    hits.extend(propagate(window, hits))
    hits = _admit(window, hits, allow)
    first, last = lo - wlo, hi - wlo
    # (Resolving overlaps does not depend on where the window starts.)
    return resolve([h for h in hits if first <= h.start < last]), wlo


def region_hits(
    text: str, known: Sequence[KnownForms], allow: Collection[str], lo: int, hi: int
) -> list[Hit]:
    """The chosen findings of ``text`` that start in ``[lo, hi)``, judged with
    :data:`MARGIN` characters of context either side. Regions' results are joined
    with :func:`run` (``regions=``)."""
    chosen, wlo = _region_chosen(text, known, allow, lo, hi)
    if not wlo:
        return chosen
    return [Hit(s + wlo, e + wlo, p, c, k, r, v) for s, e, p, c, k, r, v in chosen]


def region_rows(
    text: str, known: Sequence[KnownForms], allow: Collection[str], lo: int, hi: int
) -> list[Row]:
    """:func:`region_hits` as plain tuples (:data:`Row`), made in one pass."""
    chosen, wlo = _region_chosen(text, known, allow, lo, hi)
    return [(s + wlo, e + wlo, p, c, k, r, v) for s, e, p, c, k, r, v in chosen]


def join_regions(regions: Sequence[Sequence[Hit | Row]]) -> list[Hit | Row]:
    """One list of non-overlapping hits from consecutive regions' lists (of hits or
    rows): where a finding runs over a cut, the overlapping ones there are resolved
    again (as hits)."""
    joined: list[Hit | Row] = []
    for hits in regions:
        if joined and hits and joined[-1][1] > hits[0][0]:
            cut = hits[0][0]
            i = len(joined)
            while i > 0 and joined[i - 1][1] > cut:
                i -= 1
            tail = joined[i:]
            del joined[i:]
            reach = max(h[1] for h in tail)
            j = 0
            while j < len(hits) and hits[j][0] < reach:
                j += 1
            joined.extend(resolve([Hit._make(h) for h in [*tail, *hits[:j]]]))
            joined.extend(hits[j:])
        else:
            joined.extend(hits)
    return joined


def run(
    text: str,
    known: Sequence[KnownForms],
    allow: Collection[str],
    extra: Sequence[tuple[int, int]],
    *,
    regions: Sequence[Sequence[Hit | Row]] | None = None,
    positions: bool = True,
) -> tuple[str, list[tuple[Hit, str, int, int]]]:
    """The redacted text and, per finding, (hit, placeholder, line, column).

    ``regions``: the :func:`region_hits` of every region of :func:`split_regions`,
    when the text was judged in parts; None judges it here, whole.
    ``positions=False`` gives no findings (a caller that only wants the text).
    """
    if regions is None:
        hits = collect(text, known)
        hits.extend(continuations(text, hits))
        hits.extend(propagate(text, hits))
        chosen = resolve(_admit(text, hits, allow))
    else:  # (each region found the other mentions of the values near it)
        chosen = [h if isinstance(h, Hit) else Hit._make(h) for h in join_regions(regions)]
    chosen = apply_extra(chosen, extra, text)
    if not positions:
        assembly = Assembly(text)
        parts = assembly.take(chosen)
        parts.append(assembly.rest())
        return "".join(parts), []
    book = PlaceholderBook()
    pieces: list[str] = []
    found: list[tuple[Hit, str, int, int]] = []
    pos = 0
    line = 1
    line_pos = 0  # offset where the current line starts
    for hit in chosen:
        placeholder = book.placeholder(hit.kind, hit.value)
        pieces.append(text[pos : hit.start])
        pieces.append(placeholder)
        newlines = text.count("\n", pos, hit.start)
        if newlines:
            line += newlines
            line_pos = text.rfind("\n", pos, hit.start) + 1
        found.append((hit, placeholder, line, hit.start - line_pos + 1))
        newlines = text.count("\n", hit.start, hit.end)
        if newlines:
            line += newlines
            line_pos = text.rfind("\n", hit.start, hit.end) + 1
        pos = hit.end
    pieces.append(text[pos:])
    return "".join(pieces), found


# Every rule is imported now: their compiled patterns go to the caller's store,
# if it lacked them, for the next process.
anchors.keep_compiled()
