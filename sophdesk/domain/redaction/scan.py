"""What the rules look at: the text plus cheap same-length views of it.

Python's ``re`` is fast when a pattern starts with a literal (it skips to the
literal) and slow when it starts with a character class (it tries a match at
every position of the class). So the rules search literal anchors in views of
the text that keep every offset:

* :attr:`Scan.low` - ASCII lower case (non-ASCII characters become ``\\x1a``), for
  keywords and case-insensitive prefixes (``sk-``, ``password``);
* :attr:`Scan.shape` - upper-case letters as ``A``, lower-case as ``a``, digits as
  ``0``, the rest kept: card numbers start at ``0000``, IBANs at ``AA00``, phone
  numbers at ``+0`` or ``000-000-0000``;
* :attr:`Scan.b64` - the base64 alphabet as ``B``: a base64 run is ``BBBB...``.

Each view is built once, lazily, with ``str.translate`` (about 1 GB/s on ASCII).
"""

from __future__ import annotations

import codecs
import re
import string
from collections.abc import Iterator
from typing import NamedTuple

from . import anchors


def _sub_non_ascii(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    return "\x1a" * (error.end - error.start), error.end


# Encoding to ASCII with this handler is the fastest way to turn every non-ASCII
# character into "\x1a" (twice as fast as a regex substitution).
codecs.register_error("sophdesk-ascii", _sub_non_ascii)

_SHAPE = str.maketrans(
    string.ascii_uppercase + string.ascii_lowercase + string.digits,
    "A" * 26 + "a" * 26 + "0" * 10,
)
_B64 = str.maketrans(string.ascii_letters + string.digits + "+/", "B" * 64)


class Hit(NamedTuple):
    """A candidate span to remove, before overlaps are resolved."""

    start: int
    end: int
    priority: int
    category: str
    kind: str
    rule: str
    value: str  # the secret as it reads once decoded (the placeholder's key)


#: A :class:`Hit` as a plain tuple, as a worker process sends it back (a named
#: tuple is pickled as a call of its class: twice as slow there and back).
Row = tuple[int, int, int, str, str, str, str]


class Scan:
    """A text and its lazily built same-length views."""

    __slots__ = (
        "_anchors", "_ascii", "_b64", "_low", "_rlow", "_shape", "at_start", "depth", "text",
    )  # fmt: skip

    def __init__(self, text: str, depth: int = 0, at_start: bool = True) -> None:
        self.text = text
        self.depth = depth  # how many decoding layers deep (base64 in base64 ...)
        # False for a window into a bigger document (one region of a big text): its
        # first line is not the document's first line (a CSV header lives there).
        self.at_start = at_start
        self._ascii: str | None = None
        self._low: str | None = None
        self._shape: str | None = None
        self._b64: str | None = None
        self._rlow: str | None = None
        self._anchors: dict[str, list[list[int]] | None] = {}

    @property
    def ascii(self) -> str:
        if self._ascii is None:
            text = self.text
            self._ascii = (
                text if text.isascii() else text.encode("ascii", "sophdesk-ascii").decode("ascii")
            )
        return self._ascii

    @property
    def low(self) -> str:
        if self._low is None:
            self._low = self.ascii.lower()
        return self._low

    @property
    def rlow(self) -> str:
        """:attr:`low` reversed: offset ``i`` there is ``len(text) - 1 - i`` here (for
        what is found backwards: a label before its separator, a name before a label)."""
        if self._rlow is None:
            self._rlow = self.low[::-1]
        return self._rlow

    @property
    def shape(self) -> str:
        if self._shape is None:
            self._shape = self.ascii.translate(_SHAPE)
        return self._shape

    @property
    def b64(self) -> str:
        if self._b64 is None:
            self._b64 = self.ascii.translate(_B64)
        return self._b64

    def finditer(self, pattern: re.Pattern[str], view: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer`` over ``view`` (``"low"``, ``"shape"``, ``"b64"``, or
        ``"text"``), anchored in one pass for all registered patterns where it can be
        (:mod:`.anchors`): the same matches either way."""
        if view == "text":
            subject, anchor_view = self.text, "ascii"
        else:
            subject = getattr(self, view)
            anchor_view = view
        if len(subject) < anchors.MIN_SIZE:  # never anchored: ``re`` alone, no wrapper
            return pattern.finditer(subject)
        found = self._anchors.get(anchor_view, False)
        if found is False:
            found = anchors.starts(anchor_view, getattr(self, anchor_view))
            self._anchors[anchor_view] = found
        return anchors.finditer(pattern, subject, anchor_view, found)  # type: ignore[arg-type]

    def line_bounds(self, pos: int) -> tuple[int, int]:
        """Start and end (without the newline) of the line holding ``pos``."""
        text = self.text
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        return start, (len(text) if end < 0 else end)
