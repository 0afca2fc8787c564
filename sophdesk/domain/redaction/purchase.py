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


def find_purchase_codes(scan: Scan) -> Iterator[Hit]:
    text, low = scan.text, scan.low
    for m in scan.finditer(_UUID_TAIL, "text"):
        start = m.start() - 8
        if start < 0 or _HEX8.search(text, start, m.start()) is None:
            continue
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            continue
        lo = max(0, start - _WINDOW)
        nearest = None
        for cm in _CONTEXT.finditer(low, lo, start):
            word = cm.group()
            if word == "id" and (
                low[cm.start() - 1 : cm.start()].isalpha() or low[cm.end() : cm.end() + 1].isalpha()
            ):
                continue  # "id" inside a word: "valid", "idle"
            nearest = word
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
        yield Hit(start, m.end(), 70, "purchase_code", "purchase-code", "purchase-code-uuid", value)
