"""The redacted text written in order, part by part.

A big text is judged in regions (one per core, see :mod:`.engine`). The findings
of the first region that end before the second region starts are settled: no
later region can change them (each region finds the other occurrences of the
values found near it itself, :func:`.engine.propagate`), so their part of the
redacted text can be written while the other regions are still being judged.
Writing part by part gives exactly the text written at once: the placeholders are
numbered in the same order, by one :class:`Assembly`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .placeholders import PlaceholderBook
from .scan import Hit, Row


class Assembly:
    """The redacted text of ``text``, taken in order: findings first, then the rest."""

    __slots__ = ("_book", "_pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._book = PlaceholderBook()
        self._pos = 0  # where the text taken so far ends

    def take(self, hits: Sequence[Hit | Row]) -> list[str]:
        """The pieces of the redacted text up to the end of the last of ``hits``
        (sorted, not overlapping, after those taken before; hits or their rows)."""
        text, placeholder = self.text, self._book.placeholder
        parts: list[str] = []
        add = parts.append
        pos = self._pos
        for start, end, _priority, _category, kind, _rule, value in hits:
            add(text[pos:start])
            add(placeholder(kind, value))
            pos = end
        self._pos = pos
        return parts

    def rest(self) -> str:
        """The text after the last finding taken."""
        rest = self.text[self._pos :]
        self._pos = len(self.text)
        return rest
