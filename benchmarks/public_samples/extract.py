"""Extract the public true/false-positive samples scored by ``benchmarks/public_samples.py``.

Run ONCE by hand (never by the benchmark) with the git directories of three snapshots:

    python benchmarks/public_samples/extract.py \\
        --gitleaks /work/.mirror/gitleaks+gitleaks/repo \\
        --detect-secrets /work/.mirror/Yelp+detect-secrets/repo \\
        --presidio /work/.mirror/microsoft+presidio/repo

It reads each repository's files at ``HEAD`` with ``git --git-dir=DIR show`` and
writes, next to this script:

* ``gitleaks.jsonl``: the ``tps``/``fps`` lists of every rule in
  ``cmd/generate/config/rules/*.go``. Go is not Python, so a small evaluator reads
  the statements of each rule function (string literals, ``+``, ``[]string{...}``,
  ``map[string]string{...}``, ``append``, ``fmt.Sprintf``, and gitleaks' helpers
  ``utils.GenerateSampleSecrets`` / ``GenerateSampleSecret`` / ``AlphaNumeric`` /
  ``Hex`` / ...). Generated secrets (``secrets.NewSecret(regex)``,
  ``newPlausibleSecret``) are generated here from the regex with a fixed seed, as
  gitleaks' own generator would (unbounded repeats at most once more), and marked
  ``generated``. Samples built in loops (``jwt-base64``'s header table) are
  skipped and counted. The secret expected removed is what the rule itself
  reports: its regex from ``config/gitleaks.toml`` (translated to Python ``re``)
  run on the sample, the ``secretGroup`` (or the first non-empty group, as
  gitleaks does); where that regex does not compile in Python or does not match,
  the secret passed to ``GenerateSampleSecrets`` is used, else the sample is
  dropped and counted.
* ``detect_secrets.jsonl``: the ``pytest.mark.parametrize`` cases of
  ``tests/plugins/*_test.py`` (read with ``ast``; module constants and
  ``str.format`` evaluated), and a few filter tests whose cases are placeholders or
  references (``tests/filters/heuristic_filter_test.py``). The secret of a positive
  is the expected secret where the test gives it (keyword tests), else what the
  snapshot's own plugin reports for the line (the snapshot's ``detect_secrets``
  package is imported from a temporary ``git archive``).
* ``presidio.jsonl``: the parametrized cases of
  ``presidio-analyzer/tests/test_*_recognizer.py`` with expected spans; a case
  expecting no entity is a negative.

Every negative carries ``keep`` (its longest token, the would-be secret),
``placeholder_like`` (it looks like a placeholder, example or reference) and
``secret_like`` (not a placeholder, and its would-be secret is shaped like a live
credential: see :func:`secret_like`); a positive carries ``placeholder_like`` when
one of its secrets looks like a placeholder (``AP6xxxxxxxxxx``).
Re-runnable: same snapshots, same output.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import io
import json
import math
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# -- shared ----------------------------------------------------------------------------

PLACEHOLDER = re.compile(
    r"x{4,}|X{4,}|\*{4,}|0{6,}|EXAMPLE|example|insert|your[_\- ]|_here\b|\bhere\b"
    r"|\$[A-Za-z_{(]|\{\{|<[A-Za-z_ -]+>|%[A-Z_]+%|\bdummy|\bfake|\bsample|placeholder"
    r"|changeme|change_me|redacted|abcdef|123456|\.\.\.|…|test|TEST|Test"
)
TOKEN = re.compile(r"[^\s'\"`=:,;(){}\[\]<>]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def placeholder_like(text: str) -> bool:
    """Looks like a placeholder, an example or a reference (not a live value)."""
    return PLACEHOLDER.search(text) is not None


def keep_token(text: str) -> str:
    """The would-be secret of a negative: its longest token (not an e-mail address)."""
    tokens = [t for t in TOKEN.findall(text) if not EMAIL.fullmatch(t)]
    return max(tokens, key=len) if tokens else text.strip()


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def secret_like(token: str) -> bool:
    """A would-be secret shaped like a live credential: 16+ characters, letters and
    digits, high entropy, not a placeholder. Many rules' false positives are real
    keys in a shape the rule rejects (a wrong length, a prefix missing, Google's
    published browser keys): a support desk rightly removes those."""
    return (
        len(token) >= 16
        and re.search(r"[A-Za-z]", token) is not None
        and re.search(r"[0-9]", token) is not None
        and entropy(token) >= 3.5
        and not placeholder_like(token)
    )


def git_show(git_dir: Path, path: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def git_ls(git_dir: Path, folder: str) -> list[str]:
    out = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "--name-only", "HEAD", folder],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return out.split()


def git_head(git_dir: Path) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "rev-parse", "HEAD"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.strip()


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def positive(source: str, family: str, rule: str, text: str, secrets: list[str], **extra: Any):
    return {
        "source": source,
        "family": family,
        "rule": rule,
        "text": text,
        "secrets": secrets,
        "negative": False,
        "placeholder_like": any(placeholder_like(x) for x in secrets),
        **extra,
    }


def negative(source: str, family: str, rule: str, text: str, **extra: Any):
    return {
        "source": source,
        "family": family,
        "rule": rule,
        "text": text,
        "secrets": [],
        "negative": True,
        "keep": keep_token(text),
        "placeholder_like": placeholder_like(text),
        "secret_like": secret_like(keep_token(text)) and not placeholder_like(text),
        **extra,
    }


# -- regex -> a sample string (gitleaks' secrets.NewSecret) ---------------------------

try:  # Python 3.11+
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_PRINTABLE = [chr(c) for c in range(33, 127)]
_CATEGORY = {
    sre_c.CATEGORY_DIGIT: "0123456789",
    sre_c.CATEGORY_WORD: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    sre_c.CATEGORY_SPACE: " ",
}


def _class_chars(items: list[tuple[Any, Any]]) -> list[str]:
    chars: set[str] = set()
    negate = False
    for op, av in items:
        if op is sre_c.NEGATE:
            negate = True
        elif op is sre_c.LITERAL:
            chars.add(chr(av))
        elif op is sre_c.RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is sre_c.CATEGORY:
            chars.update(_CATEGORY.get(av, ""))
    if negate:
        return [c for c in _PRINTABLE if c not in chars]
    return sorted(chars)


def _generate(parsed: Any, rng: random.Random, out: list[str]) -> None:
    for op, av in parsed:
        if op is sre_c.LITERAL:
            out.append(chr(av))
        elif op is sre_c.NOT_LITERAL:
            out.append(rng.choice([c for c in _PRINTABLE if ord(c) != av]))
        elif op is sre_c.IN:
            out.append(rng.choice(_class_chars(av)))
        elif op is sre_c.ANY:
            out.append(rng.choice(_PRINTABLE))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            hi = lo + 1 if hi is sre_c.MAXREPEAT else hi  # reggen's limit 1
            for _ in range(rng.randint(lo, hi)):
                _generate(sub, rng, out)
        elif op is sre_c.SUBPATTERN:
            _generate(av[-1], rng, out)
        elif op is sre_c.BRANCH:
            _generate(rng.choice(av[1]), rng, out)
        elif op is sre_c.CATEGORY:
            out.append(rng.choice(_CATEGORY.get(av, "a")))
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        else:
            raise Unsupported(f"regex op {op}")


def generate(regex: str, rng: random.Random) -> str:
    out: list[str] = []
    _generate(sre_parse.parse(go_regex_to_python(regex)), rng, out)
    return "".join(out)


def go_regex_to_python(pattern: str) -> str:
    """The few RE2 spellings Python's ``re`` reads differently."""
    posix = {
        "[:alnum:]": "a-zA-Z0-9",
        "[:alpha:]": "a-zA-Z",
        "[:digit:]": "0-9",
        "[:upper:]": "A-Z",
        "[:lower:]": "a-z",
        "[:space:]": r"\s",
        "[:xdigit:]": "0-9A-Fa-f",
        "[:word:]": r"\w",
        "[:punct:]": r"!-/:-@\[-`{-~",
    }
    for k, v in posix.items():
        pattern = pattern.replace(k, v)
    pattern = pattern.replace(r"\z", r"\Z").replace("(?<", "(?P<").replace("(?P<=", "(?<=")
    pattern = pattern.replace("(?P<!", "(?<!")
    # A global (?i) or (?s) not at the very start: Python wants it first.
    flags = ""
    for m in re.finditer(r"\(\?([imsU]+)\)", pattern):
        flags += m.group(1).replace("U", "")
    if flags:
        pattern = "(?" + "".join(sorted(set(flags))) + ")" + re.sub(r"\(\?[imsU]+\)", "", pattern)
    return pattern


