"""Provider keys and service tokens: values with a recognisable prefix.

Every pattern starts with a literal and runs on :attr:`Scan.low`, so upper-case
variants (``SK-PROJ-...``) are found too and ``re`` skips straight to the prefix.
A lookbehind right after the prefix keeps ``desk-...`` from reading as ``sk-...``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import anchors
from .scan import Hit, Scan
from .validators import count_digits, is_hex, mixed_token

PROVIDER = "provider_key"
SERVICE = "service_token"
CREDENTIAL = "credential"


def _digits(n: int) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        return count_digits(value) >= n

    return check


def _same_case(value: str) -> bool:
    return value.isupper() or value.islower()


@dataclass(frozen=True, slots=True)
class TokenRule:
    name: str
    category: str
    kind: str
    pattern: re.Pattern[str]
    check: Callable[[str], bool] | None = None
    priority: int = 90
    scheme: bool = False  # the value is a URL path: take ``https://`` before it too


def _rule(
    name: str,
    category: str,
    kind: str,
    pattern: str,
    check: Callable[[str], bool] | None = None,
    *,
    priority: int = 90,
    scheme: bool = False,
) -> TokenRule:
    return TokenRule(name, category, kind, re.compile(pattern), check, priority, scheme)


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
        priority=70,
    ),
    _rule("google-key", PROVIDER, "google-key", r"aiza[a-z0-9_-]{30,}" + _END),
    _rule("groq-key", PROVIDER, "groq-key", r"gsk_(?<![a-z0-9_]gsk_)[a-z0-9]{20,}"),
    _rule("xai-key", PROVIDER, "xai-key", r"xai-(?<![a-z0-9_]xai-)[a-z0-9]{20,}", _digits(2)),
    _rule("perplexity-key", PROVIDER, "perplexity-key", r"pplx-[a-z0-9]{20,}", _digits(2)),
    _rule(
        "huggingface-token",
        PROVIDER,
        "huggingface-token",
        r"hf_(?<![a-z0-9_]hf_)[a-z0-9]{30,}" + _END,
        _digits(1),
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
    _rule("stripe-key", SERVICE, "stripe-key", r"sk_(?:live|test)_[a-z0-9]{10,}"),
    _rule("stripe-restricted-key", SERVICE, "stripe-key", r"rk_(?:live|test)_[a-z0-9]{10,}"),
    _rule("stripe-webhook-secret", SERVICE, "stripe-webhook-secret", r"whsec_[a-z0-9+/=]{20,}"),
    _rule(
        "braintree-token",
        SERVICE,
        "braintree-token",
        r"access_token\$(?:production|sandbox|development)\$[a-z0-9]{8,}\$[a-z0-9]{16,}",
    ),
    _rule("paypal-token", SERVICE, "paypal-token", r"a21aa[a-z0-9_-]{40,}"),
    _rule("github-token", SERVICE, "github-token", r"gh[pousr]_(?<![a-z0-9]gh._)[a-z0-9]{30,}"),
    _rule("github-pat", SERVICE, "github-token", r"github_pat_[a-z0-9_]{30,}"),
    _rule("gitlab-token", SERVICE, "gitlab-token", r"glpat-[a-z0-9_-]{20,}"),
    _rule("slack-token", SERVICE, "slack-token", r"xox[abposre]-[a-z0-9-]{10,}", _digits(4)),
    _rule("slack-app-token", SERVICE, "slack-token", r"xapp-\d-[a-z0-9-]{10,}"),
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
    _rule(
        "sendgrid-key",
        SERVICE,
        "sendgrid-key",
        r"sg\.(?<![a-z0-9]sg\.)[a-z0-9_-]{16,}\.[a-z0-9_-]{20,}",
    ),
    _rule(
        "mailgun-key",
        SERVICE,
        "mailgun-key",
        r"key-(?<![a-z0-9_-]key-)[a-f0-9]{32}" + _END,
    ),
    _rule("npm-token", SERVICE, "npm-token", r"npm_[a-z0-9]{36}" + _END),
    _rule("shopify-token", SERVICE, "shopify-token", r"shp(?:at|ca|pa|ss)_[a-f0-9]{32}"),
    # --- credentials with a shape --------------------------------------------------------
    _rule(
        "jwt",
        CREDENTIAL,
        "jwt",
        r"eyj(?<![a-z0-9_-]eyj)[a-z0-9_-]{10,}\.eyj[a-z0-9_-]{6,}\.[a-z0-9_-]*",
        priority=88,
    ),
)

_AWS_SECRET = re.compile(
    r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?:[A-Za-z0-9/+]{60,}={0,2})?(?![A-Za-z0-9/+=])"
)


def find_tokens(scan: Scan) -> Iterator[Hit]:
    low, text = scan.low, scan.text
    for rule in TOKEN_RULES:
        for m in scan.finditer(rule.pattern, "low"):
            start, end = m.span()
            value = text[start:end]
            if rule.check is not None and not rule.check(value):
                continue
            if rule.scheme:
                for scheme in ("https://", "http://"):
                    if low.startswith(scheme, start - len(scheme)):
                        start -= len(scheme)
                        break
            yield Hit(start, end, rule.priority, rule.category, rule.kind, rule.name, value)
            if rule.kind == "aws-access-key":
                yield from _aws_secret_near(text, start, end)


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
anchors.register(_PEM, "ascii")
