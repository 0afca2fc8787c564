"""Typed, numbered placeholders: the same value gets the same placeholder in one call."""

from __future__ import annotations

import re

#: A placeholder as the engine writes it: ``[openai-key-1]``.
PLACEHOLDER = re.compile(r"\[[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d+\]")


def is_placeholder(value: str) -> bool:
    return PLACEHOLDER.fullmatch(value) is not None


class PlaceholderBook:
    """Numbers placeholders per kind, in the order values are first met."""

    __slots__ = ("_by_value", "_counts")

    def __init__(self) -> None:
        self._by_value: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def placeholder(self, kind: str, value: str) -> str:
        key = (kind, value)
        found = self._by_value.get(key)
        if found is None:
            number = self._counts.get(kind, 0) + 1
            self._counts[kind] = number
            found = f"[{kind}-{number}]"
            self._by_value[key] = found
        return found
