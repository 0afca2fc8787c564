"""Many literal-led alternatives as one fast pattern.

``re`` tries every alternative of a top-level alternation at each position where
one may start, so 60 keywords cost 60 comparisons per letter of the text. Folded
into a trie on their literal prefixes (``a(?:uth(?:orization...)|ddress...)``),
each position costs a couple of comparisons, and the pattern still starts with
a known character set, so ``re`` skips every other position cheaply.
"""

from __future__ import annotations

import re
from functools import lru_cache

_META = frozenset(".^$*+?{}[]\\|()")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def literal_prefix(pattern: str) -> tuple[str, str]:
    """Split a regex into its leading plain characters and the rest.

    A character followed by a quantifier (``?``, ``*``, ``+``, ``{``) stays in the rest.
    """
    i = 0
    out: list[str] = []
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            literal, width = pattern[i + 1], 2
        elif ch == "\\" and pattern[i + 1 : i + 2] in _ESCAPES:
            literal, width = _ESCAPES[pattern[i + 1]], 2
        elif ch in _META:
            break
        else:
            literal, width = ch, 1
        nxt = pattern[i + width : i + width + 1]
        if nxt and nxt in "?*+{":
            break
        out.append(literal)
        i += width
    return "".join(out), pattern[i:]


def trie_pattern(alternatives: list[str]) -> str:
    """One regex equivalent to ``"|".join(alternatives)`` (order kept among equals).

    Every alternative must start with at least one plain character.
    """
    tree: dict[str, object] = {}
    for order, alternative in enumerate(alternatives):
        prefix, rest = literal_prefix(alternative)
        if not prefix:
            raise ValueError(f"alternative without a literal start: {alternative!r}")
        node = tree
        for ch in prefix:
            child = node.setdefault(ch, {})
            assert isinstance(child, dict)
            node = child
        ends = node.setdefault("", [])
        assert isinstance(ends, list)
        ends.append((order, rest))
    return _emit(tree)


def _emit(node: dict[str, object], firsts: dict[int, int] | None = None) -> str:
    # Longer literals first, then the alternatives ending here in their given order:
    # the same preference as the flat alternation for keywords that share a start.
    if firsts is None:
        firsts = {}
    branches: list[tuple[int, str]] = []
    for ch, child in node.items():
        if ch == "":
            continue
        assert isinstance(child, dict)
        first = _first_order(child, firsts)
        # A chain of single children is one literal: keeps the pattern (and the
        # recursion) shallow for long values.
        literal = re.escape(ch)
        while len(child) == 1 and "" not in child:
            ((nxt, grandchild),) = child.items()
            assert isinstance(grandchild, dict)
            literal += re.escape(nxt)
            child = grandchild
        branches.append((first, literal + _wrap(_emit(child, firsts))))
    ends = node.get("", [])
    assert isinstance(ends, list)
    for order, rest in ends:
        branches.append((order, f"(?:{rest})" if rest else ""))
    branches.sort(key=lambda b: b[0])
    if len(branches) == 1:
        return branches[0][1]
    return "|".join(b[1] if b[1] else "" for b in branches)


def _wrap(inner: str) -> str:
    return f"(?:{inner})" if "|" in inner else inner


def _first_order(node: dict[str, object], firsts: dict[int, int]) -> int:
    """The first order of any alternative under ``node`` (remembered in ``firsts``,
    by node: each node is asked once per level above it otherwise)."""
    known = firsts.get(id(node))
    if known is not None:
        return known
    best = 1 << 30
    for ch, child in node.items():
        if ch == "":
            assert isinstance(child, list)
            best = min([best, *(o for o, _ in child)])
        else:
            assert isinstance(child, dict)
            best = min(best, _first_order(child, firsts))
    firsts[id(node)] = best
    return best


def compile_trie(alternatives: list[str]) -> re.Pattern[str]:
    return _compiled(tuple(alternatives))


@lru_cache(maxsize=64)
def _compiled(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    """Cached: the preview redacts the same text again on every keystroke, and the
    values it propagates rarely change between two keystrokes."""
    return re.compile(trie_pattern(list(alternatives)))
