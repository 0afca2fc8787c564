"""Envato purchase codes: UUID-shaped, so only where the context says purchase or licence.

Request, trace and event ids are UUIDs too and must be kept: the nearest label
before a UUID decides. A purchase or licence word nearer than any id word makes
it a purchase code; an id word nearer (``request_id``, ``X-Trace-Id``, ``event``)
keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import anchors
from .scan import Hit, Scan
from .trie import compile_trie

_UUID_TAIL = re.compile(
    r"-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9a-zA-Z_-])"
)
_HEX8 = re.compile(r"[0-9a-fA-F]{8}\Z")
_BUY_WORDS = (
    "purchas", "licenc", "licens", "envato", "codecanyon", "activation", "activate",
    "item code", "item_code", "item-code", "buyer", "verify code", "serial",
    # de es fr pt nl it pl: Kaufcode, Lizenz, código de compra, code d'achat, licença,
    # aankoopcode, codice d'acquisto, licenza, kod zakupu, licencja (\x1a: non-ASCII)
    "kaufcode", "kauf-code", "lizenz", "compra", "c\x1adigo", "codigo", "achat", "licen\x1aa",
    "aankoop", "licentie", "acquist", "codice", "licenz", "zakup", "kod ", "kodu", "klucz",
    "seriennummer", "n\x1amero de serie", "aktivierung", "activaci\x1an", "activaci",
    "ativa\x1a\x1ao", "activering", "attivazione", "aktywac",
    # "use code <uuid>", "my code is <uuid>": a bare "code" is the buyer's code, unless
    # it is a support, error or status code (id words below, nearer or longer).
    "code",
)  # fmt: skip
_ID_WORDS = (
    "request", "req_id", "req-id", "trace", "correlation", "span", "session", "idempoten",
    "uuid", "guid", "event", "job", "action", "message", "msg", "transaction", "txn", "order",
    "run_id", "run-id", "batch", "instance", "device", "user_id", "user-id", "post", "object",
    "log_id", "nonce", "cf-ray", "ray", "conversation", "thread", "chat", "webhook", "id",
    "task", "invocation", "operation", "build", "commit", "version", "etag", "token",
    "support code", "support-code", "support_code", "supportcode", "error code", "error_code",
    "error-code", "status code", "reference", "report code", "incident code", "code_id",
    # orders, requests and errors in the other languages keep their UUIDs
    "bestell", "auftrag", "anfrage", "fehlercode", "pedido", "solicitud", "petici",
    "commande", "demande", "requ\x1ate", "encomenda", "requisi", "bestelling", "verzoek",
    "ordine", "richiesta", "zam\x1awieni", "zamowieni", "\x1a\x1adanie", "zadanie",
)  # fmt: skip
# Literal-led alternatives only, so ``re`` can skip ahead (see scan.py).
_CONTEXT = compile_trie([re.escape(w) for w in _BUY_WORDS + _ID_WORDS])
_BUY = frozenset(_BUY_WORDS)
_WINDOW = 160


# re stops at every "-" to try _UUID_TAIL; one hyperscan pass finds the UUID tails.
anchors.register_prefilter(
    _UUID_TAIL, "ascii", "-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def _nearest_word(low: str, start: int, lo: int = 0) -> str | None:
    """The purchase or id word nearest before ``start`` (within the window), skipping
    the names and attributes inside HTML tags (``<span style=...>``: markup, not a
    label) and an "id" inside a word ("valid", "idle")."""
    lo = max(lo, start - _WINDOW)
    nearest = None
    markup = low.find("<", lo, start) >= 0
    for cm in _CONTEXT.finditer(low, lo, start):
        word = cm.group()
        if word == "id" and (
            low[cm.start() - 1 : cm.start()].isalpha() or low[cm.end() : cm.end() + 1].isalpha()
        ):
            continue  # "id" inside a word: "valid", "idle"
        if markup and low.rfind("<", lo, cm.start()) > low.rfind(">", lo, cm.start()):
            continue  # inside a tag: "<span", "style=", "data-id="
        nearest = word
    return nearest


_ROW_SEPARATORS = ("|", "\t", ";", ",")
_RULE_ROW = frozenset("|-: \t")  # a Markdown table's |---|:---| line


def _column_says(
    low: str, start: int, end: int, memo: dict[int, tuple[str, int, str | None]]
) -> tuple[bool | None, int]:
    """In a table (Markdown, TSV, CSV), what the column's header says: True for a
    purchase word there, False for an id word; None when the value is not in a table
    or its header names neither (then the words before it decide: in a table with a
    header, only those in its own cell, whose start is returned with the verdict)."""
    line_start = low.rfind("\n", 0, start) + 1
    line_end = low.find("\n", end)
    line_end = len(low) if line_end < 0 else line_end
    line = low[line_start:line_end]
    for sep in _ROW_SEPARATORS:
        if line.count(sep) >= 2:
            break
    else:
        return None, 0
    if sep in ",;" and ("{" in line or "=" in line or "<" in line):
        return None, 0  # JSON, serialized PHP, a query string, markup: not a CSV row
    column = low.count(sep, line_start, start)
    count = line.count(sep)
    header = None
    top = line_start
    for _ in range(200):  # up the table to its first line
        if top == 0:
            break
        above_start = low.rfind("\n", 0, top - 1) + 1
        known = memo.get(above_start)
        if known is not None and known[0] == sep and known[1] == count:
            header = known[2] if known[2] is not None else header
            break  # a row read before: its header is this one's
        above = low[above_start : top - 1]
        if above.count(sep) != count:
            break  # a table's lines have as many separators as each other
        if not set(above) <= _RULE_ROW:
            header = above
        top = above_start
    memo[line_start] = (sep, count, header)
    if header is None:
        return None, 0
    cells = header.split(sep)
    if column >= len(cells):
        return None, 0
    words = [m.group() for m in _CONTEXT.finditer(cells[column])]
    if any(w not in _BUY for w in words):
        return False, 0
    if words:
        return True, 0
    return None, low.rfind(sep, line_start, start) + 1


def find_purchase_codes(scan: Scan) -> Iterator[Hit]:
    text, low = scan.text, scan.low
    found_ends = set()
    tables: dict[int, tuple[str, int, str | None]] = {}  # row start -> its table's header
    for m in scan.finditer(_UUID_TAIL, "text"):
        start = m.start() - 8
        if start < 0 or _HEX8.search(text, start, m.start()) is None:
            continue
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            continue
        column, cell_start = _column_says(low, start, m.end(), tables)
        if column is not None:
            if not column:
                continue
            nearest: str | None = "purchas"
        else:
            nearest = _nearest_word(low, start, cell_start)
        if nearest is None:
            # "Old code (refunded): <uuid>" in a document about purchase codes.
            line_start = low.rfind("\n", 0, start) + 1
            if "code" not in low[line_start:start] or not any(
                w in low[max(0, start - 3000) : start] for w in ("purchase", "licen", "envato")
            ):
                continue
        elif nearest not in _BUY:
            continue
        value = text[start : m.end()]
        found_ends.add(m.end())
        yield Hit(start, m.end(), 70, "purchase_code", "purchase-code", "purchase-code-uuid", value)
    for m in scan.finditer(_LOOSE_UUID, "low"):
        if m.end() in found_ends:
            continue  # read above
        if _nearest_word(low, m.start()) not in _BUY:
            continue  # a spaced or wrapped UUID counts after a purchase word only
        value = text[m.start() : m.end()]
        yield Hit(
            m.start(), m.end(), 70, "purchase_code", "purchase-code", "purchase-code-split", value
        )


# The same code as customers retype or paste it: groups apart by spaces instead of
# hyphens ("8f3a2b1c 4d5e 4f60 ..."), or wrapped at a line end, with or without its
# hyphen ("...-4f60\n-9a7b-...", "> " quoting the next line), upper or lower case.
_SEP = r"(?:-|[ \t]{1,2}|[ \t]*-?[ \t]*\r?\n[ \t>]*-?)"
_LOOSE_UUID = re.compile(
    r"(?<![0-9a-z_-])[0-9a-f]{8}"
    # not the hyphenated shape itself (read by _UUID_TAIL)
    r"(?!(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}(?![0-9a-z_-]))"
    + _SEP
    + r"[0-9a-f]{4}"
    + _SEP
    + r"[0-9a-f]{4}"
    + _SEP
    + r"[0-9a-f]{4}"
    + _SEP
    + r"[0-9a-f]{12}(?![0-9a-z_-])"
)
anchors.register_prefilter(
    _LOOSE_UUID,
    "low",
    r"(?:^|[^0-9a-z_-])[0-9a-f]{8}(?:-[0-9a-f]{4}){0,3}(?:[ \t]|-?[ \t]*\r?\n)",
)
