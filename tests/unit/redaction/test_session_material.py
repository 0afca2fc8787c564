"""Session material: login cookies, session ids and nonces, in any header or log,
removed whole; analytics and preference cookies kept (the rule is in
:mod:`sophdesk.domain.redaction.sessions`)."""

from __future__ import annotations

import random
from urllib.parse import quote

import pytest

from sophdesk.domain.redaction import redact
from sophdesk.domain.redaction.sessions import cookie_rule

from . import fakes
from .helpers import assert_kept, survives

RNG = random.Random(2026)
SITE = fakes.hexkey(RNG)  # md5 of the site URL, in WordPress cookie names
TOKEN = fakes.pick(RNG, fakes.ALNUM, 43)
HMAC = fakes.hexkey(RNG, 64)
LOGGED_IN = quote(f"admin|1735689600|{TOKEN}|{HMAC}", safe="")
WOO = quote(f"17|1735689600|1735603200|{fakes.hexkey(RNG)}", safe="")
PHPSESSID = fakes.pick(RNG, "abcdefghijklmnopqrstuvwxyz0123456789", 26)
SESSION = fakes.hexkey(RNG, 40)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # the example: a login cookie and a session id in a log excerpt
        (f"Cookie: wordpress_logged_in_{SITE}={LOGGED_IN}\n", LOGGED_IN),
        (f"[error] request from admin, session={SESSION} expired\n", SESSION),
        (
            f"Set-Cookie: wordpress_sec_{SITE}={LOGGED_IN}; path=/wp-admin; secure; HttpOnly",
            LOGGED_IN,
        ),
        (f"Cookie: wordpress_{SITE}={LOGGED_IN}; wp-settings-1=mfold%3Do", LOGGED_IN),
        (f"Cookie: wp_woocommerce_session_{SITE}={WOO}; woocommerce_items_in_cart=1", WOO),
        (f"Cookie: _ga=GA1.2.1234567890.1700000000; PHPSESSID={PHPSESSID}", PHPSESSID),
        (f"> Cookie: laravel_session={TOKEN}\n> Accept: */*", TOKEN),
        (f"Cookie: connect.sid=s%3A{TOKEN}.{HMAC[:43]}", TOKEN),
        (f"Cookie: __Secure-next-auth.session-token={TOKEN}", TOKEN),
        (f"Cookie: __Host-sess={TOKEN}", TOKEN),
        (f"Cookie: myshop_user={TOKEN}; lang=en", TOKEN),  # any name, generated value
        (f'curl -H "Cookie: PHPSESSID={PHPSESSID}" https://shop.example.org/', PHPSESSID),
        (f"curl -b 'PHPSESSID={PHPSESSID}' https://shop.example.org/", PHPSESSID),
        (f'curl --cookie "sessionid={TOKEN}" https://shop.example.org/', TOKEN),
        (f'{{"headers": {{"Cookie": "PHPSESSID={PHPSESSID}; theme=dark"}}}}', PHPSESSID),
        (f'{{\\"cookie\\": \\"PHPSESSID={PHPSESSID}\\"}}', PHPSESSID),
        (f"[HTTP_COOKIE] => wordpress_logged_in_{SITE}={LOGGED_IN}", LOGGED_IN),
        (f"$_COOKIE['PHPSESSID'] = '{PHPSESSID}';", PHPSESSID),
        (f"GET /account?sid={TOKEN}&tab=orders HTTP/1.1", TOKEN),
        (f'{{"name": "PHPSESSID", "value": "{PHPSESSID}", "path": "/"}}', PHPSESSID),
        (f'{{"name": "Cookie", "value": "PHPSESSID={PHPSESSID}"}}', PHPSESSID),
        (f'{{"name": "wordpress_logged_in_{SITE}", "value": "{LOGGED_IN}"}}', LOGGED_IN),
    ],
)
def test_session_values_removed_whole(text: str, secret: str) -> None:
    result = redact(text)
    assert not survives(secret, result.text), result.text
    assert "credential" in {f.category for f in result.findings}


