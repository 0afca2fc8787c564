"""The known-secrets store over the real keyring library and a real file backend."""

from __future__ import annotations

import getpass
import json
import stat
from pathlib import Path

import keyring.backend
import pytest
from keyring.backends.chainer import ChainerBackend
from keyring.compat import properties
from keyring_testing import (
    ENCRYPTED_BACKEND,
    FAIL_BACKEND,
    FILE_BACKEND,
    SECRET,
    files_holding,
    use_file_keyring,
)
from keyrings.alt.file import PlaintextKeyring

from sophdesk.domain.errors import InvalidInput, NotFound
from sophdesk.domain.redaction import KnownSecret
from sophdesk.services import secrets
from sophdesk.services.secrets import (
    INDEX_KEY,
    SERVICE,
    KeyringUnavailable,
    NoKeyringBackend,
    PromptingBackend,
    SecretStore,
    backend_name,
    load_known,
    prompts,
    select_backend,
)


@pytest.fixture
def keyring_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_file_keyring(monkeypatch, tmp_path)


@pytest.fixture
def store(keyring_file: Path) -> SecretStore:
    return SecretStore.open()


def test_round_trip_through_the_file_backend(store: SecretStore, keyring_file: Path) -> None:
    assert store.backend_name == FILE_BACKEND
    assert store.names() == []
    assert store.add("DB-Pass", f"  {SECRET}\n") == "db-pass"
    store.add("smtp", "another-long-secret")
    assert store.names() == ["db-pass", "smtp"]
    assert store.load().secrets == (
        KnownSecret("db-pass", SECRET),
        KnownSecret("smtp", "another-long-secret"),
    )
    assert keyring_file.exists()
    assert stat.S_IMODE(keyring_file.stat().st_mode) == 0o600
    assert store.remove("DB-PASS") == "db-pass"
    assert store.names() == ["smtp"]
    assert [s.name for s in load_known().secrets] == ["smtp"]
    store.remove("smtp")
    assert store.names() == []
    # The empty index is deleted, not left behind.
    assert store.backend.get_password(SERVICE, INDEX_KEY) is None


def test_the_index_lives_in_the_keyring(store: SecretStore) -> None:
    store.add("db-pass", SECRET)
    fresh = PlaintextKeyring()
    assert json.loads(fresh.get_password(SERVICE, INDEX_KEY) or "") == ["db-pass"]
    assert fresh.get_password(SERVICE, "db-pass") == SECRET


def test_module_level_calls(keyring_file: Path) -> None:
    secrets.add("db-pass", SECRET)
    assert secrets.names() == ["db-pass"]
    assert secrets.load_known().secrets == (KnownSecret("db-pass", SECRET),)
    secrets.remove("db-pass")
    assert secrets.names() == []


def test_nothing_but_the_keyring_file_holds_the_value(
    store: SecretStore, keyring_file: Path, tmp_path: Path
) -> None:
    import os

    store.add("db-pass", SECRET)
    store.load()
    home = Path(os.environ["HOME"])
    assert files_holding(home, SECRET) == []
    assert files_holding(tmp_path, SECRET, skip=(keyring_file,)) == []
    # The file backend obfuscates: the raw value is not in its file either.
    assert SECRET.encode() not in keyring_file.read_bytes()


@pytest.mark.parametrize("name", ["", " ", "a b", "x" * 41, INDEX_KEY, "-lead", "é", "a/b"])
def test_bad_names_are_refused(store: SecretStore, name: str) -> None:
    with pytest.raises(InvalidInput, match="not a usable name"):
        store.add(name, SECRET)
    assert store.names() == []


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", "empty"),
        ("  \n\t ", "empty"),
        ("short", "at least 8"),
        ("x" * 8193, "at most 8192"),
        ("secret\x00value-here", "control characters"),
        ("secret\x1b[2Jvalue", "control characters"),
    ],
)
def test_bad_values_are_refused(store: SecretStore, value: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why) as caught:
        store.add("db-pass", value)
    assert value.strip() == "" or value not in caught.value.message
    assert store.names() == []


def test_a_multi_line_value_is_kept(store: SecretStore) -> None:
    pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"
    store.add("deploy-key", pem + "\n")
    assert store.load().secrets == (KnownSecret("deploy-key", pem),)


def test_adding_a_name_twice_is_refused_unless_replacing(store: SecretStore) -> None:
    store.add("db-pass", SECRET)
    with pytest.raises(InvalidInput, match="stored already"):
        store.add("db-pass", "a-different-value")
    assert store.load().secrets == (KnownSecret("db-pass", SECRET),)
    store.add("db-pass", "a-different-value", replace=True)
    assert store.names() == ["db-pass"]
    assert store.load().secrets == (KnownSecret("db-pass", "a-different-value"),)


def test_removing_an_unknown_name_is_not_found(store: SecretStore) -> None:
    with pytest.raises(NotFound, match="no known secret is named nope"):
        store.remove("nope")


def test_a_value_the_index_lost_can_still_be_removed(store: SecretStore) -> None:
    store.backend.set_password(SERVICE, "orphan", SECRET)
    assert store.names() == []
    store.remove("orphan")
    assert store.backend.get_password(SERVICE, "orphan") is None


