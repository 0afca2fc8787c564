"""The rules' regular expressions, compiled once per machine instead of once per process.

The rule modules compile some 300 patterns when they are imported: most of the
cost of a one-line ``sophdesk redact`` or ``show`` (a tenth of a second, twice a
bare ``sophdesk --version``). ``re`` keeps what it compiled in a per-process
cache; :func:`preload` fills that cache from the caller's store (the one
:func:`.anchors.use_store` was given) before the rules are imported, so their
``re.compile`` calls find their patterns there, and :func:`keep` writes what the
engine's import compiled back to the store when it was missing.

What is stored is what ``re`` itself builds (the pattern, its flags and the code
``_sre`` runs), keyed by the Python build: another Python never loads it. A
pattern built from the store is checked equal (``==`` compares the code) to the
one ``re`` compiles before it is saved, and ``_sre`` validates code when it loads
it. Anything unexpected (another Python's internals, a damaged entry) and the
patterns are compiled as before: the results are the same either way.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import marshal
import re
import sys
from typing import Any

_sre: Any = None
_cache: Any = None
_MAX = 0
try:  # CPython's internals; without them, patterns are compiled as usual
    _sre = importlib.import_module("_sre")
    _parser: Any = re._parser  # type: ignore[attr-defined]
    _compiler: Any = re._compiler  # type: ignore[attr-defined]
    _cache = re._cache  # type: ignore[attr-defined]
    _MAX = re._MAXCACHE  # type: ignore[attr-defined]
except (ImportError, AttributeError):  # pragma: no cover - another Python
    _sre = None

KEY = (
    "re-"
    + hashlib.sha256(
        repr((sys.version, sys.implementation.cache_tag, getattr(_sre, "MAGIC", None))).encode()
    ).hexdigest()[:32]
)

_Entry = tuple[str, int, int, list[int], int, dict[str, int], tuple[str | None, ...]]
#: What the store held (or was given) in this process, by (pattern, flags).
_loaded: dict[tuple[str, int], _Entry] = {}


def _usable() -> bool:
    return _sre is not None and isinstance(_cache, dict)


def preload(store: Any) -> int:
    """Put the patterns ``store`` holds into ``re``'s cache; how many were loaded."""
    if store is None or not _usable():
        return 0
    try:
        blob = store.load(KEY)
        if blob is None:
            return 0
        entries: list[_Entry] = marshal.loads(blob)
        room = max(0, _MAX - len(_cache) - 64)  # leave the cache room for others
        for pattern, flags, all_flags, code, groups, groupindex, indexgroup in entries[:room]:
            key = (str, pattern, flags)
            if key not in _cache:
                _cache[key] = _sre.compile(pattern, all_flags, code, groups, groupindex, indexgroup)
            _loaded[(pattern, flags)] = (
                pattern,
                flags,
                all_flags,
                code,
                groups,
                groupindex,
                indexgroup,
            )
    except Exception:  # a damaged or foreign entry: compile as usual
        return 0
    return len(_loaded)


def _entry(pattern: str, flags: int) -> _Entry | None:
    """What ``re.compile(pattern, flags)`` builds, as ``re._compiler.compile`` does."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry: _Entry = (
        pattern,
        flags,
        int(flags | parsed.state.flags),
        [int(op) for op in code],  # opcodes are int subclasses, which marshal refuses
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    rebuilt = _sre.compile(*entry[:1], *entry[2:])
    return entry if rebuilt == re.compile(pattern, flags) else None


def _patterns(value: Any, found: dict[tuple[str, int], None], depth: int = 0) -> None:
    """The str patterns in ``value``: a pattern, or one inside a tuple, list, set or
    dict's values (a rule table) a few levels down."""
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str) and not value.flags & re.DEBUG:
            # re.compile adds UNICODE to a str pattern's flags; the cache key has the
            # flags as given, which these rules give without it.
            found[(value.pattern, int(value.flags & ~re.UNICODE))] = None
    elif depth < 3 and isinstance(value, tuple | list | set | frozenset | dict):
        if len(value) > _BIG:
            return  # word lists (names, labels): no patterns there
        for item in value.values() if isinstance(value, dict) else value:
            if type(item) is not str:
                _patterns(item, found, depth + 1)


_BIG = 300


def rule_patterns() -> list[tuple[str, int]]:
    """The patterns the redaction modules hold (module globals and their tables)."""
    package = __name__.rpartition(".")[0]
    found: dict[tuple[str, int], None] = {}
    for name, module in list(sys.modules.items()):
        if name.startswith(package + ".") and module is not None and name != __name__:
            for value in list(vars(module).values()):
                _patterns(value, found)
    return list(found)


def keep(store: Any) -> None:
    """Save the redaction modules' patterns to ``store`` when some of them were
    compiled here rather than loaded (the first run, or a new version of the rules)."""
    if store is None or not _usable():
        return
    with contextlib.suppress(Exception):  # a cache that cannot be written is no cache
        missing = [key for key in rule_patterns() if key not in _loaded]
        if not missing:
            return  # everything the rules need was loaded
        for key in missing:
            entry = _entry(*key)
            if entry is not None:
                _loaded[key] = entry
        # Kept with those loaded: a command that imports fewer rules keeps the others'.
        store.save(KEY, marshal.dumps(list(_loaded.values())))
