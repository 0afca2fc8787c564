"""Labelled values: ``password=...``, ``Authorization: Bearer ...``, cookies, ``define()``,
CVV and expiry, labelled phones, addresses and names, greetings and signatures.

One alternation of literal-led branches runs over :attr:`Scan.low` (so every
upper-case variant matches); each branch matches the label and its separator
only, and a small handler reads and judges the value in the original text.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import NamedTuple

from . import anchors, people
from .scan import Hit, Scan
from .tokens import looks_like_dummy
from .trie import trie_pattern
from .validators import count_digits, has_alpha, has_digit
from .values import plausible_secret, read_value, scan_name_before

CREDENTIAL = "credential"
PRIVATE = "private"
PAYMENT = "payment"

_Q = "[\"'`\x1a]"  # a quote in the low view (typographic quotes are \x1a there)
_SEP = r"(?:\\?" + _Q + r")?\]?[ \t]*(?:=>|:=|=|:|\";s:\d+:|>)[ \t]*"

# --- what a label's name says about the value -----------------------------------------

_PROVIDERS: tuple[tuple[str, str], ...] = (
    ("openrouter", "openrouter-key"),
    ("openai", "openai-key"),
    ("anthropic", "anthropic-key"),
    ("claude", "anthropic-key"),
    ("gemini", "google-key"),
    ("google", "google-key"),
    ("mistral", "mistral-key"),
    ("cohere", "cohere-key"),
    ("groq", "groq-key"),
    ("azure", "azure-openai-key"),
    ("deepseek", "deepseek-key"),
    ("perplexity", "perplexity-key"),
    ("huggingface", "huggingface-token"),
)
_SERVICES: tuple[tuple[str, str], ...] = (
    ("aws", "aws-secret-key"),
    ("stripe", "stripe-key"),
    ("paypal", "paypal-secret"),
    ("braintree", "braintree-key"),
    ("github", "github-token"),
    ("slack", "slack-token"),
    ("sendgrid", "sendgrid-key"),
    ("mailgun", "mailgun-key"),
    ("twilio", "twilio-token"),
    ("mailchimp", "mailchimp-key"),
    ("postmark", "postmark-token"),
    ("brevo", "brevo-key"),
    ("sendinblue", "brevo-key"),
)
_KEY_NAMES = (
    "api", "secret", "private", "access", "auth", "client", "master", "licen", "encrypt",
    "signing", "consumer", "subscription", "webhook", "merchant", "nonce", "logged_in",
    "purchase", "app_key", "appkey", "app-key", "service", "account", "token", "session",
    "hmac", "jwt", "sk_", "openai", "anthropic", "mistral", "cohere", "groq", "gemini",
    "azure", "stripe", "paypal", "braintree", "aws", "smtp", "mail",
)  # fmt: skip
_KEY_NOT = (
    "public", "publishable", "site_key", "sitekey", "site-key", "idempotency", "cache", "meta",
    "option", "primary", "foreign", "sort", "partition", "object", "index", "array", "hash_key",
)  # fmt: skip
_TOKEN_NOT = ("page", "next", "cursor", "continuation", "pagination", "max", "count", "limit")
_PASS_NOT = ("bypass", "compass", "passthrough", "onepass")


# Whether any needle is there at all, in one search (the loops below keep their order).
_PROVIDER_ANY = re.compile("|".join(re.escape(needle) for needle, _ in _PROVIDERS))
_SERVICE_ANY = re.compile("|".join(re.escape(needle) for needle, _ in _SERVICES))
_KEY_NAME_ANY = re.compile("|".join(re.escape(needle) for needle in _KEY_NAMES))
_KEY_NOT_ANY = re.compile("|".join(re.escape(needle) for needle in _KEY_NOT))


def _provider_kind(name: str) -> str | None:
    if _PROVIDER_ANY.search(name) is None:
        return None
    for needle, kind in _PROVIDERS:
        if needle in name:
            return kind
    return None


def classify(name: str, keyword: str, value: str) -> tuple[str, str] | None:
    """(category, kind) for ``name=value`` or None when the name is not a secret's."""
    if name.lower().replace("-", "_") in _VALUE_MATTERS:
        return _classify(name, keyword, value)
    return _classify_name(name, keyword)


# The names whose value the answer depends on (PWD=/home/..., an Azure api-key).
_VALUE_MATTERS = frozenset(["pwd", "oldpwd", "api_key"])


@lru_cache(maxsize=4096)
def _classify_name(name: str, keyword: str) -> tuple[str, str] | None:
    """:func:`classify` for a name whose value does not matter: once per name (the
    same names come back on every line of a log)."""
    return _classify(name, keyword, "")


_COMMAND_SUB = re.compile(r"[a-z][\w.-]*[ \t]+\S")
_IDENT_PATH = re.compile(r"[A-Za-z_]\w*(?:(?:\.|->|::)[A-Za-z_]\w*)*")
# A name that says its value is not a real secret: not_secret, nonMatchingToken, fake_password.
_NEGATED = re.compile(
    r"(?i:not|non|fake|dummy|mock|example|sample)[_\-. ]|(?:not|non|fake|dummy|mock)[A-Z]"
)


def _classify(name: str, keyword: str, value: str) -> tuple[str, str] | None:
    if _NEGATED.match(name):
        return None
    low = name.lower().replace("-", "_")
    kw = keyword.rstrip("_")
    if kw == "key" or kw.endswith("key"):
        if low in (
            "key_1",
            "key_2",
            "key1",
            "key2",
            "key 1",
            "key 2",
        ):  # the Azure portal's "KEY 1", "KEY 2"
            return CREDENTIAL, "api-key"
        if _KEY_NAME_ANY.search(low) is None or _KEY_NOT_ANY.search(low) is not None:
            return None
    elif kw.startswith("token"):
        if any(n in low for n in _TOKEN_NOT):
            return None
    elif kw.startswith(("pass", "pwd", "pw", "mdp", "kennwort")):
        if low.endswith(_PASS_NOT):
            return None
        if low in ("pwd", "oldpwd") and value.startswith(("/", "~")):
            return None
    if kw.startswith(("licen", "purchase")):
        return "purchase_code", "purchase-code"
    if kw == "signature":
        return "service_token", "paypal-secret"
    secretish = not kw.startswith(("pass", "pwd", "pw", "mdp", "kennwort"))
    if secretish:
        provider = _provider_kind(low)
        if provider is not None:
            return "provider_key", provider
        if low in ("api_key",) and len(value) == 32 and _is_hex(value) and "-" in name:
            return "provider_key", "azure-openai-key"
    if _SERVICE_ANY.search(low) is not None:
        for needle, kind in _SERVICES:
            if needle in low:
                if needle == "aws" and not secretish:
                    break
                return "service_token", kind
    if "purchase" in low or "envato" in low or "licen" in low:
        return "purchase_code", "purchase-code"
    if not secretish:
        if "smtp" in low or "mail" in low:
            return CREDENTIAL, "smtp-password"
        if low.startswith(("db", "database", "mysql", "pg", "postgres", "redis", "mongo", "sql")):
            return CREDENTIAL, "db-password"
        return CREDENTIAL, "password"
    if "salt" in kw:
        return CREDENTIAL, "salt"
    if kw.startswith("token"):
        return CREDENTIAL, "token"
    if kw.startswith("secret"):
        return CREDENTIAL, "secret"
    if kw.startswith(("sessid", "session")):
        return CREDENTIAL, "session-cookie"
    if kw.startswith("credential"):
        return CREDENTIAL, "credential"
    return CREDENTIAL, "api-key"


_UUID_LIKE = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def _license_like(value: str) -> bool:
    """A licence or purchase code, not a licence's name ("GPL-2.0", "Regular License")."""
    if _UUID_LIKE.fullmatch(value):
        return True
    return len(value) >= 16 and " " not in value and count_digits(value) >= 3


_FALLBACK = re.compile(r"[^;\n]{0,120}?(?:\?:|\?\?|\|\||\bor\b|,)[ \t]*(['\"])([^'\"\n]{1,200})\1")


