"""Known secrets: values the operator stored in the OS keyring, redacted everywhere.

The values live in the keyring and nowhere else: never in the database, the config
file or a log, and no message from here ever holds one. Each value is one keyring
entry of the service ``sophdesk`` under its name. A keyring cannot list its
entries, so the names are kept as one more entry of the same service, the index
(username ``:index``, which no name can be since names cannot hold a colon): a
JSON array of names. Names alone are not secret, but keeping the index in the
keyring too means sophdesk writes nothing about known secrets anywhere else. A
value is written before the index names it, and the index is updated before a
value is deleted, so a failure between the two leaves at worst an entry the index
does not name (``remove`` clears it) or a name whose value is gone (skipped).

**No backend.** On a bare SSH host keyring finds no backend, selects
``keyring.backends.fail.Keyring`` and every call raises ``NoKeyringError``. That,
a backend that cannot be loaded, and every other ``KeyringError`` (locked,
refused) become one :class:`KeyringUnavailable` whose message says what happened
and, for the no-backend case, names the fallback: ``PYTHON_KEYRING_BACKEND``, for
instance ``keyrings.alt.file.PlaintextKeyring`` (a 0600 file whose values are
obfuscated, not encrypted). :func:`load_known` never raises it: redaction goes on
with its pattern rules and the result says why no known secret was used.

**Backends that prompt.** Some backends ask for a master password on the
terminal with ``getpass`` (keyrings.alt's ``EncryptedKeyring``, keyrings.cryptfile's
``CryptFileKeyring``). While the desk owns the terminal such a prompt would be
drawn over the screen and read keystrokes meant for the desk; in a pipeline
(``cat log | sophdesk redact``) ``getpass`` may fall back to reading the data on
standard input. The policy:

* When keyring chooses the backend itself, prompting backends are never
  candidates: detection runs with a ``limit`` that leaves them out, so the chainer
  never chains them and they are never picked alone. This is the same in every
  context, so the CLI and the desk always read and write the same backend (a
  secret stored by ``sophdesk secrets add`` is one the desk can redact).
* A prompting backend the operator chose explicitly (``PYTHON_KEYRING_BACKEND`` or
  keyring's ``keyringrc.cfg``) is used only when the caller says an operator is at
  a terminal nothing else owns (``may_prompt=True``: the CLI with standard input
  and standard error on a terminal). Otherwise, the desk above all, it is refused
  with a :class:`PromptingBackend` error saying so.
* Belt and braces for backends not known to prompt: with ``may_prompt=False``
  every keyring call runs with ``getpass.getpass`` replaced by a function that
  raises, so an unexpected prompt becomes a clear error instead of a hang.
"""

from __future__ import annotations

import contextlib
import getpass
import importlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sophdesk.domain.errors import InvalidInput, NotFound
from sophdesk.domain.redaction import KnownSecret

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "sophdesk"
INDEX_KEY = ":index"
ENV_BACKEND = "PYTHON_KEYRING_BACKEND"
FALLBACK_BACKEND = "keyrings.alt.file.PlaintextKeyring"

NAME_RULE = "1 to 40 letters, digits, '.', '-' or '_', starting with a letter or digit"
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
#: Shorter values would match ordinary words and numbers all over a log.
MIN_VALUE_CHARS = 8
#: Room for a PEM private key (an RSA-4096 key is about 3.3 KB).
MAX_VALUE_CHARS = 8192
MAX_SECRETS = 500
# Controls other than tab, newline and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: Backends that ask for a password on the terminal (matched on the class and its
#: bases, by qualified name, so subclasses count and nothing needs importing).
PROMPTING_BACKENDS = frozenset(
    {
        "keyrings.alt.file.EncryptedKeyring",
        "keyrings.alt.file.Encrypted",
        "keyrings.cryptfile.file.EncryptedKeyring",
        "keyrings.cryptfile.cryptfile.CryptFileKeyring",
    }
)

FALLBACK_HINT = (
    f"to use another backend set {ENV_BACKEND}, for instance"
    f" {ENV_BACKEND}={FALLBACK_BACKEND} (from the keyrings.alt package), which keeps"
    " the values in a 0600 file (~/.local/share/python_keyring/keyring_pass.cfg):"
    " obfuscated, not encrypted"
)


