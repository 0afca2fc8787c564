"""One pass for many literal-led scans: the same matches as ``re``'s ``finditer``.

Most rules scan the whole text for a pattern that starts with a literal
(``sk-``, ``eyj``, ``define(``, ``password``): ``re`` finds each literal quickly,
but it is one pass over the text per rule, some sixty passes. Where the
``hyperscan`` library is installed, the literals of every registered pattern
are found in one pass per view instead, and the pattern is tried (``match``)
only where one of its literals starts. That gives exactly the matches
``finditer`` gives, because a match can only start where one of its literals
does (the literals are read from the pattern's own parse), and ``match`` at a
position sees the text before it (look-behinds hold).

Without hyperscan (or for short texts, where one pass costs nothing) the rules
run ``finditer`` as before: the results are the same either way, and the tests
compare them.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
from collections.abc import Iterator
from typing import Any, Protocol

from . import compiled

#: Shorter texts are scanned by ``re`` directly (a pass over them costs little).
MIN_SIZE = 32_768
_MAX_LITERALS = 64  # more alternatives than this: not worth anchoring
_MIN_LITERAL = 3  # one or two characters would match nearly everywhere
_MAX_CLASS = 6  # a class of this many characters or fewer ([.-], [pousr]) extends the literals

_hs: Any
try:  # an optional accelerator: the same results without it
    import hyperscan as _hs
except ImportError:  # pragma: no cover - depends on the platform's wheels
    _hs = None

_parser: Any = getattr(re, "_parser", None)

# view name -> [(pattern, literals, prefilter)], filled at import time by the rule
# modules: each pattern has either literals or a prefilter expression.
_REGISTERED: dict[str, list[tuple[re.Pattern[str], frozenset[str], str | None]]] = {}
_INDEX: dict[tuple[str, re.Pattern[str]], int] = {}
_DATABASES: dict[str, Any] = {}
_LITERAL_SETS: dict[str, tuple[Any, list[int]]] = {}  # name -> (database, literal lengths)
_lock = threading.Lock()  # a database's scratch space serves one scan at a time


def _walk(items: Any, heads: set[str]) -> tuple[set[str], bool]:
    """The literal prefixes every match of the parsed ``items`` starts with, and
    whether the literal run is still open after them."""
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            heads = {head + chr(av) for head in heads}
        elif name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue  # zero width: the match still starts at the literal
        elif name == "IN" and len(av) <= _MAX_CLASS and all(str(o) == "LITERAL" for o, _ in av):
            wider = {head + chr(c) for head in heads for _, c in av}  # [.-]: one of a few
            if len(wider) > _MAX_LITERALS:
                return heads, False
            heads = wider
        elif name == "SUBPATTERN":
            _group, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                return heads, False
            heads, still = _walk(inner, heads)
            if not still:
                return heads, False
        elif name == "BRANCH":
            out: set[str] = set()
            still = True
            for branch in av[1]:
                found, open_ = _walk(branch, heads)
                out |= found
                still = still and open_
            heads = out
            if not still:
                return heads, False
        else:
            return heads, False
        if len(heads) > _MAX_LITERALS:
            return heads, False
    return heads, True


def literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The literals every match of ``pattern`` starts with, or None when it has none
    worth anchoring on (a character class first, a one-character literal, ...)."""
    if _parser is None or pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError):  # pragma: no cover - compiled already
        return None
    found, _ = _walk(list(parsed), {""})
    if not found or len(found) > _MAX_LITERALS:
        return None
    if any(len(f) < _MIN_LITERAL or not f.isascii() for f in found):
        return None
    return frozenset(found)


def _why_unanchored(pattern: re.Pattern[str]) -> str:
    """Why :func:`literals` finds nothing to anchor ``pattern`` on."""
    if _parser is None:  # pragma: no cover - every CPython has it
        return "no pattern parser"
    if pattern.flags & re.IGNORECASE:
        return "case-insensitive"
    found, _ = _walk(list(_parser.parse(pattern.pattern, pattern.flags)), {""})
    if len(found) > _MAX_LITERALS:
        return f"more than {_MAX_LITERALS} literals"
    if not found or any(len(f) < _MIN_LITERAL for f in found):
        return f"a literal shorter than {_MIN_LITERAL} characters (or none)"
    return "a literal that is not ASCII"


#: (view, pattern) -> why it runs unanchored: registered, but with no literal worth
#: anchoring on. It still finds what ``re`` finds (``finditer`` over the whole view),
#: only without the one-pass speed-up: named here so that it is a choice, not an
#: accident (the tests list them).
_UNANCHORED: dict[tuple[str, re.Pattern[str]], str] = {}


