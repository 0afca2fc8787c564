"""The key an incident's secret prints are made with, and where it lives.

The prints (``domain/redaction/memory.py``) are worthless without the key: a
guess can only be tested against them by someone who has it. So the key is kept
apart from the database wherever that is possible:

* ``SOPHDESK_FINGERPRINT_KEY`` (64 hex digits) wins: a team gives every desk the
  same key, and nothing of it is stored anywhere by sophdesk.
* A SQLite file (one operator's database): the operator's keyring, entry
  ``:fingerprint-key`` of the service ``sophdesk``, made on first use. Without a
  keyring: a 0600 file ``fingerprint.key`` in the user's config folder (never the
  data folder the database is in).
* A team's PostgreSQL server: every operator's desk must use the same key and the
  server is all they share, so without the variable the server keeps the one key
  (table ``fingerprint_key``, made by the first desk that needs it).

Each print is stored with the key's id (:func:`memory.key_id`): a desk with
another key cannot use those prints (it learns nothing from them either).
"""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.redaction.memory import KEY_BYTES
from sophdesk.paths import APP_NAME

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sophdesk.store.database import Database

ENV_KEY = "SOPHDESK_FINGERPRINT_KEY"
KEYRING_ENTRY = ":fingerprint-key"
KEY_FILE_NAME = "fingerprint.key"

_lock = threading.Lock()
_local_key: bytes | None = None
_server_keys: dict[str, bytes] = {}


def _parse(value: str, source: str) -> bytes:
    try:
        key = bytes.fromhex(value.strip())
    except ValueError:
        key = b""
    if not 16 <= len(key) <= 64:
        raise InvalidInput(
            f"{source} must be 32 to 128 hex digits (make one with: python3 -c"
            " 'import secrets; print(secrets.token_hex(32))')"
        )
    return key


def key_file() -> Path:
    return platformdirs.user_config_path(APP_NAME) / KEY_FILE_NAME


def _file_key() -> bytes:
    path = key_file()
    try:
        return _parse(path.read_text("ascii"), f"the key file {path}")
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    made = secrets.token_hex(KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:  # another process made it meanwhile
        return _parse(path.read_text("ascii"), f"the key file {path}")
    with os.fdopen(fd, "w") as handle:
        handle.write(made + "\n")
    return bytes.fromhex(made)


def _keyring_key() -> bytes:
    from sophdesk.services.secrets import KeyringUnavailable, SecretStore

    try:
        store = SecretStore.open()
        found = store.entry(KEYRING_ENTRY)
        if found:
            return _parse(found, "the keyring's fingerprint key")
        made = secrets.token_hex(KEY_BYTES)
        store.set_entry(KEYRING_ENTRY, made)
        return bytes.fromhex(store.entry(KEYRING_ENTRY) or made)
    except KeyringUnavailable:
        return _file_key()


def key_for(database: Database, session: Session, *, create: bool) -> bytes:
    """The key of ``database``'s prints (see the module's docstring). A server's key
    is read in ``session`` and, with ``create`` (a write transaction), made when the
    server has none yet; without it a server with no key gets a key of no use
    (there is nothing it could match: prints are only made with the stored key)."""
    global _local_key
    env = os.environ.get(ENV_KEY)
    if env:
        return _parse(env, ENV_KEY)
    with _lock:
        if database.dialect == "sqlite":
            if _local_key is None:
                _local_key = _keyring_key()
            return _local_key
        found = _server_keys.get(database.url)
    if found is not None:
        return found
    from sophdesk.store.secret_prints import read_server_key, server_key

    made = secrets.token_hex(KEY_BYTES)
    stored = server_key(session, made) if create else read_server_key(session)
    if stored is None:
        return bytes.fromhex(made)
    found = _parse(stored, "the server's fingerprint key")
    with _lock:
        _server_keys[database.url] = found
    return found


def forget() -> None:
    """Read the key again next time (tests, and after the keyring changed)."""
    global _local_key
    with _lock:
        _local_key = None
        _server_keys.clear()
