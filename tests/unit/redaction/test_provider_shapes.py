"""Provider tokens are found by their own shape, with or without a label, and
removed whole; look-alikes (ordinary words with the prefix, hashes, UUIDs) stay.

Every token here is made in the test (:mod:`.fakes`): random characters of the
provider's alphabet and length, never a real key.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial
from urllib.parse import quote

import pytest

from sophdesk.domain.redaction import anchors, redact

from . import fakes
from .helpers import assert_kept, survives
from .test_anchors import needs_hyperscan, registered, spans

Maker = Callable[[random.Random], str]

FAMILIES: dict[str, tuple[Maker, str]] = {
    "huggingface": (fakes.huggingface, "provider_key"),
    "huggingface-org": (fakes.huggingface_org, "provider_key"),
    "azure-client-secret": (fakes.azure_client_secret, "service_token"),
    "gitlab-pat": (fakes.gitlab, "service_token"),
    "gitlab-pat-routable": (fakes.gitlab_routable, "service_token"),
    **{
        f"gitlab-{prefix[:-1]}": (partial(fakes.gitlab, prefix=prefix), "service_token")
        for prefix in (
            "glcbt-",
            "gldt-",
            "glrt-",
            "glft-",
            "glimt-",
            "glagent-",
            "glsoat-",
            "gloas-",
            "glffct-",
        )
    },
    "gitlab-trigger": (lambda r: "glptt-" + fakes.hexkey(r, 40), "service_token"),
    "brevo": (fakes.brevo, "service_token"),
    "brevo-smtp": (partial(fakes.brevo, prefix="xsmtpsib-"), "service_token"),
    "mailgun": (fakes.mailgun, "service_token"),
    "mailgun-public": (partial(fakes.mailgun, prefix="pubkey-"), "service_token"),
    "mailchimp": (fakes.mailchimp, "service_token"),
    "sendgrid": (fakes.sendgrid, "service_token"),
    "twilio-key": (fakes.twilio, "service_token"),
    "twilio-account-sid": (partial(fakes.twilio, prefix="AC"), "service_token"),
    "discord-bot": (fakes.discord_bot, "service_token"),
    "discord-webhook": (fakes.discord_webhook, "service_token"),
    "telegram": (fakes.telegram, "service_token"),
    "notion": (fakes.notion, "service_token"),
    "notion-legacy": (fakes.notion_legacy, "service_token"),
    "atlassian": (fakes.atlassian, "service_token"),
    "1password": (fakes.onepassword, "service_token"),
    "digitalocean": (fakes.digitalocean, "service_token"),
    "digitalocean-oauth": (partial(fakes.digitalocean, prefix="doo_v1_"), "service_token"),
    "digitalocean-refresh": (partial(fakes.digitalocean, prefix="dor_v1_"), "service_token"),
    "cloudflare-origin-ca": (fakes.cloudflare_origin_ca, "service_token"),
    "cloudflare-user-token": (lambda r: "cfut_" + fakes.pick(r, fakes.ALNUM, 48), "service_token"),
    "shopify-admin": (fakes.shopify, "service_token"),
    "shopify-secret": (partial(fakes.shopify, prefix="shpss_"), "service_token"),
    "shopify-custom": (partial(fakes.shopify, prefix="shpca_"), "service_token"),
    "shopify-private": (partial(fakes.shopify, prefix="shppa_"), "service_token"),
    "square": (fakes.square, "service_token"),
    "square-sandbox": (partial(fakes.square, prefix="sq0atp-"), "service_token"),
    "square-secret": (partial(fakes.square, prefix="sq0csp-"), "service_token"),
    # already known before: still removed whole
    "openai": (lambda r: "sk-proj-" + fakes.pick(r, fakes.URLSAFE, 156), "provider_key"),
    "anthropic": (
        lambda r: "sk-ant-api03-" + fakes.pick(r, fakes.URLSAFE, 93) + "AA",
        "provider_key",
    ),
    "google": (lambda r: "AIza" + fakes.pick(r, fakes.URLSAFE, 35), "provider_key"),
    "aws": (
        lambda r: "AKIA" + fakes.pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        "service_token",
    ),
    "stripe": (lambda r: "sk_live_" + fakes.pick(r, fakes.ALNUM, 99), "service_token"),
    "github": (lambda r: "ghp_" + fakes.pick(r, fakes.ALNUM, 36), "service_token"),
    "github-fine-grained": (
        lambda r: (
            "github_pat_" + fakes.pick(r, fakes.ALNUM, 22) + "_" + fakes.pick(r, fakes.ALNUM, 59)
        ),
        "service_token",
    ),
    "slack": (
        lambda r: (
            f"xoxb-{r.randint(10**11, 10**12)}-{r.randint(10**12, 10**13)}-"
            + fakes.pick(r, fakes.ALNUM, 24)
        ),
        "service_token",
    ),
    "jwt": (fakes.jwt, "credential"),
    "groq": (lambda r: "gsk_" + fakes.pick(r, fakes.ALNUM, 52), "provider_key"),
    "xai": (lambda r: "xai-" + fakes.pick(r, fakes.ALNUM, 80), "provider_key"),
    "perplexity": (lambda r: "pplx-" + fakes.pick(r, fakes.ALNUM, 48), "provider_key"),
    "replicate": (lambda r: "r8_" + fakes.pick(r, fakes.ALNUM, 37), "provider_key"),
    "openrouter": (lambda r: "sk-or-v1-" + fakes.hexkey(r, 64), "provider_key"),
    "stripe-webhook": (lambda r: "whsec_" + fakes.pick(r, fakes.ALNUM, 32), "service_token"),
    "stripe-restricted": (lambda r: "rk_live_" + fakes.pick(r, fakes.ALNUM, 99), "service_token"),
    "npm": (lambda r: "npm_" + fakes.pick(r, fakes.ALNUM, 36), "service_token"),
    "paypal": (lambda r: "A21AA" + fakes.pick(r, fakes.URLSAFE, 92), "service_token"),
    "slack-app": (
        lambda r: (
            f"xapp-1-A{r.randint(10**9, 10**10)}-{r.randint(10**12, 10**13)}-" + fakes.hexkey(r, 64)
        ),
        "service_token",
    ),
}

CONTEXTS: dict[str, str] = {
    "bare": "{t}",
    "prose": "Here is the key you asked for: {t} - thanks!",
    "labelled": "API_TOKEN={t}\n",
    "json": '{{"config": {{"token": "{t}", "model": "gpt-4o"}}}}',
    "log": "[2026-12-07 10:00:01] ERROR request failed with credentials {t} (401)\n",
    "url": "GET https://api.example.org/v1/items?limit=10&token={t}&page=2 HTTP/1.1",
    "header": "X-Api-Key: {t}\r\nAccept: */*\r\n",
    "quoted-printable-free": "> > {t}\n",
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("context", sorted(CONTEXTS))
def test_token_removed_whole(family: str, context: str) -> None:
    make, category = FAMILIES[family]
    token = make(random.Random(f"{family}/{context}"))
    text = CONTEXTS[context].format(t=token)
    result = redact(text)
    secret = token.rpartition("/webhooks/")[2]  # a webhook URL: the part after it
    assert not survives(secret, result.text), (token, result.text)
    assert category in {f.category for f in result.findings}, result.findings


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_several_tokens_of_a_family_get_their_own_placeholders(family: str) -> None:
    make, _ = FAMILIES[family]
    rng = random.Random(family)
    first, second = make(rng), make(rng)
    result = redact(f"old: {first}\nnew: {second}\nold again: {first}\n")
    for token in (first, second):
        assert not survives(token.rpartition("/webhooks/")[2], result.text), result.text
    placeholders = [f.placeholder for f in result.findings]
    assert len(set(placeholders)) == 2, result.text


def test_very_long_tokens_leave_nothing() -> None:
    rng = random.Random(14)
    onepassword = fakes.onepassword(rng, size=1200)
    assert len(onepassword) > 800
    atlassian = fakes.atlassian(rng)
    for token in (onepassword, atlassian, fakes.jwt(rng), fakes.gitlab_routable(rng)):
        result = redact(f'OP_SERVICE_ACCOUNT_TOKEN="{token}"\n')
        assert not survives(token, result.text), result.text


def test_telegram_token_inside_a_bot_api_url() -> None:
    token = fakes.telegram(random.Random(1))
    result = redact(f"POST https://api.telegram.org/bot{token}/sendMessage 200\n")
    assert not survives(token, result.text)
    assert "https://api.telegram.org/bot" in result.text
    assert "/sendMessage 200" in result.text


def test_url_encoded_token_in_a_query() -> None:
    token = fakes.azure_client_secret(random.Random(2))
    result = redact(f"POST /oauth2/v2.0/token client_secret={quote(token, safe='')}&scope=x")
    assert not survives(token, result.text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("ALGOLIA_ADMIN_KEY={h32}", "{h32}"),
        ("Algolia admin API key: {h32}", "{h32}"),
        ("DD_API_KEY={h32}", "{h32}"),
        ("DD_APP_KEY={h40}", "{h40}"),
        ("-H 'DD-API-KEY: {h32}'", "{h32}"),
        ("CLOUDFLARE_API_TOKEN={t40}", "{t40}"),
        ("cloudflare global api key {h37}", "{h37}"),
        ("X-Auth-Key: {h37}", "{h37}"),
    ],
)
def test_keys_known_by_their_label(text: str, secret: str) -> None:
    rng = random.Random(text)
    values = {
        "h32": fakes.hexkey(rng),
        "h37": fakes.hexkey(rng, 37),
        "h40": fakes.hexkey(rng, 40),
        "t40": fakes.cloudflare_token(rng),
    }
    result = redact(text.format(**values))
    assert not survives(secret.format(**values), result.text), result.text


@pytest.mark.parametrize(
    "text",
    [
        "from huggingface_hub import hf_hub_download; hf_transfer enabled",
        "HF_HUB_ENABLE_HF_TRANSFER=1 and hf_abcdefghijklmnopqrstuvwxyzabcdefgh",
        "the api_org_chart_of_the_company_for_the_year_twenty_four",
        "a key-value store, key-value-pairs-for-the-config-file-loader",
        "secret_key_base and secret_sauce_recipe_for_the_wordpress_team_only_ok",
        "placeholder glpat-xxxxxxxxxxxxxxxxxxxx in the docs",
        "placeholder hf_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX in the docs",
        "request 123e4567-e89b-12d3-a456-426614174000 failed",
        "md5 9e107d9d372bb6826bd81d3542a419d6 of the file",
        "sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 of the commit",
        "d41d8cd98f00b204e9800998ecf8427e-used in the cache",
        "def task_test_validation1234567(): pass",
        "desk0123456789abcdef0123456789abcdef and ACCESS0123456789ABCDEF0123456789AB",
        "read https://example.com/blog/key-lime-pie-recipe and /docs/dop_v1_guide",
        "Mailchimp list id 1a2b3c4d5e, audience us-1",
        "the time was 12345678:ABCDEF and 10:30:AM",
        "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~ a divider",
        "datadog plugin at commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
        "ALGOLIA_APP_ID=ABCDEF1234",
        "sq0idp-Ab12Cd34Ef56Gh78Ij90Kl is the application id",
    ],
)
def test_look_alikes_stay(text: str) -> None:
    assert_kept(text, text.strip())


def _all_families_text() -> str:
    rng = random.Random(99)
    parts = [
        CONTEXTS[context].format(t=make(rng))
        for _ in range(3)
        for make, _category in FAMILIES.values()
        for context in sorted(CONTEXTS)
    ]
    return "\n".join(parts)


@needs_hyperscan
def test_new_shapes_are_anchored_as_re_finds_them() -> None:
    text = _all_families_text()
    assert len(text) > anchors.MIN_SIZE
    for view, pattern in registered():
        plain, anchored = spans(pattern, view, text)
        assert anchored == plain, pattern.pattern


def test_new_shapes_give_the_same_result_without_hyperscan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _all_families_text()
    accelerated = redact(text)
    monkeypatch.setattr(anchors, "_hs", None)
    monkeypatch.setattr(anchors, "_DATABASES", {})
    assert redact(text) == accelerated


@pytest.mark.parametrize(
    "placeholder",
    [
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "AKIAIOSFODNN7EXAMPLE",
        "hf_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
        "glpat-xxxxxxxxxxxxxxxxxxxx",
        "xkeysib-" + "x" * 64 + "-" + "x" * 16,
        "dop_v1_" + "0" * 64,
        "sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "sk-proj-****************",
    ],
)
def test_placeholders_in_a_providers_shape_stay(placeholder: str) -> None:
    assert_kept(f"Replace {placeholder} with yours.", placeholder)


def test_a_masked_key_that_shows_some_characters_goes() -> None:
    result = redact("the key sk-proj-Ab3x**********9zQ was rejected")
    assert "Ab3x" not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "subdirs = glob.glob('HF_CAASIMULIAComputeServicesBuildTime.HF*.Linux64')",
        "runner GR134894112312312312312312312 registered",
    ],
)
def test_names_in_a_providers_shape_stay(text: str) -> None:
    assert_kept(text, text)
