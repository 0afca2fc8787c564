"""Compiled pattern databases kept between runs: loaded when intact, compiled again
(and replaced) when damaged or foreign; the scans find the same either way."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from redaction.scoring import load_corpus

from sophdesk.domain.redaction import anchors, engine
from sophdesk.domain.redaction.scan import Scan
from sophdesk.services.pattern_cache import FileStore, use_cache_folder

needs_hyperscan = pytest.mark.skipif(
    anchors._hs is None, reason="hyperscan has no wheel for this platform (re is used)"
)
TEXT = "\n\n".join(doc.text for doc in load_corpus()) * 2


class Counting(FileStore):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.loaded = 0
        self.saved = 0

    def load(self, key: str) -> bytes | None:
        blob = super().load(key)
        self.loaded += blob is not None
        return blob

    def save(self, key: str, data: bytes) -> None:
        self.saved += 1
        super().save(key, data)


def fresh(monkeypatch: pytest.MonkeyPatch, store: FileStore | None) -> None:
    """This process forgets the databases it compiled, as a new process would."""
    monkeypatch.setattr(anchors, "_DATABASES", {})
    monkeypatch.setattr(anchors, "_LITERAL_SETS", {})
    monkeypatch.setattr(anchors, "_store", store)


def starts() -> list[object]:
    assert engine.FINDERS
    scan = Scan(TEXT)
    return [anchors.starts(view, getattr(scan, view)) for view in ("low", "ascii", "shape")]


@needs_hyperscan
def test_a_second_process_loads_what_the_first_compiled(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fresh(monkeypatch, None)
    expected = starts()
    first = Counting(tmp_path)
    fresh(monkeypatch, first)
    assert starts() == expected
    assert first.saved >= 3  # low, ascii, shape: literals, and prefilters for two
    assert first.loaded == 0
    assert len(list(tmp_path.glob("*.hsdb"))) >= 3
    second = Counting(tmp_path)
    fresh(monkeypatch, second)
    assert starts() == expected
    assert second.loaded == first.saved
    assert second.saved == 0


@needs_hyperscan
@pytest.mark.parametrize("damage", ["flipped byte", "foreign database", "empty file"])
def test_a_damaged_or_foreign_file_is_compiled_again_and_replaced(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, damage: str
) -> None:
    fresh(monkeypatch, None)
    expected = starts()
    fresh(monkeypatch, FileStore(tmp_path))
    starts()
    for path in tmp_path.glob("*.hsdb"):
        data = path.read_bytes()
        if damage == "flipped byte":
            path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
        elif damage == "foreign database":  # intact digest, not a hyperscan database
            junk = b"not a database" * 100
            path.write_bytes(hashlib.sha256(junk).digest() + junk)
        else:
            path.write_bytes(b"")
    store = Counting(tmp_path)
    fresh(monkeypatch, store)
    assert starts() == expected
    assert store.saved >= 3  # compiled again and written over the bad ones
    again = Counting(tmp_path)
    fresh(monkeypatch, again)
    assert starts() == expected
    assert again.loaded >= 3


def test_a_folder_that_cannot_be_written_costs_nothing_but_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    fresh(monkeypatch, None)
    expected = starts()
    fresh(monkeypatch, FileStore(blocked / "patterns"))
    assert starts() == expected


def test_the_default_folder_is_in_the_users_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SOPHDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(anchors, "_store", None)
    use_cache_folder()
    assert isinstance(anchors._store, FileStore)
    assert anchors._store.folder == tmp_path / "cache" / "patterns"


def test_only_the_databases_used_last_are_kept(tmp_path: Path) -> None:
    import os

    from sophdesk.services import pattern_cache

    store = FileStore(tmp_path)
    for i in range(pattern_cache.KEPT):
        store.save(f"old{i}", b"x" * 10)
        os.utime(tmp_path / f"old{i}.hsdb", (1_000_000 + i, 1_000_000 + i))
    assert store.load("old0") == b"x" * 10  # used now: kept
    for i in range(5):
        store.save(f"new{i}", b"y" * 10)
    names = {path.stem for path in tmp_path.glob("*.hsdb")}
    assert len(names) == pattern_cache.KEPT
    assert {"old0", "new0", "new4"} <= names
    assert not {"old1", "old2", "old3", "old4", "old5"} & names


@needs_hyperscan
def test_a_database_others_may_write_is_not_trusted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os

    fresh(monkeypatch, None)
    expected = starts()
    fresh(monkeypatch, FileStore(tmp_path))
    starts()
    os.chmod(tmp_path, 0o777)  # a folder anyone may write into
    store = Counting(tmp_path)
    fresh(monkeypatch, store)
    assert starts() == expected
    assert store.loaded == 0  # compiled, not loaded
    os.chmod(tmp_path, 0o700)
    for path in tmp_path.glob("*.hsdb"):
        os.chmod(path, 0o666)  # a file anyone may write
    store = Counting(tmp_path)
    fresh(monkeypatch, store)
    assert starts() == expected
    assert store.loaded == 0


def test_a_temporary_file_left_by_a_killed_process_is_removed(tmp_path: Path) -> None:
    import os

    left = tmp_path / ".abc.123.tmp"
    left.write_bytes(b"half")
    os.utime(left, (1_000_000, 1_000_000))
    recent = tmp_path / ".def.456.tmp"
    recent.write_bytes(b"being written")
    FileStore(tmp_path).save("k", b"data")
    assert not left.exists()
    assert recent.exists()  # may be another process's, still writing