def fallback_literal(text: str, pos: int) -> tuple[int, int] | None:
    """The literal after ``getenv('X') ?: '...'`` (or ``??``, ``||``): the secret itself."""
    m = _FALLBACK.match(text, pos)
    if m is None:
        return None
    return m.start(2), m.end(2)


def _is_hex(value: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in value)


def _line_provider(scan: Scan, pos: int) -> str | None:
    low = scan.low
    line_start = low.rfind("\n", 0, pos) + 1
    found = None
    if _PROVIDER_ANY.search(low, line_start, pos + 40) is not None:
        found = _provider_kind(low[line_start : pos + 40])
    if found is None and _PROVIDER_ANY.search(low, max(0, pos - 400), pos) is not None:
        # a section heading above: "Azure OpenAI keys", "## Mistral"
        found = _provider_kind(low[max(0, pos - 400) : pos])
    return found


# --- handlers: each reads the value after one label ------------------------------------


class Label(NamedTuple):
    """A label found in the text: where it is and where its value starts."""

    start: int
    end: int
    value: int


Handler = Callable[[Scan, Label], Iterator[Hit]]


#: "Password" in the languages our customers write (as read in the text, lower case),
#: each read as ``password``: Kennwort, contraseña, mot de passe, senha, hasło, ...
FOREIGN_PASSWORDS = ("passwort", "kennwort", "contrase\u00f1a", "contrasena", "clave",
                     "mot de passe", "mot_de_passe", "motdepasse", "senha", "wachtwoord",
                     "parola d'ordine", "parola d\u2019ordine", "has\u0142o", "haslo",
                     "jelszo", "jelsz\u00f3", "heslo", "salasana", "adgangskode",
                     "l\u00f6senord", "losenord")  # fmt: skip
_ASSIGN_END = re.compile(
    r"(pass(?:word|wd|phrase|code)?|pwd|pw|secret|token|key|salt|credentials?|sessid|auth|"
    r"licen[cs]e|purchase[ _]?code|signature|mdp|"
    + "|".join(re.escape(w) for w in FOREIGN_PASSWORDS)
    + r")(?:[ _]?(?:confirmation|confirm|hash|value|plain|base64|b64|enc|1|2))?\Z"
)
_CANONICAL = {w: "password" for w in FOREIGN_PASSWORDS if w not in ("passwort", "kennwort")}


@lru_cache(maxsize=4096)
def assign_keyword(name: str) -> str | None:
    """The secret's word a label's name ends with (``DB_PASSWORD``: ``password``;
    ``Contraseña``: ``password`` too)."""
    km = _ASSIGN_END.search(name.lower())
    if km is None:
        return None
    word = km.group(1)
    return _CANONICAL.get(word, word)


def _assign(scan: Scan, lab: Label) -> Iterator[Hit]:
    text = scan.text
    if lab.end > lab.start:
        name = scan_name_before(scan, lab.start) + text[lab.start : lab.end]
    else:
        name = scan_name_before(scan, lab.end)
    if text[lab.end - len(name) - 1 : lab.end - len(name)] == "[":  # user[password]=
        name = scan_name_before(scan, lab.end - len(name) - 1) + "_" + name
    keyword = assign_keyword(name)
    if keyword is None:
        return
    if text[lab.end - len(name) - 2 : lab.end - len(name)] == "${":
        return  # ${DB_PASSWORD:-default}, ${DB_PASSWORD:?missing}: a reference
    if name.lower() == "clave" and scan.low[max(0, lab.end - 13) : lab.end - 5] == "palabra ":
        return  # "palabra clave": a keyword, not a password
    span = read_value(text, lab.value)
    if span is None:
        return
    start, end, quoted = span
    value = text[start:end]
    if (
        not quoted
        and text[end : end + 1] in ("(", "[")
        and _IDENT_PATH.fullmatch(value)
        and ((value.isalpha() and value.islower()) or any(c in value for c in "_.>:"))
    ):
        return  # secret = get_secret_key(), request.headers["apikey"]: code that finds it
    if quoted and text[start - 1 : start] == "`" and " " in value and _COMMAND_SUB.match(value):
        return  # KEY=`etcdctl get /secret`: a command's output, not the value
    if not plausible_secret(value, quoted):
        fallback = fallback_literal(text, end)
        if fallback is None:
            return
        start, end = fallback
        value, quoted = text[start:end], True
        if not plausible_secret(value, quoted):
            return
    if keyword == "auth":  # SMTP_AUTH: "user:password"
        if ":" not in value or " " in value.strip() or value.startswith(("{", "[")):
            return
        start += value.index(":") + 1
        value = text[start:end]
        keyword = "password"
    elif keyword.startswith("licen") and not _license_like(value):
        return
    elif keyword == "signature" and "pwd=" not in scan.low[max(0, lab.start - 300) : lab.start]:
        return  # only the PayPal NVP API signature, next to its PWD=
    elif keyword == "pw" and not (name.lower() == "pw" or name.lower().endswith(("_pw", "-pw"))):
        return
    found = classify(name, keyword, value)
    if found is None:
        # Two words: "API key:", "Secret Key =" (the name read back stops at a space).
        name_start = lab.end - len(name)
        if name_start > 1 and text[name_start - 1] == " ":
            name = scan_name_before(scan, name_start - 1) + "_" + name
            found = classify(name, keyword, value)
    if found is None:
        return
    category, kind = found
    if kind in ("api-key", "token", "secret"):
        provider = _line_provider(scan, lab.start)
        if provider is not None:
            category, kind = "provider_key", provider
    yield Hit(start, end, 60, category, kind, "labelled-" + kind, value)


_SCHEMES = ("bearer", "basic", "token", "apikey", "api-key", "key", "sso-key", "otp", "jwt")


def _authz(scan: Scan, lab: Label) -> Iterator[Hit]:
    text = scan.text
    pos = lab.value
    quote = ""
    if pos < len(text) and text[pos] in "\"'":
        quote = text[pos]
        pos += 1
    low = scan.low
    word_end = pos
    while word_end < len(text) and (low[word_end].isalnum() or low[word_end] in "-"):
        word_end += 1
    scheme = low[pos:word_end]
    if scheme in _SCHEMES and word_end < len(text) and text[word_end] in " \t":
        kind = "basic-auth" if scheme == "basic" else "bearer-token"
        start = word_end
        while start < len(text) and text[start] in " \t":
            start += 1
        span = read_value(text, start)
        if span is None:
            return
        s, e, _ = span
        # A base64 or token value never holds these; stop a header at its end.
        value = text[s:e]
        if len(value) >= 4 and not value.startswith("[") and not looks_like_dummy(value):
            yield Hit(s, e, 80, CREDENTIAL, kind, "authorization-header", value)
        return
    # Digest, AWS4-HMAC-SHA256, NTLM, a bare token: the rest of the header.
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    if quote:
        close = text.find(quote, pos, end)
        end = close if close >= 0 else end
    while end > pos and text[end - 1] in " \t\r,;":
        end -= 1
    value = text[pos:end]
    if len(value) >= 6 and not value.startswith("[") and plausible_secret(value, True):
        yield Hit(pos, end, 80, CREDENTIAL, "auth-header", "authorization-header", value)


_TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~+/=-]+")


def _bearer(scan: Scan, lab: Label) -> Iterator[Hit]:
    if _letter_before(scan.low, lab.start):
        return
    tm = _TOKEN_CHARS.match(scan.text, lab.value)
    if tm is None:
        return
    value = tm.group()
    if len(value) >= 12 and count_digits(value) >= 2 and not looks_like_dummy(value):
        yield Hit(tm.start(), tm.end(), 78, CREDENTIAL, "bearer-token", "bearer-token", value)


_B64_VALUE = re.compile(r"[A-Za-z0-9+/]{6,}={0,2}")


