"""Provider keys and service tokens: values with a recognisable shape.

Every pattern starts with a literal and runs on :attr:`Scan.low`, so upper-case
variants (``SK-PROJ-...``) are found too and ``re`` skips straight to the prefix.
A lookbehind right after the prefix keeps ``desk-...`` from reading as ``sk-...``:
a prefix counts only at a token boundary, and where the format has a fixed length
a lookahead keeps a longer run (a hash, a word) from giving up its first part.

The formats follow each provider's documentation (see each rule's comment). A
token is taken whole, however long (a 1Password service-account token is 800+
characters, an Atlassian token ends in "=" and a checksum, a routable GitLab
token in ".<version>.<crc>"). What the case of a value says is checked on the
original text: a prefix the provider writes in one case (``hf_``, ``AC``,
``EAAA``), a body that must mix cases or hold digits to be random. A value that
:func:`.dummies.looks_like_dummy` calls a placeholder (``ghp_xxxx...``,
``AKIAIOSFODNN7EXAMPLE``) is kept.

Shapes without a literal prefix (Azure AD client secrets, Mailchimp keys,
Twilio SIDs, Discord bot tokens, Telegram bot tokens) start at their rarest
fixed part, and unprefixed keys that only a label names (Algolia, Datadog,
older Cloudflare keys) are found from the provider's name on the same line.
"""

from __future__ import annotations

import base64
import binascii
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import anchors
from .dummies import looks_like_dummy as _looks_like_dummy
from .scan import Hit, Scan
from .validators import count_digits, has_alpha, is_hex, mixed_token

PROVIDER = "provider_key"
SERVICE = "service_token"
CREDENTIAL = "credential"


def _digits(n: int) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        return count_digits(value) >= n

    return check


@lru_cache(maxsize=2048)
def looks_like_dummy(value: str) -> bool:
    """:func:`.dummies.looks_like_dummy`, remembered: a key is often quoted again, and
    the test costs tens of microseconds on a long value."""
    return _looks_like_dummy(value)


def _same_case(value: str) -> bool:
    return value.isupper() or value.islower()


def _mixed_case(value: str) -> bool:
    """Upper- and lower-case letters both: a random token, not a name in one case."""
    return not (value.isupper() or value.islower()) and not looks_like_dummy(value)


_MASKED_PREFIX = re.compile(
    r"(?i)sk-(?:proj-|svcacct-|admin-|ant-(?:api\d\d-|admin\d\d-)?|or-v1-)?"
)
_MASK_CHARS = str.maketrans("", "", "*.\x1axX\u2022")


def _reveals_some(value: str) -> bool:
    """A masked key that still shows some of its characters (``sk-proj-ab****yz``),
    not a bare placeholder (``sk-xxxxxxxxxxxx``)."""
    rest = value[_MASKED_PREFIX.match(value).end() :]  # type: ignore[union-attr]
    return len(rest.translate(_MASK_CHARS).strip("_-")) >= 2


def _random_body(value: str) -> bool:
    """A generated token: letters, and digits or mixed case, and no placeholder."""
    if not has_alpha(value) or looks_like_dummy(value):
        return False
    return count_digits(value) >= 2 or not _same_case(value)


@dataclass(frozen=True, slots=True)
class TokenRule:
    name: str
    category: str
    kind: str
    pattern: re.Pattern[str]
    check: Callable[[str], bool] | None = None
    priority: int = 90
    scheme: bool = False  # the value is a URL path: take ``https://`` before it too
    dummies_kept: bool = True  # a placeholder of the shape (looks_like_dummy) is kept


def _rule(
    name: str,
    category: str,
    kind: str,
    pattern: str,
    check: Callable[[str], bool] | None = None,
    *,
    priority: int = 90,
    scheme: bool = False,
    dummies_kept: bool = True,
) -> TokenRule:
    return TokenRule(
        name, category, kind, re.compile(pattern), check, priority, scheme, dummies_kept
    )


_END = r"(?![a-z0-9_-])"

