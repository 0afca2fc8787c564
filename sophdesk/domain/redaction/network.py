"""E-mail addresses (and the name before ``<address>``), IP addresses, passwords in URLs."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from . import anchors
from .dummies import looks_like_dummy
from .labels import PRIVATE, person_like
from .placeholders import is_placeholder
from .scan import Hit, Scan

# --- e-mail ---------------------------------------------------------------------------

_DOMAIN = re.compile(
    r"@([A-Za-z0-9\u00c0-\uffff](?:[A-Za-z0-9\u00c0-\uffff-]{0,62})"
    r"(?:\.[A-Za-z0-9\u00c0-\uffff-]{1,63})*\.(?:[A-Za-z\u00c0-\uffff]{2,24}|xn--[a-z0-9]{2,59}))"
    r"(?![A-Za-z0-9_-])"
)  # (a punycode TLD: "xn--p1ai")
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+'-")
_FILE_TLDS = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "css",
        "js",
        "php",
        "map",
        "ico",
        "bmp",
        "tif",
        "tiff",
        "avif",
    ]
)
_NAME_BEFORE = re.compile(
    r"([A-Z\u00c0-\u00de][\w'\u2019.-]*(?:[ \t]+[A-Z\u00c0-\u00de][\w'\u2019.-]*){0,3})"
    r"[\"'\u201d]?[ \t]*<\Z"
)


# The local part read backwards by re on the reversed low view (its letters are
# ASCII there; a non-ASCII character, "\x1a", may be a letter: read in Python).
_LOCAL_REVERSED = re.compile(r"[a-z0-9._%+'-]*")


def _local_start(scan: Scan, at: int) -> int:
    """Where the local part of the address whose ``@`` is at ``at`` starts: up to 64
    letters, digits and ``._%+'-`` before it."""
    rlow = scan.rlow
    n = len(rlow)
    stop = min(n, n - at + 64)
    j = _LOCAL_REVERSED.match(rlow, n - at, stop).end()  # type: ignore[union-attr]
    start = n - j
    if j < stop and rlow[j] == "\x1a":  # go on in Python from there
        text = scan.text
        limit = max(0, at - 64)
        while start > limit and (text[start - 1] in _LOCAL_CHARS or text[start - 1].isalpha()):
            start -= 1
    return start