def basic_credentials(value: str) -> bool:
    """``value`` is base64 of ``user:password``."""
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    user, sep, password = decoded.partition(":")
    if not (sep and password and decoded.isprintable() and len(user) <= 128):
        return False
    # A user name, not the first key of a JSON or YAML document.
    return not any(c in user for c in " \t\"'{}[],") and " " not in password.strip()


def _basic(scan: Scan, lab: Label) -> Iterator[Hit]:
    if _letter_before(scan.low, lab.start):
        return
    bm = _B64_VALUE.match(scan.text, lab.value)
    if bm is None or not basic_credentials(bm.group()):
        return
    yield Hit(bm.start(), bm.end(), 78, CREDENTIAL, "basic-auth", "basic-auth", bm.group())


_COOKIE_VALUE = re.compile(r"[^\s;,\"'&<>\\]+")


def _cookie(scan: Scan, lab: Label) -> Iterator[Hit]:
    vm = _COOKIE_VALUE.match(scan.text, lab.value)
    if vm is None or len(vm.group()) < 6 or vm.group().startswith("["):
        return
    value = vm.group()
    if value.lower() in ("deleted", "null", "none") or looks_like_dummy(value):
        return
    yield Hit(vm.start(), vm.end(), 80, CREDENTIAL, "session-cookie", "session-cookie", value)


_DEFINE = re.compile(r"(['\"\u2018\u2019\u201c\u201d])([A-Za-z0-9_]+)\1\s*,\s*")
_DEFINE_SECRET = re.compile(r"KEY|SALT|PASSWORD|PASS|SECRET|TOKEN|NONCE", re.IGNORECASE)
_DEFINE_NOT = re.compile(r"PUBLIC|PUBLISHABLE|SITE_KEY|CACHE_KEY_SALT", re.IGNORECASE)


def _define(scan: Scan, lab: Label) -> Iterator[Hit]:
    text = scan.text
    dm = _DEFINE.match(text, lab.value)
    if dm is None:
        return
    name = dm.group(2)
    if not _DEFINE_SECRET.search(name) or _DEFINE_NOT.search(name):
        return
    span = read_value(text, dm.end())
    if span is None:
        return
    start, end, quoted = span
    value = text[start:end]
    if not quoted:
        fallback = fallback_literal(text, end)
        if fallback is None:
            return
        start, end = fallback
        value, quoted = text[start:end], True
    if not plausible_secret(value, quoted, min_len=1):
        return
    upper = name.upper()
    if upper in _WP_SALTS:
        category, kind = CREDENTIAL, "wp-salt"
    else:
        found = classify(name, _define_keyword(upper), value)
        if found is None:
            return
        category, kind = found
    yield Hit(start, end, 82, category, kind, "php-define", value)


_WP_SALTS = frozenset(
    f"{a}_{b}" for a in ("AUTH", "SECURE_AUTH", "LOGGED_IN", "NONCE") for b in ("KEY", "SALT")
)


def _define_keyword(name: str) -> str:
    for kw in ("PASSWORD", "PASS", "SECRET", "TOKEN", "SALT", "KEY", "NONCE"):
        if kw in name:
            return kw.lower() if kw != "NONCE" else "key"
    return "key"


def _idby(scan: Scan, lab: Label) -> Iterator[Hit]:
    span = read_value(scan.text, lab.value)
    if span is None:
        return
    start, end, quoted = span
    value = scan.text[start:end]
    if quoted and plausible_secret(value, quoted):
        yield Hit(start, end, 75, CREDENTIAL, "db-password", "sql-identified-by", value)


_SMTP_LINE = re.compile(r"[A-Za-z0-9+/]{4,}={0,2}")
_SMTP_PROMPTS = frozenset({"VXNlcm5hbWU6", "UGFzc3dvcmQ6", "dXNlcm5hbWU6", "cGFzc3dvcmQ6"})


def _smtp(scan: Scan, lab: Label) -> Iterator[Hit]:
    """``AUTH PLAIN <b64>`` and the base64 lines a client sends after ``AUTH LOGIN``."""
    text = scan.text
    pos = lab.value
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[pos:line_end].strip()
    if rest:
        tm = _SMTP_LINE.fullmatch(rest.split()[0]) if rest.split() else None
        if tm is not None and tm.group() not in _SMTP_PROMPTS and "=" not in rest[:1]:
            start = text.index(tm.group(), pos)
            yield Hit(
                start, start + len(tm.group()), 80, CREDENTIAL, "smtp-auth", "smtp-auth", tm.group()
            )
    # The following lines: client lines that are a lone base64 word.
    cursor = line_end + 1
    for _ in range(8):
        if cursor >= len(text):
            return
        end = text.find("\n", cursor)
        end = len(text) if end < 0 else end
        line = text[cursor:end]
        stripped = line.rstrip("\r ")
        word = stripped.rsplit(None, 1)[-1] if stripped.split() else ""
        head = stripped[: len(stripped) - len(word)]
        if word.startswith(("235", "535")) or " 235 " in f" {stripped} " or " 535" in stripped:
            return
        server = head.strip().endswith(("334", "S:", "SERVER -> CLIENT:", "<-", "<<<"))
        if (
            word
            and not server
            and _SMTP_LINE.fullmatch(word)
            and word not in _SMTP_PROMPTS
            and not word.isdigit()
            and len(word) >= 4
        ):
            start = cursor + len(head)
            yield Hit(start, start + len(word), 80, CREDENTIAL, "smtp-auth", "smtp-auth", word)
        cursor = end + 1


_CVV_VALUE = re.compile(r"(?<!\d)[\"']?(\d{3,4})(?![\d])")
# A card's word before the code in a compound name: "cc_cvv", "card-cvc", "cardCvv".
_CARD_PREFIX = re.compile(r"(?:cc|card|credit_?card|kreditkarte|karte|tarjeta|carte|carta|karta"
                          r"|kaart|payment|billing)[_-]?\Z")  # fmt: skip


def _cvv(scan: Scan, lab: Label) -> Iterator[Hit]:
    if _letter_before(scan.low, lab.start) and not _CARD_PREFIX.search(
        scan.low, max(0, lab.start - 16), lab.start
    ):
        return
    vm = _CVV_VALUE.match(scan.text, lab.value)
    if vm is None:
        return
    yield Hit(vm.start(1), vm.end(1), 70, PAYMENT, "cvv", "labelled-cvv", vm.group(1))


_EXPIRY_VALUE = re.compile(
    r"(?:0?[1-9]|1[0-2])[ \t]*[/-][ \t]*(?:20)?\d{2}(?!\d)|20\d{2}-(?:0[1-9]|1[0-2])(?![\d:-])"
)
_MONTH_YEAR = re.compile(r"(?:0?[1-9]|1[0-2]|20\d{2})(?!\d)")
_CARD_WORDS = re.compile(
    r"card|visa|mastercard|amex|american express|discover|cvv|cvc|cc_|cc-|credit|debit|maestro"
    r"|jcb|last4|karte|tarjeta|carte|cart\x1ao|cartao|kaart|carta|karta|kreditkart"
)


def _exp(scan: Scan, lab: Label) -> Iterator[Hit]:
    low = scan.low
    if _letter_before(low, lab.start):
        return
    label = scan.low[lab.start : lab.end]
    vm = _EXPIRY_VALUE.match(scan.text, lab.value)
    if vm is None and ("month" in label or "year" in label):
        vm = _MONTH_YEAR.match(scan.text, lab.value)
    if vm is None:
        return
    window = low[max(0, lab.start - 250) : lab.value + 250]
    if _CARD_WORDS.search(window) is None:
        return
    yield Hit(vm.start(), vm.end(), 60, PAYMENT, "card-expiry", "expiry-near-card", vm.group())


_PHONE_VALUE = re.compile(r"\+?\(?\d[\d ().\-/]{4,22}\d")


