"""Encoded shapes: decode only where a shape is detected, map findings back.

* :func:`decoded_views` finds the lines holding escapes (JSON ``\\/ \\" \\uXXXX
  \\n``, percent- and form-encoding, HTML entities, quoted-printable soft breaks,
  keys split by string concatenation), decodes them and returns decoded views
  with a map back to the original offsets: runs of such lines less than
  :data:`VIEW_GAP` characters apart share a view (joined by a blank line), runs
  further apart never do, so what is found in one depends on nearby text only. A
  finding in a decoded region removes the whole encoded run it came from.
* :func:`base64_runs` finds runs of the base64 alphabet and decodes the ones that
  decode to text; the caller scans that text and, on any finding, removes the
  whole run.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

_Q = "['\"\u2018\u2019\u201c\u201d]"
# 'sk-' . 'proj-...', "sk-" + "...", over line breaks too.
_CONCAT = r"[ \t]*\r?\n?[ \t]*(?:[.+]|\.\.)[ \t]*\r?\n?[ \t]*" + _Q
# Literal-led alternatives only, so ``re`` can skip ahead (see scan.py).
_TRIGGER = re.compile(
    r"\\(?:[/\"'\\nrt]|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2})|%[0-9A-Fa-f]{2}|&(?:#|[a-z]{2,6};)|=\r?\n|"
    # a UTF-8 letter written quoted-printable ("H=C3=A9l=C3=A8ne"), on a line of its own
    r"=[C-F][0-9A-F]=[89AB][0-9A-F]|"
    r"<br[ \t]*/?>|" + "|".join(q + _CONCAT for q in "'\"\u2018\u2019\u201c\u201d")
)
# Every alternative starts with a literal, so ``re`` skips to "\\", "%", "&", a quote.
_COMMON = (
    r"\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\[/\"'\\nrt]|%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*"
    r"|&#\d{1,7};|&#[xX][0-9a-fA-F]{1,6};|&[a-zA-Z]{2,8};|<br[ \t]*/?>|"
    + "|".join(q + _CONCAT for q in "'\"\u2018\u2019\u201c\u201d")
)
_UNESCAPE = re.compile(_COMMON)
_UNESCAPE_QP = re.compile(_COMMON + r"|=\r?\n|(?:=[0-9A-F]{2})+")
_SIMPLE = {"/": "/", '"': '"', "'": "'", "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_PLAIN = {"\\" + k: v for k, v in _SIMPLE.items()}  # \/ -> /, \" -> ", \n -> newline
_PAIRS = {"'": "'", '"': '"', "\u2018": "\u2019", "\u2019": "\u2019", "\u201c": "\u201d"}


@dataclass(frozen=True, slots=True)
class View:
    """A decoded region and how its offsets map back to the text it came from."""

    text: str
    dec: list[int]  # decoded start of each segment
    orig: list[int]  # original start of each segment
    orig_end: list[int]  # original end of each segment
    identity: list[bool]  # one decoded character per original character

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that decodes to ``[start, end)``."""
        i = bisect_right(self.dec, start) - 1
        o_start = self.orig[i] + start - self.dec[i] if self.identity[i] else self.orig[i]
        last = end - 1
        j = bisect_right(self.dec, last) - 1
        o_end = self.orig[j] + last - self.dec[j] + 1 if self.identity[j] else self.orig_end[j]
        return o_start, o_end


def _replacement(m: re.Match[str]) -> str | None:
    """What one escape decodes to ("" to drop it), or None to leave it alone."""
    g = m.group()
    first = g[0]
    if first == "\\":
        if g[1] in "ux":
            return chr(int(g[2:], 16))
        return _SIMPLE[g[1]]
    if first == "%":
        raw = bytes(int(g[i + 1 : i + 3], 16) for i in range(0, len(g), 3))
        return raw.decode("utf-8", errors="replace")
    if first == "&":
        if g.startswith("&#"):
            code = int(g[3:-1], 16) if g[2] in "xX" else int(g[2:-1])
            return chr(code) if code < 0x110000 else None
        decoded = html.unescape(g)
        if decoded == "\xa0":
            return " "
        return None if decoded == g else decoded
    if first == "<":
        return "\n"
    if first == "=":
        if g[1] in "\r\n":
            return ""
        # A run of =XX is the bytes of UTF-8 text (=C2=AB is one «), else Latin-1.
        raw = bytes(int(g[i + 1 : i + 3], 16) for i in range(0, len(g), 3))
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            decoded = raw.decode("latin-1")
        return decoded.replace("\xa0", " ")
    return ""  # the quotes and operator between two pieces of one string