# -- a small Go evaluator (gitleaks rule files) ---------------------------------------


class Unsupported(Exception):
    """A Go construct the evaluator does not handle (the element is skipped)."""


@dataclass(frozen=True)
class S:
    """A Go string value: its text, whether part of it was generated, the secret hint."""

    text: str
    generated: bool = False
    hint: str | None = None
    syntax: str | None = None  # the GenerateSampleSecrets template it came from

    def __add__(self, other: S) -> S:
        return S(
            self.text + other.text,
            self.generated or other.generated,
            self.hint or other.hint,
            self.syntax or other.syntax,
        )


_GO_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r]+)|(?P<nl>\n)|(?P<comment>//[^\n]*|/\*.*?\*/)"""
    r"""|(?P<raw>`[^`]*`)|(?P<str>"(?:[^"\\\n]|\\.)*")|(?P<rune>'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<num>\d+)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)"""
    r"""|(?P<op>\.\.\.|:=|\+=|==|!=|&&|\|\||[-+*/%=(){}\[\],;:.&<>!|^])""",
    re.DOTALL,
)


@dataclass
class Tok:
    kind: str
    value: str
    line: int


def go_tokens(source: str) -> list[Tok]:
    toks: list[Tok] = []
    pos, line = 0, 1
    while pos < len(source):
        m = _GO_TOKEN.match(source, pos)
        if not m:
            raise Unsupported(f"cannot tokenize at line {line}: {source[pos : pos + 20]!r}")
        kind = m.lastgroup or ""
        if kind == "nl":
            toks.append(Tok("nl", "\n", line))
        elif kind == "comment":
            if "\n" in m.group():
                toks.append(Tok("nl", "\n", line))
        elif kind != "ws":
            toks.append(Tok(kind, m.group(), line))
        line += m.group().count("\n")
        pos = m.end()
    return toks


def go_string(tok: Tok) -> str:
    if tok.kind == "raw":
        return tok.value[1:-1].replace("\r", "")
    body = tok.value[1:-1]
    # Go's escapes are C's; \u and \U and \x as in Python.
    return body.encode("latin-1", "backslashreplace").decode("unicode_escape")