def test_a_name_whose_value_is_gone_is_reported_missing(store: SecretStore) -> None:
    store.add("db-pass", SECRET)
    store.add("smtp", "another-long-secret")
    store.backend.delete_password(SERVICE, "smtp")
    loaded = store.load()
    assert loaded.secrets == (KnownSecret("db-pass", SECRET),)
    assert loaded.missing == ("smtp",)
    assert loaded.available


def test_a_damaged_index_is_a_clear_error(store: SecretStore) -> None:
    store.backend.set_password(SERVICE, INDEX_KEY, "not json")
    with pytest.raises(KeyringUnavailable, match="damaged"):
        store.names()


# -- no backend -------------------------------------------------------------------


def _assert_names_the_fallback(message: str) -> None:
    assert "no keyring backend" in message
    assert "PYTHON_KEYRING_BACKEND" in message
    assert FILE_BACKEND in message
    assert "0600" in message
    assert "not encrypted" in message
    assert "\n" not in message


def test_no_backend_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    with pytest.raises(NoKeyringBackend) as caught:
        SecretStore.open()
    _assert_names_the_fallback(caught.value.message)
    for call in (secrets.names, lambda: secrets.add("db-pass", SECRET)):
        with pytest.raises(NoKeyringBackend):
            call()


def test_a_fail_backend_handed_in_directly_is_refused() -> None:
    from keyring.backends import fail

    with pytest.raises(NoKeyringBackend) as caught:
        SecretStore(fail.Keyring())
    _assert_names_the_fallback(caught.value.message)


def test_load_known_without_a_backend_is_empty_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    loaded = load_known()
    assert loaded.secrets == ()
    assert not loaded.available
    _assert_names_the_fallback(loaded.unavailable or "")


def test_a_backend_that_cannot_be_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "no_such_module.Keyring")
    with pytest.raises(KeyringUnavailable, match="cannot be loaded"):
        select_backend()
    assert "cannot be loaded" in (load_known().unavailable or "")


# -- backends that prompt -----------------------------------------------------------


def test_the_encrypted_file_backend_prompts() -> None:
    from keyrings.alt.file import EncryptedKeyring

    assert prompts(EncryptedKeyring)
    assert not prompts(PlaintextKeyring)


def test_a_chosen_prompting_backend_is_refused_where_no_terminal_is_free(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_file_keyring(monkeypatch, tmp_path)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", ENCRYPTED_BACKEND)
    with pytest.raises(PromptingBackend) as caught:
        SecretStore.open(may_prompt=False)
    message = caught.value.message
    assert ENCRYPTED_BACKEND in message
    assert "asks for a password on the terminal" in message
    assert "PYTHON_KEYRING_BACKEND" in message
    loaded = load_known()
    assert loaded.secrets == ()
    assert "asks for a password" in (loaded.unavailable or "")
    assert not (tmp_path / "keyring-data").exists()


def test_a_chosen_prompting_backend_may_be_used_at_a_free_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_file_keyring(monkeypatch, tmp_path)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", ENCRYPTED_BACKEND)
    # Choosing it asks nothing; it would ask on its first read.
    assert backend_name(select_backend(may_prompt=True)) == ENCRYPTED_BACKEND


def test_the_chainer_never_chains_a_prompting_backend(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_file_keyring(monkeypatch, tmp_path)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    # With pycryptodome installed, keyring's own choice chains EncryptedKeyring
    # (priority 0.6) ahead of the plain file: the first read would prompt.
    monkeypatch.setattr(keyring.backend, "_limit", None)
    unlimited = [backend_name(b) for b in ChainerBackend.backends]
    assert ENCRYPTED_BACKEND in unlimited
    for may_prompt in (False, True):
        chosen = select_backend(may_prompt=may_prompt)
        members = ChainerBackend.backends if isinstance(chosen, ChainerBackend) else [chosen]
        assert not any(prompts(m) for m in members)
        assert ENCRYPTED_BACKEND not in [backend_name(m) for m in members]
    # A whole round trip with getpass refused: nothing tried to prompt.
    store = SecretStore.open()
    store.add("db-pass", SECRET)
    assert store.load().secrets == (KnownSecret("db-pass", SECRET),)


class _AsksOnTheTerminal(PlaintextKeyring):
    """A backend sophdesk does not know to prompt, which does (like a third-party one)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend: never chosen by keyring itself")

    def get_password(self, service: str, username: str) -> str | None:
        getpass.getpass("Keyring password: ")
        return super().get_password(service, username)


def test_an_unexpected_prompt_becomes_an_error_not_a_hang(keyring_file: Path) -> None:
    original = getpass.getpass
    store = SecretStore(_AsksOnTheTerminal(), may_prompt=False)
    with pytest.raises(PromptingBackend, match="tried to ask for one here"):
        store.names()
    assert getpass.getpass is original


def test_loading_meanwhile_gives_what_load_known_gives(
    keyring_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (Forked where the process runs no other thread; read here otherwise. The CLI's
    # end-to-end tests run it forked, in a process of its own.)
    secrets.add("db-pass", SECRET)
    assert secrets.load_known_meanwhile()() == load_known()
    assert load_known().secrets == (KnownSecret("db-pass", SECRET),)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)
    without = secrets.load_known_meanwhile()()
    assert without.secrets == ()
    assert without.unavailable == load_known().unavailable