TOKEN_RULES: tuple[TokenRule, ...] = (
    # --- AI providers -----------------------------------------------------------------
    _rule(
        "anthropic-key",
        PROVIDER,
        "anthropic-key",
        r"sk-ant-(?<![a-z0-9_]sk-ant-)[a-z0-9_-]{20,}",
        _digits(2),
        priority=92,
    ),
    _rule(
        "openrouter-key",
        PROVIDER,
        "openrouter-key",
        r"sk-or-(?<![a-z0-9_]sk-or-)(?:v1-)?[a-z0-9]{20,}" + _END,
        _digits(2),
        priority=92,
    ),
    _rule(
        "openai-key",
        PROVIDER,
        "openai-key",
        r"sk-(?<![a-z0-9_]sk-)(?!ant-|or-)(?:proj-|svcacct-|admin-|none-)?[a-z0-9_-]{20,}",
        _digits(2),
    ),
    _rule(
        "openai-key-masked",
        PROVIDER,
        "openai-key",
        r"sk-(?<![a-z0-9_]sk-)(?:proj-|svcacct-|admin-|ant-|or-v1-)?[a-z0-9_-]{0,16}"
        r"(?:\*{3,}|\.{3,}|\x1a+|x{6,})[a-z0-9_-]{0,8}",
        _reveals_some,
        priority=70,
        dummies_kept=False,  # a masked key still shows its first and last characters
    ),
    _rule("google-key", PROVIDER, "google-key", r"aiza(?<![a-z0-9_-]aiza)[a-z0-9_-]{30,}" + _END),
    _rule("groq-key", PROVIDER, "groq-key", r"gsk_(?<![a-z0-9_]gsk_)[a-z0-9]{20,}"),
    _rule("xai-key", PROVIDER, "xai-key", r"xai-(?<![a-z0-9_]xai-)[a-z0-9]{20,}", _digits(2)),
    _rule(
        "perplexity-key",
        PROVIDER,
        "perplexity-key",
        r"pplx-(?<![a-z0-9_-]pplx-)[a-z0-9]{20,}",
        _digits(2),
    ),
    # Hugging Face: "hf_" and 34 letters (older ones had digits too); organisation
    # API tokens (deprecated, still met): "api_org_" and 34 letters. The prefix is
    # lower case and random letters mix cases; "hf_hub_download", "HF_CAAS..." and
    # other names do not.
    _rule(
        "huggingface-token",
        PROVIDER,
        "huggingface-token",
        r"hf_(?<![a-z0-9_]hf_)[a-z0-9]{30,40}" + _END,
        lambda v: v.startswith("hf_") and _mixed_case(v[3:]),
    ),
    _rule(
        "huggingface-org-token",
        PROVIDER,
        "huggingface-token",
        r"api_org_(?<![a-z0-9_]api_org_)[a-z0-9]{30,40}" + _END,
        lambda v: v.startswith("api_org_") and _mixed_case(v[8:]),
    ),
    _rule("replicate-token", PROVIDER, "replicate-token", r"r8_(?<![a-z0-9_]r8_)[a-z0-9]{30,}"),
    # --- cloud and services ---------------------------------------------------------
    _rule(
        "aws-access-key",
        SERVICE,
        "aws-access-key",
        r"a(?<![a-z0-9]a)(?:kia|sia|gpa|ida|roa|ipa|npa|nva|bia|cca)[a-z0-9]{16}(?![a-z0-9])",
        _same_case,
    ),
    _rule("stripe-key", SERVICE, "stripe-key", r"sk_(?<![a-z0-9_]sk_)(?:live|test)_[a-z0-9]{10,}"),
    _rule(
        "stripe-restricted-key",
        SERVICE,
        "stripe-key",
        r"rk_(?<![a-z0-9_]rk_)(?:live|test)_[a-z0-9]{10,}",
    ),
    _rule(
        "stripe-webhook-secret",
        SERVICE,
        "stripe-webhook-secret",
        r"whsec_(?<![a-z0-9_]whsec_)[a-z0-9+/=]{20,}",
    ),
    _rule(
        "braintree-token",
        SERVICE,
        "braintree-token",
        r"access_token\$(?:production|sandbox|development)\$[a-z0-9]{8,}\$[a-z0-9]{16,}",
    ),
    _rule("paypal-token", SERVICE, "paypal-token", r"a21aa(?<![a-z0-9_-]a21aa)[a-z0-9_-]{40,}"),
    _rule("github-token", SERVICE, "github-token", r"gh[pousr]_(?<![a-z0-9]gh._)[a-z0-9]{30,}"),
    _rule(
        "github-pat", SERVICE, "github-token", r"github_pat_(?<![a-z0-9_]github_pat_)[a-z0-9_]{30,}"
    ),
    # GitLab: every token kind has its "gl...-" prefix (personal, OAuth application
    # secret, deploy, runner, CI job, trigger, feed, incoming mail, agent, SCIM,
    # feature flags, workspace); routable tokens end in ".<version>.<crc>", taken too.
    _rule(
        "gitlab-token",
        SERVICE,
        "gitlab-token",
        r"gl(?<![a-z0-9_-]gl)(?:pat|oas|dt|rt|rtr|cbt|ptt|ft|imt|agent|soat|ffct|wt)-"
        r"[a-z0-9_-]{20,}(?:\.[a-z0-9_-]+)*" + _END,
        lambda v: _random_body(v.partition("-")[2]),
    ),
    _rule(
        "gitlab-runner-registration",
        SERVICE,
        "gitlab-token",
        r"gr1348941(?<![a-z0-9_-]gr1348941)[a-z0-9_-]{20,}" + _END,
        lambda v: _random_body(v[9:]),
    ),
    _rule(
        "slack-token",
        SERVICE,
        "slack-token",
        r"xox(?<![a-z0-9_-]xox)[abposre]-[a-z0-9-]{10,}",
        _digits(4),
    ),
    _rule("slack-app-token", SERVICE, "slack-token", r"xapp-(?<![a-z0-9_-]xapp-)\d-[a-z0-9-]{10,}"),
    _rule(
        "slack-webhook",
        SERVICE,
        "slack-webhook",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/[a-z0-9/_-]{10,}",
        scheme=True,
    ),
    _rule(
        "discord-webhook",
        SERVICE,
        "discord-webhook",
        r"discord(?:app)?\.com/api/webhooks/\d+/[a-z0-9_-]{20,}",
        scheme=True,
    ),
    # SendGrid: "SG." 22 "." 43, base64url.
    _rule(
        "sendgrid-key",
        SERVICE,
        "sendgrid-key",
        r"sg\.(?<![a-z0-9]sg\.)[a-z0-9_-]{16,}\.[a-z0-9_-]{20,}",
    ),
    # Mailgun: private "key-" and public validation "pubkey-" keys, 32 hex.
    _rule(
        "mailgun-key",
        SERVICE,
        "mailgun-key",
        r"key-(?<![a-z0-9_-]key-)[a-f0-9]{32}" + _END,
    ),
    _rule(
        "mailgun-public-key",
        SERVICE,
        "mailgun-key",
        r"pubkey-(?<![a-z0-9_-]pubkey-)[a-f0-9]{32}" + _END,
    ),
    # Brevo (Sendinblue): API keys "xkeysib-" and SMTP keys "xsmtpsib-", 64 hex "-" 16.
    _rule(
        "brevo-key",
        SERVICE,
        "brevo-key",
        r"x(?<![a-z0-9_-]x)(?:keysib|smtpsib)-[a-f0-9]{64}-[a-z0-9]{16}" + _END,
    ),
    _rule("npm-token", SERVICE, "npm-token", r"npm_(?<![a-z0-9_]npm_)[a-z0-9]{36}" + _END),
    # Shopify: admin API, custom app, private app tokens and the shared secret, 32 hex.
    _rule(
        "shopify-token",
        SERVICE,
        "shopify-token",
        r"shp(?<![a-z0-9_-]shp)(?:at|ca|pa|ss)_[a-f0-9]{32}" + _END,
    ),
    # DigitalOcean: personal, OAuth and refresh tokens, "do?_v1_" and 64 hex.
    _rule(
        "digitalocean-token",
        SERVICE,
        "digitalocean-token",
        r"do(?<![a-z0-9_-]do)[opr]_v1_[a-f0-9]{64}" + _END,
    ),
    # Notion: "ntn_" 11 digits and 35 letters or digits; older integration tokens
    # "secret_" and 43 (which "secret_key" and other names are not: random mix).
    _rule(
        "notion-token",
        SERVICE,
        "notion-token",
        r"ntn_(?<![a-z0-9_-]ntn_)[0-9]{11}[a-z0-9]{30,40}" + _END,
        lambda v: _mixed_case(v[15:]),
    ),
    _rule(
        "notion-secret",
        SERVICE,
        "notion-token",
        r"secret_(?<![a-z0-9_-]secret_)[a-z0-9]{43}" + _END,
        lambda v: _mixed_case(v[7:]) and count_digits(v) >= 2,
    ),
    # Atlassian API tokens: "ATATT3" and some 180 characters, then "=" and an
    # 8-hex checksum: all of it.
    _rule(
        "atlassian-token",
        SERVICE,
        "atlassian-token",
        r"atatt3(?<![a-z0-9_-]atatt3)[a-z0-9_=-]{100,}" + _END,
        lambda v: _random_body(v[6:]),
    ),
    # 1Password: service-account tokens are "ops_" and base64 JSON (800+
    # characters); the account Secret Key is "A3-" and six dashed groups.
    _rule(
        "1password-service-token",
        SERVICE,
        "1password-token",
        r"ops_(?<![a-z0-9_-]ops_)eyj[a-z0-9+/_-]{100,}={0,3}",
    ),
    _rule(
        "1password-secret-key",
        SERVICE,
        "1password-token",
        r"a3-(?<![a-z0-9_-]a3-)[a-z0-9]{6}-(?:[a-z0-9]{11}|[a-z0-9]{6}-[a-z0-9]{5})"
        r"(?:-[a-z0-9]{5}){3}" + _END,
        lambda v: v.isupper() and count_digits(v) >= 3,
    ),
    # Cloudflare: scannable credentials "cfk_" (global key), "cfut_" (user token),
    # "cfat_" (account token), 40 characters and a checksum; origin CA keys
    # "v1.0-" 24 hex "-" 146 hex. (Older unprefixed keys: see find_labelled_keys.)
    _rule(
        "cloudflare-token",
        SERVICE,
        "cloudflare-token",
        r"cf(?<![a-z0-9_-]cf)(?:k|ut|at)_[a-z0-9]{40,}" + _END,
        lambda v: _random_body(v.partition("_")[2]),
    ),
    _rule(
        "cloudflare-origin-ca-key",
        SERVICE,
        "cloudflare-token",
        r"v1\.0-(?<![a-z0-9_.-]v1\.0-)[a-f0-9]{24}-[a-f0-9]{146}" + _END,
    ),
    # Square: access tokens "EAAA" (production) and "sq0atp-", application
    # secrets "sq0csp-" ("sq0idp-" is the public application id: kept).
    _rule(
        "square-token",
        SERVICE,
        "square-token",
        r"eaaa(?<![a-z0-9_-]eaaa)[a-z0-9_-]{22,80}" + _END,
        lambda v: v.startswith("EAAA") and _random_body(v[4:]),
    ),
    _rule(
        "square-token-prefixed",
        SERVICE,
        "square-token",
        r"sq0(?<![a-z0-9_-]sq0)(?:atp-[a-z0-9_-]{22}|csp-[a-z0-9_-]{43})" + _END,
    ),
    # --- credentials with a shape --------------------------------------------------------
    _rule(
        "jwt",
        CREDENTIAL,
        "jwt",
        r"eyj(?<![a-z0-9_-]eyj)[a-z0-9_-]{10,}\.eyj[a-z0-9_-]{6,}\.[a-z0-9_-]*",
        priority=88,
        dummies_kept=False,  # two base64 JSON parts: never a placeholder's shape
    ),
)

