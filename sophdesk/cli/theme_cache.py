"""``sophdesk themes`` without importing Textual when nothing changed.

Checking a theme file takes Textual's colour parser, and importing Textual costs
more than the rest of the command. The listing (names, and the files skipped with
why) is kept in the cache folder, keyed on every theme file's path, size and
modification time, on Textual's installed files and on the code that checks the
themes: any change among them rebuilds it. A cache that cannot be read or written
is rebuilt or skipped silently: it only saves time.
"""

from __future__ import annotations

import json
import os
from importlib.util import find_spec
from pathlib import Path

from sophdesk import paths

CACHE_NAME = "themes.json"


def _stamp(path: Path) -> list[object]:
    try:
        info = path.stat()
    except OSError:
        return [str(path), None]
    return [str(path), info.st_size, info.st_mtime_ns]


def fingerprint() -> list[object]:
    """What the listing depends on."""
    spec = find_spec("textual")
    textual = Path(spec.origin) if spec is not None and spec.origin else Path("textual")
    checker = Path(__file__).resolve().parents[1] / "tui" / "themes.py"
    parts: list[object] = [_stamp(textual), _stamp(checker)]
    for folder in paths.theme_folders():
        parts.append(_stamp(folder))
        parts.extend(_stamp(path) for path in sorted(folder.glob("*.toml")))
    return parts


def theme_listing() -> tuple[list[str], list[str]]:
    """Every usable theme name, and one message per theme file skipped."""
    key = fingerprint()
    target = paths.cache_dir() / CACHE_NAME
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        if data["key"] == key:
            return [str(n) for n in data["names"]], [str(m) for m in data["skipped"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from sophdesk.tui.themes import theme_listing as checked_listing

    names, skipped = checked_listing()
    messages = [problem.message for problem in skipped]
    _save(target, {"key": key, "names": names, "skipped": messages})
    return names, messages


def _save(target: Path, data: dict[str, object]) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        part = target.with_name(f".{target.name}.{os.getpid()}")
        part.write_text(json.dumps(data), encoding="utf-8")
        os.replace(part, target)
    except OSError:
        pass