def _sprintf(fmt: str, args: list[S]) -> S:
    it = iter(args)
    out: list[str] = []
    gen = any(a.generated for a in args)
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c == "%" and i + 1 < len(fmt):
            verb = fmt[i + 1]
            if verb == "%":
                out.append("%")
            elif verb in "sdvq":
                a = next(it)
                out.append(f'"{a.text}"' if verb == "q" else a.text)
            else:
                raise Unsupported(f"Sprintf verb %{verb}")
            i += 2
            continue
        out.append(c)
        i += 1
    return S("".join(out), gen, next((a.hint for a in args if a.hint), None))


class GoFunction:
    """Evaluates the statements of one rule function for its tps and fps."""

    def __init__(self, toks: list[Tok], rule_id: str, stop_words: list[str]):
        self.toks = toks
        self.pos = 0
        self.env: dict[str, Any] = {}
        self.rule = rule_id
        self.rng = random.Random(f"gitleaks:{rule_id}")
        self.stop_words = stop_words
        self.skipped = 0
        self.result: tuple[list[S], list[S]] | None = None

    # token helpers
    def peek(self, k: int = 0) -> Tok:
        i = self.pos + k
        return self.toks[i] if i < len(self.toks) else Tok("eof", "", 0)

    def take(self, value: str | None = None) -> Tok:
        tok = self.peek()
        if value is not None and tok.value != value:
            raise Unsupported(f"expected {value!r}, got {tok.value!r} (line {tok.line})")
        self.pos += 1
        return tok

    def skip_nl(self) -> None:
        while self.peek().kind == "nl":
            self.pos += 1

    def skip_balanced(self) -> None:
        """Skip one bracketed group starting at the current opening token."""
        depth = 0
        while True:
            tok = self.take()
            if tok.value in "([{" and tok.kind == "op":
                depth += 1
            elif tok.value in ")]}" and tok.kind == "op":
                depth -= 1
                if depth == 0:
                    return
            elif tok.kind == "eof":
                return

    def skip_statement(self) -> None:
        depth = 0
        while True:
            tok = self.peek()
            if tok.kind == "eof":
                return
            if tok.kind == "op" and tok.value in "([{":
                depth += 1
            elif tok.kind == "op" and tok.value in ")]}":
                if depth == 0:
                    return
                depth -= 1
            elif tok.kind == "nl" and depth == 0:
                return
            self.pos += 1

    # statements
    def run(self) -> None:
        while self.peek().kind != "eof":
            self.skip_nl()
            start = self.pos
            tok = self.peek()
            if tok.kind == "eof":
                break
            try:
                if tok.value == "return" and self.peek(1).value == "utils":
                    self.take()
                    call = self.qualified()
                    if call not in ("utils.Validate", "utils.ValidateWithPaths"):
                        raise Unsupported(call)
                    self.take("(")
                    self.skip_nl()
                    self.skip_element()  # the rule
                    self.take(",")
                    self.skip_nl()
                    tps = self.as_list(self.expr())
                    self.take(",")
                    self.skip_nl()
                    fps = self.as_list(self.expr())
                    self.result = (tps, fps)
                    return
                if tok.kind == "ident" and self.peek(1).value in (":=", "="):
                    name = self.take().value
                    self.take()
                    self.env[name] = self.expr()
                elif tok.value == "var" and self.peek(1).kind == "ident":
                    self.take()
                    self.var_spec()
                elif tok.value == "var" and self.peek(1).value == "(":
                    self.take()
                    self.take("(")
                    while True:
                        self.skip_nl()
                        if self.peek().value in (")", ""):
                            self.take()
                            break
                        spec = self.pos
                        try:
                            self.var_spec()
                        except (Unsupported, StopIteration, KeyError, IndexError, re.error):
                            self.pos = spec
                            self.skip_statement()
                else:
                    self.skip_statement()
                    if self.pos == start:
                        self.pos += 1
            except (Unsupported, StopIteration, KeyError, IndexError, re.error):
                self.pos = start
                self.skip_statement()
                if self.pos == start:
                    self.pos += 1

    def var_spec(self) -> None:
        name = self.take().value
        while self.peek().value not in ("=", "\n", ")", ""):
            self.pos += 1
        if self.peek().value == "=":
            self.take()
            self.env[name] = self.expr()
        else:
            self.env[name] = []

    @staticmethod
    def as_list(value: Any) -> list[S]:
        if value is None:
            return []
        if isinstance(value, dict):
            return list(value.values())
        if isinstance(value, list):
            return value
        raise Unsupported("not a list")

    def qualified(self) -> str:
        name = self.take().value
        while self.peek().value == "." and self.peek(1).kind == "ident":
            self.take()
            name += "." + self.take().value
        return name

    def expr(self) -> Any:
        value = self.unary()
        while self.peek().value == "+":
            self.take()
            self.skip_nl()
            right = self.unary()
            if not isinstance(value, S) or not isinstance(right, S):
                raise Unsupported("+ on non-strings")
            value = value + right
        return value

    def unary(self) -> Any:
        tok = self.peek()
        if tok.kind in ("str", "raw"):
            self.take()
            return S(go_string(tok))
        if tok.kind == "num":
            self.take()
            return S(tok.value)
        if tok.value == "(":
            self.take()
            value = self.expr()
            self.take(")")
            return value
        if tok.value == "[" and self.peek(1).value == "]":
            self.take()
            self.take()
            elem = self.qualified() if self.peek().kind == "ident" else ""
            if elem != "string":
                raise Unsupported(f"[]{elem}")
            return self.composite(keyed=False)
        if tok.value == "map":
            self.take()
            self.skip_balanced()  # [string]
            self.qualified()  # string
            return self.composite(keyed=True)
        if tok.kind == "ident":
            name = self.qualified()
            if name == "nil":
                return None
            if self.peek().value == "(":
                return self.call(name)
            if name in self.env:
                return self.env[name]
            raise Unsupported(f"unknown name {name}")
        raise Unsupported(f"unexpected {tok.value!r} at line {tok.line}")

    def composite(self, keyed: bool) -> Any:
        self.take("{")
        items: list[S] = []
        mapping: dict[str, S] = {}
        while True:
            self.skip_nl()
            if self.peek().value == "}":
                self.take()
                break
            start = self.pos
            try:
                if keyed:
                    key = self.expr()
                    self.take(":")
                    self.skip_nl()
                    value = self.expr()
                    if not isinstance(value, S):
                        raise Unsupported("map value")
                    mapping[key.text if isinstance(key, S) else str(len(mapping))] = value
                else:
                    value = self.expr()
                    if not isinstance(value, S):
                        raise Unsupported("element")
                    items.append(value)
            except (Unsupported, StopIteration, KeyError, IndexError, re.error):
                self.skipped += 1
                self.pos = start
                self.skip_element()
            self.skip_nl()
            if self.peek().value == ",":
                self.take()
        return mapping if keyed else items

    def skip_element(self) -> None:
        depth = 0
        while True:
            tok = self.peek()
            if tok.kind == "eof":
                return
            if tok.kind == "op" and tok.value in "([{":
                depth += 1
            elif tok.kind == "op" and tok.value in ")]}":
                if depth == 0:
                    return
                depth -= 1
            elif tok.value == "," and depth == 0:
                return
            self.pos += 1

    def args(self) -> tuple[list[Any], bool]:
        self.take("(")
        values: list[Any] = []
        spread = False
        while True:
            self.skip_nl()
            if self.peek().value == ")":
                self.take()
                return values, spread
            values.append(self.expr())
            if self.peek().value == "...":
                self.take()
                spread = True
            self.skip_nl()
            if self.peek().value == ",":
                self.take()

    def call(self, name: str) -> Any:
        args, spread = self.args()
        text = [a.text if isinstance(a, S) else None for a in args]
        sizes = {
            "utils.Numeric": "[0-9]{%s}",
            "utils.Hex": "[a-f0-9]{%s}",
            "utils.AlphaNumeric": "[a-z0-9]{%s}",
            "utils.AlphaNumericExtendedShort": "[a-z0-9_-]{%s}",
            "utils.AlphaNumericExtended": r"[a-z0-9=_\-]{%s}",
            "utils.AlphaNumericExtendedLong": r"[a-z0-9\/=_\+\-]{%s}",
        }
        if name in sizes:
            return S(sizes[name] % text[0])
        if name == "utils.Hex8_4_4_4_12":
            return S(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        if name == "secrets.NewSecret":
            value = generate(text[0] or "", self.rng)
            return S(value, True, value)
        if name == "newPlausibleSecret":
            for _ in range(2000):
                value = generate(text[0] or "", self.rng)
                if re.search("[1-9]", value) and not any(
                    w in value.lower() for w in self.stop_words
                ):
                    return S(value, True, value)
            raise Unsupported("no plausible secret")
        if name == "utils.GenerateSampleSecret":
            secret = args[1]
            return S(f'{text[0]}_api_token = "{secret.text}"', secret.generated, secret.text)
        if name == "utils.GenerateSampleSecrets":
            return sample_secrets(args[0].text, args[1])
        if name == "fmt.Sprintf":
            return _sprintf(text[0] or "", args[1:])
        if name == "append":
            base = list(self.as_list(args[0]))
            for a in args[1:]:
                if isinstance(a, list):
                    if not spread:
                        raise Unsupported("append list without ...")
                    base.extend(a)
                elif isinstance(a, S):
                    base.append(a)
                else:
                    raise Unsupported("append")
            return base
        if name == "strings.Repeat":
            return S(args[0].text * int(args[1].text), args[0].generated, args[0].hint)
        raise Unsupported(f"call {name}")


#: utils.GenerateSampleSecrets' templates (cmd/generate/config/utils/generate.go).
SAMPLE_TEMPLATES = (
    ("ini - quoted1", '{i}Token="{s}"'),
    ("ini - quoted2", '{i}Token = "{s}"'),
    ("ini - unquoted1", "{i}Token={s}"),
    ("ini - unquoted2", "{i}Token = {s}"),
    ("json - string", '{\n    "{i}_token": "{s}"\n}'),
    ("json - escaped newline in string", '{"config.ini": "{I}_TOKEN={s}\\nBACKUP_ENABLED=true"}'),
    ("xml - element multiline", "<{i}Token>\n    {s}\n</{i}Token>"),
    ("yaml - singleline - unquoted", "{i}_token: {s}"),
    ("yaml - singleline - single quote", "{i}_token: '{s}'"),
    ("yaml - singleline - double quote", '{i}_token: "{s}"'),
    ("C#", 'string {i}Token = "{s}";'),
    ("go - normal", 'var {i}Token string = "{s}"'),
    ("go - short", '{i}Token := "{s}"'),
    ("go - backticks", "{i}Token := `{s}`"),
    ("java", 'String {i}Token = "{s}";'),
    ("kotlin - notype", 'var {i}Token = "{s}"'),
    ("php - string concat", '${i}Token .= "{s}"'),
    ("python - single quote", "{i}Token = '{s}'"),
    ("python - double quote", '{i}Token = "{s}"'),
    ("misc - comma operator", 'System.setProperty("{I}_TOKEN", "{s}")'),
    ("logstash", '  "{i}Token" => "{s}"'),
    ("make - recursive assignment", '{i}_TOKEN = "{s}"'),
    ("make - simple assignment", '{i}_TOKEN := "{s}"'),
    ("make - shell assignment", '{i}_TOKEN ::= "{s}"'),
    ("make - evaluated shell assignment", '{i}_TOKEN :::= "{s}"'),
    ("make - conditional assignment", '{i}_TOKEN ?= "{s}"'),
)


def check_templates(git_dir: Path) -> None:
    """Fail loudly if gitleaks' template table changed since SAMPLE_TEMPLATES was copied."""
    source = git_show(git_dir, "cmd/generate/config/utils/generate.go")
    live = re.findall(r'^\s*"[^"\n]+":\s*(.+?),\s*$', source, re.MULTILINE)
    if len(live) != len(SAMPLE_TEMPLATES):
        raise SystemExit(
            f"gitleaks GenerateSampleSecrets has {len(live)} templates, this script knows"
            f" {len(SAMPLE_TEMPLATES)}: update SAMPLE_TEMPLATES"
        )


def sample_secrets(identifier: str, secret: S) -> list[S]:
    out = []
    for syntax, template in SAMPLE_TEMPLATES:
        text = (
            template.replace("{i}", identifier)
            .replace("{I}", identifier.upper())
            .replace("{s}", secret.text)
        )
        out.append(S(text, secret.generated, secret.text, syntax))
    return out


def go_functions(
    toks: list[Tok], outside: list[Tok] | None = None
) -> Iterator[tuple[str, list[Tok]]]:
    """(name, body tokens) of every top-level ``func``; the rest goes to ``outside``."""
    i = 0
    while i < len(toks):
        if toks[i].value == "func" and i + 1 < len(toks) and toks[i + 1].kind == "ident":
            name = toks[i + 1].value
            j = i + 2
            while j < len(toks) and toks[j].value != "{":
                j += 1
            depth, k = 0, j
            while k < len(toks):
                if toks[k].kind == "op" and toks[k].value == "{":
                    depth += 1
                elif toks[k].kind == "op" and toks[k].value == "}":
                    depth -= 1
                    if depth == 0:
                        break
                k += 1
            yield name, toks[j + 1 : k]
            i = k + 1
        else:
            if outside is not None:
                outside.append(toks[i])
            i += 1


def family_of(rule_id: str) -> str:
    """A provider family: the rule id's prefix (a few joined as the desk names them)."""
    special = {
        "generic-api-key": "generic-api-key",
        "private-key": "private-key",
        "pkcs12-file": "private-key",
        "sendinblue-api-token": "sendinblue/brevo",
        "jwt-base64": "jwt",
        "gcp-api-key": "gcp",
        "curl-auth-header": "curl",
        "curl-auth-user": "curl",
    }
    if rule_id in special:
        return special[rule_id]
    for prefix in ("new-relic", "defined-networking", "octopus-deploy"):
        if rule_id.startswith(prefix):
            return prefix
    head = rule_id.split("-")[0]
    return {"hashicorp": "hashicorp", "sendinblue": "sendinblue/brevo"}.get(head, head)


@dataclass
class RuleRegex:
    pattern: re.Pattern[str] | None
    group: int
    error: str | None = None


def gitleaks_regexes(git_dir: Path) -> dict[str, RuleRegex]:
    config = tomllib.loads(git_show(git_dir, "config/gitleaks.toml"))
    out: dict[str, RuleRegex] = {}
    for rule in config.get("rules", []):
        rid = rule["id"]
        regex = rule.get("regex")
        if not regex:
            out[rid] = RuleRegex(None, 0, "no regex")
            continue
        try:
            out[rid] = RuleRegex(re.compile(go_regex_to_python(regex)), rule.get("secretGroup", 0))
        except re.error as exc:
            out[rid] = RuleRegex(None, 0, str(exc))
    return out


def rule_secrets(rx: RuleRegex | None, sample: S) -> list[str]:
    """What gitleaks would report as the secret in ``sample`` (empty when unknown)."""
    found: list[str] = []
    if rx is not None and rx.pattern is not None:
        for m in rx.pattern.finditer(sample.text):
            secret = m.group(0)
            groups = m.groups()
            if groups:
                if rx.group:
                    secret = m.group(rx.group) or ""
                else:
                    secret = next((g for g in groups if g), secret)
            if secret and secret not in found:
                found.append(secret)
    if not found and sample.hint and sample.hint in sample.text:
        found.append(sample.hint)
    return found


def extract_gitleaks(git_dir: Path) -> tuple[list[dict[str, Any]], Counter[str]]:
    check_templates(git_dir)
    regexes = gitleaks_regexes(git_dir)
    stop_toks = go_tokens(git_show(git_dir, "cmd/generate/config/rules/stopwords.go"))
    stop_words = [go_string(t).lower() for t in stop_toks if t.kind in ("str", "raw")]
    stats: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    for path in sorted(git_ls(git_dir, "cmd/generate/config/rules")):
        if not path.endswith(".go") or path.endswith("_test.go"):
            continue
        toks = go_tokens(git_show(git_dir, path))
        outside: list[Tok] = []
        functions = list(go_functions(toks, outside))
        file_scope = GoFunction(outside, path, stop_words)
        file_scope.run()  # package-level vars (cloudflare's key lists, ...)
        for _name, body in functions:
            ids = [
                go_string(body[i + 2])
                for i in range(len(body) - 2)
                if body[i].value == "RuleID"
                and body[i + 1].value == ":"
                and body[i + 2].kind in ("str", "raw")
            ]
            if not ids:
                continue
            rule_id = ids[0]
            fn = GoFunction(body, rule_id, stop_words)
            fn.env.update(file_scope.env)
            fn.run()
            stats["skipped (loops, unsupported Go)"] += fn.skipped
            if fn.result is None:
                stats[f"rules without readable samples: {rule_id}"] += 1
                continue
            tps, fps = fn.result
            family = family_of(rule_id)
            rx = regexes.get(rule_id)
            for sample in tps:
                secrets = rule_secrets(rx, sample)
                if not secrets:
                    stats["tps with no secret span (dropped)"] += 1
                    continue
                rows.append(
                    positive(
                        "gitleaks",
                        family,
                        rule_id,
                        sample.text,
                        secrets,
                        generated=sample.generated,
                        syntax=sample.syntax or "rule's own sample",
                        path=path,
                    )
                )
            for sample in fps:
                if not sample.text.strip():
                    continue
                rows.append(
                    negative(
                        "gitleaks",
                        family,
                        rule_id,
                        sample.text,
                        generated=sample.generated,
                        path=path,
                    )
                )
    # jwt-base64's tps are built in a loop over a header table: not evaluated.
    return rows, stats


# -- a small Python evaluator (detect-secrets and presidio tests) ---------------------


class PyEval:
    """Evaluates literal-ish Python expressions: constants, names bound at module level,
    + % *, str.format, f-strings, tuples/lists, and a few helper calls."""

    def __init__(self, module: ast.Module):
        self.env: dict[str, Any] = {}
        self.functions: dict[str, ast.FunctionDef] = {}
        for node in module.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name):
                    with contextlib.suppress(Unsupported):
                        self.env[target.id] = self.eval(node.value)
            elif isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node

    def eval(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.env:
                return self.env[node.id]
            raise Unsupported(node.id)
        if isinstance(node, (ast.Tuple, ast.List)):
            out = []
            for elt in node.elts:
                if isinstance(elt, ast.Starred):
                    out.extend(self.eval(elt.value))
                else:
                    out.append(self.eval(elt))
            return tuple(out) if isinstance(node, ast.Tuple) else out
        if isinstance(node, ast.BinOp):
            left, right = self.eval(node.left), self.eval(node.right)
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Mod):
                return left % right
            raise Unsupported("binop")
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                if isinstance(v, ast.Constant):
                    parts.append(str(v.value))
                elif isinstance(v, ast.FormattedValue):
                    parts.append(format(self.eval(v.value)))
            return "".join(parts)
        if isinstance(node, ast.Call):
            func = node.func
            args = [self.eval(a) for a in node.args]
            kwargs = {k.arg: self.eval(k.value) for k in node.keywords if k.arg}
            if isinstance(func, ast.Attribute):
                owner = self.eval(func.value)
                if isinstance(owner, str) and func.attr in ("format", "join", "replace", "strip"):
                    return getattr(owner, func.attr)(*args, **kwargs)
                if isinstance(owner, bytes) and func.attr == "decode":
                    return owner.decode(*args)
                raise Unsupported(f"method {func.attr}")
            if isinstance(func, ast.Name):
                if func.id in ("str", "tuple", "list", "len", "chr"):
                    return {"str": str, "tuple": tuple, "list": list, "len": len, "chr": chr}[
                        func.id
                    ](*args)
                if func.id == "parse_test_cases":  # detect-secrets' keyword_test helper
                    return tuple(
                        (ext, line, expected) for ext, cases in args[0] for line, expected in cases
                    )
            raise Unsupported("call")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self.eval(node.operand)
        raise Unsupported(type(node).__name__)


