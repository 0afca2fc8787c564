"""Anchored scans (one hyperscan pass for many literal-led patterns) give exactly
the matches ``re`` gives, and the engine the same result with or without them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from redaction.scoring import load_corpus

from sophdesk.domain.redaction import anchors, engine, redact
from sophdesk.domain.redaction.scan import Scan

CORPUS = "\n\n".join(doc.text for doc in load_corpus())

needs_hyperscan = pytest.mark.skipif(
    anchors._hs is None, reason="hyperscan has no wheel for this platform (re is used)"
)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"shp(?:at|ca)_[a-f0-9]{32}", {"shpat_", "shpca_"}),
        (r"secret|token|api[ _-]?key", {"secret", "token", "api"}),
        (r"(?:password|mdp)[ \t]+(?=\S)", {"password", "mdp"}),
        (r"key-(?<![a-z0-9_-]key-)[a-f0-9]{32}", {"key-"}),
        (r"define\([ \t]*", {"define("}),
        (r"(?<![a-z])sk-ant-", {"sk-ant-"}),
        (r"000(?<![0a])[.-]00", {"000.00", "000-00"}),  # a class of a few characters
        (r"sk[-_]ant[0-9]", {"sk-ant", "sk_ant"}),
        (r"[:=>]x", None),  # a class first: nothing to anchor on
        (r"a|bcd", None),  # a one-character literal would match everywhere
        (r"(?i:password)", None),
    ],
)
def test_literals_every_match_starts_with(pattern: str, expected: set[str] | None) -> None:
    found = anchors.literals(re.compile(pattern))
    assert found == (frozenset(expected) if expected is not None else None)


def long_enough(pieces: list[str], joiner: str = "") -> str:
    """The pieces joined, repeated (with ``joiner`` between) just past the size from
    which hyperscan is used."""
    text = "".join(pieces)
    return joiner.join([text] * (anchors.MIN_SIZE // len(text) + 1))[: anchors.MIN_SIZE + 7]


def registered() -> list[tuple[str, re.Pattern[str]]]:
    assert engine.FINDERS  # the rule modules register their patterns on import
    return [(view, p) for view, patterns in anchors.settled().items() for p in patterns]


def spans(
    pattern: re.Pattern[str], view: str, text: str
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    scan = Scan(text)
    subject = scan.text if view == "ascii" else getattr(scan, view)
    plain = [m.span() for m in pattern.finditer(subject)]
    found = anchors.starts(view, getattr(scan, view))
    anchored = [m.span() for m in anchors.finditer(pattern, subject, view, found)]
    return plain, anchored


@needs_hyperscan
def test_every_registered_pattern_matches_as_re_does_on_the_corpus() -> None:
    assert len(registered()) >= 40
    text = CORPUS * 2
    assert len(text) >= anchors.MIN_SIZE
    total = 0
    for view, pattern in registered():
        plain, anchored = spans(pattern, view, text)
        assert anchored == plain, pattern.pattern
        total += len(plain)
    assert total > 100  # the corpus exercises them


PIECES = [
    "sk-", "sk-ant-", "api03-", "key-", "eyj", "password", "passwort", "pwd", "token",
    "secret", "api_key", "define(", "bearer", "basic", "-----BEGIN ", "PRIVATE KEY-----",
    '";s:', "a", "b", "0", "9", "f", "Z", " ", "\t", "\n", "=", ":", "'", '"', "_", "-", "ü",
    "555-123-4567", "555.123-", "(555) ", "06 12 34 56 78", " 12", "+49 ", ".", "/",
    "DE89 3704 0044 0532 0130 00", "de89370400440532013000", "4111 1111 1111 1111",
    "4111-1111-1111-1111", "0000", "AB12", "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e", "-abcd-",
]  # fmt: skip


@pytest.mark.slow  # 60 texts, every registered pattern scanned twice: ~8 s on one core
@needs_hyperscan
@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=400))
def test_anchored_scans_equal_re_on_generated_text(pieces: list[str]) -> None:
    text = long_enough(pieces)
    for view, pattern in registered():
        plain, anchored = spans(pattern, view, text)
        assert anchored == plain, pattern.pattern


def test_the_engine_gives_the_same_result_without_hyperscan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = CORPUS * 2
    accelerated = redact(text)
    monkeypatch.setattr(anchors, "_hs", None)
    monkeypatch.setattr(anchors, "_DATABASES", {})
    plain = redact(text)
    assert plain == accelerated
    assert len(plain.findings) > 500


def reversed_label_matches(text: str) -> tuple[list[object], list[object]]:
    from sophdesk.domain.redaction import labels

    rlow = Scan(text).low[::-1]
    plain = [(m.span(), labels.reversed_handler(m, rlow)) for m in labels._REVERSED.finditer(rlow)]
    anchored = [(m.span(), labels.reversed_handler(m, rlow)) for m in labels._reversed_labels(rlow)]
    return plain, anchored


@needs_hyperscan
def test_labels_found_backwards_in_one_pass_are_those_re_finds_on_the_corpus() -> None:
    plain, anchored = reversed_label_matches(CORPUS * 2)
    assert anchored == plain
    assert len(plain) > 400


LABEL_PIECES = [
    "password", "pass", "pwd", "api_key", "token", "secret", "name", "phone", "email",
    "phpsessid", "wordpress_logged_in_", "0123456789abcdef0123456789abcdef", "cvv", "exp",
    "=", ":", ">", "=>", ":=", " ", "\t", '"', "'", "`", "]", "\\", "\u2019", "x", "_", "\n",
]  # fmt: skip


@needs_hyperscan
@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(LABEL_PIECES), min_size=1, max_size=300))
def test_labels_found_backwards_in_one_pass_are_those_re_finds(pieces: list[str]) -> None:
    plain, anchored = reversed_label_matches(long_enough(pieces))
    assert anchored == plain


def line_start_matches(text: str) -> tuple[list[object], list[object]]:
    """``re``'s matches, and ours: with hyperscan, then without (both must agree)."""
    from sophdesk.domain.redaction import labels

    data = "\n" + Scan(text).low
    plain = [(m.span(), m.lastgroup) for m in labels._LINE_START.finditer(data)]
    anchored = [(m.span(), m.lastgroup) for m in labels._line_starts(data)]
    accelerator = anchors._hs
    anchors._hs = None
    try:
        linear = [(m.span(), m.lastgroup) for m in labels._line_starts(data)]
    finally:
        anchors._hs = accelerator
    assert linear == anchored
    return plain, anchored


