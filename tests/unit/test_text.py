"""Untrusted text shown safely: control, C1 and bidi characters made visible or escaped."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sophdesk.domain.text import safe_json, visible

# Everything a terminal could act on or that reorders/hides what the reader sees.
DANGEROUS = (
    [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x2028, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\ufeff"]
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]2;pwned\x07", "\u241b]2;pwned\u2407"),
        ("\x1b[31mred", "\u241b[31mred"),
        ("bell\x07", "bell\u2407"),
        ("nul\x00", "nul\u2400"),
        ("del\x7f", "del\u2421"),
        ("\x9b31m", "<U+009B>31m"),
        ("\x85next", "<U+0085>next"),
        ("abc\u202edcba\u202c", "abc<U+202E>dcba<U+202C>"),
        ("\u2066iso\u2069", "<U+2066>iso<U+2069>"),
        ("zero\u200bwidth", "zero<U+200B>width"),
        ("\ufeffbom", "<U+FEFF>bom"),
        ("line\u2028sep", "line<U+2028>sep"),
        ("lone\rcr", "lone\u240dcr"),
    ],
)
def test_visible_shows_controls(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_visible_keeps_markup_and_ordinary_text() -> None:
    text = "[bold]x[/bold] [@click=app.quit]q[/] [/] Café — 日本 🙂"
    assert visible(text) == text


def test_visible_newlines_and_tabs() -> None:
    assert visible("a\r\nb\nc") == "a\nb\nc"
    assert visible("a\tb") == "a    b"
    assert visible("a\tb", tab=" ") == "a b"
    assert visible("a\r\nb\nc", one_line=True) == "a \u23ce b \u23ce c"


@pytest.mark.parametrize("ch", DANGEROUS)
def test_every_dangerous_character_is_replaced(ch: str) -> None:
    assert ch not in visible(f"x{ch}y")
    assert ch not in visible(f"x{ch}y", one_line=True)


@given(st.text())
def test_visible_output_has_no_controls(text: str) -> None:
    one_line = visible(text, one_line=True)
    assert not any(unicodedata.category(ch) == "Cc" for ch in one_line)
    assert not any(ch in one_line for ch in DANGEROUS)
    multi = visible(text)
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in multi)


@pytest.mark.parametrize("ch", DANGEROUS)
def test_safe_json_escapes_dangerous_characters(ch: str) -> None:
    text = safe_json({"title": f"x{ch}y"})
    assert ch not in text
    assert json.loads(text) == {"title": f"x{ch}y"}


def test_safe_json_escapes_esc_c1_and_bidi_as_unicode_escapes() -> None:
    text = safe_json(["\x1b]2;t\x07", "\x9b", "\u202e"])
    assert "\\u001b" in text
    assert "\\u0007" in text
    assert "\\u009b" in text
    assert "\\u202e" in text


def test_safe_json_keeps_readable_unicode() -> None:
    assert safe_json({"c": "Café 日本"}) == '{"c": "Café 日本"}'
    assert safe_json([1, None], indent=2) == "[\n  1,\n  null\n]"


@given(
    st.recursive(
        st.none() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=8,
    )
)
def test_safe_json_round_trips_and_never_holds_raw_controls(value: object) -> None:
    text = safe_json(value)
    assert json.loads(text) == value
    assert not any(ch in text for ch in DANGEROUS)
