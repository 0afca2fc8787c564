"""Tables: a CSV export or a Markdown / WP-CLI table labels its cells by their header.

``"Billing First Name",...`` over ``...,Claudia,...`` says the cell is a name;
``| DB_PASSWORD | OpFM... |`` labels the second cell by the first. Only tables
are read here: a header row over data rows, or two-column label/value rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .labels import label_kind
from .scan import Hit, Scan
from .validators import has_digit

_RULE_ROW = re.compile(r"\n[ \t]*[|+](?:[ \t]*:?-{3,}:?[ \t]*[|+])+[ \t]*\r?(?=\n|\Z)")
_CELL_STRIP = " \t\"'"
_MAX_ROWS = 5000


def _cells(text: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    """Spans of the cells of one line, quotes and padding stripped."""
    spans: list[tuple[int, int]] = []
    pos = start
    n = end
    while pos <= n:
        cell_start = pos
        if pos < n and text[pos] == '"' and sep != "|":
            close = pos + 1
            while close < n:
                if text[close] == '"':
                    if text[close + 1 : close + 2] == '"':
                        close += 2
                        continue
                    break
                close += 1
            nxt = text.find(sep, close, n)
        else:
            nxt = text.find(sep, pos, n)
        if nxt < 0:
            nxt = n
        a, b = cell_start, nxt
        while a < b and text[a] in _CELL_STRIP:
            a += 1
        while b > a and text[b - 1] in _CELL_STRIP + "\r":
            b -= 1
        spans.append((a, b))
        pos = nxt + 1
    return spans


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _table(text: str, header_start: int, body_start: int, sep: str) -> Iterator[Hit]:
    header_end = _line_end(text, header_start)
    headers = [text[a:b] for a, b in _cells(text, header_start, header_end, sep)]
    if sep == "|" and headers and headers[0] == "":
        headers = headers[1:]
    if sep == "|" and headers and headers[-1] == "":
        headers = headers[:-1]
    pairs = len([h for h in headers if h]) == 2 and headers[-1].lower() in (
        "value", "values", "setting", "option_value", "wert",
    )  # fmt: skip
    pos = body_start
    for _ in range(_MAX_ROWS):
        if pos >= len(text):
            return
        end = _line_end(text, pos)
        line = text[pos:end]
        if not line.strip() or (sep == "|" and line.lstrip()[:1] not in "|+"):
            return
        if sep != "|" and line.count(sep) < 2:
            return
        if sep == "|" and line.lstrip().startswith("+"):
            pos = end + 1
            continue
        cells = _cells(text, pos, end, sep)
        if sep == "|" and cells and cells[0][0] == cells[0][1]:
            cells = cells[1:]
        if pairs and len(cells) >= 2:
            # The value runs to the last "|": a salt may hold "|" itself.
            a = cells[1][0]
            b = text.rfind("|", a, end)
            b = end if b < 0 else b
            while b > a and text[b - 1] in " \t":
                b -= 1
            value = text[a:b]
            found = label_kind(text[cells[0][0] : cells[0][1]], value) if value else None
            if found is not None and found[1] == "name" and not value[:1].isupper():
                found = None
            if found is not None:
                yield Hit(a, b, 58, found[0], found[1], "table-" + found[1], value)
        elif not pairs:
            for (a, b), header in zip(cells, headers, strict=False):
                value = text[a:b]
                if not value or value in ("-", "N/A", "n/a", "NULL", "null"):
                    continue
                found = label_kind(header, value)
                if found is None:
                    continue
                if found[1] == "name" and not value[:1].isupper():
                    continue
                yield Hit(a, b, 58, found[0], found[1], "table-" + found[1], value)
        pos = end + 1


def find_tables(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    # Markdown and WP-CLI tables: the header sits above a |---| or +----+ rule.
    for m in _RULE_ROW.finditer(text):
        header_end = m.start()
        header_start = text.rfind("\n", 0, header_end) + 1
        header = text[header_start:header_end]
        if header.count("|") < 2:
            # WP-CLI: the rule is above the header too: +---+ / | a | b | / +---+
            continue
        yield from _table(text, header_start, m.end() + 1, "|")
    # CSV and TSV exports: a header line that starts a paragraph (the text's first
    # line, or one after a blank line): where it is in a bigger paste does not matter.
    lead = -1
    if scan.at_start:
        lead = _BLANK_LINES.match(text).end()  # type: ignore[union-attr]
        yield from _csv(text, lead)
    for m in _PARAGRAPH_HEAD.finditer(text):
        if m.end() != lead:
            yield from _csv(text, m.end())


_BLANK_LINES = re.compile(r"(?:[ \t\r]*\n)*")
_NOT_SEP = r"[^\n,;\t]*"
# A blank line (or several), then a line holding three separators or more: a
# candidate header (the search stays in ``re``, skipping the paragraphs of prose).
_PARAGRAPH_HEAD = re.compile(r"\n[ \t\r]*\n(?:[ \t\r]*\n)*(?=" + (_NOT_SEP + "[,;\t]") * 3 + ")")


def _csv(text: str, first_start: int) -> Iterator[Hit]:
    first_end = _line_end(text, first_start)
    first = text[first_start:first_end]
    for sep in (",", ";", "\t"):
        if first.count(sep) >= 3:
            cells = [
                first[a - first_start : b - first_start]
                for a, b in _cells(text, first_start, first_end, sep)
            ]
            if sum(1 for c in cells if c and not has_digit(c)) >= len(cells) - 1:
                yield from _table(text, first_start, first_end + 1, sep)
            break
