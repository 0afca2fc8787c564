"""Passwords out of database URLs in any text, whether the URL parses or not.

Every message or log line that may hold a database URL (``--db``,
``SOPHDESK_DATABASE_URL``, ``db copy --to``, a driver's or SQLAlchemy's own error
text) passes through :func:`mask_urls` before it is shown. It reads URLs the way
a person would, not the way a parser does, so a URL with a bad port, junk
characters, a percent-encoded password or a password holding ``@``, ``:`` or
``/`` is masked too: the user information ends at the *last* ``@`` before the
host part. ``?password=...`` (and ``passwd``, ``pwd``, ``sslpassword``) values
are masked wherever they appear.
"""

from __future__ import annotations

import re
from urllib.parse import quote, quote_plus, unquote

MASK = "***"

# scheme:// then everything up to white space or a quote: a URL as printed.
_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<rest>[^\s'\"<>`]+)")
_PASSWORD_PARAM = re.compile(
    r"(?i)(?<![A-Za-z0-9_])(?P<key>(?:ssl)?pass(?:word|wd)?|pwd)=(?P<value>[^&\s'\"<>`]+)"
)


def _split_userinfo(rest: str) -> tuple[str, str] | None:
    """``(userinfo, host and the rest)`` of what follows ``scheme://``; None without ``@``.

    The host part starts after the last ``@`` that comes before the first ``/``,
    ``?`` or ``#`` following the first ``@``: a password may hold any of those.
    """
    first = rest.find("@")
    if first < 0:
        return None
    ends = [i for i in (rest.find(c, first) for c in "/?#") if i >= 0]
    end = min(ends) if ends else len(rest)
    at = rest.rfind("@", 0, end)
    return rest[:at], rest[at + 1 :]


def _mask_one(match: re.Match[str]) -> str:
    rest = match.group("rest")
    split = _split_userinfo(rest)
    if split is not None:
        userinfo, host = split
        if ":" in userinfo:
            user = userinfo.split(":", 1)[0]
            rest = f"{user}:{MASK}@{host}"
    return match.group("scheme") + rest


def mask_urls(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@host`` and every
    ``password=`` parameter replaced by ``***``; the rest kept for the reader."""
    if "=" not in text and "@" not in text:
        return text
    text = _URL.sub(_mask_one, text)
    return _PASSWORD_PARAM.sub(lambda m: f"{m.group('key')}={MASK}", text)


def url_passwords(url: str) -> list[str]:
    """The passwords written in ``url`` (user information and ``password=``
    parameters), as written and decoded, longest first; for driver messages that
    quote a password apart from its URL."""
    found: list[str] = []
    match = _URL.match(url.strip())
    if match is not None:
        split = _split_userinfo(match.group("rest"))
        if split is not None and ":" in split[0]:
            found.append(split[0].split(":", 1)[1])
    found += [m.group("value") for m in _PASSWORD_PARAM.finditer(url)]
    forms = {
        form
        for value in found
        for form in (
            value,
            unquote(value),
            quote(unquote(value), safe=""),
            quote_plus(unquote(value)),
        )
        if form
    }
    return sorted(forms, key=len, reverse=True)


def hide_passwords(text: str, url: str) -> str:
    """``text`` with every URL masked and ``url``'s own passwords replaced wherever
    they appear (a driver may quote one without its URL)."""
    text = mask_urls(text)
    for password in url_passwords(url):
        text = text.replace(password, MASK)
    return text