def _phone(scan: Scan, lab: Label) -> Iterator[Hit]:
    text = scan.text
    if _letter_before(scan.low, lab.start):
        return
    pos = lab.value
    if pos < len(text) and text[pos] in "\"'":
        pos += 1
    vm = _PHONE_VALUE.match(text, pos)
    if vm is None or count_digits(vm.group()) < 6:
        return
    yield Hit(vm.start(), vm.end(), 55, PRIVATE, "phone", "labelled-phone", vm.group())


_ADDR_NOT = ("ip", "mail", "mac", "remote", "server", "wallet", "bind", "listen", "web", "url",
             "site", "home", "forward", "proxy", "host", "return", "from", "reply", "to_",
             "cc")  # fmt: skip


# A phone or mail label after the address on its line ("Adresse: Drottninggatan 71,
# 111 36 Stockholm, tel 08-411 23 90", "Anschrift: ... · Tel.: ...", "..., e-mail: ..."):
# the address ends before it. The literal check first (most addresses have none).
_CONTACT_WORDS = re.compile(r"(?i)tel|t\u00e9l|fon|phone|mob|handy|cell|fax|mail|tlf|gsm")
_CONTACT_AFTER = re.compile(
    r"(?i)[ \t]*(?:[,;/|(\u00b7\u2022]|[ \t][-\u2013\u2014])[ \t]*"
    r"(?:tel|t\u00e9l|tfn|tlf|fon|phone|telephone|t\u00e9l\u00e9phone|telefon|telefono|tel\u00e9fono"
    r"|telefone|telefoon|mob|mobile|mobil|handy|cell|gsm|fax|e-?mail|mail|kom|kom\u00f3rka)"
    r"(?![^\W\d_])\.?"
)


_YAML_BLOCK = re.compile(r"[|>][+-]?[ \t]*\r?\n")


def _block_address(scan: Scan, label_start: int, pos: int) -> Iterator[Hit]:
    """The lines of a YAML block scalar, up to four, each indented deeper than the
    label's line: the address is there when one of them holds a digit."""
    text = scan.text
    line_start = text.rfind("\n", 0, label_start) + 1
    indent = 0
    while line_start + indent < label_start and text[line_start + indent] in " \t-":
        indent += 1
    lines: list[tuple[int, int]] = []
    while pos < len(text) and len(lines) < 4:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        body = pos
        while body < end and text[body] in " \t":
            body += 1
        if body - pos <= indent or body == end:
            break
        stop = end
        while stop > body and text[stop - 1] in " \t\r,":
            stop -= 1
        lines.append((body, stop))
        pos = end + 1
    if not lines or not any(has_digit(text[a:b]) for a, b in lines):
        return
    for a, b in lines:
        value = text[a:b]
        if 2 <= len(value) <= 120 and "@" not in value and "://" not in value:
            yield Hit(a, b, 50, PRIVATE, "address", "labelled-address", value)


def _addr(scan: Scan, lab: Label) -> Iterator[Hit]:
    text = scan.text
    start_label = lab.start
    prefix = scan_name_before(scan, start_label).lower()
    if any(n in prefix for n in _ADDR_NOT) or (prefix and prefix[-1].isalpha()):
        return
    if prefix == "" and _letter_before(scan.low, start_label):
        return
    block = _YAML_BLOCK.match(text, lab.value)
    if block is not None:  # "address: |" then the lines, indented: "  Tal 19", "  80331 München"
        yield from _block_address(scan, lab.start, block.end())
        return
    span = read_value(text, lab.value, line_rest=True)
    if span is None:
        return
    start, end, _quoted = span
    for stop in ("&", "|", ";", '"', "\t", "<"):
        cut = text.find(stop, start, end)
        if cut > start:
            end = cut
    if _CONTACT_WORDS.search(text, start, end) is not None:  # "..., tel 08-411 23 90"
        cm = _CONTACT_AFTER.search(text, start, end)
        if cm is not None:
            end = cm.start()
    while end > start and text[end - 1] in " ,":
        end -= 1
    value = text[start:end]
    if len(value) > 120 or len(value) < 4 or "@" in value or "://" in value:
        return
    if not has_digit(value) or not has_alpha(value):
        return
    if value.count(".") >= 3 and all(p.isdigit() for p in value.split(".")[:4]):
        return
    yield Hit(start, end, 50, PRIVATE, "address", "labelled-address", value)


# Who did something to a ticket or a document, in a field's label ("Freigabe: D. Kessler",
# "taken by: Rosalind Achterberg", "Aprobado por: ...", "Behandeld door: ..."): the value
# is a person only when it reads as one (a known given name or an initial, then a
# capitalised word): "Approved by: Billing Team", "Bearbeiter: Support" stay.
_ROLE_LABELS = (
    "taken by", "reported by", "approved by", "approver", "handled by", "signed by",
    "processed by", "submitted by", "requested by", "assigned to", "emergency contact",
    "point of contact", "account manager", "freigabe", "freigegeben von", "genehmigt von",
    "bearbeitet von", "bearbeiter", "bearbeiterin", "sachbearbeiter", "sachbearbeiterin",
    "zust\u00e4ndig", "notfallkontakt", "angenommen von", "aprobado por", "atendido por",
    "gestionado por", "autorizado por", "contacto de emergencia", "approuv\u00e9 par",
    "trait\u00e9 par", "valid\u00e9 par", "aprovado por", "respons\u00e1vel",
    "goedgekeurd door", "behandeld door", "noodcontact", "approvato da", "gestito da",
    "referente", "zatwierdzi\u0142", "opiekun", "osoba kontaktowa",
)  # fmt: skip
_ROLE_LABEL_WORDS = tuple(
    w.encode("ascii", "sophdesk-ascii").decode() if not w.isascii() else w for w in _ROLE_LABELS
)
_ROLE_NAME_LABELS = frozenset(w.replace(" ", "_") for w in _ROLE_LABELS)

_NAME_LABELS = frozenset(
    [
        "name",
        "first_name",
        "last_name",
        "firstname",
        "lastname",
        "full_name",
        "fullname",
        "given_name",
        "family_name",
        "surname",
        "display_name",
        "customer_name",
        "customer",
        "client_name",
        "contact_name",
        "contact",
        "cardholder",
        "card_holder",
        "cardholder_name",
        "card_holder_name",
        "holder_name",
        "account_holder",
        "account_name",
        "billing_first_name",
        "billing_last_name",
        "shipping_first_name",
        "shipping_last_name",
        "billing_name",
        "shipping_name",
        "author_name",
        "recipient",
        "recipient_name",
        "sender_name",
        "your_name",
        "attn",
        "billing_company_name",
        "user_nicename",
        "nicename",
        "nickname",
        "reviewer_name",
        "commenter_name",
        "comment_author",
        "holder",
        "visitor",
        "payer",
        "buyer",
        "name_on_card",
        "customer_full_name",
        "guest",
        "patient",
        "client",
        "contact_person",
        "ansprechpartner",
        "real_name",
        "user_name",
        "cliente",
        "kunde",
        "kundin",
        "klant",
        "klient",
        "requester",
        "caller",
        "anrufer",
    ]
)
_PERSON = re.compile(
    r"[A-Z\u00c0-\u00de][\w'\u2019.-]*(?:[ \t+]+(?:(?:van|von|de|da|del|der|la|le|di|du|dos|bin)"
    r"[ \t]+)?[A-Z\u00c0-\u00de][\w'\u2019.-]*){0,3}"
)
_QUOTED_NAME = re.compile(r"[^\W\d_][\w'\u2019. -]{0,60}")
_NOT_NAMES = frozenset(
    [
        "team",
        "there",
        "all",
        "everyone",
        "support",
        "folks",
        "guys",
        "sir",
        "madam",
        "customer",
        "customers",
        "again",
        "world",
        "friend",
        "friends",
        "both",
        "you",
        "yes",
        "no",
        "sophmate",
        "admin",
        "administrator",
        "user",
        "guest",
        "unknown",
        "test",
        "anonymous",
        "none",
        "null",
        "true",
        "false",
        "hello",
        "hi",
        "thanks",
        "thank",
        "regards",
        "best",
        "n/a",
        "na",
        "dev",
        "devs",
        "developer",
        "developers",
        "folks",
        "colleagues",
        "mate",
        "all,",
        "support",
        "team,",
        "everybody",
        "valued",
        "the",
        "your",
        "our",
        "gr\u00fc\u00dfe",
        "gr\u00fcsse",
        "groet",
        "groeten",
        "wishes",
        "saluti",
        "saludos",
        "cumprimentos",
        "pozdrowienia",
        "tous",
        "todos",
        "tutti",
        "allemaal",
        "zusammen",
        "alle",
        "wszystkim",
        "pa\u0144stwo",
    ]
)