_AWS_SECRET = re.compile(
    r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?:[A-Za-z0-9/+]{60,}={0,2})?(?![A-Za-z0-9/+=])"
)


def may_match(scan: Scan, pattern: re.Pattern[str], view: str = "low") -> bool:
    """False when a match of ``pattern`` (registered with :mod:`.anchors`) cannot be in
    the text: in a short text (no anchors there) none of the literals every match
    starts with occurs. A substring test costs far less than starting a scan, and
    most short texts (decoded strings, base64 payloads) hold none of the prefixes."""
    subject = scan.low if view == "low" else scan.ascii
    if len(subject) >= anchors.MIN_SIZE:
        return True
    needles = _NEEDLES.get(pattern)
    if needles is None:
        needles = _NEEDLES[pattern] = tuple(sorted(anchors.literals(pattern) or ()))
    return not needles or any(needle in subject for needle in needles)


_NEEDLES: dict[re.Pattern[str], tuple[str, ...]] = {}


def find_tokens(scan: Scan) -> Iterator[Hit]:
    low, text = scan.low, scan.text
    for rule in TOKEN_RULES:
        if not may_match(scan, rule.pattern):
            continue
        for m in scan.finditer(rule.pattern, "low"):
            start, end = m.span()
            value = text[start:end]
            if rule.check is not None and not rule.check(value):
                continue
            if rule.dummies_kept and looks_like_dummy(value):
                continue  # ghp_xxxx..., AKIAIOSFODNN7EXAMPLE: shows where a key goes
            if rule.scheme:
                for scheme in ("https://", "http://"):
                    if low.startswith(scheme, start - len(scheme)):
                        start -= len(scheme)
                        break
            yield Hit(start, end, rule.priority, rule.category, rule.kind, rule.name, value)
            if rule.kind == "aws-access-key":
                yield from _aws_secret_near(text, start, end)
    yield from _azure_secrets(scan)
    yield from _mailchimp_keys(scan)
    yield from _twilio_sids(scan)
    yield from _discord_bot_tokens(scan)
    yield from _telegram_bot_tokens(scan)
    yield from find_labelled_keys(scan)