class KeyringUnavailable(Exception):
    """The keyring cannot be used here; ``message`` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoKeyringBackend(KeyringUnavailable):
    """keyring found no backend on this machine (a bare SSH host)."""


class PromptingBackend(KeyringUnavailable):
    """The chosen backend would ask for a password on a terminal it may not use."""


@dataclass(frozen=True)
class KnownSecrets:
    """What :func:`load_known` found: the secrets, or why there are none."""

    secrets: tuple[KnownSecret, ...] = ()
    #: Why the keyring could not be read (None when it was); the secrets are then empty.
    unavailable: str | None = None
    #: Names in the index whose value the keyring no longer holds.
    missing: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        return self.unavailable is None


def backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _class_names(cls: type) -> set[str]:
    return {f"{klass.__module__}.{klass.__qualname__}" for klass in cls.__mro__}


def prompts(backend: object) -> bool:
    """Whether this backend (class or instance) asks for a password on the terminal."""
    cls = backend if isinstance(backend, type) else type(backend)
    return bool(_class_names(cls) & PROMPTING_BACKENDS)


def _chained(backend: KeyringBackend) -> list[KeyringBackend]:
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        return list(backend.backends)
    return [backend]


def _not_prompting(backend: KeyringBackend) -> bool:
    return not prompts(backend)


def normalise_name(name: str) -> str:
    """The name as stored (lower case), or InvalidInput saying what a name may be."""
    cleaned = name.strip().lower()
    if not _NAME.fullmatch(cleaned):
        shown = json.dumps(name[:60])
        raise InvalidInput(f"{shown} is not a usable name: a name is {NAME_RULE}")
    return cleaned


def clean_value(value: str) -> str:
    """The value as stored: surrounding whitespace removed (matching the trimmed
    value only ever finds more), checked for length and control characters."""
    cleaned = value.strip()
    if not cleaned:
        raise InvalidInput("the value is empty; nothing was stored")
    if len(cleaned) < MIN_VALUE_CHARS:
        raise InvalidInput(
            f"the value is {len(cleaned)} characters; a known secret needs at least"
            f" {MIN_VALUE_CHARS}, or it would match ordinary words and numbers"
        )
    if len(cleaned) > MAX_VALUE_CHARS:
        raise InvalidInput(
            f"the value is {len(cleaned)} characters; a known secret may be at most"
            f" {MAX_VALUE_CHARS}"
        )
    if _CONTROL.search(cleaned):
        raise InvalidInput("the value holds control characters; nothing was stored")
    return cleaned


# -- choosing the backend ---------------------------------------------------------


def _load_class(qualified: str) -> type:
    module_name, _, class_name = qualified.rpartition(".")
    if not module_name:
        raise ImportError(f"{qualified!r} is not module.ClassName")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not isinstance(cls, type):
        raise TypeError(f"{qualified} is not a class")
    return cls


def _no_backend_message(detail: str = "") -> str:
    head = "no keyring backend is available on this machine"
    if detail:
        head += f" ({detail})"
    return f"{head}; {FALLBACK_HINT}"


def _prompting_message(name: str, context: str) -> str:
    return (
        f"the keyring backend {name} asks for a password on the terminal, and {context};"
        f" choose a backend that does not prompt with {ENV_BACKEND}"
        f" (for instance {FALLBACK_BACKEND}: a 0600 file, obfuscated, not encrypted)"
    )


_NO_TERMINAL = "no terminal is free for it here"


def select_backend(*, may_prompt: bool = False) -> KeyringBackend:
    """The keyring backend to use, by keyring's own rules (``PYTHON_KEYRING_BACKEND``,
    then ``keyringrc.cfg``, then the best available) with prompting backends left
    out of the automatic choice; raises :class:`KeyringUnavailable`."""
    try:
        import keyring.core
        from keyring.backends import fail
        from keyring.errors import KeyringError
    except ImportError as exc:  # pragma: no cover - keyring is a dependency
        raise KeyringUnavailable(f"the keyring library cannot be imported: {exc}") from exc

    named = os.environ.get(ENV_BACKEND, "").strip()
    if named:
        # Check the class before keyring instantiates it: a prompting backend is
        # refused even where it would not load.
        try:
            cls = _load_class(named)
        except (ImportError, AttributeError, TypeError, ValueError) as exc:
            raise KeyringUnavailable(
                f"{ENV_BACKEND}={named} cannot be loaded ({exc}); unset it or name an"
                f" installed backend, for instance {FALLBACK_BACKEND}"
            ) from exc
        if prompts(cls) and not may_prompt:
            raise PromptingBackend(_prompting_message(named, _NO_TERMINAL))
    try:
        keyring.core.init_backend(limit=_not_prompting)
        backend = keyring.core.get_keyring()
    except KeyringError as exc:
        raise KeyringUnavailable(f"the keyring backend cannot be started: {exc}") from exc
    except (ImportError, AttributeError, TypeError, ValueError, RuntimeError) as exc:
        where = f"{ENV_BACKEND}={named}" if named else "the keyring backend configured"
        raise KeyringUnavailable(f"{where} cannot be used ({exc}); {FALLBACK_HINT}") from exc
    if isinstance(backend, fail.Keyring):
        raise NoKeyringBackend(
            _no_backend_message(f"{ENV_BACKEND} names the failing backend" if named else "")
        )
    chained = _chained(backend)
    if not chained:
        raise NoKeyringBackend(_no_backend_message())
    if not may_prompt:
        for member in chained:
            if prompts(member):
                raise PromptingBackend(_prompting_message(backend_name(member), _NO_TERMINAL))
    return backend


# -- refusing terminal prompts ------------------------------------------------------


class _PromptRefused(Exception):
    pass


_prompt_lock = threading.RLock()


def _refuse_prompt(*_args: Any, **_kwargs: Any) -> str:
    raise _PromptRefused


@contextlib.contextmanager
def _no_prompts(active: bool) -> Iterator[None]:
    if not active:
        yield
        return
    with _prompt_lock:
        saved = getpass.getpass
        getpass.getpass = _refuse_prompt
        try:
            yield
        finally:
            getpass.getpass = saved


# -- the store ----------------------------------------------------------------------


class SecretStore:
    """Known secrets in one keyring backend. Every failure of the keyring becomes
    :class:`KeyringUnavailable`; refusals (a bad name, an unknown name) are
    :class:`InvalidInput` and :class:`NotFound`."""

    def __init__(
        self, backend: KeyringBackend, *, may_prompt: bool = False, service: str = SERVICE
    ) -> None:
        from keyring.backends import fail

        if isinstance(backend, fail.Keyring):
            raise NoKeyringBackend(_no_backend_message())
        if not may_prompt:
            for member in _chained(backend):
                if prompts(member):
                    raise PromptingBackend(_prompting_message(backend_name(member), _NO_TERMINAL))
        self.backend = backend
        self.may_prompt = may_prompt
        self.service = service

    @classmethod
    def open(cls, *, may_prompt: bool = False) -> SecretStore:
        return cls(select_backend(may_prompt=may_prompt), may_prompt=may_prompt)

    @property
    def backend_name(self) -> str:
        return backend_name(self.backend)

    # -- keyring calls, each translated -------------------------------------------

    def _call(self, action: Callable[[], Any], *, value: str = "") -> Any:
        from keyring.errors import KeyringError, NoKeyringError

        try:
            with _no_prompts(not self.may_prompt):
                return action()
        except _PromptRefused:
            raise PromptingBackend(
                _prompting_message(self.backend_name, "tried to ask for one here")
            ) from None
        except NoKeyringError:
            raise NoKeyringBackend(_no_backend_message()) from None
        except KeyringError as exc:
            detail = _scrub(str(exc), value) or type(exc).__name__
            raise KeyringUnavailable(
                f"the keyring ({self.backend_name}) refused: {detail}"
                " (is it locked? unlock it and try again)"
            ) from None

    def entry(self, key: str) -> str | None:
        """sophdesk's own entry ``key`` (a name with a colon: never a known secret)."""
        return self._get(key)

    def set_entry(self, key: str, value: str) -> None:
        self._set(key, value)

    def _get(self, key: str) -> str | None:
        found = self._call(lambda: self.backend.get_password(self.service, key))
        return found if isinstance(found, str) else None

    def _set(self, key: str, value: str) -> None:
        self._call(lambda: self.backend.set_password(self.service, key, value), value=value)

    def _delete(self, key: str) -> bool:
        from keyring.errors import PasswordDeleteError

        def delete() -> bool:
            try:
                self.backend.delete_password(self.service, key)
            except PasswordDeleteError:
                return False
            return True

        return bool(self._call(delete))

    # -- the index ----------------------------------------------------------------

    def _read_index(self) -> list[str]:
        raw = self._get(INDEX_KEY)
        if not raw:
            return []
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        if not isinstance(parsed, list) or not all(isinstance(n, str) for n in parsed):
            raise KeyringUnavailable(
                f"the list of known-secret names in the keyring ({self.service} {INDEX_KEY})"
                " is damaged; remove that entry with your keyring tool and add the secrets again"
            )
        return sorted(set(parsed))

    def _write_index(self, names: Sequence[str]) -> None:
        if names:
            self._set(INDEX_KEY, json.dumps(sorted(set(names))))
        else:
            self._delete(INDEX_KEY)

    # -- the API --------------------------------------------------------------------

    def names(self) -> list[str]:
        """The stored names, sorted."""
        return self._read_index()

    def add(self, name: str, value: str, *, replace: bool = False) -> str:
        """Store ``value`` under ``name``; returns the name as stored."""
        key = normalise_name(name)
        cleaned = clean_value(value)
        index = self._read_index()
        if key in index and not replace:
            raise InvalidInput(
                f"a known secret named {key} is stored already; remove it first or replace it"
            )
        if key not in index and len(index) >= MAX_SECRETS:
            raise InvalidInput(f"{MAX_SECRETS} known secrets are stored; remove some first")
        self._set(key, cleaned)
        if key not in index:
            self._write_index([*index, key])
        return key

    def remove(self, name: str) -> str:
        """Forget the secret; NotFound when no secret of that name is stored."""
        key = normalise_name(name)
        index = self._read_index()
        if key in index:
            self._write_index([n for n in index if n != key])
        deleted = self._delete(key)
        if key not in index and not deleted:
            raise NotFound(f"no known secret is named {key} (see: sophdesk secrets list)")
        return key

    def load(self) -> KnownSecrets:
        secrets: list[KnownSecret] = []
        missing: list[str] = []
        for name in self._read_index():
            value = self._get(name)
            if value:
                secrets.append(KnownSecret(name, value))
            else:
                missing.append(name)
        return KnownSecrets(tuple(secrets), None, tuple(missing))


