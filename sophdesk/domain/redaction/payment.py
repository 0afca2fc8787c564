"""Card numbers (Luhn), the expiry and CVV written right after one, and IBANs (mod-97)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import anchors
from .scan import Hit, Scan
from .validators import IBAN_LENGTHS, card_ok, iban_ok

PAYMENT = "payment"

# On the shape view: a run of at least 13 digits with single spaces, dashes or dots.
_CARD_RUN = re.compile(r"0000(?<![0.]0000)(?:[ \t.-]{0,2}0){9,120}(?!0)")
_GROUP = re.compile(r"\d+")
# The expiry and the security code as people write them after a card, in the languages
# of the desk: "exp. 04/28", "validade 11/2029", "caduca el 04/28", "scad. 07/27",
# "gültig bis 06/29", "geldig tot", "ważna do"; "CVV 331", "código 907",
# "cryptogramme 331", "Prüfnummer 791", "codice 123", "kod 123".
_EXPIRY_WORDS = (
    r"exp\w*|valid(?:o|a|ade|e|ez)?|v\u00e1lid[oa]|caduca|caducidad|vence|vencimento|venc|"
    r"scad\w*|g\u00fcltig|gultig|ablauf\w*|verval\w*|geldig|wa\u017cna|wazna|"
    r"data wa\u017cno\u015bci|date d'expiration|fecha de caducidad|data de validade"
)
_CVV_WORDS = (
    r"cvv2?|cvc2?|csc|cid|cvn|c\u00f3digo(?: de seguridad| de seguran\u00e7a)?|codigo|"
    r"cryptogramme|pr\u00fcf\w*|pruef\w*|codice(?: di sicurezza)?|kod(?: cvv| cvc)?|"
    r"beveiligingscode|security code|sicherheitscode|code de s\u00e9curit\u00e9"
)
_BETWEEN = r"[ \t,;|/\u00bb\u00ab\u201d\u201c\"')\]]*"
_AFTER_CARD = re.compile(
    _BETWEEN + r"(?:(?:" + _EXPIRY_WORDS + r")\.?(?:[ \t]+(?:thru|until|till|bis|el|em|at\u00e9|"
    r"hasta|do|tot|le|al|fino al))?[: \t]*)?"
    r"((?:0?[1-9]|1[0-2])[ \t]*/[ \t]*(?:20)?\d{2})(?!\d)"
    r"(?:" + _BETWEEN + r"(?:(?:" + _CVV_WORDS + r")\.?)?[: \t]*(\d{3,4})(?!\d))?",
    re.IGNORECASE,
)


def find_cards(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_CARD_RUN, "shape"):
        groups = [(g.start(), g.end()) for g in _GROUP.finditer(text, m.start(), m.end())]
        # A run may hold several cards one after another ("4012888888881881
        # 4012-8888-8888-1881"): each is the longest valid one from the first group
        # that starts one, then the search goes on after it.
        i = 0
        while i < len(groups):
            best, last = _card_from(text, groups, i)
            if best is None:
                i += 1
                continue
            yield from _card_hits(text, *best)
            i = last + 1


def _card_from(
    text: str, groups: list[tuple[int, int]], i: int
) -> tuple[tuple[int, int] | None, int]:
    best: tuple[int, int] | None = None
    last = i
    digits = ""
    for j in range(i, len(groups)):
        digits += text[groups[j][0] : groups[j][1]]
        if len(digits) > 19:
            break
        if len(digits) >= 13 and card_ok(digits):
            span = (groups[i][0], groups[j][1])
            if best is None or span[1] - span[0] > best[1] - best[0]:
                best, last = span, j
    return best, last


def _card_hits(text: str, start: int, end: int) -> Iterator[Hit]:
    value = "".join(c for c in text[start:end] if c.isdigit())
    yield Hit(start, end, 72, PAYMENT, "card", "card-luhn", value)
    after = _AFTER_CARD.match(text, end)
    if after is None:
        return
    expiry = after.group(1)
    yield Hit(after.start(1), after.end(1), 62, PAYMENT, "card-expiry", "expiry-after-card", expiry)
    if after.group(2):
        cvv = after.group(2)
        yield Hit(after.start(2), after.end(2), 62, PAYMENT, "cvv", "cvv-after-card", cvv)


# Groups apart by a space or a dot, or broken onto the next line ("DE89 3704 0044\n
# 0532 0130 00"): the mod-97 check says whether the run is one.
_IBAN_START = (
    re.compile(r"AA00(?<![0aA]AA00)(?:(?:[ .]|[ ]?\r?\n[ \t>]*)?[A0]){11,32}"),
    re.compile(r"aa00(?<![0aA]aa00)(?:(?:[ .]|[ ]?\r?\n[ \t>]*)?[a0]){11,32}"),
    # printed in groups of four apart by dashes ("AL47-2121-1009-..."), capitals only:
    # a UUID's groups are 8-4-4-4-12
    re.compile(r"AA00(?<![0aA-]AA00)(?:-[A0]{4}){2,8}(?:-[A0]{1,3})?(?![\w-])"),
)


# In the shape view "a" and "0" are the commonest characters: re stops at each one
# to try these. One hyperscan pass finds where a match may start instead.
anchors.register_prefilter(_IBAN_START[0], "shape", "(?:^|[^0aA])AA00")
anchors.register_prefilter(_IBAN_START[1], "shape", "(?:^|[^0aA])aa00")
anchors.register_prefilter(_IBAN_START[2], "shape", "(?:^|[^0aA-])AA00-")
anchors.register_prefilter(_CARD_RUN, "shape", r"(?:^|[^0.])0000(?:[ \t.\-]{0,2}0){9}")


_IBAN_SPACING = frozenset(" -.\r\n\t>")


def find_ibans(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for pattern in _IBAN_START:
        for m in scan.finditer(pattern, "shape"):
            chars: list[int] = [
                i for i in range(m.start(), m.end()) if text[i] not in _IBAN_SPACING
            ]
            compact = "".join(text[i] for i in chars)
            expected = IBAN_LENGTHS.get(compact[:2].upper())
            if expected is None or len(compact) < expected:
                continue
            if not iban_ok(compact[:expected]):
                continue
            end = chars[expected - 1] + 1
            yield Hit(m.start(), end, 72, PAYMENT, "iban", "iban-mod97", compact[:expected].upper())
