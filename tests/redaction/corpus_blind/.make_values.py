"""Fill the blind corpus's value macros with fresh fake values, and count the labels.

Hidden (dot) file on purpose: ``load_corpus`` reads every non-dot file in this
directory as a document.

The documents were written by hand with macros of the form ``⟪gen@key⟫`` where a
generated value was wanted (provider keys in their published formats, Luhn-valid
cards, mod-97-valid IBANs, UUIDs, hashes). ``⟪gen@key⟫`` becomes a labelled value
(``⟦s:cat:kind⟧…⟦/s⟧`` or ``⟦k:kind⟧…⟦/k⟧``), ``⟪=gen@key⟫`` the bare value (to be
labelled by hand, e.g. inside a JSON string or a base64 run), ``⟪b64:text⟫`` the
base64 of ``text``. The same ``gen@key`` in one document gives the same value.
Values are seeded by document name, so a re-run gives the same corpus.

    python .make_values.py fill SRC_DIR     # SRC_DIR/*.txt templates -> this directory
    python .make_values.py count            # the per-category / per-kind table
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
import string
import sys
import uuid
from collections import Counter
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"
B32 = string.ascii_uppercase + "234567"


def rs(r: random.Random, alphabet: str, n: int) -> str:
    return "".join(r.choice(alphabet) for _ in range(n))


def luhn_complete(prefix: str, length: int, r: random.Random) -> str:
    body = prefix + rs(r, string.digits, length - len(prefix) - 1)
    for d in string.digits:
        if luhn_ok(body + d):
            return body + d
    raise AssertionError


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def order16(r: random.Random) -> str:
    while True:
        n = str(r.randint(1, 9)) + rs(r, string.digits, 15)
        if not luhn_ok(n):
            return n


BBAN = {  # country: (length of BBAN, alphabet pattern)
    "DE": "n18",
    "ES": "n20",
    "FR": "n10a11n2",
    "NL": "a4n10",
    "IT": "a1n10a12",
    "PT": "n21",
    "PL": "n24",
    "BE": "n12",
    "AT": "n16",
    "GB": "a4n14",
    "IE": "a4n14",
}


def iban(country: str, r: random.Random) -> str:
    spec = BBAN[country]
    bban = ""
    for kind, n in re.findall(r"([na])(\d+)", spec):
        bban += rs(r, string.digits if kind == "n" else string.ascii_uppercase, int(n))
    if country == "NL":
        bban = r.choice(["RABO", "INGB", "ABNA", "TRIO"]) + bban[4:]
    if country == "GB":
        bban = r.choice(["BARC", "NWBK", "LOYD", "MIDL"]) + bban[4:]
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def iban_ok(value: str) -> bool:
    v = value.replace(" ", "")
    s = v[4:] + v[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def pem_body(r: random.Random, newline: str) -> str:
    """The base64 lines of a 2048-bit RSA key (random bytes, not a key), joined by ``newline``."""
    data = base64.b64encode(b"0\x82\x04\xbd\x02\x01\x00" + r.randbytes(1211)).decode()
    return newline.join(data[i : i + 64] for i in range(0, len(data), 64))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jwt(r: random.Random) -> str:
    head = b64url(b'{"alg":"HS256","typ":"JWT"}')
    sub = r.randint(100, 99999)
    iss = r.choice(["auth.sophmate-demo.io", "shop.example.net", "api.kundenportal.de"])
    iat = 1764000000 + r.randint(0, 9999999)
    exp = 1766000000 + r.randint(0, 9999999)
    scope = r.choice(["read write", "wp:admin", "orders"])
    claims = f'{{"sub":"{sub}","iss":"https://{iss}","iat":{iat},"exp":{exp},"scope":"{scope}"}}'
    body = b64url(claims.encode())
    return f"{head}.{body}.{rs(r, URLSAFE, 43)}"


SALT_CHARS = "".join(c for c in string.printable[:94] if c not in "'\"\\{}`$")

# name: (category or "keep", kind, maker)
GEN = {
    # AI providers
    "openai": (
        "provider_key",
        "openai",
        lambda r: "sk-proj-" + rs(r, URLSAFE, 74) + "T3BlbkFJ" + rs(r, URLSAFE, 74),
    ),
    "openai_old": (
        "provider_key",
        "openai",
        lambda r: "sk-" + rs(r, ALNUM, 20) + "T3BlbkFJ" + rs(r, ALNUM, 20),
    ),
    "openai_svc": (
        "provider_key",
        "openai",
        lambda r: "sk-svcacct-" + rs(r, URLSAFE, 64) + "T3BlbkFJ" + rs(r, URLSAFE, 64),
    ),
    "anthropic": (
        "provider_key",
        "anthropic",
        lambda r: "sk-ant-api03-" + rs(r, URLSAFE, 93) + "AA",
    ),
    "google": ("provider_key", "google", lambda r: "AIza" + rs(r, URLSAFE, 35)),
    "mistral": ("provider_key", "mistral", lambda r: rs(r, ALNUM, 32)),
    "cohere": ("provider_key", "cohere", lambda r: rs(r, ALNUM, 40)),
    "groq": ("provider_key", "groq", lambda r: "gsk_" + rs(r, ALNUM, 52)),
    "openrouter": ("provider_key", "openrouter", lambda r: "sk-or-v1-" + rs(r, HEX, 64)),
    "azure": ("provider_key", "azure", lambda r: rs(r, HEX, 32)),
    "hf": ("provider_key", "huggingface", lambda r: "hf_" + rs(r, string.ascii_letters, 34)),
    # services
    "aws_id": ("service_token", "aws", lambda r: "AKIA" + rs(r, B32, 16)),
    "aws_secret": ("service_token", "aws", lambda r: rs(r, ALNUM + "/+", 40)),
    "stripe_sk": ("service_token", "stripe", lambda r: "sk_live_51" + rs(r, ALNUM, 97)),
    "stripe_rk": ("service_token", "stripe", lambda r: "rk_live_51" + rs(r, ALNUM, 97)),
    "stripe_whsec": ("service_token", "stripe", lambda r: "whsec_" + rs(r, ALNUM, 32)),
    "paypal_secret": ("service_token", "paypal", lambda r: "E" + rs(r, URLSAFE, 79)),
    "paypal_token": ("service_token", "paypal", lambda r: "A21AA" + rs(r, URLSAFE, 92)),
    "braintree_key": ("service_token", "braintree", lambda r: rs(r, HEX, 32)),
    "braintree_token": (
        "service_token",
        "braintree",
        lambda r: (
            "access_token$production$"
            + rs(r, "abcdefghijklmnopqrstuvwxyz0123456789", 16)
            + "$"
            + rs(r, HEX, 32)
        ),
    ),
    "square": ("service_token", "square", lambda r: "EAAA" + rs(r, URLSAFE, 60)),
    "square_secret": ("service_token", "square", lambda r: "sq0csp-" + rs(r, URLSAFE, 43)),
    "shopify": ("service_token", "shopify", lambda r: "shpat_" + rs(r, HEX, 32)),
    "shopify_ss": ("service_token", "shopify", lambda r: "shpss_" + rs(r, HEX, 32)),
    "github": ("service_token", "github", lambda r: "ghp_" + rs(r, ALNUM, 36)),
    "github_fg": (
        "service_token",
        "github",
        lambda r: (
            "github_pat_11"
            + rs(r, string.ascii_uppercase + string.digits, 22)
            + "_"
            + rs(r, ALNUM, 59)
        ),
    ),
    "gitlab": ("service_token", "gitlab", lambda r: "glpat-" + rs(r, URLSAFE, 20)),
    "slack_bot": (
        "service_token",
        "slack",
        lambda r: (
            f"xoxb-{r.randint(10**10, 10**11)}-{r.randint(10**12, 10**13)}-{rs(r, ALNUM, 24)}"
        ),
    ),
    "slack_user": (
        "service_token",
        "slack",
        lambda r: (
            f"xoxp-{r.randint(10**10, 10**11)}-{r.randint(10**10, 10**11)}"
            f"-{r.randint(10**12, 10**13)}-{rs(r, HEX, 32)}"
        ),
    ),
    "slack_hook": (
        "service_token",
        "slack",
        lambda r: (
            "https://hooks.slack.com/services/"
            f"T{rs(r, B32, 10)}/B{rs(r, B32, 10)}/{rs(r, ALNUM, 24)}"
        ),
    ),
    "discord_bot": (
        "service_token",
        "discord",
        lambda r: (
            b64url(str(r.randint(10**17, 10**18)).encode())
            + "."
            + rs(r, URLSAFE, 6)
            + "."
            + rs(r, URLSAFE, 38)
        ),
    ),
    "discord_hook": (
        "service_token",
        "discord",
        lambda r: (
            f"https://discord.com/api/webhooks/{r.randint(10**17, 10**18)}/{rs(r, URLSAFE, 68)}"
        ),
    ),
    "telegram": (
        "service_token",
        "telegram",
        lambda r: f"{r.randint(10**9, 8 * 10**9)}:AA{rs(r, URLSAFE, 33)}",
    ),
    "twilio_token": ("service_token", "twilio", lambda r: rs(r, HEX, 32)),
    "twilio_sk": ("service_token", "twilio", lambda r: "SK" + rs(r, HEX, 32)),
    "sendgrid": (
        "service_token",
        "sendgrid",
        lambda r: "SG." + rs(r, URLSAFE, 22) + "." + rs(r, URLSAFE, 43),
    ),
    "mailgun": ("service_token", "mailgun", lambda r: "key-" + rs(r, HEX, 32)),
    "mailgun_new": (
        "service_token",
        "mailgun",
        lambda r: f"{rs(r, HEX, 32)}-{rs(r, HEX, 8)}-{rs(r, HEX, 8)}",
    ),
    "mailchimp": (
        "service_token",
        "mailchimp",
        lambda r: rs(r, HEX, 32) + "-us" + str(r.randint(1, 21)),
    ),
    "brevo": (
        "service_token",
        "brevo",
        lambda r: "xkeysib-" + rs(r, HEX, 64) + "-" + rs(r, ALNUM, 16),
    ),
    "brevo_smtp": (
        "service_token",
        "brevo",
        lambda r: "xsmtpsib-" + rs(r, HEX, 64) + "-" + rs(r, ALNUM, 16),
    ),
    "postmark": (
        "service_token",
        "postmark",
        lambda r: str(uuid.UUID(int=r.getrandbits(128), version=4)),
    ),
    "cloudflare": ("service_token", "cloudflare", lambda r: rs(r, URLSAFE, 40)),
    "digitalocean": ("service_token", "digitalocean", lambda r: "dop_v1_" + rs(r, HEX, 64)),
    "algolia": ("service_token", "algolia", lambda r: rs(r, HEX, 32)),
    "datadog_api": ("service_token", "datadog", lambda r: rs(r, HEX, 32)),
    "datadog_app": ("service_token", "datadog", lambda r: rs(r, HEX, 40)),
    "notion": ("service_token", "notion", lambda r: "secret_" + rs(r, ALNUM, 43)),
    "notion_ntn": (
        "service_token",
        "notion",
        lambda r: "ntn_" + rs(r, string.digits, 11) + rs(r, ALNUM, 35),
    ),
    "atlassian": (
        "service_token",
        "atlassian",
        lambda r: "ATATT3xFfGF0" + rs(r, URLSAFE, 170) + "=" + rs(r, HEX.upper(), 8),
    ),
    "onepassword": ("service_token", "1password", lambda r: "ops_eyJ" + rs(r, ALNUM, 300)),
    "azure_ad": (
        "service_token",
        "azure-ad",
        lambda r: rs(r, ALNUM, 3) + str(r.randint(0, 9)) + "Q~" + rs(r, ALNUM + "_.-~", 34),
    ),
    "mailjet": ("service_token", "mailjet", lambda r: rs(r, HEX, 32)),
    # credentials
    "salt": ("credential", "salt", lambda r: rs(r, SALT_CHARS, 64)),
    "pem": ("credential", "pem", lambda r: pem_body(r, "\n")),
    "pem_json": ("credential", "pem", lambda r: pem_body(r, "\\n")),
    "jwt": ("credential", "jwt", jwt),
    "wp_cookie": (
        "credential",
        "cookie",
        lambda r: (
            f"{r.choice(['admin', 'shopmanager', 'elena.k', 'webmaster'])}"
            f"%7C{1765000000 + r.randint(0, 9999999)}%7C{rs(r, ALNUM, 43)}%7C{rs(r, HEX, 64)}"
        ),
    ),
    "woo_session": (
        "credential",
        "cookie",
        lambda r: (
            f"t_{rs(r, HEX, 30)}%7C%7C{1765000000 + r.randint(0, 9999999)}"
            f"%7C%7C{1764900000 + r.randint(0, 9999999)}%7C%7C{rs(r, HEX, 32)}"
        ),
    ),
    "phpsessid": (
        "credential",
        "cookie",
        lambda r: rs(r, "abcdefghijklmnopqrstuvwxyz0123456789", 26),
    ),
    "session_hex": ("credential", "cookie", lambda r: rs(r, HEX, 40)),
    "nonce": ("credential", "nonce", lambda r: rs(r, HEX, 10)),
    "bearer": ("credential", "bearer", lambda r: rs(r, URLSAFE, 48)),
    "secret": ("credential", "secret", lambda r: rs(r, ALNUM, 32)),
    "hex64": ("credential", "secret", lambda r: rs(r, HEX, 64)),
    # purchase codes
    "envato": (
        "purchase_code",
        "envato",
        lambda r: str(uuid.UUID(int=r.getrandbits(128), version=4)),
    ),
    # payment
    "visa": ("payment", "card", lambda r: luhn_complete("4" + rs(r, string.digits, 5), 16, r)),
    "mc": (
        "payment",
        "card",
        lambda r: luhn_complete(
            r.choice(["51", "53", "55", "2221"]) + rs(r, string.digits, 4), 16, r
        ),
    ),
    "amex": (
        "payment",
        "card",
        lambda r: luhn_complete(r.choice(["34", "37"]) + rs(r, string.digits, 4), 15, r),
    ),
    **{f"iban_{c.lower()}": ("payment", "iban", partial(iban, c)) for c in BBAN},
    # keep look-alikes
    "uuid": ("keep", "uuid", lambda r: str(uuid.UUID(int=r.getrandbits(128), version=4))),
    "md5": ("keep", "hash", lambda r: rs(r, HEX, 32)),
    "sha1": ("keep", "hash", lambda r: rs(r, HEX, 40)),
    "sha256": ("keep", "hash", lambda r: rs(r, HEX, 64)),
    "gitsha": ("keep", "git-sha", lambda r: rs(r, HEX, 40)),
    "gitshort": ("keep", "git-sha", lambda r: rs(r, HEX, 7)),
    "order16": ("keep", "order", order16),
    "ch": ("keep", "stripe-id", lambda r: "ch_3" + rs(r, ALNUM, 23)),
    "pi": ("keep", "stripe-id", lambda r: "pi_3" + rs(r, ALNUM, 23)),
    "cus": ("keep", "stripe-id", lambda r: "cus_" + rs(r, ALNUM, 14)),
    "evt": ("keep", "stripe-id", lambda r: "evt_1" + rs(r, ALNUM, 23)),
    "pm": ("keep", "stripe-id", lambda r: "pm_1" + rs(r, ALNUM, 23)),
    "req": ("keep", "stripe-id", lambda r: "req_" + rs(r, ALNUM, 14)),
    "cfray": (
        "keep",
        "cf-ray",
        lambda r: (
            rs(r, HEX, 16)
            + "-"
            + r.choice(["FRA", "AMS", "CDG", "MAD", "WAW", "LIS", "MXP", "IAD", "LHR"])
        ),
    ),
    "reqid": ("keep", "id", lambda r: "req_" + rs(r, HEX, 32)),
    "traceid": ("keep", "id", lambda r: rs(r, HEX, 32)),
    "hexid": ("keep", "id", lambda r: rs(r, HEX, 32)),
    "msgid": ("keep", "id", lambda r: "msg_01" + rs(r, ALNUM, 22)),
}

#: A webhook URL's scheme and host are public; the label covers the secret path only.
PUBLIC_PREFIX = ("https://hooks.slack.com/services/", "https://discord.com/api/webhooks/")

MACRO = re.compile(r"⟪([^⟪⟫]*)⟫")


def fill(text: str, doc: str) -> str:
    cache: dict[str, str] = {}
    fresh = Counter()

    def value(spec: str) -> tuple[str, str, str]:
        gen, _, key = spec.partition("@")
        fmt = ""
        if "." in gen:
            gen, fmt = gen.split(".", 1)
        if not key:
            fresh[gen] += 1
            key = f"#fresh{fresh[gen]}"
        cat, kind, maker = GEN[gen]
        ck = f"{gen}@{key}"
        if ck not in cache:
            cache[ck] = maker(random.Random(f"{doc}|{ck}"))
        v = cache[ck]
        if fmt == "sp":
            v = " ".join(v[i : i + 4] for i in range(0, len(v), 4))
        elif fmt == "amexsp":
            v = f"{v[:4]} {v[4:10]} {v[10:]}"
        elif fmt == "dash":
            v = "-".join(v[i : i + 4] for i in range(0, len(v), 4))
        elif fmt == "plus":
            v = "+".join(v[i : i + 4] for i in range(0, len(v), 4))
        elif fmt == "last4":
            v = v[-4:]
        elif fmt == "upper":
            v = v.upper()
        elif fmt:
            raise KeyError(fmt)
        return cat, kind, v

    def sub(m: re.Match[str]) -> str:
        body = m.group(1)
        if body.startswith("b64:"):
            return base64.b64encode(body[4:].encode()).decode()
        if body.startswith("b64url:"):
            return b64url(body[7:].encode())
        if body.startswith("md5:"):
            return hashlib.md5(body[4:].encode()).hexdigest()
        raw = body.startswith("=")
        cat, kind, v = value(body.lstrip("="))
        if raw:
            return v
        if cat == "keep":
            return f"⟦k:{kind}⟧{v}⟦/k⟧"
        prefix = next((p for p in PUBLIC_PREFIX if v.startswith(p)), "")
        return f"{prefix}⟦s:{cat}:{kind}⟧{v[len(prefix) :]}⟦/s⟧"

    while True:
        new = MACRO.sub(sub, text)
        if new == text:
            return new
        text = new


def load():
    sys.path.insert(0, str(HERE.parent.parent))
    from redaction.scoring import load_corpus

    return load_corpus(HERE)


def count() -> None:
    docs = load()
    cats, kinds, keeps = Counter(), Counter(), Counter()
    problems = []
    for d in docs:
        for s in d.secrets:
            cats[s.category] += 1
            kinds[f"{s.category}:{s.kind}"] += 1
            if s.kind == "card" and not luhn_ok(s.value.replace("+", "")):
                problems.append(f"{d.name}: card fails Luhn {s.value}")
            if s.kind == "iban" and not iban_ok(re.sub(r"[^A-Z0-9]", "", s.value.upper())):
                problems.append(f"{d.name}: iban fails mod-97 {s.value}")
            if s.kind == "envato" and not re.fullmatch(
                r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", s.value, re.I
            ):
                problems.append(f"{d.name}: purchase code not UUID-shaped {s.value}")
        for k in d.keeps:
            keeps[k.kind] += 1
            if k.kind == "order" and k.value.isdigit() and len(k.value) >= 13 and luhn_ok(k.value):
                problems.append(f"{d.name}: order id passes Luhn {k.value}")
        for marker in ("⟦", "⟧", "⟪", "⟫"):
            if marker in d.text:
                problems.append(f"{d.name}: marker {marker} left")
    secrets, kept = sum(cats.values()), sum(keeps.values())
    print(f"{len(docs)} documents, {secrets} secret labels, {kept} keep labels\n")
    print("| category | secrets |\n|---|---:|")
    for c, n in sorted(cats.items()):
        print(f"| {c} | {n} |")
    print("\n| category:kind | secrets |\n|---|---:|")
    for k, n in sorted(kinds.items()):
        print(f"| {k} | {n} |")
    print("\n| keep kind | labels |\n|---|---:|")
    for k, n in sorted(keeps.items()):
        print(f"| {k} | {n} |")
    lines = [len(d.text.splitlines()) for d in docs]
    print(f"\nlines per document: min {min(lines)}, max {max(lines)}")
    for p in problems:
        print("PROBLEM", p)


if __name__ == "__main__":
    if sys.argv[1] == "fill":
        src = Path(sys.argv[2])
        for path in sorted(src.glob("*.txt")):
            name = path.name[: -len(".txt")]
            (HERE / name).write_text(fill(path.read_text(encoding="utf-8"), name), encoding="utf-8")
        print("filled", len(list(src.glob("*.txt"))))
    else:
        count()