def _name(scan: Scan, lab: Label) -> Iterator[Hit]:
    text = scan.text
    kw_start, kw_end = lab.start, lab.end
    label = (scan_name_before(scan, kw_start) + text[kw_start:kw_end]).lower()
    label = label.replace("-", "_").replace(" ", "_").lstrip("_")
    if label not in _NAME_LABELS:
        if label in _ROLE_NAME_LABELS:
            yield from _role_name(text, lab.value)
        return
    pos = lab.value
    while pos < len(text) and text[pos] in "*_ \t":  # **Customer:** Maria
        pos += 1
    span = read_value(text, pos)
    if span is not None and span[2]:
        start, end, _ = span
        value = text[start:end]
        if not _QUOTED_NAME.fullmatch(value) or value.lower() in _NOT_NAMES:
            return
        if label in ("name", "customer", "contact", "recipient") and not person_like(value):
            return
        yield Hit(start, end, 45, PRIVATE, "name", "labelled-name", value)
        return
    pm = _PERSON.match(text, pos)
    if pm is None:
        return
    value = pm.group().rstrip(".")
    if value.lower() in _NOT_NAMES or len(value) < 2:
        return
    if label in ("name", "customer", "contact", "recipient") and not person_like(value):
        return
    yield Hit(pm.start(), pm.start() + len(value), 45, PRIVATE, "name", "labelled-name", value)


_INITIAL = re.compile(r"[A-Z\u00c0-\u00de]\.(?:[A-Z\u00c0-\u00de]\.)*")


def _role_name(text: str, pos: int) -> Iterator[Hit]:
    """The person after a role label (:data:`_ROLE_LABELS`): two to four capitalised
    words, the first a known given name (not an ordinary word) or an initial."""
    while pos < len(text) and text[pos] in "*_ \t":
        pos += 1
    pm = _PERSON.match(text, pos)
    if pm is None:
        return
    value = pm.group().rstrip(".")
    words = value.split()
    if not 2 <= len(words) <= 4 or not person_like(value):
        return
    first, last = words[0], words[-1]
    if any(w.lower() in _NOT_NAMES for w in words):
        return
    # "Giulia Romano", "D. Kessler"; "Will Power" (two ordinary words) stays.
    plain_last = people.is_surname(last) and not people.is_common(last)
    if _INITIAL.fullmatch(first) is not None:
        if people.is_common(last):
            return
    elif not people.is_given(first) or (people.is_common(first) and not plain_last):
        return
    yield Hit(pm.start(), pm.start() + len(value), 45, PRIVATE, "name", "labelled-name", value)


def person_like(value: str) -> bool:
    """Words that read like a person's name: Capitalised, letters only, no CamelCase."""
    words = value.replace("+", " ").split()
    if not 1 <= len(words) <= 4:
        return False
    for word in words:
        core = word.replace("'", "").replace("\u2019", "").replace("-", "").replace(".", "")
        if not core.isalpha():
            return False
        if word[0].islower() and word not in ("van", "von", "de", "da", "del", "der", "la", "le"):
            return False
        if any(c.isupper() for c in core[1:]) and not word.isupper():
            return False
    return True


_CAPITAL = "[A-Z\u00c0-\u00de\u0100-\u024f]"
_GREETED = re.compile(
    r"((?:(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Herr|Frau|Mme|Mlle|Madame|Monsieur|Sr|Sra|Srta|Se\u00f1ora?"
    r"|Do\u00f1a|Dona|Dom|Sig|Sig\.ra|Signora?|Pan|Pani|Mevrouw|Meneer|Mevr|Dhr)\.?[ \t]+)?"
    + _CAPITAL
    + r"[\w'\u2019-]+(?:[ \t]+"
    + _CAPITAL
    + r"[\w'\u2019-]+){0,2})[ \t]*(?:[,!.:\n]|\Z)"
)


def _greet(scan: Scan, lab: Label) -> Iterator[Hit]:
    gm = _GREETED.match(scan.text, lab.value)
    if gm is None:
        yield from people.greeted(scan.text, lab.value)
        return
    value = gm.group(1)
    if not value.split()[0][0].isupper():
        return
    first = value.split()[0].lower()
    if first in _NOT_NAMES or value.lower() in _NOT_NAMES:
        return
    start = gm.start(1)
    if value.split()[0].rstrip(".") in _HONORIFICS:  # keep "Mr." and remove the name
        if len(value.split()) < 2:
            return  # "Hi Doc," "Hello Sir,": no name
        start = gm.start(1) + value.index(value.split()[1])
    yield Hit(
        start, gm.end(1), 45, PRIVATE, "name", "greeting-name", text_of(scan, start, gm.end(1))
    )


_SIGNED = re.compile(
    r"[ \t]*(?:[-\u2013\u2014~][ \t]*)?(" + _CAPITAL + r"[\w'\u2019.-]+(?:[ \t]+"
    r"(?:(?:van|von|de|da|del|der|den|la|le|di|du|dos|ten|ter)[ \t]+)*"
    + _CAPITAL
    + r"[\w'\u2019.-]+){0,3})[ \t]*(?:\r?\n|$)"
)


def _sign(scan: Scan, lab: Label) -> Iterator[Hit]:
    low = scan.low
    if lab.end > lab.start:  # "Regards,": not the "-- " delimiter
        start = lab.start
        line_start = low.rfind("\n", 0, start) + 1
        before = _TAG.sub("", low[line_start:start]).strip(" \t>")
        if before not in ("", "kind", "best", "warm", "many", "with", "with kind", "all the"):
            return
    sm = _SIGNED.match(scan.text, lab.value)
    if sm is None:
        return
    value = sm.group(1)
    if value.lower() in _NOT_NAMES or value.split()[0].lower() in _NOT_NAMES:
        return
    if not person_like(value):
        return
    yield Hit(sm.start(1), sm.end(1), 45, PRIVATE, "name", "signature-name", value)


def _greet_word(scan: Scan, lab: Label) -> Iterator[Hit]:
    if not _letter_before(scan.low, lab.start):
        yield from _greet(scan, lab)


_HONORIFICS = people.HONORIFICS


def text_of(scan: Scan, start: int, end: int) -> str:
    return scan.text[start:end]


_TAG = re.compile(r"<[^>\n]{0,80}>")


def _letter_before(low: str, pos: int) -> bool:
    return pos > 0 and (low[pos - 1].isalnum() or low[pos - 1] == "_")


HANDLERS: dict[str, Handler] = {
    "authz": _authz,
    "bearer": _bearer,
    "basic": _basic,
    "cookie": _cookie,
    "define": _define,
    "idby": _idby,
    "smtp": _smtp,
    "cvv": _cvv,
    "exp": _exp,
    "phone": _phone,
    "addr": _addr,
    "name": _name,
    "greet": _greet,
    "sign": _sign,
    "sigdash": _sign,
    "assign": _assign,
    "greetw": _greet_word,
}


# --- finding the labels -------------------------------------------------------------
#
# A label followed by a separator ("password:", "'name' =>", "<phone>") is found
# backwards: in the reversed text the separator comes first, and ":", "=" and ">"
# are rare enough that ``re`` skips most of the text between them. Labels
# without a separator are found by their own literal (bearer, define, ...) or at
# the start of a line (greetings and signatures).


def _expand(words: tuple[str, ...], suffixes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w + s for w in words for s in suffixes)


