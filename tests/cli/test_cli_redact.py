"""``sophdesk redact [FILE]``: input checks, findings, --explain, known secrets, speed of import."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
from keyring_testing import FAIL_BACKEND, FILE_BACKEND, SECRET, use_file_keyring

from sophdesk.cli.redaction import FINDING_KEYS

from .conftest import EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE, EXIT_USAGE, Sandbox

OPENAI_KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD"
EVIDENCE = (
    "[27-Nov-2026 09:14:02 UTC] PHP Fatal error: SophMate request failed (401)\n"
    f"OPENAI_API_KEY={OPENAI_KEY}\n"
    "request-id: req_7f3a9c2e41b8\n"
)


@pytest.fixture
def keyring_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_file_keyring(monkeypatch, tmp_path)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_BACKEND)


# -- input checks (no engine needed) ----------------------------------------------


def test_empty_input_gives_empty_output(sandbox: Sandbox, tmp_path: Path) -> None:
    findings = tmp_path / "findings.json"
    result = sandbox.ok("redact", "--findings", str(findings), input="")
    assert result.stdout == ""
    assert json.loads(findings.read_text()) == []
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    assert sandbox.ok("redact", str(empty)).stdout == ""


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"GIF89a\x01\x00\x00\x00\xff", "holds a NUL byte"),
        ("log line\n".encode("utf-16"), "holds a NUL byte"),
        (b"caf\xe9 latin-1 text\n", "is not UTF-8 text (line 1, byte 3"),
        (b"ok\nok\n\xff\xfe\n", "is not UTF-8 text (line 3, byte 6"),
    ],
)
def test_binary_or_undecodable_input_is_refused(
    sandbox: Sandbox, tmp_path: Path, data: bytes, why: str
) -> None:
    source = tmp_path / "evidence.bin"
    source.write_bytes(data)
    for args, where in (((str(source),), str(source)), (("-",), "standard input")):
        result = sandbox.invoke("redact", *args, input=data if args == ("-",) else None)
        assert result.exit_code == EXIT_REFUSED
        assert result.stdout == ""
        assert result.stderr.startswith(f"sophdesk: {where} ")
        assert why in result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_a_missing_file_or_a_folder_is_refused(sandbox: Sandbox, tmp_path: Path) -> None:
    missing = sandbox.invoke("redact", str(tmp_path / "nope.log"))
    assert missing.exit_code == EXIT_REFUSED
    assert "cannot read" in missing.stderr
    assert "No such file" in missing.stderr
    folder = sandbox.invoke("redact", str(tmp_path))
    assert folder.exit_code == EXIT_REFUSED
    assert "is a folder" in folder.stderr


def test_findings_need_a_file_name(sandbox: Sandbox) -> None:
    result = sandbox.invoke("redact", "--findings", "-", input="text")
    assert result.exit_code == EXIT_USAGE


def test_known_required_without_a_keyring_is_exit_3(sandbox: Sandbox, no_keyring: None) -> None:
    result = sandbox.invoke("redact", "--known", input=EVIDENCE)
    assert result.exit_code == EXIT_UNUSABLE
    assert result.stdout == ""
    assert result.stderr.startswith("sophdesk: known secrets cannot be read: no keyring backend")
    assert "PYTHON_KEYRING_BACKEND" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def _run_python(
    sandbox: Sandbox, args: list[str], data: bytes, env: dict[str, str]
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, *args],
        input=data,
        capture_output=True,
        env=env,
        cwd=sandbox.root,
        timeout=120,
    )


@pytest.mark.parametrize("known", ["--no-known", "--known"])
def test_redact_imports_no_database_or_ui_code(
    sandbox: Sandbox, tmp_path: Path, known: str
) -> None:
    env = sandbox.env(
        PYTHON_KEYRING_BACKEND=FILE_BACKEND, XDG_DATA_HOME=str(tmp_path / "keyring-data")
    )
    data = EVIDENCE.encode()
    done = _run_python(sandbox, ["-X", "importtime", "-m", "sophdesk", "redact", known], data, env)
    assert done.returncode == EXIT_OK, done.stderr[-2000:]
    modules = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in done.stderr.decode().splitlines()
        if line.startswith("import time:")
    }
    assert "sophdesk" in modules
    assert not modules & {"sqlalchemy", "sqlmodel", "alembic", "textual", "rich"}
    assert ("keyring" in modules) == (known == "--known" and bool(data))


# -- with the engine ----------------------------------------------------------------


def test_file_stdin_and_dash_give_the_same_text(sandbox: Sandbox, tmp_path: Path) -> None:
    source = tmp_path / "evidence.log"
    source.write_text(EVIDENCE, encoding="utf-8")
    from_file = sandbox.ok("redact", "--no-known", str(source))
    from_stdin = sandbox.ok("redact", "--no-known", input=EVIDENCE)
    from_dash = sandbox.ok("redact", "--no-known", "-", input=EVIDENCE)
    assert from_file.stdout == from_stdin.stdout == from_dash.stdout
    assert OPENAI_KEY not in from_file.stdout
    assert OPENAI_KEY[:8] + OPENAI_KEY[8:16] not in from_file.stdout
    assert "[openai-key-1]" in from_file.stdout
    assert "req_7f3a9c2e41b8" in from_file.stdout
    assert "09:14:02" in from_file.stdout
    assert from_file.stderr == ""


def test_findings_json_has_the_keys_and_never_the_values(sandbox: Sandbox, tmp_path: Path) -> None:
    findings_file = tmp_path / "findings.json"
    result = sandbox.ok("redact", "--no-known", "--findings", str(findings_file), input=EVIDENCE)
    raw = findings_file.read_text(encoding="utf-8")
    assert OPENAI_KEY not in raw
    findings = json.loads(raw)
    assert isinstance(findings, list)
    assert findings
    for finding in findings:
        assert tuple(finding) == FINDING_KEYS
    key = next(f for f in findings if f["placeholder"] == "[openai-key-1]")
    assert key["category"] == "provider_key"
    assert (key["line"], key["column"]) == (2, EVIDENCE.splitlines()[1].index("sk-") + 1)
    assert EVIDENCE[key["start"] : key["end"]] == OPENAI_KEY
    assert "[openai-key-1]" in result.stdout


def test_explain_prints_a_table_on_stderr(sandbox: Sandbox) -> None:
    plain = sandbox.ok("redact", "--no-known", input=EVIDENCE)
    explained = sandbox.ok("redact", "--no-known", "--explain", input=EVIDENCE)
    assert explained.stdout == plain.stdout
    lines = explained.stderr.splitlines()
    assert lines[0].split() == ["LINE:COL", "CATEGORY", "KIND", "PLACEHOLDER", "RULE"]
    assert any("provider_key" in line and "[openai-key-1]" in line for line in lines)
    assert lines[-1].endswith(("finding", "findings"))
    assert OPENAI_KEY not in explained.stderr


def test_clean_text_is_unchanged(sandbox: Sandbox) -> None:
    text = "WooCommerce 9.4.1, SophMate 2.3.0: checkout timed out after 30 s\n"
    result = sandbox.ok("redact", "--explain", "--no-known", input=text)
    assert result.stdout == text
    assert result.stderr == "sophdesk: no findings\n"


def test_a_known_secret_is_redacted_also_in_base64(sandbox: Sandbox, keyring_file: Path) -> None:
    sandbox.ok("secrets", "add", "db-pass", input=SECRET)
    encoded = base64.b64encode(f"admin:{SECRET}".encode()).decode()
    text = (
        f"define( 'DB_PASSWORD_OLD', '{SECRET}' );\n"
        f"note: the customer pasted {SECRET} in a ticket\n"
        f"Authorization: Basic {encoded}\n"
        f"settings export: {base64.b64encode(SECRET.encode()).decode()}\n"
    )
    result = sandbox.ok("redact", input=text)
    for form in (SECRET, base64.b64encode(SECRET.encode()).decode()):
        assert form[:16] not in result.stdout, result.stdout
    assert encoded not in result.stdout
    findings_file = keyring_file.parent.parent / "f.json"
    sandbox.ok("redact", "--known", "--findings", str(findings_file), input=text)
    findings = json.loads(findings_file.read_text())
    assert any(f["category"] == "known_secret" for f in findings)
    assert SECRET not in findings_file.read_text()
    # --no-known leaves the keyring alone: the value is not known to be secret.
    skipped = sandbox.ok("redact", "--no-known", input=f"note: {SECRET}\n")
    assert SECRET in skipped.stdout


def test_without_a_keyring_patterns_still_apply(sandbox: Sandbox, no_keyring: None) -> None:
    result = sandbox.ok("redact", input=EVIDENCE)
    assert OPENAI_KEY not in result.stdout
    assert "[openai-key-1]" in result.stdout
    # Not on a terminal: the note about known secrets stays off a pipeline's stderr.
    assert result.stderr == ""


@pytest.mark.slow
def test_the_real_process_end_to_end(sandbox: Sandbox, tmp_path: Path) -> None:
    env = sandbox.env(
        PYTHON_KEYRING_BACKEND=FILE_BACKEND,
        XDG_DATA_HOME=str(tmp_path / "keyring-data"),
        HOME=str(tmp_path),
    )
    added = sandbox.run(["secrets", "add", "db-pass"], input=SECRET.encode(), env=env)
    assert added.returncode == EXIT_OK, added.stderr
    source = tmp_path / "evidence.log"
    source.write_text(EVIDENCE + f"DB_PASSWORD={SECRET}\n", encoding="utf-8")
    findings_file = tmp_path / "findings.json"
    done = sandbox.run(
        ["redact", str(source), "--findings", str(findings_file), "--explain"], env=env
    )
    assert done.returncode == EXIT_OK, done.stderr
    out = done.stdout.decode()
    assert OPENAI_KEY not in out
    assert SECRET not in out
    assert "req_7f3a9c2e41b8" in out
    assert b"PLACEHOLDER" in done.stderr
    assert {f["category"] for f in json.loads(findings_file.read_text())} >= {"provider_key"}
    piped = sandbox.run(["redact"], input=source.read_bytes(), env=env)
    assert piped.stdout == done.stdout
    binary = sandbox.run(["redact", "-"], input=b"\x00\x01\x02", env=env)
    assert binary.returncode == EXIT_REFUSED
    assert binary.stdout == b""
    assert b"Traceback" not in binary.stderr


def test_on_a_terminal_a_note_says_known_secrets_were_not_used(
    sandbox: Sandbox, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sophdesk.cli.base.on_terminal", lambda: True)
    result = sandbox.ok("redact", input=EVIDENCE)
    assert "[openai-key-1]" in result.stdout
    note = result.stderr.splitlines()
    assert len(note) == 1
    assert note[0].startswith("sophdesk: note: known secrets not used, pattern rules only")
    assert "PYTHON_KEYRING_BACKEND" in note[0]
    quiet = sandbox.ok("redact", "--no-known", input=EVIDENCE)
    assert quiet.stderr == ""


def test_a_big_input_on_every_core_is_redacted_as_in_one_process(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    # 1.5 MB (above the size a big input is judged in parallel from) of evidence:
    # the same result from every core as from one, and as the engine gives in here.
    from redaction.scoring import load_corpus

    from sophdesk.domain.redaction import redact
    from sophdesk.services.bulk_redaction import PARALLEL_FROM

    docs = [d.text for d in load_corpus()]
    text = "\n\n".join(docs * (PARALLEL_FROM * 3 // 2 // sum(len(d) + 2 for d in docs) + 1))
    assert len(text) > PARALLEL_FROM
    source = tmp_path / "big.log"
    source.write_text(text, encoding="utf-8")
    env = sandbox.env(PYTHON_KEYRING_BACKEND=FAIL_BACKEND)
    parallel = sandbox.run(["redact", str(source), "--jobs", "2"], env=env)
    single = sandbox.run(["redact", str(source), "--jobs", "1"], env=env)
    assert parallel.returncode == single.returncode == EXIT_OK, parallel.stderr
    assert parallel.stdout == single.stdout
    assert parallel.stdout.decode() == redact(text).text
    findings = tmp_path / "findings.json"
    done = sandbox.run(["redact", str(source), "--findings", str(findings)], env=env)
    assert done.stdout == single.stdout
    assert len(json.loads(findings.read_text())) == len(redact(text).findings)