@dataclass
class Param:
    test: str  # class.function
    names: list[str]
    cases: list[tuple[Any, ...]]
    skipped: int = 0
    fixtures: dict[str, Any] = field(default_factory=dict)


def parametrized(source: str) -> Iterator[Param]:
    module = ast.parse(source)
    ev = PyEval(module)

    def visit(body: list[ast.stmt], prefix: str) -> Iterator[Param]:
        for node in body:
            if isinstance(node, ast.ClassDef):
                yield from visit(node.body, f"{node.name}.")
            if not isinstance(node, ast.FunctionDef):
                continue
            for dec in node.decorator_list:
                if not (
                    isinstance(dec, ast.Call)
                    and isinstance(dec.func, ast.Attribute)
                    and dec.func.attr == "parametrize"
                    and len(dec.args) >= 2
                ):
                    continue
                try:
                    names_value = ev.eval(dec.args[0])
                except Unsupported:
                    continue
                names = (
                    [n.strip() for n in names_value.split(",")]
                    if isinstance(names_value, str)
                    else list(names_value)
                )
                cases: list[tuple[Any, ...]] = []
                skipped = 0
                values = dec.args[1]
                elements = values.elts if isinstance(values, (ast.List, ast.Tuple)) else [values]
                for elt in elements:
                    try:
                        value = ev.eval(elt)
                    except (Unsupported, TypeError, ValueError, KeyError, IndexError):
                        skipped += 1
                        continue
                    if elt is values:  # one expression giving all the cases
                        cases.extend(tuple(c) if len(names) > 1 else (c,) for c in value)
                    else:
                        cases.append(tuple(value) if len(names) > 1 else (value,))
                yield Param(prefix + node.name, names, cases, skipped)

    yield from visit(module.body, "")


