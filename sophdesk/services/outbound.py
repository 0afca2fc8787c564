"""The one door out: every text that leaves the desk passes through :func:`release`.

Ways out, each guarded by ``tests/services/test_one_door.py``:

* updates to an audience (``services.updates.compose``: printed, recorded, copied);
* support reports (``services.report.support_report``);
* clipboard payloads (``services.clipboard.copy``: OSC 52, pyperclip, the file);
* files written with ``--output`` (:func:`write_file`);
* an incident body shown or exported by ``new --json`` and ``show`` (a raw body).

Text stored in the database is already redacted at rest (``services.at_rest``),
but not everything is: a body kept raw on purpose, the customer and owner names,
and anything stored before a secret was added to the keyring. So the door redacts
the *whole* outgoing text again, with the keyring's known secrets and every
pattern rule, instead of trusting what is stored. Redacting redacted text is a
no-op: placeholders such as ``[openai-key-1]`` are left alone.

A value the operator restored as a false positive in the redaction preview (with
a reason, recorded on the timeline) is passed as ``allow`` and leaves as written;
a known secret from the keyring never does, whatever ``allow`` says.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sophdesk.domain.redaction import Finding, redact
from sophdesk.services.at_rest import known_secrets
from sophdesk.services.private_file import write_private


@dataclass(frozen=True, slots=True)
class Released:
    """The text as it may leave, and what the door removed on the way (no values)."""

    text: str
    findings: tuple[Finding, ...]

    def removed(self) -> list[str]:
        """The placeholders put in, once each, in order: ``[email-1]``..."""
        return list(dict.fromkeys(f.placeholder for f in self.findings))


def inspect(text: str, allow: Collection[str] = ()) -> Released:
    """``text`` redacted with the known secrets and the pattern rules, with findings;
    ``allow``: values the operator restored as false positives (never a known secret)."""
    if not text:
        return Released(text, ())
    known = known_secrets()
    if allow:
        secret = {k.value for k in known}
        allow = [value for value in allow if value not in secret]
    done = redact(text, known=known, allow=allow)
    return Released(done.text, done.findings)


def release(text: str, allow: Collection[str] = ()) -> str:
    """``text`` as it may leave the desk: every secret replaced by its placeholder
    (``allow``: see :func:`inspect`)."""
    return inspect(text, allow).text


def write_file(path: Path, text: str) -> Path:
    """Write ``text`` (released) to ``path``: 0600, atomically, never through a
    symbolic link (:class:`~sophdesk.services.private_file.UnsafeTarget`).

    ``-`` is not handled here: standard output is the caller's (already released).
    """
    return write_private(path, release(text).encode("utf-8"))