def decode_regions(
    text: str, regions: list[tuple[int, int]], *, qp: bool | list[bool]
) -> View | None:
    """One view of all ``regions`` (line-aligned), each decoded, joined by their newline.

    ``qp`` says, for all regions or per region, whether quoted-printable is in effect.
    """
    flags = qp if isinstance(qp, list) else [qp] * len(regions)
    pieces: list[str] = []
    dec: list[int] = []
    orig: list[int] = []
    orig_end: list[int] = []
    identity: list[bool] = []
    length = 0
    changed = False

    def keep(a: int, b: int) -> None:
        nonlocal length
        if b > a:
            dec.append(length)
            orig.append(a)
            orig_end.append(b)
            identity.append(True)
            pieces.append(text[a:b])
            length += b - a

    for (start, end), region_qp in zip(regions, flags, strict=True):
        if pieces:  # the newline before this region, as a blank line: lines apart
            dec.append(length)
            orig.append(start - 1)
            orig_end.append(start)
            identity.append(False)
            pieces.append("\n\n")
            length += 2
        pos = start
        form = _form_encoded(text, start, end)
        pattern = _UNESCAPE_FORM if form else _UNESCAPE_QP if region_qp else _UNESCAPE
        for m in pattern.finditer(text, start, end):
            g = m.group()
            rep = _PLAIN.get(g)  # the common escapes, without a call
            if rep is None:
                rep = " " if g == "+" else _replacement(m)
                if rep is None:
                    continue
            keep(pos, m.start())
            if rep:
                dec.append(length)
                orig.append(m.start())
                orig_end.append(m.end())
                identity.append(False)
                pieces.append(rep)
                length += len(rep)
            pos = m.end()
            changed = True
        keep(pos, end)
    if not changed or not dec:
        return None
    return View("".join(pieces), dec, orig, orig_end, identity)


_UNESCAPE_FORM = re.compile(_COMMON + r"|\+")


def _form_encoded(text: str, start: int, end: int) -> bool:
    """A form body or query string: ``a=1&b=x+y``, no spaces, where ``+`` is a space."""
    if end - start > 20000:
        return False
    line = text[start:end]
    return " " not in line.strip() and "&" in line and "=" in line and "+" in line


_QP_WORD = ("-printable", "-Printable", "-PRINTABLE")
_QP_ESCAPE = re.compile("=[0-9A-F]{2}")
_QP_REACH = 20_000  # how far a Content-Transfer-Encoding header reaches (one e-mail)


def _qp_headers(text: str, low: str | None = None) -> list[int]:
    """Where ``quoted-printable`` is written, in any case (``str.find`` is fast; one
    pass over ``low``, the text in lower case, when given)."""
    found: list[int] = []
    if low is not None:
        pos = low.find("-printable")
        while pos >= 0:
            if text[pos : pos + 10] in _QP_WORD and low[max(0, pos - 6) : pos] == "quoted":
                found.append(pos - 6)
            pos = low.find("-printable", pos + 1)
        return found
    for word in _QP_WORD:
        pos = text.find(word)
        while pos >= 0:
            if text[max(0, pos - 6) : pos].lower() == "quoted":
                found.append(pos - 6)
            pos = text.find(word, pos + 1)
    found.sort()
    return found


class _QuotedPrintable:
    """Where an ``=`` that ends a line is a quoted-printable soft break, decided locally.

    Only in quoted-printable text: after a ``quoted-printable`` header, on a line
    that also holds ``=XX`` escapes, or on a line wrapped at the encoders' 76
    columns; never after another ``=`` (``==== Log ====``, base64's ``==``): a
    literal ``=`` is ``=3D`` there. A big paste holds many documents: one e-mail
    must not turn the ``=`` line ends of all the others into soft breaks.
    """

    __slots__ = ("_headers", "low", "text")

    def __init__(self, text: str, low: str | None = None) -> None:
        self.text = text
        self.low = low
        self._headers: list[int] | None = None

    def header_before(self, pos: int) -> bool:
        if self._headers is None:
            self._headers = _qp_headers(self.text, self.low)
        i = bisect_right(self._headers, pos) - 1
        return i >= 0 and pos - self._headers[i] <= _QP_REACH

    def soft_break(self, pos: int) -> bool:
        """``text[pos]`` is an ``=`` that ends its line: is it a soft break?"""
        text = self.text
        if pos > 0 and text[pos - 1] == "=":
            return False
        line_start = text.rfind("\n", 0, pos) + 1
        if 70 <= pos + 1 - line_start <= 77:
            return True
        if _QP_ESCAPE.search(text, line_start, pos) is not None:
            return True
        return self.header_before(pos)