def unanchored() -> list[tuple[tuple[str, re.Pattern[str]], str]]:
    """The registered patterns that run unanchored, and why."""
    with _lock:
        _settle()
    return list(_UNANCHORED.items())


def register(pattern: re.Pattern[str], view: str) -> None:
    """Let :func:`finditer` anchor ``pattern`` on the ASCII ``view`` it is run over
    (``"low"``, or ``"ascii"`` for a pattern run over the text itself). A pattern
    with no literal to anchor on runs as ``re`` runs it (:func:`unanchored`)."""
    with _lock:  # its literals are read when a big text first needs them (:func:`_settle`)
        _PENDING.append((view, pattern, None))


#: Registered, literals not read yet: reading them parses the pattern again, which
#: a short text (scanned by ``re``, never anchored) should not pay for at start-up.
_PENDING: list[tuple[str, re.Pattern[str], str | None]] = []


def _settle() -> None:
    """Read the literals of the patterns registered since the last call (``_lock`` held)."""
    while _PENDING:
        view, pattern, expression = _PENDING.pop(0)
        if expression is not None:
            _add(view, pattern, frozenset(), expression)
            continue
        found = literals(pattern)
        if found is not None:
            _add(view, pattern, found, None)
        else:
            _UNANCHORED[(view, pattern)] = _why_unanchored(pattern)


def settled() -> dict[str, list[re.Pattern[str]]]:
    """Per view, the patterns registered with literals or a prefilter, in order."""
    with _lock:
        _settle()
        return {view: [entry[0] for entry in entries] for view, entries in _REGISTERED.items()}


def register_prefilter(pattern: re.Pattern[str], view: str, expression: str) -> None:
    """Let :func:`finditer` anchor ``pattern`` on ``view`` by a hyperscan
    ``expression`` that every match of ``pattern`` satisfies, starting where the
    pattern's match starts or one character before it: ``(?:^|[^0aA])aa00`` for a
    pattern whose matches start at an ``aa00`` that no ``0``, ``a`` or ``A``
    precedes. For a pattern whose literal is frequent in the view (``re`` stops at
    every ``a`` of the shape view) but rarely starts a match."""
    with _lock:  # settled in registration order
        _PENDING.append((view, pattern, expression))


class DatabaseStore(Protocol):
    """Where compiled hyperscan databases are kept between runs (a cache: compiling
    them all costs ~30 ms in each process, loading them well under 1 ms). Given by
    the caller (:func:`use_store`); this module does no I/O itself."""

    def load(self, key: str) -> bytes | None: ...

    def save(self, key: str, data: bytes) -> None: ...


_store: DatabaseStore | None = None


def use_store(store: DatabaseStore | None) -> None:
    """Keep compiled databases in ``store`` (None: compile in each process), and
    the rules' compiled regular expressions (:mod:`.compiled`): given before the
    rule modules are imported, they load their patterns from it."""
    global _store
    _store = store
    compiled.preload(store)


def keep_compiled() -> None:
    """Save the rules' regular expressions to the store when they were compiled
    here (:func:`.compiled.keep`); the engine calls it once its rules are imported."""
    compiled.keep(_store)


def _build(expressions: list[bytes], *, literal: bool, som: bool = False) -> Any:
    """A block-mode database of ``expressions`` (ids in order): loaded from the store
    when it holds one built from the same expressions by the same hyperscan, else
    compiled (and stored). A stored database that does not load is compiled again."""
    key = hashlib.sha256(
        repr((getattr(_hs, "__version__", ""), literal, som, expressions)).encode()
    ).hexdigest()
    store = _store
    if store is not None:
        try:
            blob = store.load(key)
            if blob is not None:
                database = _hs.loadb(blob, _hs.HS_MODE_BLOCK)
                database.scratch = _hs.Scratch(database)
                return database
        except Exception:  # any failure (another version, a damaged file): compile it
            database = None
    database = _hs.Database(mode=_hs.HS_MODE_BLOCK)
    options: dict[str, Any] = {"literal": True} if literal else {}
    if som:
        options["flags"] = [_hs.HS_FLAG_SOM_LEFTMOST] * len(expressions)
    database.compile(
        expressions=expressions,
        ids=list(range(len(expressions))),
        elements=len(expressions),
        **options,
    )
    if store is not None:
        with contextlib.suppress(Exception):  # a cache that cannot be written is no cache
            store.save(key, _hs.dumpb(database))
    return database


def _add(view: str, pattern: re.Pattern[str], found: frozenset[str], prefilter: str | None) -> None:
    """Add an anchored pattern (``_lock`` held)."""
    if (view, pattern) in _INDEX:
        return
    entries = _REGISTERED.setdefault(view, [])
    _INDEX[(view, pattern)] = len(entries)
    entries.append((pattern, found, prefilter))
    _DATABASES.pop(view, None)