def _aws_secret_near(text: str, start: int, end: int) -> Iterator[Hit]:
    """An unlabelled 40-character secret access key next to its access key id."""
    lo = max(0, start - 400)
    for m in _AWS_SECRET.finditer(text, lo, min(len(text), end + 600)):
        value = m.group()
        if is_hex(value) or not mixed_token(value, digits=1):
            continue
        if value.isalnum() and (value.islower() or value.isupper()):
            continue
        yield Hit(m.start(), m.end(), 85, SERVICE, "aws-secret-key", "aws-secret-near-key", value)


# --- tokens whose shape starts without a literal --------------------------------------
#
# Each pattern starts at the rarest fixed part of the shape (a digit before "Q~", the
# "-us" of a Mailchimp key); the finder checks the characters before it. Where there
# is no literal of three characters, hyperscan finds the candidates by an expression
# (:func:`.anchors.register_prefilter`).

_WORD_CHARS = frozenset(string.ascii_lowercase + string.digits + "_-")  # on the low view
_AZURE_HEAD = frozenset(string.ascii_lowercase + string.digits + "_~.")

# Azure AD (Entra ID) client secrets: 3 characters, a digit, "Q~", 31 to 34 more.
_AZURE = re.compile(r"[0-9]q~[a-z0-9_~.-]{31,34}(?![a-z0-9_~.-])")


