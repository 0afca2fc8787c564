"""Secrets in encoded shapes: the whole encoded run goes."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sophdesk.domain.redaction import redact

from .helpers import assert_removed, survives

KEY = "sk-proj-Q9vX2mTz7LkP4aR8wYb3Nc6Hd1Fg5Js0Ue2Oi9Kl4Mn7Bv3Cx8Za1Sd6Fg2Hj5"


def test_json_escapes() -> None:
    text = (
        '{"url":"https:\\/\\/admin:Pa55w0rdX@db.example.com\\/x","mail":"maria\\u0040example.org"}'
    )
    result = redact(text)
    assert "Pa55w0rdX" not in result.text
    assert "maria\\u0040example.org" not in result.text
    assert "https:\\/\\/admin:" in result.text  # the URL itself stays


def test_percent_and_form_encoding() -> None:
    result = redact("email=maria%40example.org&name=Maria+Lopez&card=4111+1111+1111+1111")
    assert "maria%40example.org" not in result.text
    assert not survives("4111+1111+1111+1111", result.text)


def test_base64_settings_export_is_removed_whole() -> None:
    blob = base64.b64encode(json.dumps({"api_key": KEY, "model": "gpt-4o"}).encode()).decode()
    result = assert_removed(f"settings export: {blob}\n", blob)
    assert result.findings[0].category == "provider_key"


def test_base64_user_password_pair() -> None:
    blob = base64.b64encode(b"maria:Sup3rS3cret!").decode()
    assert_removed(f"data:\n  auth: {blob}\n", blob)


def test_kubernetes_secret_data() -> None:
    blob = base64.b64encode(b"Tr0ub4dor&3xyz").decode()
    assert_removed(f"data:\n  DB_PASSWORD: {blob}\n", blob)


def test_smtp_auth_login_exchange() -> None:
    user = base64.b64encode(b"shop@example.org").decode()
    password = base64.b64encode(b"Sm7p-Pa55!").decode()
    transcript = (
        "CLIENT -> SERVER: AUTH LOGIN\n"
        "SERVER -> CLIENT: 334 VXNlcm5hbWU6\n"
        f"CLIENT -> SERVER: {user}\n"
        "SERVER -> CLIENT: 334 UGFzc3dvcmQ6\n"
        f"CLIENT -> SERVER: {password}\n"
        "SERVER -> CLIENT: 235 2.7.0 Authentication successful\n"
    )
    result = redact(transcript)
    assert password not in result.text
    assert "334 VXNlcm5hbWU6" in result.text


def test_php_serialize() -> None:
    text = f's:7:"api_key";s:{len(KEY)}:"{KEY}";s:5:"model";s:6:"gpt-4o";'
    result = assert_removed(text, KEY)
    assert 's:6:"gpt-4o"' in result.text


def test_quoted_printable_soft_breaks() -> None:
    text = f"Content-Transfer-Encoding: quoted-printable\n\nmy key is {KEY[:30]}=\n{KEY[30:]}\n"
    result = redact(text)
    assert not survives(KEY[:30], result.text)
    assert not survives(KEY[30:], result.text)


def test_html_entities() -> None:
    result = redact("<p>write to maria&#64;example.org or call +49&nbsp;30&nbsp;12345678</p>")
    assert "maria&#64;example.org" not in result.text
    assert "12345678" not in result.text


@pytest.mark.parametrize(
    "text",
    [
        f"$key = '{KEY[:12]}' . '{KEY[12:40]}' . '{KEY[40:]}';",
        f'const key = "{KEY[:12]}" + "{KEY[12:]}";',
        f"define('OPENAI_KEY', '{KEY[:20]}'\n    . '{KEY[20:]}');",
    ],
)
def test_keys_split_by_concatenation(text: str) -> None:
    assert_removed(text, KEY[20:])


def test_typographic_quotes_and_upper_case() -> None:
    assert_removed("Password: \u201cHunter2Hunter2\u201d", "Hunter2Hunter2")
    assert_removed(f"AUTHORIZATION: BEARER {KEY.upper()}", KEY.upper())
    assert_removed("DB_PASSWORD=Tr0ub4dor&3xyz", "Tr0ub4dor&3xyz")


def test_url_encoded_known_secret() -> None:
    from sophdesk.domain.redaction import KnownSecret

    secret = "site/secret+value=42"
    text = f"callback?token={quote(secret, safe='')}&x=1"
    result = redact(text, known=[KnownSecret("callback token", secret)])
    assert quote(secret, safe="") not in result.text


# --- rewritten scans match as the patterns they replace ---------------------------------

SHAPE_PIECES = ["A", "a", "0", " ", ".", "-", "\x1a", "00", "Aaaa", " 0", "aaaaaaaaaaaaaaaaaa"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SHAPE_PIECES), max_size=120))
def test_street_words_found_backwards_are_those_found_forwards(pieces: list[str]) -> None:
    from sophdesk.domain.redaction import contact

    shape = "".join(pieces)
    forwards = [m.end() for m in contact._CAPITAL_WORD_NUMBER.finditer(shape)]
    n = len(shape)
    backwards = sorted(n - m.start() for m in contact._NUMBER_WORD_CAPITAL.finditer(shape[::-1]))
    assert backwards == forwards


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["00", "0", " ", "a", ".", "+", "-", "A", "/"]), max_size=60))
def test_the_spaced_phone_shape_is_the_repeated_one(pieces: list[str]) -> None:
    from sophdesk.domain.redaction import contact

    shape = "".join(pieces)
    repeated = re.compile(r"00(?<![0\w.:/+-]00)(?: 00){4}(?![0\w])")
    spelled = contact._PHONE_SHAPES[3].pattern
    assert [m.span() for m in spelled.finditer(shape)] == [
        m.span() for m in repeated.finditer(shape)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["DB_", "pass", "x", "-", ".", "$", "_", "é", "ß", "\u2019", " ", "=",
                              "9", "Ü", "\x1a", "\n", "key"]), max_size=40),
    st.integers(min_value=1, max_value=70),
)  # fmt: skip
def test_a_name_read_backwards_on_the_view_is_the_name_read_on_the_text(
    pieces: list[str], limit: int
) -> None:
    from sophdesk.domain.redaction.scan import Scan
    from sophdesk.domain.redaction.values import name_before, scan_name_before

    text = "".join(pieces) + "=secret"
    scan = Scan(text)
    for end in range(len(text) + 1):
        assert scan_name_before(scan, end, limit) == name_before(text, end, limit)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(['"', "'", "\\", "\n", "a", " ", "\u201d"]), max_size=30))
def test_a_quoted_value_ends_where_the_one_alternation_per_character_ended(
    pieces: list[str],
) -> None:
    from sophdesk.domain.redaction.values import _QUOTED_BODY

    text = "".join(pieces)
    for closing in ('"', "'"):
        per_char = re.compile(rf"(?:[^{closing}\\\n]|\\[\s\S])*")
        for start in range(len(text) + 1):
            for limit in (len(text), max(start, len(text) - 2)):
                got = _QUOTED_BODY[closing].match(text, start, limit)
                assert got is not None
                assert got.end() == per_char.match(text, start, limit).end()  # type: ignore[union-attr]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ09._%+'-\u00e9 \u00fc\u2019@:\nx", max_size=120))
def test_an_email_local_part_read_on_the_view_is_the_one_read_on_the_text(text: str) -> None:
    from sophdesk.domain.redaction import network
    from sophdesk.domain.redaction.scan import Scan

    def by_character(at: int) -> int:
        start, stop = at, max(0, at - 64)
        while start > stop and (
            text[start - 1] in network._LOCAL_CHARS or text[start - 1].isalpha()
        ):
            start -= 1
        return start

    scan = Scan(text)
    for at in range(len(text) + 1):
        assert network._local_start(scan, at) == by_character(at)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["aB9+/aB9+/aB9+/a", "Zq", "=", "-", "_", "\\", "%", ".", " ", "\n"]),
        max_size=40,
    )
)
def test_base64_runs_skip_a_key_tail_or_an_escape_as_the_check_after_did(
    pieces: list[str],
) -> None:
    from sophdesk.domain.redaction import decoders
    from sophdesk.domain.redaction.scan import Scan

    text = "".join(pieces)
    b64 = Scan(text).b64
    before = re.compile("B" * 16 + r"(?<![B]" + "B" * 16 + r")B*(?:==?)?")
    expected = [
        m.span()
        for m in before.finditer(b64)
        if not (m.start() > 0 and text[m.start() - 1] in "-_\\%")
    ]
    assert [m.span() for m in decoders._B64_RUN.finditer(b64)] == expected


@pytest.mark.parametrize(
    ("name", "keyword", "value"),
    [
        ("PWD", "pwd", "/home/site"),
        ("PWD", "pwd", "hunter2secret"),
        ("OLDPWD", "pwd", "~/old"),
        ("azure-api-key", "key", "0123456789abcdef0123456789abcdef"),
        ("api_key", "key", "0123456789abcdef0123456789abcdef"),
        ("DB_PASSWORD", "password", "s3cr3t-pass"),
        ("OPENAI_API_KEY", "key", "sk-anything"),
        ("cache_key", "key", "abc"),
    ],
)
def test_a_name_judged_once_is_judged_as_every_time(name: str, keyword: str, value: str) -> None:
    from sophdesk.domain.redaction import labels

    assert labels.classify(name, keyword, value) == labels._classify(name, keyword, value)
    assert labels.classify(name, keyword, value) == labels._classify(name, keyword, value)
