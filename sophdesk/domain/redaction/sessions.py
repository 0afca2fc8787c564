"""Session material: cookie values that log someone in, session ids, nonces.

Where it is found:

* a cookie header, in any syntax that carries one: ``Cookie:`` and ``Set-Cookie:``
  lines (also after ``> `` in ``curl -v`` output, inside ``-H '...'``), a JSON or
  PHP dump (``"cookie": "..."``, ``[HTTP_COOKIE] => ...``), ``curl -b``/``--cookie``,
  a HAR file or an HTML form (``"name": "Cookie", "value": "..."``): every
  ``name=value`` pair of it is judged by the cookie rule below;
* a session-named pair anywhere, cookie header or not: ``session=9f8e...``,
  ``sid=...`` in a URL, ``PHPSESSID: ...`` in a log, ``wordpress_logged_in_<hash>=...``;
* a labelled nonce: ``_wpnonce=...``, ``nonce: ...``, ``X-WP-Nonce: ...``,
  ``"security_nonce": "..."``, ``<input name="_wpnonce" value="...">``.

The cookie rule (the name decides first, then the value):

1. **Kept by name**: analytics, consent and preference cookies, which log nobody in:
   ``_ga``, ``_ga_*``, ``_gid``, ``_gat*``, ``_gcl_*``, ``_fbp``, ``_fbc``, ``_hj*``,
   ``_clck``, ``_clsk``, ``__utm*``, ``_pk_*``, ``wp-settings-*`` and
   ``wp-settings-time-*`` (the admin's screen layout), ``wordpress_test_cookie``,
   ``woocommerce_items_in_cart``, ``woocommerce_cart_hash``, ``wp_lang``,
   ``pll_language``, consent cookies (``cookielawinfo*``, ``cookieyes-consent``,
   ``cmplz_*``, ``CookieConsent``, ``viewed_cookie_policy``), and any name that says
   so: ``visitor``, ``consent``, ``analytics``, ``tracking`` in it.
2. **Session by name**: a known login or session cookie (``wordpress_logged_in_*``,
   ``wordpress_sec_*``, ``wordpress_<hash>``, ``wp_woocommerce_session_*``,
   ``wp-postpass_*``, ``PHPSESSID``, ``JSESSIONID``, ``ASP.NET_SessionId``,
   ``laravel_session``, ``connect.sid``, ``_gitlab_session``, ``cf_clearance``);
   any ``__Secure-`` or ``__Host-`` cookie (browsers take those only from HTTPS
   sites, which use them for logins and CSRF); any name with a session word in it
   (``session``, ``sess``, ``sid``, ``auth``, ``token``, ``login``, ``logged``,
   ``remember``, ``jwt``, ``csrf``, ``xsrf``, ``secret``, ``nonce``, ``identity``).
   Its value is removed unless it is trivial (shorter than 6 characters, a switch
   such as ``deleted``/``true``/``null``, a plain lower-case word, a placeholder).
3. **Any other name**: the value is removed when it looks generated (20 characters
   or more with letters and digits, not a number, a date or a dotted version),
   because an application's own session cookie can have any name; ``lang=en``,
   ``theme=dark``, ``cookie_notice_accepted=true`` stay, and so do shorter ids
   (``v_a066caddd40f667e``: 64 bits make a visitor or device id, a session
   secret is longer: PHP's 26 or 32 characters, Django's 32, Express's 60+).

Outside a cookie header only rule 2's names count (and ``session``, ``sid``,
``sess`` need a generated-looking value there: "session: started" is prose; a
Twilio resource SID, ``"sid": "SM<32 hex>"``, is an id, not a session).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import anchors
from .scan import Hit, Scan
from .tokens import looks_like_dummy, may_match
from .validators import count_digits

CREDENTIAL = "credential"

# --- the cookie rule ----------------------------------------------------------------------

_KEEP_EXACT = frozenset(
    [
        "_ga", "_gid", "_fbp", "_fbc", "_clck", "_clsk", "wordpress_test_cookie",
        "woocommerce_items_in_cart", "woocommerce_cart_hash", "wp_lang", "pll_language",
        "cookieyes-consent", "cookieconsent", "viewed_cookie_policy", "cookie_notice_accepted",
        "wp-wpml_current_language", "_icl_current_language", "tk_ai", "tk_qs",
    ]
)  # fmt: skip
_KEEP_WORDS = ("visitor", "consent", "analytics", "tracking")
_KEEP_PREFIXES = ("_ga_", "_gat", "_gcl_", "_hj", "__utm", "_pk_", "wp-settings-",
                  "cookielawinfo", "cmplz_", "wp_woocommerce_cart", "tk_")  # fmt: skip

_SESSION_EXACT = frozenset(
    [
        "phpsessid", "jsessionid", "asp.net_sessionid", "laravel_session", "connect.sid",
        "_gitlab_session", "cf_clearance", "ci_session", "sessionid", "session_id", "sid",
        "session", "sess", "sessid", "session_token", "session_key",
    ]
)  # fmt: skip
_SESSION_PREFIXES = ("wordpress_logged_in_", "wordpress_sec_", "wp_woocommerce_session_",
                     "wp-postpass_", "__secure-", "__host-")  # fmt: skip
# ("auth" but not "author": WordPress's comment_author_<hash> holds a commenter's name)
_SESSION_WORDS = re.compile(
    r"session|auth(?!or)|token|login|logged|remember|jwt|csrf|xsrf|secret|nonce|identity"
)
_SESSION_PARTS = frozenset(["sid", "sess", "sessid"])
_PART_SPLIT = re.compile(r"[^a-z0-9]+")
_WORDPRESS_HASHED = re.compile(r"wordpress_[0-9a-f]{32}")

_TRIVIAL = frozenset(["deleted", "null", "none", "true", "false", "undefined", "yes", "no",
                      "0", "1", "expired", "invalid", "empty", "guest"])  # fmt: skip
_DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}")
_DOTTED_NUMBER = re.compile(r"[\d.]+")
_UNNAMED_MIN = 20  # a generated value under a name that says nothing: this long at least
_RESOURCE_SID = re.compile(r"[A-Z]{2}[0-9a-f]{32}")


def cookie_rule(name: str) -> str:
    """What the cookie rule says of a cookie by its ``name`` alone: ``"keep"``,
    ``"session"`` or ``"value"`` (the value decides)."""
    low = name.lower()
    if low in _KEEP_EXACT or low.startswith(_KEEP_PREFIXES):
        return "keep"
    if any(word in low for word in _KEEP_WORDS):
        return "keep"
    if low in _SESSION_EXACT or low.startswith(_SESSION_PREFIXES):
        return "session"
    if _WORDPRESS_HASHED.fullmatch(low):
        return "session"
    if _SESSION_WORDS.search(low):
        return "session"
    if _SESSION_PARTS.intersection(_PART_SPLIT.split(low)):
        return "session"
    return "value"


def trivial(value: str) -> bool:
    """A value no session is: short, a switch, a plain word, a placeholder."""
    if len(value) < 6 or value.lower() in _TRIVIAL:
        return True
    if value.isalpha() and value.islower() and len(value) <= 12:
        return True
    return looks_like_dummy(value)


def generated(value: str) -> bool:
    """A value that looks made by a machine: 16+ characters, letters and digits, not a
    number, a date or a dotted version."""
    if len(value) < 16:
        return False
    digits = count_digits(value)
    if digits == 0 or digits == len(value) or _DOTTED_NUMBER.fullmatch(value):
        return False
    if _DATE_LIKE.match(value) or not any(c.isalpha() for c in value):
        return False
    return not trivial(value)  # (the placeholder test last: it costs the most)


def is_session_value(name: str, value: str, *, in_header: bool) -> bool:
    """The cookie rule: is ``name=value`` session material? (``in_header``: inside a
    cookie header, where any name counts; elsewhere only session names do.)"""
    verdict = cookie_rule(name)
    if verdict == "keep":
        return False
    if verdict == "session":
        if name.lower() in ("session", "sid", "sess") and not in_header:
            if _RESOURCE_SID.fullmatch(value):
                return False  # a Twilio message or call SID ("sid": "SM..."), an id
            return generated(value) or (len(value) >= 20 and not trivial(value))
        return not trivial(value)
    return in_header and len(value) >= _UNNAMED_MIN and generated(value)


def _hit(start: int, end: int, text: str, rule: str) -> Hit:
    return Hit(start, end, 80, CREDENTIAL, "session-cookie", rule, text[start:end])


# --- cookie headers ---------------------------------------------------------------------

# "cookie" as a header's name: then a separator (":", "=", "=>", a JSON key's quotes).
_COOKIE_HEADER = re.compile(
    r"cookie2?(?![a-z0-9_-])(?:\\?[\"'`])?\]?[ \t]*(?:=>|:|=)[ \t]*(?:\\?[\"'`])?"
)
_CURL_COOKIE = tuple(
    re.compile(option + r"(?:[ \t]+|=)(?:[\"'])?") for option in ("--cookie", " -b")
)
_PAIR = re.compile(r"([^\s=;,\"'\\<>]+)=(?:\"([^\"\\;\n]*)\"|([^\s;,\"'\\<>]*))")
_NEXT = re.compile(r"[ \t]*;[ \t]*")
_HEADER_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _pairs(text: str, pos: int, rule: str) -> Iterator[Hit]:
    """The session values among the ``name=value; ...`` pairs that start at ``pos``."""
    for _ in range(200):  # a header holds a few dozen at most
        m = _PAIR.match(text, pos)
        if m is None:
            return
        name = m.group(1)
        group = 2 if m.group(2) is not None else 3
        value = m.group(group)
        if value and is_session_value(name, value, in_header=True):
            yield _hit(m.start(group), m.end(group), text, rule)
        n = _NEXT.match(text, m.end())
        if n is None:
            return
        pos = n.end()


def _cookie_headers(scan: Scan) -> Iterator[Hit]:
    text, low = scan.text, scan.low
    for m in scan.finditer(_COOKIE_HEADER, "low") if may_match(scan, _COOKIE_HEADER) else ():
        if m.start() > 0 and low[m.start() - 1] in _HEADER_BEFORE:
            continue  # "mycookie:", not a header
        yield from _pairs(text, m.end(), "cookie-header")
    for pattern in _CURL_COOKIE:
        if not may_match(scan, pattern):
            continue
        for m in scan.finditer(pattern, "low"):
            yield from _pairs(text, m.end(), "cookie-header")


# --- session-named pairs anywhere ---------------------------------------------------
#
# Each name holds one of a few literals ("sess", "sid", "wordpress_", ...): found by
# those (one literal a pattern: re skips straight to it), the whole name is read
# around it and judged (``_SESSION_EXACT``, ``_SESSION_PREFIXES``).

_CORES = tuple(
    re.compile(re.escape(core))
    for core in (
        "sess",
        "sid",
        "wordpress_",
        "wp-postpass_",
        "__secure-",
        "__host-",
        "cf_clearance",
    )
)
_SEPARATOR = re.compile(r"(?:\\?[\"'`])?\]?[ \t]*(?:=>|=|:)[ \t]*(?:\\?[\"'`])?")
_VALUE = re.compile(r"[^\s;,&\"'`\\<>()\[\]{}]+")


_NAME_RUN = re.compile(r"[a-z0-9_.-]{0,80}")


def _session_name(scan: Scan, pos: int) -> tuple[int, int] | None:
    """The cookie-like name around ``pos`` when it is a session name by the rule's
    list (not by a word inside it: outside a header, ``user_session_count`` is no
    cookie), as (start, end)."""
    low, n = scan.low, len(scan.low)
    back = _NAME_RUN.match(scan.rlow, n - pos)
    start = pos - (back.end() - back.start()) if back is not None else pos
    forward = _NAME_RUN.match(low, pos)
    end = forward.end() if forward is not None else pos
    name = low[start:end].rstrip(".-")
    if name in _SESSION_EXACT or name.startswith(_SESSION_PREFIXES):
        return start, start + len(name)
    if _WORDPRESS_HASHED.fullmatch(name):
        return start, start + len(name)
    return None


def _session_pairs(scan: Scan) -> Iterator[Hit]:
    text, low = scan.text, scan.low
    seen: set[int] = set()
    for core in _CORES:
        if not may_match(scan, core):
            continue
        for m in scan.finditer(core, "low"):
            span = _session_name(scan, m.start())
            if span is None or span[0] in seen:
                continue
            seen.add(span[0])
            sep = _SEPARATOR.match(low, span[1])
            if sep is None:
                continue
            vm = _VALUE.match(text, sep.end())
            if vm is None:
                continue
            if is_session_value(text[span[0] : span[1]], vm.group(), in_header=False):
                yield _hit(vm.start(), vm.end(), text, "session-name")


# --- nonces -------------------------------------------------------------------------------

# "nonce" ending a label's name: "_wpnonce=", "X-WP-Nonce:", "\"nonce\": \"".
_NONCE = re.compile(r"nonce(?![a-z0-9_-])(?:\\?[\"'`])?\]?[ \t]*(?:=>|=|:)[ \t]*(?:\\?[\"'`])?")
# ... in prose ("the nonce was 4f3a2b1c0d", "Nonce 4f3a2b1c0d expired"), and
# WordPress's AJAX convention of sending it as "security" (check_ajax_referer).
_NONCE_PROSE = re.compile(
    r"nonce(?:[ \t]+(?:is|was|value|ist|war|es|era|est|\x1a|jest|to|=))?[ \t]+(?=[a-z0-9])"
)
_SECURITY_PARAM = re.compile(r"[?&]security=")
_NONCE_VALUE = re.compile(r"[A-Za-z0-9]{6,64}(?![A-Za-z0-9_-])")
_WP_NONCE = re.compile(r"[0-9a-f]{10}")  # wp_create_nonce: ten hex digits


def _nonces(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for pattern, needs_digit in ((_NONCE, False), (_NONCE_PROSE, True), (_SECURITY_PARAM, False)):
        if not may_match(scan, pattern):
            continue
        for m in scan.finditer(pattern, "low"):
            vm = _NONCE_VALUE.match(text, m.end())
            if vm is None:
                continue
            value = vm.group()
            digits = count_digits(value)
            if trivial(value) or (digits == 0 and (needs_digit or not _WP_NONCE.fullmatch(value))):
                continue
            if pattern is _SECURITY_PARAM and not _WP_NONCE.fullmatch(value):
                continue  # "security=high" is a setting; a nonce has the nonce's shape
            yield Hit(vm.start(), vm.end(), 70, CREDENTIAL, "nonce", "labelled-nonce", value)


# --- name and value apart: HAR files, HTML form fields ------------------------------------

_NAMED = re.compile(r"name\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']([^\"'\\\n]{1,120})\\?[\"']")
_VALUE_AFTER = re.compile(
    r"[^<>{}\n]{0,80}?(?<![a-z0-9_-])value\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']([^\"'\\\n]*)",
    re.IGNORECASE,
)


def _named_values(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    if not may_match(scan, _NAMED):
        return
    for m in scan.finditer(_NAMED, "low"):
        vm = _VALUE_AFTER.match(text, m.end())
        if vm is None or not vm.group(1):
            continue
        name = text[m.start(1) : m.end(1)]
        low = name.lower()
        if low in ("cookie", "set-cookie"):
            yield from _pairs(text, vm.start(1), "cookie-header")
        elif low.endswith("nonce"):
            value = vm.group(1)
            if _NONCE_VALUE.fullmatch(value) and count_digits(value) and not trivial(value):
                yield Hit(vm.start(1), vm.end(1), 70, CREDENTIAL, "nonce", "labelled-nonce", value)
        elif cookie_rule(name) == "session" and not trivial(vm.group(1)):
            value = vm.group(1)
            if low in ("session", "sid", "sess") and not generated(value):
                continue
            yield _hit(vm.start(1), vm.end(1), text, "cookie-named")


def find_sessions(scan: Scan) -> Iterator[Hit]:
    yield from _cookie_headers(scan)
    yield from _session_pairs(scan)
    yield from _nonces(scan)
    yield from _named_values(scan)


for _pattern in (
    _COOKIE_HEADER,
    *_CURL_COOKIE,
    *_CORES,
    _NONCE,
    _NONCE_PROSE,
    _SECURITY_PARAM,
    _NAMED,
):
    anchors.register(_pattern, "low")
