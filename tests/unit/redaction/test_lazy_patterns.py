"""The big label patterns are compiled on first use, and a short text gets one of
only the words it holds: the same matches as the whole pattern, at a fraction of
the start-up cost of a one-line ``sophdesk redact`` or ``show``."""

from __future__ import annotations

import subprocess
import sys

from redaction.scoring import load_corpus

from sophdesk.domain.redaction import labels

# Short pieces of real documents: each gets a pattern of the words it holds.
PIECES = [doc.text[i : i + 600] for doc in load_corpus() for i in range(0, len(doc.text), 600)]


def test_a_short_text_finds_the_labels_the_whole_pattern_finds() -> None:
    whole = labels._reversed_pattern(labels._REVERSED_BRANCHES)
    found = 0
    for piece in PIECES:
        rlow = piece.lower()[::-1]
        own = labels._reversed_pattern(tuple(b for b in labels._REVERSED_BRANCHES if b in rlow))
        expected = [(m.span(), labels.reversed_handler(m, rlow)) for m in whole.finditer(rlow)]
        assert [(m.span(), labels.reversed_handler(m, rlow)) for m in own.finditer(rlow)] == (
            expected
        )
        found += len(expected)
    assert found > 100  # the corpus exercises them


def test_a_short_text_finds_the_greetings_the_whole_pattern_finds() -> None:
    whole = labels._line_start_pattern(labels._LINE_WORDS_ALL)
    found = 0
    for piece in PIECES:
        low = piece.lower()
        own = labels._line_start_pattern(tuple(w for w in labels._LINE_WORDS_ALL if w in low))
        expected = [(m.span(), m.lastgroup) for m in whole.finditer(low)]
        assert [(m.span(), m.lastgroup) for m in own.finditer(low)] == expected
        found += len(expected)
    assert found > 10


def test_a_one_line_text_compiles_neither_whole_pattern() -> None:
    code = (
        "from sophdesk.domain.redaction import engine, labels, redact\n"
        "assert engine.FINDERS\n"
        "print(labels._reversed_pattern.cache_info().currsize)\n"
        "line = 'Fatal error: key sk-proj-abcdefghijklmnopqrstuvwxyz0123 from ana@example.com\\n'\n"
        "assert redact(line).text != line\n"
        "short = labels._reversed_for(line.lower()[::-1]).pattern\n"
        "print(len(short) * 10 < len(labels._REVERSED.pattern))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "True"]