_SEP_LABELS: dict[str, tuple[str, ...]] = {
    "authz": ("authorization",),
    "phone": _expand(
        (
            "phone",
            "telephone",
            "tel",
            "mobile",
            "cell",
            "fax",
            "whatsapp",
            "telefon",
            "handy",
            # de es fr pt nl it pl (non-ASCII letters are \x1a in the low view)
            "rufnummer",
            "mobilnummer",
            "handynummer",
            "mobil",
            "tel\x1afono",
            "telefono",
            "m\x1avil",
            "movil",
            "tfno",
            "t\x1al\x1aphone",
            "t\x1al",
            "portable",
            "telefone",
            "celular",
            "telem\x1avel",
            "telefoon",
            "mobiel",
            "gsm",
            "cellulare",
            "cell.",
            "kom\x1arka",
            "tel. kom.",
            "numer telefonu",
            "nr tel",
            "nr telefonu",
            "tlf",
        ),
        ("", "number", "_number", " number", "-number", "no", "_no", " no", "nr", "_nr"),
    ),
    "addr": _expand(
        (
            "address",
            "street",
            "addr",
            "street_address",
            "street address",
            "adresse",
            "anschrift",
            "lieferadresse",
            "rechnungsadresse",
            "stra\x1ae",
            "direcci\x1an",
            "direccion",
            "domicilio",
            "calle",
            "endere\x1ao",
            "endereco",
            "morada",
            "adres",
            "indirizzo",
            "adresa",
            "ulica",
        ),
        (
            "",
            "1",
            "2",
            "_1",
            "_2",
            "-1",
            "-2",
            " 1",
            " 2",
            "_line_1",
            "_line_2",
            "_line1",
            "_line2",
            " line 1",
            " line 2",
            "line1",
            "line2",
        ),
    ),
    "name": (
        "name",
        "customer",
        "cardholder",
        "card holder",
        "recipient",
        "attn",
        "contact",
        "holder",
        "visitor",
        "payer",
        "buyer",
        "name on card",
        "client",
        "guest",
        "contact person",
        "ansprechpartner",
        # the same roles in the customers' languages, and who asked or called
        "cliente",
        "kunde",
        "kundin",
        "klant",
        "klient",
        "klientka",
        "requester",
        "caller",
        "anrufer",
        "anruferin",
        "solicitante",
        "demandeur",
        "richiedente",
        "taken by",
        "reported by",
        *_ROLE_LABEL_WORDS,
        "contacto",
        "contatto",
        "contactpersoon",
        "real_name",
        "user_name",
        "username_display",
    ),
    "cvv": (
        "cvv",
        "cvv2",
        "cvc",
        "cvc2",
        "csc",
        "cvn",
        "card code",
        "card_code",
        "security code",
        "security_code",
        "card verification code",
        "card verification value",
        # de es fr pt nl it pl (non-ASCII letters are \x1a in the low view)
        "sicherheitscode",
        "kartenpr\x1afnummer",
        "pr\x1afnummer",
        "pr\x1afziffer",
        "c\x1adigo de seguridad",
        "codigo de seguridad",
        "cryptogramme",
        "cryptogramme visuel",
        "code de s\x1acurit\x1a",
        "code de securite",
        "c\x1adigo de seguran\x1aa",
        "codigo de seguranca",
        "codice di sicurezza",
        "codice cvv",
        "beveiligingscode",
        "kod cvv",
        "kod cvc",
        "kod zabezpieczaj\x1acy",
    ),
    "exp": _expand(
        (
            "exp",
            "expiry",
            "expiration",
            "expires",
            "card_exp",
            "cc_exp",
            "ablaufdatum",
            "ablauf",
            "g\x1altig bis",
            "gueltig bis",
            "caducidad",
            "vencimiento",
            "caduca",
            "date d'expiration",
            "date d\x1aexpiration",
            "validit\x1a",
            "validade",
            "vencimento",
            "vervaldatum",
            "geldig tot",
            "scadenza",
            "data di scadenza",
            "data wa\x1ano\x1aci",
            "wa\x1ano\x1a\x1a",
            "wa\x1ana do",
        ),
        (
            "",
            "_date",
            " date",
            "-date",
            "date",
            "_month",
            "_year",
            "month",
            "year",
            "_mm",
            "_yy",
            "_mmyy",
        ),
    ),
    "assign": _expand(
        (
            "pass",
            "password",
            "passwd",
            "passphrase",
            "passcode",
            "pwd",
            "pw",
            "secret",
            "token",
            "key",
            "salt",
            "credential",
            "credentials",
            "sessid",
            "auth",
            "license",
            "licence",
            "purchase_code",
            "purchasecode",
            "purchase code",
            "signature",
            "mdp",
            "api key",
            *(w.encode("ascii", "sophdesk-ascii").decode() for w in FOREIGN_PASSWORDS),
        ),
        (
            "",
            "_confirmation",
            "confirmation",
            "_confirm",
            "_hash",
            "_value",
            "_plain",
            "_base64",
            "_b64",
            "_enc",
            "1",
            "2",
            "_1",
            "_2",
            " 1",
            " 2",
        ),
    ),
}
_COOKIE_NAMES = ("phpsessid", "laravel_session", "sessionid", "session_id", "connect.sid",
                 "jsessionid", "asp.net_sessionid")  # fmt: skip
_COOKIE_HASHED = ("wordpress_", "wordpress_logged_in_", "wordpress_sec_",
                  "wp_woocommerce_session_", "wp-postpass_")  # fmt: skip


def _reversed_parts() -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    """The labels found backwards: their handlers (by the label as matched,
    reversed), the reversed label words in pattern order, and every word the
    pattern holds (reversed, sorted; with the cookie names)."""
    handlers: dict[str, str] = {}
    branches: list[str] = []
    for handler, words in _SEP_LABELS.items():
        for word in words:
            if word[::-1] in handlers:
                continue
            handlers[word[::-1]] = handler
            branches.append(word[::-1])
    words = tuple(sorted({*handlers, *(w[::-1] for w in (*_COOKIE_NAMES, *_COOKIE_HASHED))}))
    return handlers, tuple(branches), words


_REVERSED_HANDLER, _REVERSED_BRANCHES, _REVERSED_WORDS = _reversed_parts()


@lru_cache(maxsize=256)
def _reversed_pattern(branches: tuple[str, ...]) -> re.Pattern[str]:
    """The pattern of the reversed labels ``branches`` (a subset of
    :data:`_REVERSED_BRANCHES`, in its order). It holds one group, ``lab``, where a
    label's word starts (unset for a cookie): a group per word (some 1,800) made
    every match copy as many marks, four times the cost of the match itself.
    Compiled on first use: the whole set costs a tenth of a second, which a
    one-line text need not pay (:func:`_reversed_for`)."""
    cookie_words = [re.escape(word[::-1]) for word in _COOKIE_NAMES]
    hashed = "|".join(re.escape(w[::-1]) for w in _COOKIE_HASHED)
    cookie = "(?:" + trie_pattern(cookie_words) + f"|[0-9a-f]{{32}}(?:{hashed}))"
    labels = trie_pattern([re.escape(b) for b in branches]) if branches else "(?!)"
    rest = r"[ \t]*\]?(?:[\"'`\x1a]\\?)?(?P<lab>)(?:" + labels + ")"
    # One character class first (":", "=", ">", or "=>" and ":=" reversed): re
    # then skips to those characters.
    # ("::=", "?=", "!=" and "+=" of a Makefile: "=" then "[:?]" backwards.)
    return re.compile(f"[:=>](?:(?<==){cookie}|[=:?]{{0,2}}{rest})")


#: Up to this size, a text's reversed-label pattern holds only the labels found in
#: it: the same matches (a label word that is not in the text matches nowhere),
#: from a pattern that compiles in a fraction of the time of the whole set.
_SHORT_TEXT = 4096