def escaped_regions(text: str, low: str | None = None) -> list[tuple[int, int, bool]]:
    """The runs of consecutive lines that hold escapes, ``(start, end, qp)``: ``qp``
    says whether quoted-printable is in effect there. ``low``: the text in ASCII
    lower case, when at hand (a faster header search)."""
    regions: list[tuple[int, int]] = []
    flags: list[bool] = []  # quoted-printable in effect, per region
    region_start = region_end = -1
    region_qp = False
    qp: _QuotedPrintable | None = None
    n = len(text)
    for m in _TRIGGER.finditer(text):
        if m.start() < region_end:
            continue
        soft = m.group()[0] == "="
        if soft:
            if qp is None:
                qp = _QuotedPrintable(text, low)
            if not qp.soft_break(m.start()):
                continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = n if line_end < 0 else line_end
        if soft:  # the soft break joins the next line
            nxt = text.find("\n", line_end + 1)
            line_end = n if nxt < 0 else nxt
        if line_start <= region_end + 1 and region_end >= 0:
            region_end = max(region_end, line_end)
            region_qp = region_qp or soft
            continue
        if region_end >= 0:
            regions.append((region_start, region_end))
            flags.append(region_qp)
        region_start, region_end, region_qp = line_start, line_end, soft
    if region_end >= 0:
        regions.append((region_start, region_end))
        flags.append(region_qp)
    if not regions:
        return []
    if "=3D" in text or "=20" in text or "=C" in text:  # escapes without soft breaks
        if qp is None:
            qp = _QuotedPrintable(text, low)
        flags = [f or qp.header_before(s) for f, (s, _) in zip(flags, regions, strict=True)]
    return [(s, e, f) for (s, e), f in zip(regions, flags, strict=True)]


def decoded_view(text: str, low: str | None = None) -> View | None:
    """One decoded view of all the lines that hold escapes, or None when none do.
    (The engine decodes each run of such lines on its own: :func:`decoded_views`.)"""
    found = escaped_regions(text, low)
    if not found:
        return None
    return decode_regions(text, [(s, e) for s, e, _ in found], qp=[f for _, _, f in found])


#: Runs of escaped lines at most this far apart are decoded in one view (a blank
#: line between them): fewer, bigger views scan faster; what is found in one
#: depends on text this near only.
VIEW_GAP = 20_000


def decoded_views(text: str, low: str | None = None) -> list[tuple[View, bool]]:
    """Decoded views of the runs of consecutive lines that hold escapes, each with the
    runs less than :data:`VIEW_GAP` characters from it (joined by a blank line), and
    whether the view's first line starts a paragraph (the text's start or after a
    blank line).

    What is found in a view never depends on escaped lines further away (joined
    into one view, the end of one run and the start of the next, however far
    apart, read as one line to the rules: a key's concatenation ran on into an
    unrelated JSON string 3,000 characters later).
    """
    views: list[tuple[View, bool]] = []
    group: list[tuple[int, int]] = []
    flags: list[bool] = []

    def flush() -> None:
        view = decode_regions(text, group, qp=list(flags))
        if view is not None:
            views.append((view, paragraph_start(text, group[0][0])))

    for start, end, qp in escaped_regions(text, low):
        if group and start - group[-1][1] > VIEW_GAP:
            flush()
            group, flags = [], []
        group.append((start, end))
        flags.append(qp)
    if group:
        flush()
    return views


def paragraph_start(text: str, start: int) -> bool:
    """The line starting at ``start`` starts a paragraph: the text's first line, or
    one after a blank line (nothing but spaces, tabs and carriage returns)."""
    if start == 0:
        return True
    before = text.rfind("\n", 0, start - 1) + 1
    return not text[before : start - 1].strip(" \t\r")


# --- base64 -----------------------------------------------------------------------------

# A run of 16 or more, not after another base64 character nor after "-", "_", "\\"
# or "%" (a key's tail, an escape): no start inside such a run matches either.
_B64_RUN = re.compile("B" * 16 + r"(?<![B\-_\\%]" + "B" * 16 + r")B*(?:==?)?")


def _texty(decoded: str) -> bool:
    if not decoded:
        return False
    printable = sum(1 for c in decoded if c.isprintable() or c in "\n\r\t")
    return printable >= 0.95 * len(decoded)


def base64_candidates(text: str, b64_view: str) -> Iterator[tuple[int, int]]:
    """Runs of the base64 alphabet that may hold encoded text."""
    for m in _B64_RUN.finditer(b64_view):
        start, end = m.span()
        core = text[start:end].rstrip("=")
        if len(core) % 4 == 1:
            continue
        # Base64 of text mixes cases and holds digits (or + and /).
        if core.lower() == core or core.upper() == core or core.isalpha():
            continue
        yield start, end


def decode_base64(value: str) -> str | None:
    """The text ``value`` decodes to, or None when it is not base64 of text."""
    core = value.rstrip("=")
    try:
        raw = base64.b64decode(core + "=" * (-len(core) % 4))
        decoded = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return decoded if _texty(decoded) else None
