"""A real keyring for tests: keyrings.alt's file backend, its file in tmp_path.

keyring picks the backend named in ``PYTHON_KEYRING_BACKEND``; keyrings.alt's
``PlaintextKeyring`` keeps its file at ``$XDG_DATA_HOME/python_keyring/keyring_pass.cfg``
(``keyring.util.platform_.data_root``), so pointing ``XDG_DATA_HOME`` into tmp_path
keeps every test's keyring apart and away from the user's. No mock: sophdesk goes
through keyring's own backend selection and the backend really writes the file.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

FILE_BACKEND = "keyrings.alt.file.PlaintextKeyring"
ENCRYPTED_BACKEND = "keyrings.alt.file.EncryptedKeyring"
FAIL_BACKEND = "keyring.backends.fail.Keyring"

# Looks like nothing the pattern rules know: only the keyring can say it is secret.
SECRET = "tangerine-otter-42-quasar-velvet"


def use_file_keyring(monkeypatch: pytest.MonkeyPatch, root: Path) -> Path:
    """Select the file backend with its file under ``root``; returns the file's path."""
    data_home = root / "keyring-data"
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FILE_BACKEND)
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    return data_home / "python_keyring" / "keyring_pass.cfg"


def forms(value: str) -> list[bytes]:
    """The value as it could sit in a file: raw and base64 (how the file backend keeps it)."""
    raw = value.encode()
    return [raw, base64.b64encode(raw), base64.b64encode(raw)[:-4]]


def files_holding(root: Path, value: str, *, skip: tuple[Path, ...] = ()) -> list[Path]:
    """Every file under ``root`` (except ``skip``) holding ``value`` in any of its forms."""
    found = []
    for path in root.rglob("*"):
        if not path.is_file() or path in skip:
            continue
        data = path.read_bytes()
        if any(form in data for form in forms(value)):
            found.append(path)
    return found
