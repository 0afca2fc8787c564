"""Values that stand for a secret without being one: references and placeholders.

A configuration file, a README or a CI workflow names where a secret comes from
(``$PASSWORD``, ``${{ secrets.OPENAI_KEY }}``, ``var.db_password``,
``os.environ["X"]``) or shows where it goes (``<password>``, ``your-api-key``,
``insert_key_here``, ``sk-xxxxxxxx``, AWS's documented ``AKIAIOSFODNN7EXAMPLE``).
Removing those hides what an operator needs to reproduce and teaches people to
ignore the redactor. :func:`looks_like_dummy` is the one test every rule asks
before it removes a value; it judges the value alone, never its surroundings.
"""

from __future__ import annotations

import re

__all__ = ["looks_like_dummy"]

# A reference to where the value comes from, the whole value.
_REFERENCE = re.compile(
    r"""
    \$\{\{.*\}\}                                   # ${{ secrets.X }} (GitHub Actions)
    | \{\{.*\}\}                                   # {{ vault_password }} (Jinja, Helm)
    | \$\{[^}\s]+\}                                # ${VAR}, ${VAR:-default}
    | \$\([^)]*\)                                  # $(cat /run/secrets/x)
    | \$[A-Za-z_][A-Za-z0-9_]*                     # $PASSWORD, $db_pass
    | !(?:vault|Ref|Sub|GetAtt|ImportValue|Join|FindInMap|Select|Base64|If|include|unsafe
      |env|secret|ssm|ssm-secure|secretsmanager)(?:[ \t]+\S+)?  # !vault, !Ref DbPassword
    | %[A-Za-z_][A-Za-z0-9_]*%                     # %PASSWORD% (Windows)
    | %\([A-Za-z_]\w*\)s                           # %(password)s (Python, INI)
    | (?:var|local|env|secrets|vars|inputs|params|settings|config|process\.env)
      \.[A-Za-z_][\w.]*                            # var.db_password, process.env.KEY
    | (?:os\.)?(?:environ|getenv|env|ENV)
      (?:\[[^\]]+\]|\([^)]*\)|\.get\([^)]*\))      # os.environ["X"], getenv('X'), ENV['X']
    """,
    re.VERBOSE,
)

# A placeholder shown where the value goes: <password>, [api key], {token}.
_BRACKETED = re.compile(r"<[^<>]{1,40}>|\[[^\[\]]{1,40}\]|\{[^{}]{1,40}\}")

# Words that say "put yours here".
_FILLER = re.compile(
    r"""
    (?:^|[\W_])(?:your|my|insert|enter|replace|put|paste|add|fill|set|change)
      [\W_]*(?:\w+[\W_]*){0,3}?(?:key|token|secret|password|pass|pwd|here|value|id)(?:$|[\W_])
    | (?:^|[\W_])(?:changeme|change[\W_]?me|replace[\W_]?me|placeholder|dummy|redacted
      |notreal|not[\W_]a[\W_]real|fake|sample[\W_](?:key|token|secret))(?:$|[\W_])
    | (?:^|[\W_])[A-Za-z_]*_here(?:$|\W)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_SIX_RUN = re.compile(r"([xX*#\u2022\u25cf.0])\1{5}|(?:\\u2022){6}")

# Every _FILLER match holds one of these.
_FILLER_HINTS = ("your", "my", "insert", "enter", "replace", "put", "paste", "add", "fill", "set",
                 "change", "placeholder", "dummy", "redacted", "notreal", "not", "fake", "sample",
                 "here")  # fmt: skip
_FILLER_HINT = re.compile("|".join(_FILLER_HINTS))

# A documented example value: AWS's AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.
_EXAMPLE = re.compile(r"EXAMPLE|(?:^|[\W_])example(?:$|[\W_])")

# The same character over and over, after an optional prefix: sk-xxxxxxxx,
# ghp_XXXXXXXXXXXX, ****, 00000000, abcdefgh... is not (letters change).
_REPEATED = re.compile(
    r"^(?:[A-Za-z0-9]{1,12}[-_.])*?[A-Za-z0-9]{0,12}?[-_.]?([xX*#•●.0]|\\u2022)\1{5,}[A-Za-z0-9]{0,4}$"
)


def looks_like_dummy(value: str) -> bool:
    """True when ``value`` names or marks a secret instead of being one."""
    v = value.strip().strip("'\"`")
    if not v:
        return True
    # Every rule asks this of every value it would remove: each costly pattern runs
    # only where a cheap test (one character, one C-level search) says it may match.
    if (v[0] in _REFERENCE_FIRST or _REFERENCE_HINT.search(v)) and _REFERENCE.fullmatch(v):
        return True
    if v[0] in "<[{" and _BRACKETED.fullmatch(v):
        return True
    # Both need six of one filler character in a row.
    if _SIX_RUN.search(v) and (_REPEATED.match(v) or _mostly_repeated(v)):
        return True
    if "EXAMPLE" in v or ("example" in v and _EXAMPLE.search(v)):
        return True
    if len(v) >= 12 and _long_run(v):
        return True
    low = v.lower()
    if v.isalnum():  # then a _FILLER match starts the value (no other boundary there)
        return low.startswith(_FILLER_HINTS) and _FILLER.search(v) is not None
    return _FILLER_HINT.search(low) is not None and _FILLER.search(v) is not None


# What every _REFERENCE match starts with, or holds ("var.x", "os.environ[...]").
_REFERENCE_FIRST = frozenset("$%{!")
_REFERENCE_HINT = re.compile(r"[.(\[]")


def _mostly_repeated(v: str) -> bool:
    # "sk-proj-xxxxxxxxxxxxxxxxxxxx1234": eight of one filler character in a row
    # never happen in a random key.
    return _FILLER_RUN.search(v) is not None


# (Not "0": a timestamp such as 1700000000 inside a cookie's value has eight zeros;
# a value of zeros after a prefix is _REPEATED's.)
_FILLER_RUN = re.compile(r"([xX*#\u2022\u25cf.])\1{7,}")


# Twelve of one lower-case letter or digit in a row, over half the value: never in a
# random key (1 in 36^11 a place), always in a filled-in sample (aaaa…, AIzaaaa…,
# glc_1111…). (Upper-case runs stay values: the public samples score AKIAZZZZ… and
# AGE-SECRET-KEY-1QQQQ… as keys to remove; XXXX… is a filler above.)
_LONG_RUN = re.compile(r"([a-z0-9])\1{11,}")


def _long_run(v: str) -> bool:
    m = _LONG_RUN.search(v)
    return m is not None and 2 * (m.end() - m.start()) >= len(v)