_Compiled = tuple[Any, list[tuple[int, int]], Any, list[int]]


def _database(view: str) -> _Compiled | None:
    """The compiled databases of ``view``: its literals and, per literal id, (pattern
    index, literal length); its prefilters (or None) and, per id, the pattern index."""
    if _hs is None:
        return None
    _settle()
    if view not in _REGISTERED:
        return None
    cached: _Compiled | None = _DATABASES.get(view)
    if cached is not None:
        return cached
    expressions: list[bytes] = []
    meaning: list[tuple[int, int]] = []
    filters: list[bytes] = []
    filtered: list[int] = []
    for index, (_pattern, found, prefilter) in enumerate(_REGISTERED[view]):
        for literal in sorted(found):
            expressions.append(literal.encode("ascii"))
            meaning.append((index, len(literal)))
        if prefilter is not None:
            filters.append(prefilter.encode("ascii"))
            filtered.append(index)
    database = _build(expressions, literal=True) if expressions else None
    # Where each match starts is wanted: leftmost start of match.
    prefilters = _build(filters, literal=False, som=True) if filters else None
    compiled = (database, meaning, prefilters, filtered)
    _DATABASES[view] = compiled
    return compiled


def starts(view: str, data: str) -> list[list[int]] | None:
    """Per registered pattern of ``view``, the sorted offsets in ``data`` (that view
    of a text) where one of its literals starts; None when not accelerated."""
    if len(data) < MIN_SIZE:
        return None
    with _lock:
        compiled = _database(view)
        if compiled is None:
            return None
        database, meaning, prefilters, filtered = compiled
        found: list[list[int]] = [[] for _ in _REGISTERED[view]]
        encoded = data.encode("latin-1")

        def hit(ident: int, _start: int, end: int, _flags: int, _context: object) -> None:
            index, length = meaning[ident]
            found[index].append(end - length)

        def filtered_hit(ident: int, start: int, _end: int, _flags: int, _ctx: object) -> None:
            offsets = found[filtered[ident]]
            offsets.append(start)
            offsets.append(start + 1)

        if database is not None:
            database.scan(encoded, match_event_handler=hit)
        if prefilters is not None:
            prefilters.scan(encoded, match_event_handler=filtered_hit)
    for offsets in found:
        offsets.sort()
    return found


def finditer(
    pattern: re.Pattern[str], subject: str, view: str, anchors: list[list[int]] | None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(subject)``, anchored on ``anchors`` (:func:`starts` of the
    view) when the pattern is registered there."""
    index = _INDEX.get((view, pattern))
    if anchors is None or index is None:
        yield from pattern.finditer(subject)
        return
    yield from match_at(pattern, subject, anchors[index])


def literal_starts(name: str, found: tuple[str, ...], data: str) -> list[int] | None:
    """The sorted offsets in ``data`` (ASCII) where one of the literals ``found``
    starts, found in one pass; None when not accelerated (then scan with ``re``).
    ``name`` names the set: its database is compiled once."""
    return _one_pass(name, found, data, literal=True)


def expression_starts(name: str, expression: str, data: str) -> list[int] | None:
    """The sorted offsets in ``data`` (ASCII) where a match of the hyperscan
    ``expression`` starts: for each place a match ends, the leftmost start of one.
    None when not accelerated. ``name`` names it: compiled once."""
    return _one_pass(name, (expression,), data, literal=False)


def _one_pass(name: str, found: tuple[str, ...], data: str, *, literal: bool) -> list[int] | None:
    if _hs is None or len(data) < MIN_SIZE:
        return None
    with _lock:
        compiled = _LITERAL_SETS.get(name)
        if compiled is None:
            encoded = [item.encode("ascii") for item in found]
            database = _build(encoded, literal=literal, som=not literal)
            compiled = (database, [len(item) for item in found] if literal else [])
            _LITERAL_SETS[name] = compiled
        database, lengths = compiled
        starts: list[int] = []
        add = starts.append

        def hit(ident: int, _start: int, end: int, _flags: int, _context: object) -> None:
            add(end - lengths[ident])

        def hit_start(_ident: int, start: int, _end: int, _flags: int, _ctx: object) -> None:
            add(start)

        database.scan(data.encode("latin-1"), match_event_handler=hit if literal else hit_start)
    starts.sort()
    return starts


def match_at(
    pattern: re.Pattern[str], subject: str, candidates: list[int]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(subject)`` when every match starts at one of the sorted
    ``candidates``: ``match`` tried there only, in order, never inside a match."""
    pos = 0
    previous = -1
    for start in candidates:
        if start < pos or start == previous:
            continue
        previous = start
        m = pattern.match(subject, start)
        if m is None:
            continue
        yield m
        pos = m.end() if m.end() > start else start + 1