def _scrub(text: str, value: str) -> str:
    return text.replace(value, "[value]") if value else text


# -- module-level conveniences (each opens the store) ----------------------------------


def add(name: str, value: str, *, replace: bool = False, may_prompt: bool = False) -> str:
    return SecretStore.open(may_prompt=may_prompt).add(name, value, replace=replace)


def names(*, may_prompt: bool = False) -> list[str]:
    return SecretStore.open(may_prompt=may_prompt).names()


def remove(name: str, *, may_prompt: bool = False) -> str:
    return SecretStore.open(may_prompt=may_prompt).remove(name)


def load_known(*, may_prompt: bool = False) -> KnownSecrets:
    """The known secrets for the engine; never raises for want of a keyring: the
    result is then empty and ``unavailable`` says why (redaction goes on with its
    pattern rules). The desk calls this with ``may_prompt=False``."""
    try:
        return SecretStore.open(may_prompt=may_prompt).load()
    except KeyringUnavailable as exc:
        return KnownSecrets((), exc.message)


def load_known_meanwhile() -> Callable[[], KnownSecrets]:
    """:func:`load_known` (never prompting) in a forked process, so that the caller
    imports and reads meanwhile: keyring loads every backend it knows first, about
    0.2 s. Call the result for the secrets; they come back through a pipe, never a
    file. Without fork, in a process running threads, or when the child fails, the
    keyring is read here instead."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        found = load_known()
        return lambda: found
    from sophdesk.services.forked import fork_call

    try:
        child = fork_call(load_known)
    except OSError:
        found = load_known()
        return lambda: found

    def result() -> KnownSecrets:
        found = child.result()  # (None when the child failed: read it here)
        return found if isinstance(found, KnownSecrets) else load_known()

    return result