# -- detect-secrets ------------------------------------------------------------------

#: Filter tests read, and what their cases are (all negatives: not secrets).
DS_FILTER_TESTS = {
    "TestIsSequentialString.test_success": "sequential string",
    "test_is_potential_uuid": "uuid",
    "test_is_templated_secret": "templated",  # result False -> a template (negative)
    "test_is_indirect_reference": "reference",  # result True -> a reference (negative)
    "test_is_not_alphanumeric_string": "not alphanumeric",  # result True -> negative
}


def _snapshot_detect_secrets(git_dir: Path, into: Path) -> None:
    archive = subprocess.run(
        ["git", f"--git-dir={git_dir}", "archive", "HEAD", "detect_secrets"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def extract_detect_secrets(git_dir: Path) -> tuple[list[dict[str, Any]], Counter[str]]:
    tmp = Path(tempfile.mkdtemp(prefix="ds-snapshot-"))
    _snapshot_detect_secrets(git_dir, tmp)
    for name in list(sys.modules):
        if name == "detect_secrets" or name.startswith("detect_secrets."):
            del sys.modules[name]
    sys.path.insert(0, str(tmp))
    settings = importlib.import_module("detect_secrets.settings")

    stats: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    for path in sorted(git_ls(git_dir, "tests/plugins")):
        if not path.endswith("_test.py") or path.endswith("base_test.py"):
            continue
        plugin = Path(path).name.removesuffix("_test.py")
        source = git_show(git_dir, path)
        detectors = [
            (m.group(1), m.group(2))
            for m in re.finditer(r"^from (detect_secrets\.plugins\.\w+) import (\w+)", source, re.M)
        ]
        for param in parametrized(source):
            stats["cases not evaluated"] += param.skipped
            names = param.names
            text_arg = next(
                (n for n in ("line", "payload", "file_content", "secret") if n in names), None
            )
            if text_arg is None:
                continue
            ti = names.index(text_arg)
            for case in param.cases:
                text = case[ti]
                if not isinstance(text, str) or not text:
                    continue
                if len(text) > 5000:  # the keyword tests' 24 kB base64 line
                    stats["very long lines skipped"] += 1
                    continue
                flag: Any = True  # a list of lines only (slack, square, private key)
                expected: str | None = None
                if "should_flag" in names:
                    flag = case[names.index("should_flag")]
                elif "expected_secret" in names:
                    expected = case[names.index("expected_secret")]
                    flag = expected is not None
                elif "non_secret" in names:  # high-entropy: (plugin, non_secret, secret)
                    rows.append(negative("detect-secrets", plugin, param.test, case[1]))
                    rows.append(positive("detect-secrets", plugin, param.test, text, [text]))
                    continue
                elif len(names) > 1:
                    continue  # e.g. (content, expected_output): verification tests
                if not flag:
                    rows.append(negative("detect-secrets", plugin, param.test, text))
                    continue
                if expected is not None:
                    secrets = [expected]
                else:
                    secrets = _ds_secrets(settings, detectors, text, plugin)
                if not secrets:
                    stats["positives with no secret span (dropped)"] += 1
                    continue
                rows.append(positive("detect-secrets", plugin, param.test, text, secrets))
    # Filter tests: placeholders and references (negatives).
    path = "tests/filters/heuristic_filter_test.py"
    for param in parametrized(git_show(git_dir, path)):
        kind = DS_FILTER_TESTS.get(param.test)
        if kind is None:
            continue
        for case in param.cases:
            text, result = case[0], case[1] if len(case) > 1 else True
            if kind == "templated":
                if result:
                    continue  # 'secret = "hunter2"': a plain value, not a filter case
            elif not result:
                continue
            rows.append(negative("detect-secrets", f"filter:{kind}", param.test, text))
    sys.path.remove(str(tmp))
    return rows, stats


def _ds_secrets(
    settings: Any, detectors: list[tuple[str, str]], text: str, plugin: str
) -> list[str]:
    """The secret values the snapshot's plugin reports for ``text``."""
    found: list[str] = []
    for module_name, class_name in detectors:
        cls = getattr(importlib.import_module(module_name), class_name)
        with settings.default_settings():
            for line in text.splitlines() or [text]:
                try:
                    results = cls().analyze_line(filename="mock_filename", line=line, line_number=1)
                except Exception:
                    continue
                for s in results:
                    if s.secret_value and s.secret_value not in found:
                        found.append(s.secret_value)
    if plugin == "private_key":
        m = re.search(r"-----BEGIN[^\n]*-----(.*?)(?:-----END|\Z)", text, re.S)
        body = m.group(1).strip() if m else ""
        if len(body) >= 8:
            return [body]
    return found


# -- presidio --------------------------------------------------------------------------

#: What a support desk redacts (scored for the goal); others are reported as "other".
PRESIDIO_DESK = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "PERSON",  # the NER recognizers' tests (spaCy, stanza, transformers)
)


def extract_presidio(git_dir: Path) -> tuple[list[dict[str, Any]], Counter[str]]:
    stats: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    folder = "presidio-analyzer/tests"
    for path in sorted(git_ls(git_dir, folder)):
        name = Path(path).name
        if not (name.startswith("test_") and name.endswith("_recognizer.py")):
            continue
        source = git_show(git_dir, path)
        fixture = re.search(r"def entities\(\):\s*return \[\s*\"(\w+)\"", source)
        default_entity = fixture.group(1) if fixture else None
        if default_entity is None:  # e.g. test_es_nie_recognizer.py -> ES_NIE
            default_entity = name.removeprefix("test_").removesuffix("_recognizer.py").upper()
        for param in parametrized(source):
            stats["cases not evaluated"] += param.skipped
            names = param.names
            text_arg = next((n for n in names if n in ("text", "iban", "sentence")), None)
            pos_arg = next(
                (n for n in names if "position" in n or n in ("expected_res", "expected_spans")),
                None,
            )
            len_arg = next((n for n in names if n == "expected_len"), None)
            if text_arg is None or len_arg is None:
                continue
            for case in param.cases:
                text = case[names.index(text_arg)]
                count = case[names.index(len_arg)]
                if not isinstance(text, str) or not isinstance(count, int) or not text.strip():
                    continue
                entity = default_entity
                if "entities" in names:
                    ents = case[names.index("entities")]
                    if ents:
                        entity = ents[0]
                if entity is None:
                    stats["cases with no entity type"] += 1
                    continue
                family = entity if entity in PRESIDIO_DESK else f"other:{entity}"
                if count == 0:
                    rows.append(negative("presidio", family, name, text, entity=entity))
                    continue
                spans = case[names.index(pos_arg)] if pos_arg else ()
                secrets = []
                for span in spans or ():
                    if isinstance(span, (tuple, list)) and len(span) >= 2:
                        secrets.append(text[span[0] : span[1]])
                if not secrets and count == 1:
                    secrets = [text.strip()]
                secrets = [s for s in secrets if s.strip()]
                if not secrets:
                    stats["positives with no span (dropped)"] += 1
                    continue
                rows.append(positive("presidio", family, name, text, secrets, entity=entity))
    return rows, stats


# -- main ----------------------------------------------------------------------------

NOTICE_TEMPLATE = """# Third-party samples: origin and licences

The files `gitleaks.jsonl`, `detect_secrets.jsonl` and `presidio.jsonl` in the
folder above hold test samples (true positives, false positives, expected spans)
extracted by `extract.py` from snapshots of three public repositories. Each
project's licence text is beside this file, unchanged. The samples were
reformatted (one JSON object a line) and, for gitleaks' generated samples,
generated from the rules' regexes with a fixed seed (see `extract.py`); nothing
else was changed. The samples are test data only: no code of these projects is
part of sophdesk.

{sections}
"""

NOTICE_SECTIONS = {
    "gitleaks": (
        "gitleaks",
        "https://github.com/gitleaks/gitleaks",
        "MIT License, Copyright (c) 2019 Zachary Rice",
        "gitleaks-LICENSE.txt",
        "`cmd/generate/config/rules/*.go` (the `tps`/`fps` lists of each rule),"
        " `cmd/generate/config/utils/generate.go` (the sample templates),"
        " `config/gitleaks.toml` (each rule's regex, to locate the secret in a sample)",
    ),
    "detect_secrets": (
        "detect-secrets (Yelp)",
        "https://github.com/Yelp/detect-secrets",
        "Apache License 2.0 (the repository has no NOTICE file)",
        "detect-secrets-LICENSE.txt",
        "`tests/plugins/*_test.py` (parametrized cases), `tests/filters/heuristic_filter_test.py`"
        " (placeholder and reference cases); the snapshot's `detect_secrets/plugins/` was run"
        " at extraction time to locate the secret in a positive line",
    ),
    "presidio": (
        "Presidio (Microsoft)",
        "https://github.com/microsoft/presidio",
        "MIT License, Copyright (c) Presidio Contributors (the repository's NOTICE file lists"
        " third-party components of Presidio itself, none of which is in these samples)",
        "presidio-LICENSE.txt",
        "`presidio-analyzer/tests/test_*_recognizer.py` (parametrized texts with expected spans)",
    ),
}


def write_licences(dirs: dict[str, Path], commits: dict[str, str]) -> None:
    folder = HERE / "LICENSES"
    folder.mkdir(exist_ok=True)
    sections = []
    for key, (name, url, licence, file, paths) in NOTICE_SECTIONS.items():
        (folder / file).write_text(git_show(dirs[key], "LICENSE"), encoding="utf-8")
        sections.append(
            f"## {name}\n\n* repository: {url}\n* commit: `{commits[key]}`\n"
            f"* licence: {licence}; full text: [`{file}`]({file})\n"
            f"* paths extracted: {paths}\n* data file: `{key}.jsonl`\n"
        )
    notice = NOTICE_TEMPLATE.format(sections="\n".join(sections)).rstrip() + "\n"
    (folder / "NOTICE.md").write_text(notice, encoding="utf-8")


SOURCES = {
    "gitleaks": ("gitleaks/gitleaks", extract_gitleaks),
    "detect_secrets": ("Yelp/detect-secrets", extract_detect_secrets),
    "presidio": ("microsoft/presidio", extract_presidio),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gitleaks", type=Path, required=True, help="gitleaks git dir")
    parser.add_argument("--detect-secrets", type=Path, required=True, help="detect-secrets git dir")
    parser.add_argument("--presidio", type=Path, required=True, help="presidio git dir")
    args = parser.parse_args()
    dirs = {
        "gitleaks": args.gitleaks,
        "detect_secrets": args.detect_secrets,
        "presidio": args.presidio,
    }
    commits = {}
    for key, (repo, extract) in SOURCES.items():
        rows, stats = extract(dirs[key])
        commits[key] = git_head(dirs[key])
        write_jsonl(HERE / f"{key}.jsonl", rows)
        pos = sum(1 for r in rows if not r["negative"])
        print(f"{repo} @ {commits[key]}: {pos} positives, {len(rows) - pos} negatives")
        for what, n in sorted(stats.items()):
            print(f"    {what}: {n}")
    (HERE / "commits.json").write_text(json.dumps(commits, indent=2) + "\n", encoding="utf-8")
    write_licences(dirs, commits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