def _azure_secrets(scan: Scan) -> Iterator[Hit]:
    low, text = scan.low, scan.text
    if "q~" not in low:
        return
    for m in scan.finditer(_AZURE, "low"):
        start = m.start() - 3
        if start < 0 or text[m.start() + 1] != "Q":
            continue
        if any(c not in _AZURE_HEAD for c in low[start : m.start()]):
            continue
        if start > 0 and (low[start - 1] in _AZURE_HEAD or low[start - 1] == "-"):
            continue
        value = text[start : m.end()]
        if _random_body(value):
            yield Hit(start, m.end(), 90, SERVICE, "azure-client-secret", "azure-secret", value)


# Mailchimp API keys: 32 hex, "-us" and the data centre's number.
_MAILCHIMP = re.compile(r"-us(?<=[0-9a-f]{32}-us)[0-9]{1,2}(?![a-z0-9_-])")


def _mailchimp_keys(scan: Scan) -> Iterator[Hit]:
    low, text = scan.low, scan.text
    for m in scan.finditer(_MAILCHIMP, "low"):
        start = m.start() - 32
        if start > 0 and low[start - 1] in _WORD_CHARS:
            continue
        value = text[start : m.end()]
        if value[:32].islower() and count_digits(value[:32]) >= 2 and not looks_like_dummy(value):
            yield Hit(start, m.end(), 90, SERVICE, "mailchimp-key", "mailchimp-key", value)