@pytest.mark.parametrize(
    ("text", "nonce"),
    [
        ("GET /wp-admin/post.php?post=42&action=trash&_wpnonce=8a7b6c5d4e HTTP/1.1", "8a7b6c5d4e"),
        ("X-WP-Nonce: 3f2e1d0c9b\r\n", "3f2e1d0c9b"),
        ('{"nonce": "a1b2c3d4e5", "action": "save"}', "a1b2c3d4e5"),
        ('var wpApiSettings = {"root":"\\/wp-json\\/","nonce":"0a9b8c7d6e"};', "0a9b8c7d6e"),
        ('<input type="hidden" id="_wpnonce" name="_wpnonce" value="5e4d3c2b1a" />', "5e4d3c2b1a"),
        ("security_nonce: 9z8y7x6w5v", "9z8y7x6w5v"),
    ],
)
def test_labelled_nonces_removed(text: str, nonce: str) -> None:
    result = redact(text)
    assert nonce not in result.text, result.text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Cookie: wp-settings-1=libraryContent%3Dbrowse; wp-settings-time-1=1735689600",
            "wp-settings-1=libraryContent%3Dbrowse; wp-settings-time-1=1735689600",
        ),
        (
            "Cookie: _ga=GA1.2.1234567890.1700000000; _ga_ABC123=GS1.1.1700000000.1.1.1700000001.0",
            "_ga=GA1.2.1234567890.1700000000; _ga_ABC123=GS1.1.1700000000.1.1.1700000001.0",
        ),
        (
            "Cookie: _fbp=fb.1.1700000000123.1234567890; _gcl_au=1.1.123456789.1700000000",
            "_fbp=fb.1.1700000000123.1234567890; _gcl_au=1.1.123456789.1700000000",
        ),
        (
            "Cookie: wordpress_test_cookie=WP%20Cookie%20check; lang=en; theme=dark",
            "wordpress_test_cookie=WP%20Cookie%20check; lang=en; theme=dark",
        ),
        (
            "Cookie: woocommerce_cart_hash=9e107d9d372bb6826bd81d3542a419d6",
            "woocommerce_cart_hash=9e107d9d372bb6826bd81d3542a419d6",
        ),
        (
            "Cookie: cookie_notice_accepted=true; pll_language=de",
            "cookie_notice_accepted=true; pll_language=de",
        ),
        (
            f"Set-Cookie: wordpress_logged_in_{SITE}=deleted; expires=Thu, 01-Jan-1970 00:00:01",
            "=deleted; expires=Thu, 01-Jan-1970 00:00:01",
        ),
        (
            "The session: started at 10:00, session timeout is 30 min, sid=42",
            "The session: started at 10:00, session timeout is 30 min, sid=42",
        ),
        ("script-src 'self' 'nonce-r4nd0mV4lu3'", "'nonce-r4nd0mV4lu3'"),
        ("session: new, nonce: none", "session: new, nonce: none"),
        ("the cookie: it was empty", "the cookie: it was empty"),
        ("considered=abcdef123456789012, inside=yes", "considered=abcdef123456789012"),
        ("Cookie: PHPSESSID=[session-id]", "PHPSESSID=[session-id]"),
        ("Cookie: sm_visitor=v_a066caddd40f667e; ab_test=b7", "v_a066caddd40f667e"),
        ("Cookie: device=9f8e7d6c5b4a3921", "9f8e7d6c5b4a3921"),
        (
            '{"sid": "SM0123456789abcdef0123456789abcdef", "status": "sent"}',
            "SM0123456789abcdef0123456789abcdef",
        ),
        ("Cookie: PHPSESSID=$SESSION_ID", "PHPSESSID=$SESSION_ID"),
    ],
)
def test_not_session_material_kept(text: str, kept: str) -> None:
    assert_kept(text, kept)


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("_ga", "keep"),
        ("_ga_XYZ123", "keep"),
        ("wp-settings-time-1", "keep"),
        ("wordpress_test_cookie", "keep"),
        (f"wordpress_logged_in_{SITE}", "session"),
        (f"wordpress_sec_{SITE}", "session"),
        (f"wordpress_{SITE}", "session"),
        (f"wp_woocommerce_session_{SITE}", "session"),
        ("PHPSESSID", "session"),
        ("laravel_session", "session"),
        ("connect.sid", "session"),
        ("__Host-id", "session"),
        ("__Secure-3PSID", "session"),
        ("XSRF-TOKEN", "session"),
        ("remember_web_59ba36addc2b2f9401580f014c7f58ea4e30989d", "session"),
        ("lang", "value"),
        (f"comment_author_{SITE}", "value"),
        ("authToken", "session"),
        ("theme", "value"),
    ],
)
def test_cookie_rule(name: str, verdict: str) -> None:
    assert cookie_rule(name) == verdict


def test_long_url_encoded_cookie_value_leaves_nothing() -> None:
    value = quote(f"admin|1735689600|{fakes.pick(RNG, fakes.URLSAFE, 600)}|{HMAC}", safe="")
    result = redact(f"Cookie: wordpress_logged_in_{SITE}={value}; _ga=GA1.2.1.2\n")
    assert not survives(value, result.text)
    assert "_ga=GA1.2.1.2" in result.text


@pytest.mark.parametrize(
    "text",
    [
        "POST admin-ajax.php action=sophmate_chat&security=4f3a2b1c0d&message=hi",
        "the nonce was 4f3a2b1c0d when it failed",
        "Nonce 4f3a2b1c0d expired at 10:02",
        "la nonce era 4f3a2b1c0d",
    ],
)
def test_a_nonce_in_prose_or_sent_as_security_is_removed(text: str) -> None:
    assert "4f3a2b1c0d" not in redact(text).text


@pytest.mark.parametrize(
    "text", ["security=high", "nonce verification failed", "Nonce is invalid", "nonce check 12 x"]
)
def test_nonce_words_without_a_nonce_stay(text: str) -> None:
    assert redact(text).text == text
