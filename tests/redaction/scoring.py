"""Score a redactor against the labelled evidence corpus in ``corpus/``.

Pure functions, no pytest: the quality gate (``test_quality_gate.py``) and the
benchmark (``benchmarks/redaction_quality.py``) both use them, on any redactor
``Callable[[str], str]`` (sophdesk's engine, detect-secrets, scrubadub, a regex).

Labels are written inline in the corpus files (syntax in ``corpus/README.md``)::

    Bearer ⟦s:provider_key:openai⟧sk-proj-…⟦/s⟧      a secret: category, optional kind
    request ⟦k:id⟧req_8f14e45fceea167a5a36dedd4bea2543⟦/k⟧   a must-keep token: kind

:func:`parse` strips the markers and returns the clean text with the labels'
offsets in it; :func:`load_corpus` does that for every file.

Scoring rules (per document: each document is redacted on its own):

* **Leak, secrets of 8 characters or more** (the issue's rule): a secret leaked if
  any 8 consecutive characters of it survive in the output. "Survive" is counted,
  so that text which was never secret cannot make a secret look leaked: for each
  8-character window of the secret, the output must not hold it more often than
  the document's non-secret text does (the original with every labelled secret
  blanked out). A window that also occurs inside another labelled secret of the
  same document is not used for this one (when another window is left), so one
  leaked secret is not blamed on its neighbours. A card reduced to its last four
  digits does not leak; ``84.132.17.xxx`` does (``84.132.1`` survives).
* **Leak, secrets shorter than 8 characters** (CVV, short expiry, a first name):
  the value alone is too common to search for, so it is searched together with
  its context: the up to 6 characters of the original just before it and just
  after it, on the same line and not crossing another labelled secret. Each side
  of at least 2 characters gives a probe (``"CVV: 529"``, ``"Hi Jonas"``,
  ``"529\\n"`` is not one: a line end stops the context). The secret leaked if a
  probe occurs in the output more often than in the non-secret original text. A
  secret with no usable context (both sides shorter than 2 characters, e.g. a
  CSV cell between two other secrets) leaked if the value occurs as a whole word
  (not inside a longer run of letters or digits) more often than in the
  non-secret original text.
* Several labels with the same value (or, for short secrets, the same probes) in
  one document are scored together: if the output holds k surplus copies, k of
  them leaked.
* **Keep**: a must-keep token is kept if it appears verbatim in the output (as
  many times as it is labelled in that document).
* Look-alikes are the keep tokens whose kind is in :data:`LOOKALIKE_KINDS` (ids,
  UUIDs, hashes, git SHAs, order numbers, Stripe object ids, CF-Ray ids): the
  tokens a careless redactor mistakes for secrets. They are reported separately.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
#: The second corpus, written by someone who had not read the engine (its README):
#: scored and reported, never tuned on.
BLIND_DIR = Path(__file__).resolve().parent / "corpus_blind"
#: A third, by another writer who had not read the engine either: tuned on like
#: ours (its misses may be read), but not yet held to the quality gate.
SECOND_DIR = Path(__file__).resolve().parent / "corpus_second"
THIRD_DIR = Path(__file__).resolve().parent / "corpus_third"

#: The categories the corpus labels (``known_secret`` and ``manual`` need an
#: operator, so plain text cannot carry them).
SCORED_CATEGORIES: tuple[str, ...] = (
    "provider_key",
    "service_token",
    "credential",
    "purchase_code",
    "payment",
    "private",
)

#: Keep kinds. The look-alikes resemble secrets; the rest are what an engineer needs.
LOOKALIKE_KINDS: frozenset[str] = frozenset(
    {"id", "uuid", "hash", "git-sha", "order", "stripe-id", "cf-ray"}
)
KEEP_KINDS: frozenset[str] = LOOKALIKE_KINDS | {
    "timestamp",
    "version",
    "error",
    "url",
    "path",
    "other",
}

#: Secrets at least this long are scored by the 8-character window rule.
WINDOW = 8
#: Context taken on each side of a short secret, and the least that makes a probe.
CONTEXT = 6
MIN_CONTEXT = 2

OPEN, CLOSE = "⟦", "⟧"
_MARKER = re.compile(
    r"⟦(?P<tag>[sk]):(?P<a>[a-z_-]+)(?::(?P<b>[a-z0-9_-]+))?⟧(?P<value>.*?)⟦/(?P=tag)⟧",
    re.DOTALL,
)


class CorpusError(ValueError):
    """A corpus file whose markers cannot be read."""


@dataclass(frozen=True, slots=True)
class Label:
    doc: str
    value: str
    start: int  # offset in the clean text
    end: int
    line: int  # 1-based line of ``start`` in the clean text
    category: str  # a secret's category, or "keep"
    kind: str  # a secret's finer kind ("openai", "cvv"), or the keep token's kind

    @property
    def is_secret(self) -> bool:
        return self.category != "keep"

    @property
    def lookalike(self) -> bool:
        return not self.is_secret and self.kind in LOOKALIKE_KINDS

    def hint(self) -> str:
        """The value masked for a report: enough to find it, not enough to use it."""
        v = self.value.replace("\n", "\\n")
        if len(v) < WINDOW:
            return f"{v[:1]}{'*' * (len(v) - 1)} ({len(v)} chars)"
        return f"{v[:6]}…{v[-2:]} ({len(v)} chars)"


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    text: str
    secrets: tuple[Label, ...]
    keeps: tuple[Label, ...]


def parse(marked: str, name: str = "<text>") -> tuple[str, list[Label], list[Label]]:
    """The clean text of a labelled document, its secrets and its keep tokens."""
    pieces: list[str] = []
    secrets: list[Label] = []
    keeps: list[Label] = []
    pos = 0
    length = 0
    line = 1
    for m in _MARKER.finditer(marked):
        before = marked[pos : m.start()]
        value = m.group("value")
        if OPEN in before or CLOSE in before:
            raise CorpusError(f"{name}: stray marker before offset {m.start()}: {before[-60:]!r}")
        if OPEN in value or CLOSE in value:
            raise CorpusError(f"{name}: nested marker in {value[:60]!r}")
        if not value:
            raise CorpusError(f"{name}: empty label at offset {m.start()}")
        pieces.append(before)
        length += len(before)
        line += before.count("\n")
        tag, a, b = m.group("tag"), m.group("a"), m.group("b")
        if tag == "s":
            if a not in SCORED_CATEGORIES:
                raise CorpusError(f"{name}: unknown secret category {a!r}")
            label = Label(name, value, length, length + len(value), line, a, b or a)
            secrets.append(label)
        else:
            if b is not None or a not in KEEP_KINDS:
                raise CorpusError(f"{name}: unknown keep kind {m.group(0)[:40]!r}")
            keeps.append(Label(name, value, length, length + len(value), line, "keep", a))
        pieces.append(value)
        length += len(value)
        line += value.count("\n")
        pos = m.end()
    rest = marked[pos:]
    if OPEN in rest or CLOSE in rest:
        raise CorpusError(f"{name}: stray marker after the last label: {rest[:60]!r}")
    pieces.append(rest)
    return "".join(pieces), secrets, keeps


def load_corpus(directory: Path = CORPUS_DIR) -> list[Document]:
    """Every labelled document in ``directory`` (all files but README.md), by name."""
    documents = []
    for path in sorted(directory.iterdir()):
        if not path.is_file() or path.name == "README.md" or path.name.startswith("."):
            continue
        text, secrets, keeps = parse(path.read_text(encoding="utf-8"), path.name)
        documents.append(Document(path.name, text, tuple(secrets), tuple(keeps)))
    return documents


# -- counting ------------------------------------------------------------------------


def count(haystack: str, needle: str) -> int:
    """Occurrences of ``needle`` in ``haystack``, overlapping ones included."""
    n = 0
    i = haystack.find(needle)
    while i != -1:
        n += 1
        i = haystack.find(needle, i + 1)
    return n


def _count_word(haystack: str, value: str) -> int:
    pattern = r"(?<![^\W_])" + re.escape(value) + r"(?![^\W_])"
    return len(re.findall(pattern, haystack))


def _blank_secrets(doc: Document) -> str:
    """The original text with every labelled secret blanked (what was never secret)."""
    chars = list(doc.text)
    for s in doc.secrets:
        chars[s.start : s.end] = "\0" * (s.end - s.start)
    return "".join(chars)


def _windows(value: str) -> set[str]:
    return {value[i : i + WINDOW] for i in range(len(value) - WINDOW + 1)}


def _context(doc: Document, label: Label) -> tuple[str, str]:
    """Up to CONTEXT characters each side, on the same line, not into another secret."""
    lo = max(label.start - CONTEXT, 0)
    hi = min(label.end + CONTEXT, len(doc.text))
    for other in doc.secrets:
        if other is label:
            continue
        if other.end <= label.start:
            lo = max(lo, other.end)
        elif other.start >= label.end:
            hi = min(hi, other.start)
    before = doc.text[lo : label.start].rpartition("\n")[2]
    after = doc.text[label.end : hi].partition("\n")[0]
    return before, after


@dataclass(frozen=True, slots=True)
class _Probe:
    """How one secret (or a group with the same probe) is searched in the output."""

    strings: tuple[str, ...]  # substrings counted in the output (overlapping)
    word: str | None = None  # or: a value counted as a whole word


def _probe(doc: Document, label: Label, other_windows: Counter[str]) -> _Probe:
    value = label.value
    if len(value) >= WINDOW:
        windows = _windows(value)
        own = {w for w in windows if other_windows[w] == 0}
        return _Probe(tuple(sorted(own or windows)))
    before, after = _context(doc, label)
    probes = []
    if len(before) >= MIN_CONTEXT:
        probes.append(before + value)
    if len(after) >= MIN_CONTEXT:
        probes.append(value + after)
    if probes:
        return _Probe(tuple(probes))
    return _Probe((), word=value)


def leaked_secrets(doc: Document, output: str) -> list[Label]:
    """The secrets of ``doc`` that survive in ``output`` (the rules in the module doc)."""
    clean = _blank_secrets(doc)
    # Windows of each distinct value, to tell which windows several secrets share.
    by_value: dict[str, Counter[str]] = {}
    for s in doc.secrets:
        if s.value not in by_value and len(s.value) >= WINDOW:
            by_value[s.value] = Counter(_windows(s.value))
    all_windows: Counter[str] = Counter()
    for windows in by_value.values():
        all_windows.update(windows)

    groups: dict[_Probe, list[Label]] = defaultdict(list)
    for s in doc.secrets:
        others = all_windows - by_value.get(s.value, Counter())
        groups[_probe(doc, s, others)].append(s)

    leaked: list[Label] = []
    for probe, labels in groups.items():
        if probe.word is not None:
            surplus = _count_word(output, probe.word) - _count_word(clean, probe.word)
        else:
            surplus = max(count(output, p) - count(clean, p) for p in probe.strings)
        if surplus > 0:
            leaked.extend(labels[: min(surplus, len(labels))])
    return sorted(leaked, key=lambda s: s.start)


def lost_keeps(doc: Document, output: str) -> list[Label]:
    """The keep tokens of ``doc`` that are not verbatim in ``output`` (as often as labelled)."""
    groups: dict[str, list[Label]] = defaultdict(list)
    for k in doc.keeps:
        groups[k.value].append(k)
    lost: list[Label] = []
    for value, labels in groups.items():
        missing = len(labels) - count(output, value)
        if missing > 0:
            lost.extend(labels[-missing:])
    return sorted(lost, key=lambda k: k.start)


# -- the report ------------------------------------------------------------------------


@dataclass
class Report:
    """The score of one redactor on a corpus."""

    secrets: list[Label] = field(default_factory=list)
    keeps: list[Label] = field(default_factory=list)
    leaked: list[Label] = field(default_factory=list)
    lost: list[Label] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return _rate(len(self.secrets) - len(self.leaked), len(self.secrets))

    def category_recall(self, category: str) -> float:
        total = sum(1 for s in self.secrets if s.category == category)
        leaked = sum(1 for s in self.leaked if s.category == category)
        return _rate(total - leaked, total)

    def category_counts(self) -> dict[str, tuple[int, int]]:
        """category -> (secrets removed, secrets labelled)."""
        totals = Counter(s.category for s in self.secrets)
        leaked = Counter(s.category for s in self.leaked)
        return {c: (totals[c] - leaked[c], totals[c]) for c in SCORED_CATEGORIES}

    def kind_counts(self) -> dict[str, tuple[int, int]]:
        """``category:kind`` -> (removed, labelled), for finding weak spots."""
        totals = Counter(f"{s.category}:{s.kind}" for s in self.secrets)
        leaked = Counter(f"{s.category}:{s.kind}" for s in self.leaked)
        return {k: (totals[k] - leaked[k], totals[k]) for k in sorted(totals)}

    @property
    def keep_rate(self) -> float:
        return _rate(len(self.keeps) - len(self.lost), len(self.keeps))

    @property
    def lookalikes(self) -> int:
        return sum(1 for k in self.keeps if k.lookalike)

    @property
    def lookalike_keep_rate(self) -> float:
        lost = sum(1 for k in self.lost if k.lookalike)
        return _rate(self.lookalikes - lost, self.lookalikes)

    def misses_by_document(self) -> dict[str, tuple[list[Label], list[Label]]]:
        """document -> (leaked secrets, lost keep tokens), documents with misses only."""
        out: dict[str, tuple[list[Label], list[Label]]] = {}
        for s in self.leaked:
            out.setdefault(s.doc, ([], []))[0].append(s)
        for k in self.lost:
            out.setdefault(k.doc, ([], []))[1].append(k)
        return dict(sorted(out.items()))

    def summary(self) -> str:
        removed = len(self.secrets) - len(self.leaked)
        kept = len(self.keeps) - len(self.lost)
        lines = [
            f"recall {self.recall:.1%} ({removed}/{len(self.secrets)}),"
            f" keep-rate {self.keep_rate:.1%} ({kept}/{len(self.keeps)}),"
            f" look-alikes {self.lookalike_keep_rate:.1%} of {self.lookalikes}",
        ]
        for category, (found, total) in self.category_counts().items():
            lines.append(f"  {category:<14} {_rate(found, total):7.1%}  ({found}/{total})")
        return "\n".join(lines)

    def describe_misses(self, secrets: bool = True, keeps: bool = True) -> str:
        """Every leaked secret and lost keep token, by document, with line and hint."""
        lines = []
        for doc, (leaked, lost) in self.misses_by_document().items():
            shown = (leaked if secrets else []) + (lost if keeps else [])
            if not shown:
                continue
            lines.append(f"{doc}:")
            for s in leaked if secrets else []:
                lines.append(f"  LEAKED {s.category}:{s.kind} line {s.line}: {s.hint()}")
            for k in lost if keeps else []:
                flag = " (look-alike)" if k.lookalike else ""
                lines.append(f"  LOST   {k.kind}{flag} line {k.line}: {k.value!r}")
        return "\n".join(lines)


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def score_outputs(documents: Sequence[Document], outputs: Iterable[str]) -> Report:
    """Score outputs already computed, one per document in order."""
    report = Report()
    for doc, output in zip(documents, outputs, strict=True):
        report.secrets.extend(doc.secrets)
        report.keeps.extend(doc.keeps)
        report.leaked.extend(leaked_secrets(doc, output))
        report.lost.extend(lost_keeps(doc, output))
    return report


def score(redactor: Callable[[str], str], documents: Sequence[Document]) -> Report:
    """Run ``redactor`` on every document (each on its own) and score the outputs."""
    return score_outputs(documents, (redactor(doc.text) for doc in documents))
