"""The redaction quality gate: sophdesk's engine on the labelled evidence corpus.

Goals (issue 5, part 8), never lowered to let an engine pass:

* recall >= 99% overall and >= 95% in every category;
* keep-rate >= 98% overall and >= 95% on look-alikes (ids, hashes, order numbers).

A failure lists every leaked secret (category, document, line, a masked hint) and
every lost keep token, grouped by document. The leak and keep rules are in
``scoring.py``; the label syntax in ``corpus/README.md``.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import re
from collections import Counter

import pytest

from sophdesk.domain.redaction import CATEGORIES, redact

from .scoring import (
    CLOSE,
    LOOKALIKE_KINDS,
    OPEN,
    SCORED_CATEGORIES,
    Document,
    Report,
    load_corpus,
    score,
)

RECALL_OVERALL = 0.99
RECALL_PER_CATEGORY = 0.95
KEEP_OVERALL = 0.98
KEEP_LOOKALIKES = 0.95

#: What the corpus must hold for the figures to mean something.
MIN_DOCUMENTS = 40
MIN_PER_CATEGORY = 30
MIN_SECRETS = 300
MIN_KEEPS = 300
MIN_LOOKALIKES = 150

CORPUS: list[Document] = load_corpus()


@pytest.fixture(scope="module")
def report() -> Report:
    try:
        return score(lambda text: redact(text).text, CORPUS)
    except NotImplementedError as exc:
        pytest.fail(f"the redaction engine is not implemented yet: {exc}")


# -- the corpus itself ------------------------------------------------------------------


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def _uuid_shaped(value: str) -> bool:
    """A purchase code as labelled: plain, upper-case, broken by QP soft breaks or base64."""
    shape = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    if re.fullmatch(shape, value.replace("=\n", "").lower()):
        return True
    try:
        decoded = base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return re.fullmatch(shape, decoded) is not None


def test_corpus_is_sane() -> None:
    problems: list[str] = []
    if len(CORPUS) < MIN_DOCUMENTS:
        problems.append(f"only {len(CORPUS)} documents (want >= {MIN_DOCUMENTS})")
    assert set(SCORED_CATEGORIES) <= set(CATEGORIES), "scored categories the engine lacks"

    secrets = [s for d in CORPUS for s in d.secrets]
    keeps = [k for d in CORPUS for k in d.keeps]
    per_category = Counter(s.category for s in secrets)
    for category in SCORED_CATEGORIES:
        if per_category[category] < MIN_PER_CATEGORY:
            problems.append(f"{category}: {per_category[category]} labels (want >= 30)")
    if len(secrets) < MIN_SECRETS:
        problems.append(f"{len(secrets)} secrets (want >= {MIN_SECRETS})")
    if len(keeps) < MIN_KEEPS:
        problems.append(f"{len(keeps)} keep tokens (want >= {MIN_KEEPS})")
    lookalikes = sum(1 for k in keeps if k.kind in LOOKALIKE_KINDS)
    if lookalikes < MIN_LOOKALIKES:
        problems.append(f"{lookalikes} look-alikes (want >= {MIN_LOOKALIKES})")

    for doc in CORPUS:
        if OPEN in doc.text or CLOSE in doc.text:
            problems.append(f"{doc.name}: a marker survived loading")
        labels = sorted(doc.secrets + doc.keeps, key=lambda lab: lab.start)
        for label in labels:
            if doc.text[label.start : label.end] != label.value:
                problems.append(f"{doc.name}:{label.line}: offsets do not match the value")
            if doc.text[: label.start].count("\n") + 1 != label.line:
                problems.append(f"{doc.name}:{label.line}: wrong line number")
        for a, b in itertools.pairwise(labels):
            if b.start < a.end:
                problems.append(f"{doc.name}:{b.line}: overlapping labels")
        secret_values = {s.value for s in doc.secrets}
        for k in doc.keeps:
            if any(k.value in v or v in k.value for v in secret_values):
                problems.append(f"{doc.name}:{k.line}: keep token {k.value!r} overlaps a secret")

    for s in secrets:
        where = f"{s.doc}:{s.line}"
        if s.kind == "card":
            digits = re.sub(r"[ .+-]", "", s.value)
            if not (digits.isdigit() and 13 <= len(digits) <= 19 and _luhn(digits)):
                problems.append(f"{where}: card {s.hint()} is not a Luhn-valid number")
        elif s.kind == "iban" and not _iban_ok(s.value):
            problems.append(f"{where}: IBAN {s.hint()} fails mod-97")
        elif s.category == "purchase_code" and not _uuid_shaped(s.value):
            problems.append(f"{where}: purchase code {s.hint()} is not UUID-shaped")
    for k in keeps:
        digits = re.sub(r"[ -]", "", k.value)
        if k.kind == "order" and digits.isdigit() and 13 <= len(digits) <= 19 and _luhn(digits):
            problems.append(f"{k.doc}:{k.line}: order number {k.value} passes Luhn")

    assert not problems, "corpus problems:\n" + "\n".join(problems)


def test_scoring_rules_on_known_outputs() -> None:
    """The scorer itself: the untouched text leaks everything, a perfect cut nothing."""
    doc = next(d for d in CORPUS if d.name.startswith("46-"))
    untouched = score(lambda text: text, [doc])
    assert untouched.recall == 0.0
    assert untouched.keep_rate == 1.0

    def cut(text: str) -> str:
        for s in sorted(doc.secrets, key=lambda s: -s.start):
            text = text[: s.start] + f"[{s.kind}-1]" + text[s.end :]
        return text

    perfect = score(cut, [doc])
    assert perfect.recall == 1.0
    assert perfect.keep_rate == 1.0

    def last_four(text: str) -> str:
        for s in sorted(doc.secrets, key=lambda s: -s.start):
            keep = s.value[-4:] if s.kind == "card" else ""
            text = text[: s.start] + f"[{s.kind}-1]{keep}" + text[s.end :]
        return text

    assert score(last_four, [doc]).recall == 1.0, "a card's last four digits do not leak"


# -- the gate ---------------------------------------------------------------------------


def _fail(report: Report, headline: str, secrets: bool, keeps: bool) -> str:
    return f"{headline}\n\n{report.summary()}\n\n{report.describe_misses(secrets, keeps)}"


def test_recall_overall(report: Report) -> None:
    assert report.recall >= RECALL_OVERALL, _fail(
        report,
        f"recall {report.recall:.1%} < {RECALL_OVERALL:.0%}; leaked secrets:",
        secrets=True,
        keeps=False,
    )


@pytest.mark.parametrize("category", SCORED_CATEGORIES)
def test_recall_per_category(report: Report, category: str) -> None:
    recall = report.category_recall(category)
    leaked = [s for s in report.leaked if s.category == category]
    lines = [f"  {s.doc}:{s.line} {s.kind}: {s.hint()}" for s in leaked]
    assert recall >= RECALL_PER_CATEGORY, (
        f"{category} recall {recall:.1%} < {RECALL_PER_CATEGORY:.0%}; leaked:\n" + "\n".join(lines)
    )


def test_keep_rate_overall(report: Report) -> None:
    assert report.keep_rate >= KEEP_OVERALL, _fail(
        report,
        f"keep-rate {report.keep_rate:.1%} < {KEEP_OVERALL:.0%}; lost keep tokens:",
        secrets=False,
        keeps=True,
    )


def test_keep_rate_lookalikes(report: Report) -> None:
    rate = report.lookalike_keep_rate
    lost = [k for k in report.lost if k.lookalike]
    lines = [f"  {k.doc}:{k.line} {k.kind}: {k.value!r}" for k in lost]
    assert rate >= KEEP_LOOKALIKES, (
        f"look-alike keep-rate {rate:.1%} < {KEEP_LOOKALIKES:.0%}; lost:\n" + "\n".join(lines)
    )
