"""Untrusted text made safe to show: every control character becomes visible.

Titles, bodies, pasted logs and e-mails may hold terminal escape sequences
(``ESC ]2;...`` retitles a terminal), C1 controls, or bidirectional overrides
that reorder what the operator reads. Nothing here interprets markup; callers
decide how to wrap the result as a literal.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, bidi controls,
# zero-width characters and line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _show(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # control pictures: ESC -> U+241B
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def visible(text: str, *, one_line: bool = False, tab: str = "    ") -> str:
    """``text`` with every control character shown as a printable symbol.

    With ``one_line`` newlines become a visible return symbol, for table cells.
    """
    text = _UNSAFE.sub(_show, text.replace("\r\n", "\n"))
    text = text.replace("\t", tab)
    if one_line:
        text = text.replace("\n", " \u23ce ")
    return text


def safe_json(value: Any, **kwargs: Any) -> str:
    """JSON that a terminal cannot misread: controls and bidi characters escaped."""
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