# Twilio: "SK" and 32 lower-case hex is an API key; "AC" and 32 is the account SID,
# the user name of every Twilio API call: removed too (it names the customer's
# account, and a reproduction never needs the real one).
_TWILIO = tuple(
    re.compile(head + f"(?<![a-z0-9_-]{head})[0-9a-f]{{32}}" + _END) for head in ("sk", "ac")
)


def _twilio_sids(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in (m for pattern in _TWILIO for m in scan.finditer(pattern, "low")):
        value = text[m.start() : m.end()]
        head, body = value[:2], value[2:]
        if head not in ("SK", "AC") or not body.islower() or count_digits(body) < 4:
            continue
        if looks_like_dummy(value):
            continue
        kind = "twilio-key" if head == "SK" else "twilio-account-sid"
        yield Hit(m.start(), m.end(), 90, SERVICE, kind, kind, value)


# Discord bot tokens: base64 of the bot's numeric id, ".", 6 characters of time,
# ".", the HMAC. The first part decoding to 17-20 digits is the check.
# Found at its middle part (".", 6, ".", the HMAC: a literal to start from), then
# the first part is read backwards.
_DISCORD_BOT = re.compile(r"\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])")
_DISCORD_HEAD = re.compile(r"[MNO][A-Za-z0-9_-]{23,27}")
_B64URL = frozenset(string.ascii_letters + string.digits + "_-")


def _discord_bot_tokens(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_DISCORD_BOT, "text"):
        dot = m.start()
        start = dot
        while start > 0 and text[start - 1] in _B64URL and dot - start <= 28:
            start -= 1
        first = text[start:dot]
        if not _DISCORD_HEAD.fullmatch(first):
            continue
        try:
            decoded = base64.b64decode(first + "=" * (-len(first) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
        value = text[start : m.end()]
        if decoded.isdigit() and 17 <= len(decoded) <= 20 and not looks_like_dummy(value):
            yield Hit(start, m.end(), 90, SERVICE, "discord-token", "discord-bot-token", value)


# Telegram bot tokens: the bot's id (8-10 digits), ":", "A" and 34 more; often in a
# Bot API URL, ".../bot<token>/sendMessage".
_TELEGRAM = re.compile(r"[0-9]:a[a-z0-9_-]{34}(?![a-z0-9_-])")


def _telegram_bot_tokens(scan: Scan) -> Iterator[Hit]:
    low, text = scan.low, scan.text
    if ":a" not in low:
        return
    for m in scan.finditer(_TELEGRAM, "low"):
        start = m.start()
        while start > 0 and low[start - 1].isdigit() and m.start() - start < 10:
            start -= 1
        digits = m.start() + 1 - start
        if not 8 <= digits <= 10 or text[m.start() + 2] != "A":
            continue
        if start > 0 and low[start - 1] in _WORD_CHARS and not low.endswith("bot", 0, start):
            continue
        value = text[start : m.end()]
        if _mixed_case(value[digits + 1 :]):
            yield Hit(start, m.end(), 90, SERVICE, "telegram-token", "telegram-bot-token", value)


# --- keys known by their label: unprefixed hex keys of Algolia, Datadog, Cloudflare -----

_KEY_LABEL = re.compile(
    r"algolia|datadog|dd[_-](?:api|app|application)[_-]?key|cloudflare|cf[_-]api[_-]?(?:key|token)"
    r"|x-auth-key"
)
_LABEL_VALUES: dict[str, tuple[re.Pattern[str], ...]] = {
    # Algolia admin and write keys: 32 hex. Search-only keys are public by design
    # (they ship in the site's JavaScript): a label that says "search" keeps its value.
    "algolia": (re.compile(r"(?<![a-z0-9_-])[0-9a-f]{32}(?![a-z0-9_-])"),),
    # Datadog API keys: 32 hex; application keys: 40 hex.
    "datadog": (re.compile(r"(?<![a-z0-9_-])(?:[0-9a-f]{40}|[0-9a-f]{32})(?![a-z0-9_-])"),),
    # Cloudflare: the global API key is 37 hex; API tokens, 40 of [A-Za-z0-9_-].
    "cloudflare": (
        re.compile(r"(?<![a-z0-9_-])[0-9a-f]{37}(?![a-z0-9_-])"),
        re.compile(r"(?<![a-z0-9_-])[a-z0-9_-]{40}(?![a-z0-9_-])"),
    ),
}
_LABEL_KINDS = {
    "algolia": "algolia-key",
    "datadog": "datadog-key",
    "cloudflare": "cloudflare-token",
}
_KEY_LABEL_NEEDLES = ("algolia", "datadog", "dd_", "dd-", "cloudflare", "cf_", "cf-", "x-auth")
_LABEL_SAYS_KEY = ("key", "token", "secret", "credential")


def find_labelled_keys(scan: Scan) -> Iterator[Hit]:
    """A provider's unprefixed key on the line its name labels: ``ALGOLIA_ADMIN_KEY=<32
    hex>``, ``DD_API_KEY: ...``, ``cloudflare global api key ...``, ``X-Auth-Key: ...``."""
    low, text = scan.low, scan.text
    if not any(needle in low for needle in _KEY_LABEL_NEEDLES):
        return  # (a pattern led by an alternation is slow in re: skip most texts)
    for m in scan.finditer(_KEY_LABEL, "low"):
        if m.start() > 0 and low[m.start() - 1].isalnum():
            continue
        word = m.group()
        family = (
            "algolia" if word == "algolia" else "datadog" if word.startswith("d") else "cloudflare"
        )
        line_end = low.find("\n", m.end(), m.end() + 120)
        line_end = min(len(low), m.end() + 120) if line_end < 0 else line_end
        for value_re in _LABEL_VALUES[family]:
            vm = value_re.search(low, m.end(), line_end)
            if vm is None:
                continue
            between = low[m.start() : vm.start()]
            if family == "algolia" and ("search" in between or "app" in between):
                continue
            if not any(w in between for w in _LABEL_SAYS_KEY) and word in _FAMILY_WORDS:
                continue
            value = text[vm.start() : vm.end()]
            if not _random_body(value) or (
                len(value) == 40 and not is_hex(value) and not _mixed_case(value)
            ):
                continue
            kind = _LABEL_KINDS[family]
            yield Hit(vm.start(), vm.end(), 60, SERVICE, kind, "labelled-" + kind, value)
            break


_FAMILY_WORDS = frozenset(["algolia", "datadog", "cloudflare"])


_PEM = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----"
    r"(?:[\s\S]{0,20000}?-----END \1-----|(?:[A-Za-z0-9+/=:\s,-]|\\[nr])*)"
)


def find_pem(scan: Scan) -> Iterator[Hit]:
    text = scan.text
    for m in scan.finditer(_PEM, "text"):
        end = m.end()
        while end > m.start() and text[end - 1] in " \t\r\n":
            end -= 1
        yield Hit(
            m.start(), end, 95, CREDENTIAL, "private-key", "pem-private-key", text[m.start() : end]
        )


for _rule_ in TOKEN_RULES:
    anchors.register(_rule_.pattern, "low")
anchors.register_prefilter(_AZURE, "low", r"[0-9]q~")
anchors.register(_MAILCHIMP, "low")
for _head, _pattern in zip(("sk", "ac"), _TWILIO, strict=True):
    anchors.register_prefilter(_pattern, "low", _head + "[0-9a-f]{32}")
anchors.register_prefilter(_DISCORD_BOT, "ascii", r"\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27}")
anchors.register_prefilter(_TELEGRAM, "low", r"[0-9]:a[a-z0-9_-]{34}")
anchors.register(_KEY_LABEL, "low")
anchors.register(_PEM, "ascii")
