"""sophdesk reads, writes and overrides only Textual's public API.

A private attribute of Textual (``_notifications``, ``_line_cache``, ``_on_paste``)
may change in any release without notice. The privates looked for are those of
the Textual classes the desk builds on: the ancestry of every class in
``sophdesk.tui``, and the app, screens and pilot the tests drive. Two ways in:

- a file of ``sophdesk/`` or ``tests/`` that uses Textual reads or writes
  ``x._name`` (or names ``"_name"`` to getattr/setattr/hasattr) where ``_name``
  is such a private and nothing in sophdesk defines a ``_name`` of its own;
  or it imports a private Textual module or name;
- a class of ``sophdesk.tui`` defines (as a method, class attribute or
  ``self._name = ...``) a private of its own Textual ancestors: it overrides or
  clobbers Textual's.

Either fails unless ALLOWED says why Textual has no public way.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import textual
from textual.app import App
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen

import sophdesk.tui

ROOT = Path(__file__).resolve().parents[2]
HERE = "tests/tui/test_textual_privates.py"

#: (file or class, private name) -> why Textual has no public way.
ALLOWED: dict[tuple[str, str], str] = {
    ("tests/pilot_testing.py", "_compositor"): (
        "Textual 8.2.8 has no public way to read the composed screen as text;"
        " App.export_screenshot itself reads Screen._compositor (SVG only)."
    ),
}

_ACCESS = re.compile(r"\.(_[a-z]\w*)")
_BY_NAME = re.compile(r"(?:getattr|setattr|hasattr|delattr)\([^,]+,\s*[\"'](_[a-z]\w*)[\"']")
_DEFINED = re.compile(
    r"^\s*(?:async\s+)?def\s+(_[a-z]\w*)\s*\(|self\.(_[a-z]\w*)\s*(?::|=(?!=))"
    r"|^\s*(_[a-z]\w*)\s*(?::|=(?!=))",
    re.MULTILINE,
)
_PRIVATE_IMPORT = re.compile(
    r"^\s*(?:from\s+textual[\w.]*\._\w+|import\s+textual[\w.]*\._\w+"
    r"|from\s+textual[\w.]*\s+import\s+[^\n]*\b_[a-z]\w*)",
    re.MULTILINE,
)


def _ours() -> list[type]:
    """Every class defined in sophdesk.tui (nested ones too) that extends Textual."""
    found: list[type] = []
    for info in pkgutil.walk_packages(sophdesk.tui.__path__, "sophdesk.tui."):
        module = importlib.import_module(info.name)
        classes = [c for c in vars(module).values() if isinstance(c, type)]
        classes += [n for c in classes for n in vars(c).values() if isinstance(n, type)]
        found += [c for c in classes if c.__module__ == info.name and _ancestors(c)]
    return found


def _ancestors(cls: type) -> list[type]:
    return [c for c in cls.__mro__ if c.__module__.startswith("textual")]


def _defined(cls: type) -> set[str]:
    """The single-underscore names a class's own source defines (in its body or on
    self); for Textual's classes, also what their metaclass puts on them."""
    names = set()
    if cls.__module__.startswith("textual"):
        names = {n for n in vars(cls) if n.startswith("_") and not n.startswith("__")}
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return names
    return names | {n for m in _DEFINED.findall(source) for n in m if n}


def _private(classes: set[type]) -> set[str]:
    return {name for cls in classes for name in _defined(cls)}


def _textual_files() -> dict[str, str]:
    files = sorted((ROOT / "sophdesk").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
    texts = {f.relative_to(ROOT).as_posix(): f.read_text(encoding="utf-8") for f in files}
    return {where: text for where, text in texts.items() if "textual" in text and where != HERE}


def _accessed(text: str) -> set[str]:
    return set(_ACCESS.findall(text)) | set(_BY_NAME.findall(text))


def _own_names(texts: dict[str, str]) -> set[str]:
    return {n for text in texts.values() for m in _DEFINED.findall(text) for n in m if n}


def _textual_privates() -> set[str]:
    drivers: set[type] = {App, Screen, ModalScreen, Pilot}
    return _private(drivers | {a for cls in _ours() for a in _ancestors(cls)})


def test_the_search_finds_what_sophdesk_once_did() -> None:
    # The test can fail: it knows the privates sophdesk once used, and sees them.
    assert {"_notifications", "_compositor", "_line_cache", "_on_paste"} <= _textual_privates()
    assert {"_notifications", "_line_cache"} <= _accessed(
        'n = app._notifications\ncache = getattr(self, "_line_cache", None)\n'
    )
    overriding = "class Field(Input):\n    def _on_paste(self, event):\n        pass\n"
    assert "_on_paste" in {n for m in _DEFINED.findall(overriding) for n in m if n}
    assert _PRIVATE_IMPORT.search("from textual.keys import _character_to_key")
    assert not _PRIVATE_IMPORT.search("from textual.keys import KEY_NAME_REPLACEMENTS")


def test_no_private_of_textual_is_read_or_written() -> None:
    texts = _textual_files()
    private = _textual_privates() - _own_names(texts)
    used: set[tuple[str, str]] = set()
    found: list[str] = []
    for where, text in texts.items():
        found += [f"{where}: imports {m.strip()}" for m in _PRIVATE_IMPORT.findall(text)]
        for name in sorted(_accessed(text) & private):
            if (where, name) in ALLOWED:
                used.add((where, name))
            else:
                found.append(f"{where}: {name}")
    assert found == [], f"privates of Textual {textual.__version__} in use"
    assert used == {k for k in ALLOWED if k[0].endswith(".py")}, "drop unused ALLOWED entries"


def test_no_desk_class_overrides_a_private_of_textual() -> None:
    found: list[str] = []
    used: set[tuple[str, str]] = set()
    for cls in _ours():
        where = f"{cls.__module__}.{cls.__qualname__}"
        clash = _defined(cls) & _private(set(_ancestors(cls)))
        for name in sorted(clash):
            if (where, name) in ALLOWED:
                used.add((where, name))
            else:
                found.append(f"{where}: {name}")
    assert found == [], f"privates of Textual {textual.__version__} overridden"
    assert used == {k for k in ALLOWED if not k[0].endswith(".py")}, "drop unused ALLOWED"
