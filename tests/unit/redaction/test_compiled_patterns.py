"""The rules' regular expressions are compiled once per machine: a process loads
them from the cache folder instead of compiling them, with the same results."""

from __future__ import annotations

import marshal
import re
import subprocess
import sys
from pathlib import Path

from sophdesk.domain.redaction import compiled, engine

LINE = "Fatal error: key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD from ana@example.com\n"

RUN = """
import sys
from pathlib import Path
from sophdesk.domain.redaction import anchors, compiled
from sophdesk.services.pattern_cache import FileStore

anchors.use_store(FileStore(Path(sys.argv[1])))
preloaded = len(compiled._loaded)
from sophdesk.domain.redaction import engine, redact
print(preloaded, len(compiled.rule_patterns()), repr(redact(sys.argv[2]).text))
"""


def _run(folder: Path) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", RUN, str(folder), LINE], capture_output=True, text=True, check=True
    )
    return out.stdout.split(maxsplit=2)


def test_a_second_process_loads_every_rule_pattern_and_redacts_the_same(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert first[0] == "0"  # compiled here, then saved
    assert int(first[1]) > 200
    assert len(list(tmp_path.iterdir())) == 1
    second = _run(tmp_path)
    assert second[0] == first[1]  # every rule pattern loaded
    assert second[2] == first[2]
    assert "[openai-key-1]" in second[2]
    assert "ana@example.com" not in second[2]


class _Store:
    def __init__(self, blob: bytes | None = None) -> None:
        self.blob = blob

    def load(self, key: str) -> bytes | None:
        return self.blob

    def save(self, key: str, data: bytes) -> None:
        self.blob = data


def test_a_stored_pattern_is_the_pattern_re_compiles() -> None:
    assert engine.FINDERS
    keys = compiled.rule_patterns()
    assert len(keys) > 200
    for pattern, flags in keys:
        entry = compiled._entry(pattern, flags)
        assert entry is not None
        loaded = compiled._sre.compile(entry[0], *entry[2:])
        fresh = re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
        assert loaded == fresh  # same pattern, flags and code
        assert loaded.groupindex == fresh.groupindex


def test_a_damaged_store_is_compiled_as_usual() -> None:
    assert compiled.preload(_Store(b"not marshal data")) == 0
    assert compiled.preload(_Store(marshal.dumps([("(", 0, 0, [1, 2], 0, {}, ())]))) == 0
    assert compiled.preload(_Store(None)) == 0