def _reversed_for(rlow: str) -> re.Pattern[str]:
    """The reversed-label pattern for ``rlow``: the whole set for a long text, or
    once a process has seen many texts (the desk, a bulk run); else only the labels
    ``rlow`` holds."""
    if len(rlow) > _SHORT_TEXT or _reversed_pattern.cache_info().currsize >= 64:
        return _reversed_pattern(_REVERSED_BRANCHES)
    return _reversed_pattern(tuple(b for b in _REVERSED_BRANCHES if b in rlow))


# What may stand between the first character of a reversed label match and its word.
_SEP_CHARS = frozenset("=:? \t]\"'`\x1a\\")
_HASH_REACH = 33  # "=" and 32 hex digits before a hashed cookie name (reversed)


def reversed_handler(m: re.Match[str], rlow: str) -> str:
    """The handler of a :data:`_REVERSED` match in ``rlow``: its label's, or
    ``"cookie"`` (the cookie branch sets no ``lab``)."""
    word = m.end("lab")
    return "cookie" if word < 0 else _REVERSED_HANDLER[rlow[word : m.end()]]


def _reversed_labels(rlow: str) -> Iterator[re.Match[str]]:
    """``_REVERSED.finditer(rlow)``. Where hyperscan runs, its words are found in one
    pass and the pattern is tried only where a match can start: at a ":", "=" or
    ">" that only separator characters part from a word (or 33 characters before a
    hashed cookie name). Every match starts at one of those, so the matches are
    the same; the tests compare them."""
    found = anchors.literal_starts("labels-reversed", _REVERSED_WORDS, rlow)
    if found is None:
        yield from _reversed_for(rlow).finditer(rlow)
        return
    candidates: list[int] = []
    add = candidates.append
    sep = _SEP_CHARS
    for word in found:
        q = word - 1
        while q >= 0:
            c = rlow[q]
            if c in ":=>":
                add(q)
            if c not in sep:
                break
            q -= 1
        if word >= _HASH_REACH and rlow[word - _HASH_REACH] == "=":
            add(word - _HASH_REACH)
    candidates.sort()
    yield from anchors.match_at(_reversed_pattern(_REVERSED_BRANCHES), rlow, candidates)


_FORWARD: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (r"bearer[ \t]+", "bearer"),
        (r"basic[ \t]+", "basic"),
        (r"define\([ \t]*", "define"),
        (r"identified by[ \t]+", "idby"),
        (r"auth[ \t]+(?:plain|login)", "smtp"),
        (r"cv[vcn]2?" + _Q + r"?[ \t]*(?:#|is|no\.?)?[ \t]*(?=\d)", "cvv"),
        (r"csc" + _Q + r"?[ \t]*(?:#|is)?[ \t]*(?=\d)", "cvv"),
        (r"security[ _-]?code" + _Q + r"?[ \t]*(?:#|is)?[ \t]*(?=\d)", "cvv"),
        (r"cid[ \t:=#]+(?=\d{4}(?!\d))", "cvv"),
        (r"hi[ \t]+", "greetw"),
        (r"hello[ \t]+", "greetw"),
        (r"dear[ \t]+", "greetw"),
        (r"hey[ \t]+", "greetw"),
        (r"hallo[ \t]+", "greetw"),
        (r"hola[ \t]+", "greetw"),
        (r"bonjour[ \t]+", "greetw"),
        (r"phone(?: number)?(?: is|:)?[ \t]+(?=[+(\d])", "phone"),
        # A phone label and the number straight after it: "Tel. 03621 / 73 41 18",
        # "Fax 0351 482 19 08", "GSM 0475 61 28 90", "telefon 42 630 17 55".
        (
            r"(?:tel|fax|gsm|mobile|mobil|handy|telefon|telefono|tel\x1afono|t\x1al\x1aphone"
            r"|telefone|telefoon|cell|phone|callback|rufnummer|m\x1avil|movil|celular)\.?"
            r"[ \t]*(?=[+(\d])",
            "phone",
        ),
        # A number offered in prose, in the languages customers write: "call me on",
        # "erreichbar unter", "ll\x1amame al", "appelez-moi au", "bel me op", ...
        (
            r"(?:(?:call|text|ring|reach|phone|whatsapp)[ \t]+(?:me|us|him|her)[ \t]+(?:at|on)"
            r"|erreichbar[ \t]+unter|anrufen[ \t]+unter|ruf(?:en sie)?[ \t]+mich[ \t]+an[ \t]+unter"
            r"|ll\x1amame[ \t]+al|llamame[ \t]+al|ll\x1amenos[ \t]+al"
            r"|appelez-moi[ \t]+au|appelle-moi[ \t]+au|joignable[ \t]+au"
            r"|ligue(?:-me)?[ \t]+para|liga[ \t]+para"
            r"|bel[ \t]+(?:me|mij)[ \t]+op|bereikbaar[ \t]+op"
            r"|chiamami[ \t]+al|chiamatemi[ \t]+al|contattami[ \t]+al"
            r"|zadzwo\x1a[ \t]+pod|dzwo\x1a[ \t]+pod|dost\x1apny[ \t]+pod)"
            r"[ \t:]*(?=[+(\d])",
            "phone",
        ),
    )
)
_SERIALIZED = re.compile(r"\";s:\d+:")

_GREETINGS = ("hi", "hello", "hey", "dear", "hallo", "hola", "bonjour", "ciao", "good morning",
              "good afternoon", "good evening", "beste", "lieve", "liebe", "lieber", "hej", "hoi",
              "sehr geehrte", "sehr geehrter", "guten tag", "guten morgen", "moin", "servus",
              "bonsoir", "salut", "cher", "ch\x1are", "buenos d\x1aas", "buenas tardes", "buenas",
              "estimado", "estimada", "querido", "querida", "ol\x1a", "oi", "bom dia", "boa tarde",
              "caro", "cara", "gentile", "buongiorno", "buonasera", "salve", "dzie\x1a dobry",
              "witam", "cze\x1a\x1a", "geachte", "goedemorgen", "goedemiddag")  # fmt: skip
_SIGN_OFFS = ("regards", "best regards", "kind regards", "warm regards", "thanks", "many thanks",
              "thank you", "cheers", "best", "sincerely", "greetings", "yours truly", "yours",
              "warmly", "best wishes", "all the best", "thanks a lot", "thanks again",
              "thank you very much", "kind regards", "with kind regards", "best,", "gr\x1a\x1ae",
              "viele gr\x1a\x1ae", "liebe gr\x1a\x1ae", "beste gr\x1a\x1ae", "gruss", "gruesse",
              "mit freundlichen gr\x1a\x1aen", "freundliche gr\x1a\x1ae", "cordialement",
              "bien cordialement", "merci", "saludos", "un saludo", "atentamente", "danke",
              "vielen dank", "cheers mate", "ciao", "grazie", "distinti saluti",
              "met vriendelijke groet",
              "groeten", "mvh", "hilsen", "med venlig hilsen", "pozdrawiam", "z powa\x1aaniem",
              "cordiali saluti", "saluti", "un saluto", "atenciosamente", "cumprimentos",
              "abra\x1aos", "obrigado", "obrigada", "gracias", "muchas gracias", "salutations",
              "merci beaucoup", "lg", "vg", "mfg", "hartelijke groet", "met vriendelijke groeten",
              "vriendelijke groet", "groetjes", "thx", "rgds", "br", "kr",
              "bien \x1a vous")  # fmt: skip
_LINE_WORDS_ALL = (*_GREETINGS, *_SIGN_OFFS)


@lru_cache(maxsize=256)
def _line_start_pattern(present: tuple[str, ...]) -> re.Pattern[str]:
    """The greetings and sign-offs at a line start, of the words ``present`` (a
    subset of :data:`_LINE_WORDS_ALL`; group names keep the word's index).
    Compiled on first use, like :func:`_reversed_pattern`."""
    keep = frozenset(present)
    return re.compile(
        r"[\n>][ \t>]*(?:"
        + trie_pattern(
            [re.escape(w) + f"(?P<greet{i}>)[ \t]+" for i, w in enumerate(_GREETINGS) if w in keep]
            + [
                re.escape(w) + f"(?P<sign{i}>)(?:[ \t]*[,.!]?[ \t]*\r?\n|,[ \t]+(?=[a-z\x1a]))"
                for i, w in enumerate(_SIGN_OFFS)
                if w in keep
            ]
            + [r"--(?P<sigdash>)[ \t]?\r?\n"]
        )
        + ")"
    )


