"""More provider shapes (issue 14, item 2): each is found bare, in prose, labelled and
in the other contexts of :data:`test_provider_shapes.CONTEXTS`, and removed whole; its
nearest negatives stay: the prefix inside an ordinary word or a URL path, a
placeholder in the shape (``xxxx``), an ``EXAMPLE`` key.

Every token is made here from the provider's documented format (random characters
of its alphabet and length), never copied from anywhere.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

import pytest

from sophdesk.domain.redaction import redact

from . import fakes
from .helpers import assert_kept, survives
from .test_provider_shapes import CONTEXTS

Maker = Callable[[random.Random], str]
LOWER_ALNUM = string.ascii_lowercase + string.digits


def _b64(rng: random.Random, n: int) -> str:
    return fakes.pick(rng, fakes.ALNUM + "+/", n)


SHAPES: dict[str, tuple[Maker, str]] = {
    "sentry-org": (
        lambda r: (
            "sntrys_eyJpYXQiOjE3MjkyNzg1ODEuMDgx"
            + fakes.pick(r, fakes.ALNUM, 90)
            + "_"
            + fakes.pick(r, fakes.ALNUM, 43)
        ),
        "service_token",
    ),
    "sentry-user": (lambda r: "sntryu_" + fakes.hexkey(r, 64), "service_token"),
    "bedrock-long": (lambda r: "ABSKQmVkcm9ja0FQSUtleS" + _b64(r, 110) + "=", "service_token"),
    "bedrock-short": (
        lambda r: "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + _b64(r, 300),
        "service_token",
    ),
    "digitalocean-spaces": (
        lambda r: "DO00" + fakes.pick(r, string.ascii_uppercase + string.digits, 16),
        "service_token",
    ),
    "1password-short": (lambda r: "ops_" + fakes.pick(r, fakes.ALNUM, 120), "service_token"),
    "stripe-prod": (lambda r: "sk_prod_" + fakes.pick(r, fakes.ALNUM, 99), "service_token"),
    "stripe-restricted-prod": (
        lambda r: "rk_prod_" + fakes.pick(r, fakes.ALNUM, 99),
        "service_token",
    ),
    "woocommerce-consumer-key": (lambda r: "ck_" + fakes.hexkey(r, 40), "service_token"),
    "woocommerce-consumer-secret": (lambda r: "cs_" + fakes.hexkey(r, 40), "service_token"),
    "google-oauth-secret": (
        lambda r: "GOCSPX-" + fakes.pick(r, fakes.URLSAFE, 28),
        "service_token",
    ),
    "google-access-token": (
        lambda r: "ya29." + fakes.pick(r, fakes.URLSAFE, 150),
        "service_token",
    ),
    "google-refresh-token": (
        lambda r: "1//0" + fakes.pick(r, fakes.URLSAFE, 99),
        "service_token",
    ),
    "meta-access-token": (lambda r: "EAAG" + fakes.pick(r, fakes.ALNUM, 180), "service_token"),
    "mollie-live": (lambda r: "live_" + fakes.pick(r, fakes.ALNUM, 30), "service_token"),
    "mollie-test": (lambda r: "test_" + fakes.pick(r, fakes.ALNUM, 30), "service_token"),
    "razorpay": (lambda r: "rzp_live_" + fakes.pick(r, fakes.ALNUM, 14), "service_token"),
    "dropbox": (lambda r: "sl.u." + fakes.pick(r, fakes.URLSAFE, 140), "service_token"),
    "firebase-server-key": (
        lambda r: (
            "AAAA" + fakes.pick(r, fakes.URLSAFE, 7) + ":APA91b" + fakes.pick(r, fakes.URLSAFE, 134)
        ),
        "service_token",
    ),
    "mapbox-secret": (
        lambda r: (
            "sk.eyJ1IjoiZXhhbXBsZS"
            + fakes.pick(r, fakes.ALNUM, 40)
            + "."
            + fakes.pick(r, fakes.URLSAFE, 22)
        ),
        "service_token",
    ),
    "hubspot": (
        lambda r: "pat-na1-" + "-".join(fakes.hexkey(r, n) for n in (8, 4, 4, 4, 12)),
        "service_token",
    ),
    "airtable": (
        lambda r: "pat" + fakes.pick(r, fakes.ALNUM, 14) + "." + fakes.hexkey(r, 64),
        "service_token",
    ),
    "klaviyo": (lambda r: "pk_" + fakes.pick(r, LOWER_ALNUM, 34), "service_token"),
    "elevenlabs": (lambda r: "sk_" + fakes.hexkey(r, 48), "provider_key"),
    "pinecone": (
        lambda r: "pcsk_" + fakes.pick(r, fakes.ALNUM, 6) + "_" + fakes.pick(r, fakes.ALNUM, 64),
        "provider_key",
    ),
    "linear": (lambda r: "lin_api_" + fakes.pick(r, fakes.ALNUM, 40), "service_token"),
    "postman": (
        lambda r: "PMAK-" + fakes.hexkey(r, 24) + "-" + fakes.hexkey(r, 34),
        "service_token",
    ),
    "heroku": (lambda r: "HRKU-" + fakes.pick(r, fakes.URLSAFE, 60), "service_token"),
    "netlify": (lambda r: "nfp_" + fakes.pick(r, fakes.ALNUM, 36), "service_token"),
    "doppler": (lambda r: "dp.st." + fakes.pick(r, fakes.ALNUM, 43), "service_token"),
    "figma": (lambda r: "figd_" + fakes.pick(r, fakes.URLSAFE, 40), "service_token"),
    "pypi": (
        lambda r: "pypi-AgEIcHlwaS5vcmc" + fakes.pick(r, fakes.URLSAFE, 140),
        "service_token",
    ),
    "wp-application-password": (
        lambda r: " ".join(fakes.pick(r, fakes.ALNUM, 24)[i : i + 4] for i in range(0, 24, 4)),
        "credential",
    ),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("context", sorted(CONTEXTS))
def test_shape_removed_whole(shape: str, context: str) -> None:
    make, category = SHAPES[shape]
    token = make(random.Random(f"{shape}/{context}"))
    result = redact(CONTEXTS[context].format(t=token))
    assert not survives(token, result.text), (token, result.text)
    assert category in {f.category for f in result.findings}, result.findings


@pytest.mark.parametrize(
    "text",
    [
        # the prefix inside an ordinary word
        "the subtask_test_runner_for_the_queue_module ran",
        "olive_oil_and_the_testing_of_recipes_for_the_week",
        "a backdrop_v1_layout and stack_abc are names",
        "see the sk_prod_ prefix and the reserved prefixes of the docs",
        "config: rck_0123456789abcdef0123456789abcdef01234567",
        "the cs_ prefix and ck_ prefix of WooCommerce keys",
        "dp.st.example is a host; http.get and sl.mapped are calls",
        "the pattern is the pat-na1- prefix",
        "pipeline stage: compat12345678901234.sha",
        # inside a URL path
        "see https://docs.example.com/api/live_settings/test_mode_and_other_options",
        "GET /wp-json/wc/v3/ck_settings/cs_export?page=2 HTTP/1.1",
        "read https://example.com/blog/ops_runbook_for_the_incident_response_team_2026",
        # placeholders in the shape
        "WOOCOMMERCE_KEY=ck_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "SENTRY_AUTH_TOKEN=sntryu_" + "x" * 64,
        "GOOGLE_CLIENT_SECRET=GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "MOLLIE_KEY=live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "SPACES_KEY=DO00XXXXXXXXXXXXXXXX",
        "app password: xxxx xxxx xxxx xxxx xxxx xxxx",
        # EXAMPLE keys
        "ABSKQmVkcm9ja0FQSUtleS1EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAM=",
        "SPACES_KEY=DO00EXAMPLEEXAMPLE00",
        # words in groups of four, hex in groups of four
        "I have been told that this will work fine now",
        "fingerprint ab12 cd34 ef56 ab12 cd34 ef56 of the key",
        "orders 1001 1002 1003 1004 1005 1006 and Item A1b2 shipped",
        # an incomplete short-lived Bedrock key (no base64 of the host), an empty one
        "bedrock-api-key- is the prefix of short-term keys",
        "an empty one, sntryu_" + "a" * 64 + ", in the docs",
    ],
)
def test_nearest_negatives_stay(text: str) -> None:
    assert_kept(text, text.strip())


def test_sentry_dsn_loses_its_keys_and_keeps_host_and_project() -> None:
    rng = random.Random(3)
    key = fakes.hexkey(rng)
    text = f'SENTRY_DSN="https://{key}@o4508112.ingest.de.sentry.io/4508112233"'
    result = redact(text)
    assert not survives(key, result.text)
    assert "@o4508112.ingest.de.sentry.io/4508112233" in result.text


def test_a_dsn_like_url_of_another_host_stays() -> None:
    key = fakes.hexkey(random.Random(4))
    assert_kept(f"mirror https://{key}@files.example.com/pub", key)


@pytest.mark.parametrize(
    ("template", "kind"),
    [
        ("SophMate: Mistral key {a32} rejected (401)", "a32"),
        ("MISTRAL_API_KEY={a32}", "a32"),
        ("mistral: '{a32}'", "a32"),
        ('la chiave Cohere:\n  "{a40}". Ruotala per favore.', "a40"),
        ("COHERE_API_KEY={a40}", "a40"),
        ("Azure OpenAI endpoint https://x.openai.azure.com/, key `{h32}`", "h32"),
        ('cloudflare: "{h37}"', "h37"),
        ("const client = algoliasearch('K7QW2ZP4XE', '{h32}');", "h32"),
    ],
)
def test_unprefixed_keys_named_by_their_provider(template: str, kind: str) -> None:
    rng = random.Random(template)
    values = {
        "a32": fakes.pick(rng, fakes.ALNUM, 32),
        "a40": fakes.pick(rng, fakes.ALNUM, 40),
        "h32": fakes.hexkey(rng),
        "h37": fakes.hexkey(rng, 37),
    }
    result = redact(template.format(**values))
    assert not survives(values[kind], result.text), result.text


@pytest.mark.parametrize(
    "text",
    [
        "Mistral model mistral-large-latest answered in 812 ms",
        "ALGOLIA_SEARCH_KEY=0123456789abcdef0123456789abcdef",
        "Azure region westeurope, deployment gpt-4o, commit 2fd4e1c67a2d28fced849ee1bb76e739",
        "cohere: embed-multilingual-v3.0",
    ],
)
def test_provider_names_without_a_key_stay(text: str) -> None:
    assert_kept(text, text.strip())
