"""Card numbers (Luhn), the expiry and CVV written right after one, and IBANs (mod-97)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import anchors
from .scan import Hit, Scan
from .validators import IBAN_LENGTHS, card_ok, iban_ok

PAYMENT = "payment"

# On the shape view: a run of at least 13 digits with single spaces, dashes or dots.
_CARD_RUN = re.compile(r"0000(?<![0.]0000)(?:[ \t.-]{0,2}0){9,24}(?!0)")
_GROUP = re.compile(r"\d+")
_AFTER_CARD = re.compile(
    r"[ \t,;|/]*(?:(?:exp\w*|valid(?: thru)?)\.?[: ]*)?"
    r"((?:0?[1-9]|1[0-2])[ \t]*/[ \t]*(?:20)?\d{2})(?!\d)"
    r"(?:[ \t,;|/]*(?:cvv2?|cvc2?|csc|cid)?[: ]*(\d{3,4})(?!\d))?",
    re.IGNORECASE,
)


def find_cards(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_CARD_RUN, "shape"):
        groups = [(g.start(), g.end()) for g in _GROUP.finditer(text, m.start(), m.end())]
        best: tuple[int, int] | None = None
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += text[groups[j][0] : groups[j][1]]
                if len(digits) > 19:
                    break
                if len(digits) >= 13 and card_ok(digits):
                    span = (groups[i][0], groups[j][1])
                    if best is None or span[1] - span[0] > best[1] - best[0]:
                        best = span
            if best is not None:
                break
        if best is None:
            continue
        start, end = best
        value = "".join(c for c in text[start:end] if c.isdigit())
        yield Hit(start, end, 72, PAYMENT, "card", "card-luhn", value)
        after = _AFTER_CARD.match(text, end)
        if after is not None:
            yield Hit(
                after.start(1),
                after.end(1),
                62,
                PAYMENT,
                "card-expiry",
                "expiry-after-card",
                after.group(1),
            )
            if after.group(2):
                yield Hit(
                    after.start(2),
                    after.end(2),
                    62,
                    PAYMENT,
                    "cvv",
                    "cvv-after-card",
                    after.group(2),
                )


_IBAN_START = (
    re.compile(r"AA00(?<![0aA]AA00)(?:[ ]?[A0]){11,32}"),
    re.compile(r"aa00(?<![0aA]aa00)(?:[ ]?[a0]){11,32}"),
)


# In the shape view "a" and "0" are the commonest characters: re stops at each one
# to try these. One hyperscan pass finds where a match may start instead.
anchors.register_prefilter(_IBAN_START[0], "shape", "(?:^|[^0aA])AA00")
anchors.register_prefilter(_IBAN_START[1], "shape", "(?:^|[^0aA])aa00")
anchors.register_prefilter(_CARD_RUN, "shape", r"(?:^|[^0.])0000(?:[ \t.\-]{0,2}0){9}")


def find_ibans(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for pattern in _IBAN_START:
        for m in scan.finditer(pattern, "shape"):
            chars: list[int] = [i for i in range(m.start(), m.end()) if text[i] != " "]
            compact = "".join(text[i] for i in chars)
            expected = IBAN_LENGTHS.get(compact[:2].upper())
            if expected is None or len(compact) < expected:
                continue
            if not iban_ok(compact[:expected]):
                continue
            end = chars[expected - 1] + 1
            yield Hit(m.start(), end, 72, PAYMENT, "iban", "iban-mod97", compact[:expected].upper())
