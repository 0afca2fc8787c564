"""Fake secrets built in the test, in each provider's documented format.

Random characters of the right alphabet and length, from a seeded generator:
never a real key, never a sample copied from anywhere. Each maker takes the
generator so a test can make several different ones.
"""

from __future__ import annotations

import base64
import json
import random
import string

HEX = "0123456789abcdef"
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "_-"
LETTERS = string.ascii_letters


def pick(rng: random.Random, alphabet: str, n: int) -> str:
    """``n`` characters of ``alphabet``: with at least one digit and one letter of
    each case when the alphabet has them (a random key of that length has them)."""
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(n))
        if n < 12:
            return value
        wants = [
            (string.digits, any(c in string.digits for c in alphabet)),
            (string.ascii_lowercase, any(c in string.ascii_lowercase for c in alphabet)),
            (string.ascii_uppercase, any(c in string.ascii_uppercase for c in alphabet)),
        ]
        if all(not want or any(c in group for c in value) for group, want in wants):
            return value


def huggingface(rng: random.Random) -> str:
    return "hf_" + pick(rng, LETTERS, 34)


def huggingface_org(rng: random.Random) -> str:
    return "api_org_" + pick(rng, LETTERS, 34)


def azure_client_secret(rng: random.Random) -> str:
    return (
        pick(rng, ALNUM, 3)
        + rng.choice(string.digits)
        + "Q~"
        + pick(rng, ALNUM + "_~.-", rng.choice((31, 34)))
    )


def gitlab(rng: random.Random, prefix: str = "glpat-") -> str:
    return prefix + pick(rng, URLSAFE, 20)


def gitlab_routable(rng: random.Random, prefix: str = "glpat-") -> str:
    body = base64.urlsafe_b64encode(rng.randbytes(33)).decode().rstrip("=")
    return f"{prefix}{body}.01.{pick(rng, string.digits + string.ascii_lowercase, 7)}"


def brevo(rng: random.Random, prefix: str = "xkeysib-") -> str:
    return prefix + pick(rng, HEX, 64) + "-" + pick(rng, ALNUM, 16)


def mailgun(rng: random.Random, prefix: str = "key-") -> str:
    return prefix + pick(rng, HEX, 32)


def mailchimp(rng: random.Random) -> str:
    return pick(rng, HEX, 32) + "-us" + str(rng.randint(1, 21))


def sendgrid(rng: random.Random) -> str:
    return "SG." + pick(rng, URLSAFE, 22) + "." + pick(rng, URLSAFE, 43)


def twilio(rng: random.Random, prefix: str = "SK") -> str:
    return prefix + pick(rng, HEX, 32)


def discord_bot(rng: random.Random) -> str:
    user_id = str(rng.randint(10**17, 10**19))
    first = base64.b64encode(user_id.encode()).decode().rstrip("=")
    return f"{first}.{pick(rng, URLSAFE, 6)}.{pick(rng, URLSAFE, 38)}"


def discord_webhook(rng: random.Random) -> str:
    return (
        f"https://discord.com/api/webhooks/{rng.randint(10**17, 10**19)}/{pick(rng, URLSAFE, 68)}"
    )


def telegram(rng: random.Random) -> str:
    return f"{rng.randint(10**8, 10**10 - 1)}:AA{pick(rng, URLSAFE, 33)}"


def notion(rng: random.Random) -> str:
    return "ntn_" + pick(rng, string.digits, 11) + pick(rng, ALNUM, 35)


def notion_legacy(rng: random.Random) -> str:
    return "secret_" + pick(rng, ALNUM, 43)


def atlassian(rng: random.Random) -> str:
    return "ATATT3" + pick(rng, URLSAFE, 177) + "=" + pick(rng, HEX.upper(), 8)


def onepassword(rng: random.Random, size: int = 600) -> str:
    payload = {
        "signInAddress": "my.1password.com",
        "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "salt": pick(rng, URLSAFE, 22)},
        "email": pick(rng, string.ascii_lowercase, 12) + "@1passwordserviceaccounts.com",
        "srpX": pick(rng, HEX, 64),
        "muk": {"alg": "A256GCM", "k": pick(rng, URLSAFE, size // 3), "kty": "oct"},
        "secretKey": "A3-" + pick(rng, string.ascii_uppercase + string.digits, 30),
        "deviceUuid": pick(rng, string.ascii_lowercase + string.digits, 26),
    }
    return "ops_" + base64.b64encode(json.dumps(payload).encode()).decode()


def digitalocean(rng: random.Random, prefix: str = "dop_v1_") -> str:
    return prefix + pick(rng, HEX, 64)


def cloudflare_origin_ca(rng: random.Random) -> str:
    return "v1.0-" + pick(rng, HEX, 24) + "-" + pick(rng, HEX, 146)


def cloudflare_token(rng: random.Random) -> str:
    return pick(rng, URLSAFE, 40)


def shopify(rng: random.Random, prefix: str = "shpat_") -> str:
    return prefix + pick(rng, HEX, 32)


def square(rng: random.Random, prefix: str = "EAAA") -> str:
    return prefix + pick(
        rng, URLSAFE, 60 if prefix == "EAAA" else 22 if prefix == "sq0atp-" else 43
    )


def hexkey(rng: random.Random, n: int = 32) -> str:
    return pick(rng, HEX, n)


def jwt(rng: random.Random) -> str:
    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    header = part({"alg": "HS256", "typ": "JWT"})
    body = part({"sub": pick(rng, string.digits, 10), "exp": 1893456000})
    return f"{header}.{body}.{pick(rng, URLSAFE, 43)}"