@needs_hyperscan
def test_greetings_and_sign_offs_found_in_one_pass_are_those_re_finds_on_the_corpus() -> None:
    plain, anchored = line_start_matches(CORPUS * 2)
    assert anchored == plain
    assert len(plain) > 20


def test_a_long_run_of_quote_marks_is_read_once_not_once_per_mark() -> None:
    # re alone took quadratic time on this (seconds for 16 KB, hours for 1 MB).
    from sophdesk.domain.redaction import labels

    data = "\n" + "> " * 50_000 + "hello anna,\n" + ">" * 50_000 + " regards\n"
    found = [(m.start(), m.lastgroup) for m in labels._line_starts(data)]
    assert found == [(0, "greet1"), (100_012, "sign0")]


LINE_PIECES = [
    "\n", "\r\n", ">", "> ", " ", "\t", "hi", "hello", "dear", "regards", "best regards",
    "thanks", "cheers", "--", ",", ".", "!", "anna", "x", "\u00e9", "gr\u00fc\u00dfe",
]  # fmt: skip


@needs_hyperscan
@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=300))
def test_greetings_and_sign_offs_found_in_one_pass_are_those_re_finds(pieces: list[str]) -> None:
    # Repeated with a line between, so no run of quote marks is longer than one
    # repeat: re (the reference here) takes quadratic time on long ones.
    plain, anchored = line_start_matches(long_enough(pieces, "\nx"))
    assert anchored == plain


# --- patterns that cannot be anchored ---------------------------------------------------

MANY = re.compile("(?:" + "|".join(f"kw{i:03d}x" for i in range(70)) + r")=\w+")
SHORT = re.compile(r"(?:id|ok)\s*=\s*\w{6,}")


def test_a_pattern_that_cannot_be_anchored_is_named_not_dropped() -> None:
    # More literals than anchors.py anchors on, or a two-character one: the pattern
    # runs unanchored, and says so (it used to be left out without a word).
    anchors.register(MANY, "low")
    anchors.register(SHORT, "low")
    reasons = dict(anchors.unanchored())
    assert "more than" in reasons[("low", MANY)]
    assert "shorter than" in reasons[("low", SHORT)]


def test_the_engine_runs_only_these_patterns_unanchored() -> None:
    assert engine.FINDERS
    names = sorted(p.pattern for (_view, p), _why in anchors.unanchored() if p not in (MANY, SHORT))
    assert names == sorted(
        [r"hi[ \t]+", r"(?:-u|--user)(?:[ \t]+|=)", PHONE_PLUS_ZERO, PIPED_TO_SUDO]
    )


#: "echo X | sudo -S": starts with a one-character literal (re finds "|" at C speed).
PIPED_TO_SUDO = r"\|[ \t]*sudo[ \t]+(?:-[a-z]+[ \t]+)*?-s(?=[ \t\n]|\Z)"
PHONE_PLUS_ZERO = r"\+0(?<![0\w+]\+0)[0 ().\-/]{6,20}0(?![0\w])"


@pytest.mark.parametrize("pattern", [MANY, SHORT])
def test_an_unanchored_pattern_finds_the_same_near_unrelated_text(pattern: re.Pattern[str]) -> None:
    anchors.register(pattern, "low")
    part = "kw007x=abc id=abcdef ok=1234567 kw069x=z\n" * 20
    unrelated = "password=hunter2 sk-ant- eyj define( token\n" * 1200  # past MIN_SIZE
    assert len(unrelated) >= anchors.MIN_SIZE
    alone = [m.span() for m in Scan(part).finditer(pattern, "low")]
    assert alone
    for text, offset in ((part + unrelated, 0), (unrelated + part, len(unrelated))):
        scan = Scan(text)
        found = [
            (s - offset, e - offset)
            for s, e in (m.span() for m in scan.finditer(pattern, "low"))
            if offset <= s < offset + len(part)
        ]
        assert found == alone
        assert found == [
            (s - offset, e - offset)
            for s, e in (m.span() for m in pattern.finditer(scan.low))
            if offset <= s < offset + len(part)
        ]
