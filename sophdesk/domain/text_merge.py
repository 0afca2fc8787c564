"""Keeping an operator's edits when a text is composed again.

The update composer shows a text composed from a template; the operator edits its
wording; then the incident changes (a field filled in, another desk's change) and
the text is composed again. :func:`keep_edits` carries the operator's edits over
to the new composition with a three-way merge (``merge3``): the old composition
is the base, the operator's text one side, the new composition the other. Lines
first; where changes touch the same or neighbouring lines, words. Where both
changed the same words there is no safe answer: None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from merge3 import Merge3

_WORDS = re.compile(r"\s+|[^\s]+")


def _merge(
    base: Sequence[str], mine: Sequence[str], theirs: Sequence[str], *, words: bool
) -> str | None:
    merge = Merge3(list(base), list(mine), list(theirs))
    out: list[str] = []
    for region in merge.merge_regions():
        kind = region[0]
        if kind == "unchanged":
            out.extend(base[region[1] : region[2]])
        elif kind in ("a", "same"):
            out.extend(mine[region[1] : region[2]])
        elif kind == "b":
            out.extend(theirs[region[1] : region[2]])
        else:  # conflict: base, mine, theirs spans
            spans: tuple[int, ...] = tuple(region[1:])
            z1, z2, a1, a2, b1, b2 = spans
            if words:
                return None
            inner = _merge(
                _WORDS.findall("".join(base[z1:z2])),
                _WORDS.findall("".join(mine[a1:a2])),
                _WORDS.findall("".join(theirs[b1:b2])),
                words=True,
            )
            if inner is None:
                return None
            out.append(inner)
    return "".join(out)


def keep_edits(base: str, edited: str, fresh: str) -> str | None:
    """``fresh`` with the edits that turned ``base`` into ``edited``; ``edited``
    itself when ``fresh`` is ``base``; None when both changed the same words."""
    if edited == base or fresh == edited:
        return fresh
    if fresh == base:
        return edited
    return _merge(
        base.splitlines(True), edited.splitlines(True), fresh.splitlines(True), words=False
    )