def _line_start_for(data: str) -> re.Pattern[str]:
    """The line-start pattern for ``data``: as :func:`_reversed_for` chooses."""
    if len(data) > _SHORT_TEXT or _line_start_pattern.cache_info().currsize >= 64:
        return _line_start_pattern(_LINE_WORDS_ALL)
    return _line_start_pattern(tuple(w for w in _LINE_WORDS_ALL if w in data))


# What every _LINE_START match starts with: a line start, quote marks and a word.
_LINE_WORDS = (
    r"[\n>][ \t>]*(?:"
    + "|".join(
        re.escape(w) for w in sorted({*_GREETINGS, *_SIGN_OFFS, "--"}, key=len, reverse=True)
    )
    + ")"
)


_QUOTE_RUN = re.compile(r"[\n>][ \t>]*")


def _line_starts(data: str) -> Iterator[re.Match[str]]:
    """``_LINE_START.finditer(data)``, in linear time.

    A match starts at a line start or a ``>``, takes the run of spaces, tabs and
    ``>`` after it, and needs a greeting or sign-off word where the run ends (no
    word starts with one of those characters). So within one run either every
    start matches or none does: ``re`` tried each ``>`` of a long run of them and
    took quadratic time (seconds for 16 KB of "> "); here each run is tried once,
    at its first start after the previous match. Where hyperscan runs, only the
    runs a word follows are looked at (found in one pass)."""
    found = anchors.expression_starts("labels-line-words", _LINE_WORDS, data)
    runs = found if found is not None else [m.start() for m in _QUOTE_RUN.finditer(data)]
    line_start = _line_start_for(data) if runs else None
    n = len(data)
    pos = 0
    run_end = -1
    for start in runs:
        if start < run_end:
            continue  # reported again for another word: the run is done
        run_end = start + 1
        while run_end < n and data[run_end] in " \t>":
            run_end += 1
        first = start if start >= pos else data.find(">", pos, run_end)
        if first < 0:
            continue
        assert line_start is not None
        m = line_start.match(data, first)
        if m is not None:
            yield m
            pos = m.end() if m.end() > first else first + 1


_EXPIRY_SHAPE = re.compile(r"0/00(?:00)?(?![0/])")
_EXPIRY_LABEL_BEFORE = re.compile(
    r"(?:exp|expiry|expiration|expires|valid thru|valid through|valid until|valid|gueltig bis|"
    r"g\x1altig bis|ablauf|ablaufdatum|caducidad|vencimiento|caduca|expiration|validit\x1a|"
    r"validade|vencimento|vervaldatum|geldig tot|scadenza|wa\x1ano\x1a\x1a|wa\x1ana do)"
    r"\.?(?:[ _-]?date)?"
    r"[\"'\x1a]?[ \t]*(?:=>|[:=]|is|on)?[ \t]*[\"'\x1a]?\Z"
)


def find_labelled(scan: Scan) -> Iterator[Hit]:
    text, low = scan.text, scan.low
    n = len(low)
    rlow = scan.rlow
    for m in _reversed_labels(rlow):
        handler = reversed_handler(m, rlow)
        value = n - m.start()
        while value < n and text[value] in " \t":
            value += 1
        if handler == "cookie":
            end = n - m.start() - 1
            label = Label(n - m.end(), end, end + 1)
        else:
            label = Label(n - m.end(), n - m.start("lab"), value)
        yield from HANDLERS[handler](scan, label)
    for pattern, handler in _FORWARD:
        for m in scan.finditer(pattern, "low"):
            yield from HANDLERS[handler](scan, Label(m.start(), m.start(), m.end()))
    for m in scan.finditer(_SERIALIZED, "text"):
        yield from _assign(scan, Label(m.start(), m.start(), m.end()))
    for m in _line_starts("\n" + low):
        group = m.lastgroup or ""
        start = m.start(group) - 1
        kind = group.rstrip("0123456789")
        if kind == "greet":
            yield from _greet(scan, Label(max(m.start(), start), start, m.end() - 1))
        elif kind == "sign":
            yield from _sign(scan, Label(m.start(), start, m.end() - 1))
        elif group == "sigdash":
            yield from _sign(scan, Label(m.start(), m.start(), m.end() - 1))
    shape = scan.shape
    for m in _EXPIRY_SHAPE.finditer(shape):
        start = m.start() - 1 if shape[m.start() - 1 : m.start()] == "0" else m.start()
        if _EXPIRY_LABEL_BEFORE.search(low, max(0, start - 40), start) is not None:
            yield from _exp(scan, Label(start, start, start))


# --- what a column header or a table's first cell says --------------------------------

_HEADER_PRIVATE: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("phone", "mobile", "telephone", "tel", "fax"), PRIVATE, "phone"),
    (("address", "street"), PRIVATE, "address"),
    (("email", "e-mail", "mail"), PRIVATE, "email"),
    (("purchase code", "purchase_code", "purchase-code", "license key", "licence key",
      "license_key", "licence_key", "license code", "licence code"), "purchase_code",
     "purchase-code"),
    (("cvv", "cvc", "security code"), PAYMENT, "cvv"),
    (("card number", "card_number", "cc number", "cc_number", "pan"), PAYMENT, "card"),
    (("iban",), PAYMENT, "iban"),
)  # fmt: skip
_NAME_HEADERS = ("first name", "last name", "full name", "display name", "customer name",
                 "holder", "cardholder", "contact name", "billing name", "shipping name",
                 "recipient", "surname", "given name", "family name", "nickname")  # fmt: skip


def label_kind(label: str, value: str) -> tuple[str, str] | None:
    """(category, kind) of ``value`` under a table header or first cell ``label``."""
    found, compact, keyword = _header_kind(label)
    if found is not None:
        if found[1] == "email" and "@" not in value:
            return None
        return found if found[0] else None
    if keyword is not None and plausible_secret(value, True):
        return classify(compact, keyword, value)
    return None


@lru_cache(maxsize=4096)
def _header_kind(label: str) -> tuple[tuple[str, str] | None, str, str | None]:
    """What a header says whatever the value: (category, kind) when it decides
    (category "" when it says no secret), else None; the compact name and the
    keyword of a secret's name. A table repeats its headers on every row."""
    norm = " ".join(label.lower().replace("_", " ").replace("-", " ").split())
    compact = norm.replace(" ", "_")
    if label.upper() in _WP_SALTS:
        return (CREDENTIAL, "wp-salt"), compact, None
    if any(h in norm for h in _NAME_HEADERS) or norm in ("name", "customer", "payer", "buyer"):
        if any(w in norm for w in ("user name", "username", "file", "site", "plugin", "host")):
            return ("", ""), compact, None
        return (PRIVATE, "name"), compact, None
    for needles, category, kind in _HEADER_PRIVATE:
        if any(n in norm for n in needles):  # (covers ==, " n" at the end, "n " at the start)
            if kind == "address" and ("ip" in norm.split() or "mac" in norm):
                return (PRIVATE, "ip" if "ip" in norm.split() else kind), compact, None
            return (category, kind), compact, None
    km = _ASSIGN_END.search(compact)
    return None, compact, (km.group(1) if km is not None else None)


for _pattern, _handler in _FORWARD:
    anchors.register(_pattern, "low")
anchors.register(_SERIALIZED, "ascii")


def __getattr__(name: str) -> re.Pattern[str]:
    """``_REVERSED`` and ``_LINE_START``: the whole patterns, compiled on first use."""
    if name == "_REVERSED":
        return _reversed_pattern(_REVERSED_BRANCHES)
    if name == "_LINE_START":
        return _line_start_pattern(_LINE_WORDS_ALL)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
