"""sophdesk redact on a big input: judged on every core and written in parts, the
first while the workers still judge the rest; always the text of one pass."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from redaction.scoring import load_corpus

from sophdesk.domain.redaction import redact
from sophdesk.services import bulk_redaction
from sophdesk.services.bulk_redaction import PARALLEL_FROM, write_redacted_big

DOCS = [d.text for d in load_corpus()]


def big_evidence() -> str:
    size = sum(len(d) + 2 for d in DOCS)
    return "\n\n".join(DOCS * (PARALLEL_FROM * 3 // 2 // size + 1))


def written(text: str, cores: int = 2) -> list[str]:
    parts: list[str] = []
    write_redacted_big(text, parts.append, cores=cores)
    return parts


def test_the_first_part_is_written_early_and_the_whole_is_the_one_pass_text() -> None:
    text = big_evidence()
    parts = written(text)
    assert len(parts) == 2  # the first region's settled part, then the rest
    assert 0.3 < len(parts[0]) / len("".join(parts)) < 0.7
    assert "".join(parts) == redact(text).text


def test_a_value_named_again_in_another_region_is_found_there_before_writing() -> None:
    # A password found labelled just before the cut, named again bare just after
    # it: each region finds the mentions near the values found around it (its
    # margin holds both), so the first part can be written early all the same.
    filler = "".join(
        f"2026-11-28 10:00:{i % 60:02d} cron ran job {i} in 12 ms\n" for i in range(12000)
    )
    text = (
        filler + "\n\nDB_PASSWORD=Kettle4Hunter2x\n\n" + filler[:2000]
        + "\n\nretried Kettle4Hunter2x at 10:02\n\n" + filler
    )  # fmt: skip
    assert len(text) > PARALLEL_FROM
    parts = written(text)
    assert "".join(parts) == redact(text).text
    assert "Kettle4Hunter2x" not in "".join(parts)


def test_one_process_writes_the_text_at_once() -> None:
    text = big_evidence()
    assert written(text, cores=1) == [redact(text).text]


def test_a_worker_that_dies_costs_time_not_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # The first part is out before the worker's loss is known: the rest follows it.
    def die(*args: object, **kwargs: object) -> object:
        os._exit(3)  # in the forked worker, which calls it

    monkeypatch.setattr(bulk_redaction, "judge_region_rows", die)
    text = big_evidence()
    parts = written(text)
    assert len(parts) == 2
    assert "".join(parts) == redact(text).text


def test_a_big_text_is_judged_in_a_forked_worker(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pids: list[int] = []
    judge = bulk_redaction.judge_region_rows

    def record(*args: object, **kwargs: object) -> object:
        pids.append(os.getpid())  # in the worker: lost with it, so written out
        rows = judge(*args, **kwargs)  # type: ignore[arg-type]
        with open(marker, "w", encoding="utf-8") as out:
            out.write(str(os.getpid()))
        return rows

    marker = tmp_path / "worker-pid"
    monkeypatch.setattr(bulk_redaction, "judge_region_rows", record)
    text = big_evidence()
    assert "".join(written(text)) == redact(text).text
    with open(marker, encoding="utf-8") as done:
        assert int(done.read()) != os.getpid()
    assert pids == []  # nothing was judged as rows in this process


def test_known_secrets_asked_for_late_reach_every_worker() -> None:
    # The keyring is still being read when the workers start: the secrets are asked
    # for once, when the engine first needs them, and sent on to each worker.
    from sophdesk.domain.redaction import KnownSecret

    secret = "site-db-Pa55word-9f3k"
    filler = "".join(
        f"2026-11-28 10:00:{i % 60:02d} cron ran job {i} in 12 ms\n" for i in range(12000)
    )
    text = f"one {secret}\n\n" + filler + f"\n\ntwo {secret}\n\n" + filler + f"\n\nthree {secret}\n"
    asked: list[int] = []

    def known() -> list[KnownSecret]:
        asked.append(os.getpid())
        return [KnownSecret("site db", secret)]

    parts: list[str] = []
    write_redacted_big(text, parts.append, known=known, cores=3)
    out = "".join(parts)
    assert secret not in out
    assert out.count("[known-secret-1]") == 3
    assert asked == [os.getpid()]
    assert out == redact(text, known=known()).text


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_a_fork_that_fails_leaves_nothing_open(monkeypatch: pytest.MonkeyPatch) -> None:
    from sophdesk.domain.redaction import KnownSecret

    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    text = big_evidence()
    before = open_fds()
    monkeypatch.setattr(bulk_redaction.os, "fork", no_fork)
    # Secrets bigger than a pipe holds: nothing may wait on a pipe nobody reads.
    known = [KnownSecret(f"s{i}", f"secret-value-{i:04d}-" + "x" * 80) for i in range(1000)]
    parts: list[str] = []
    write_redacted_big(text, parts.append, known=lambda: known, cores=2)
    assert "".join(parts) == redact(text, known=known).text
    assert open_fds() == before


def test_workers_reaped_by_the_system_still_hand_their_rows_over() -> None:
    import signal

    text = big_evidence()
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # as some supervisors start us
    try:
        parts = written(text)
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert len(parts) == 2
    assert "".join(parts) == redact(text).text


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_giving_up_half_way_stops_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    text = big_evidence()
    before = open_fds()
    forked: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    def broken() -> list[object]:
        raise RuntimeError("the keyring went away")

    monkeypatch.setattr(bulk_redaction.os, "fork", recorded)
    with pytest.raises(RuntimeError):
        write_redacted_big(text, [].append, known=broken, cores=2)  # type: ignore[arg-type]
    assert len(forked) == 1
    assert reaped(forked[0])
    assert open_fds() == before