def find_emails(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in _DOMAIN.finditer(text):
        at = m.start()
        start = _local_start(scan, at)
        while start < at and text[start] in ".'%":
            start += 1
        if start == at:
            continue
        tld = m.group(1).rsplit(".", 1)[-1].lower()
        if tld in _FILE_TLDS:
            continue
        local = text[start:at]
        if local.lower() == "git" or text[start - 2 : start] == "//":
            continue  # git@github.com, a URL's user (https://key@o123.ingest.sentry.io)
        line_start = text.rfind("\n", 0, start) + 1
        if (
            text[line_start : line_start + 12]
            .lower()
            .startswith(("message-id", "in-reply-to", "references", "content-id"))
        ):
            continue
        value = text[start : m.end()]
        yield Hit(start, m.end(), 50, PRIVATE, "email", "email", value)
        if text[start - 1 : start] == "<":
            nm = _NAME_BEFORE.search(text, max(0, start - 80), start)
            if nm is not None and person_like(nm.group(1)):
                name = nm.group(1)
                yield Hit(nm.start(1), nm.end(1), 45, PRIVATE, "name", "name-before-email", name)


# --- e-mail written to dodge harvesters: "anna at shop dot de", "anna(at)shop.de",
# "anna [at] shop [dot] de", "anna {at} shop {dot} de" --------------------------------

_DOT = r"(?:[ \t]*[\[({<][ \t]*dot[ \t]*[\])}>][ \t]*|[ \t]+dot[ \t]+|\.)"
_DOMAIN_AFTER = re.compile(
    r"[a-z0-9][a-z0-9-]{0,62}(?:" + _DOT + r"[a-z0-9][a-z0-9-]{0,62})*" + _DOT + r"[a-z]{2,12}"
    r"(?![\w-])"
)
_LOCAL_BEFORE = re.compile(
    r"(?<![\w.@-])[a-z0-9](?:[a-z0-9._%+-]|[ \t]*[\[({<][ \t]*dot[ \t]*[\])}>][ \t]*){0,80}\Z"
)
_SPELLED_DOT = re.compile(r"[ \t]dot[ \t]|[\[({<][ \t]*dot")
_NOT_LOCAL = frozenset(("meet", "look", "me", "us", "is", "arrive", "arrived", "and"))


# The joints' literals, found in the anchors' one pass over the low view.
_AT_LITERAL = re.compile(r" at |at\)|at\]|at\}|at>")
anchors.register(_AT_LITERAL, "low")


def _at_joints(scan: Scan) -> Iterator[tuple[int, int, bool]]:
    """(start, end, bracketed) of each "at" joint: " at ", or "(at)", "[at]", "{at}",
    "<at>" with spaces around or inside."""
    low = scan.low
    n = len(low)
    for m in scan.finditer(_AT_LITERAL, "low"):
        pos = m.start()
        if low[pos] == " ":
            start, end = pos, pos + 4
            while start > 0 and low[start - 1] in " \t":
                start -= 1
            while end < n and low[end] in " \t":
                end += 1
            yield start, end, False
            continue
        start = pos
        while start > 0 and low[start - 1] in " \t":
            start -= 1
        if start > 0 and low[start - 1] == _OPENING[low[pos + 2]]:
            start -= 1
            while start > 0 and low[start - 1] in " \t":
                start -= 1
            end = pos + 3
            while end < n and low[end] in " \t":
                end += 1
            yield start, end, True


_OPENING = {")": "(", "]": "[", "}": "{", ">": "<"}


def find_obfuscated_emails(scan: Scan) -> Iterator[Hit]:
    """An address with "at" and "dot" spelled out. Bracketed "(at)" is enough on its
    own; a bare " at " needs a spelled-out dot too ("meet me at shop.de" stays).
    Read from each joint, on the low view."""
    low = scan.low
    for joint_start, joint_end, bracketed in _at_joints(scan):
        if not bracketed and "dot" not in low[joint_end : joint_end + 140]:
            continue
        dm = _DOMAIN_AFTER.match(low, joint_end)
        if dm is None or (not bracketed and _SPELLED_DOT.search(dm.group()) is None):
            continue
        lm = _LOCAL_BEFORE.search(low, max(0, joint_start - 82), joint_start)
        if lm is None or lm.group() in _NOT_LOCAL:
            continue
        start, end = lm.start(), dm.end()
        yield Hit(start, end, 50, PRIVATE, "email", "obfuscated-email", scan.text[start:end])


# --- IPv4 -------------------------------------------------------------------------------

# On the shape view: ".0.0.0" (the last octet may be masked as x or *), then look back.
_IPV4_TAIL = re.compile(r"\.0{1,3}\.0{1,3}\.(?:0{1,3}|a{1,3}|A{1,3}|\*{1,3})(?![0aA*]|\.0)")
# The word starts a word: "server 62.149.128.74", "Server=192.168.20.15" (a word that
# only ends in "ver") name a host, not a version.
_VERSION_BEFORE = re.compile(
    r"(?<![a-z])(?:version|ver|v|release|build|rev|php|wordpress|wp|mysql|mariadb|chrome|chromium|firefox|"
    r"safari|edg|edge|opr|applewebkit|gecko|node|curl|openssl|nginx|apache|ubuntu|debian|"
    r"woocommerce|sophmate|plugin|theme|[a-z]+/)[\s:=\"'v]*\Z"
)
_IP_KEEP = ("127.", "0.0.0.0", "255.255.255.", "0.")


def find_ipv4(scan: Scan) -> Iterator[Hit]:
    shape, text, low = scan.shape, scan.text, scan.low
    for m in _IPV4_TAIL.finditer(shape):
        start = m.start()
        first = start
        while first > 0 and shape[first - 1] == "0" and start - first < 3:
            first -= 1
        if first == start or (first > 0 and shape[first - 1] in "0aA._-"):
            continue
        value = text[first : m.end()]
        parts = value.split(".")
        last = parts[3]
        masked = not last.isdigit()
        if masked and set(last.lower()) - {"x", "*"}:
            continue
        octets = parts if not masked else parts[:3]
        if not all(p.isdigit() and int(p) <= 255 and (len(p) == 1 or p[0] != "0") for p in octets):
            continue
        if value.startswith(_IP_KEEP):
            continue
        if _VERSION_BEFORE.search(low, max(0, first - 24), first):
            continue
        yield Hit(first, m.end(), 52, PRIVATE, "ip", "ipv4", value)


# --- IPv6 -------------------------------------------------------------------------------

_IPV6_ANCHOR = re.compile(
    r"::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:"
)
_V6_CHARS = frozenset("0123456789abcdefABCDEF:.")


def find_ipv6(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    pos = 0
    n = len(text)
    while True:
        m = _IPV6_ANCHOR.search(text, pos)
        if m is None:
            return
        start = m.start()
        while start > 0 and text[start - 1] in _V6_CHARS and m.start() - start < 40:
            start -= 1
        end = m.end()
        while end < n and text[end] in _V6_CHARS and end - start < 46:
            end += 1
        pos = max(end, m.end())
        while end > start and text[end - 1] in ".:" and not text[start:end].endswith("::"):
            end -= 1
        while start < end and text[start] == ":" and not text[start:end].startswith("::"):
            start += 1
        value = text[start:end]
        if value.count(":") < 3 or len(value) < 6:
            continue
        if (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")) or (
            end < n and (text[end].isalnum() or text[end] == "_")
        ):
            continue
        if "%" in value:
            continue
        try:
            address = ipaddress.IPv6Address(value)
        except ValueError:
            continue
        if address.is_loopback or address.is_unspecified:
            continue
        groups = [g for g in value.split(":") if g]
        if all(g.isdigit() and len(g) <= 2 for g in groups):  # a time: 10:22:01
            continue
        yield Hit(start, end, 52, PRIVATE, "ip", "ipv6", value)


# --- passwords inside URLs --------------------------------------------------------------

_URL_USERINFO = re.compile(
    r"://([^\s:/?#@'\"<>\\\[\]]*):([^\s@/?#'\"<>\\]+)@(?=[\w\[.-])",
)


def find_url_passwords(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in _URL_USERINFO.finditer(text):
        value = m.group(2)
        if is_placeholder(value) or value in ("*", "***", "xxx", "****") or looks_like_dummy(value):
            continue
        if value.isdigit() and len(value) <= 5:  # host:port@... is not a password
            continue
        yield Hit(m.start(2), m.end(2), 88, "credential", "url-password", "url-password", value)
