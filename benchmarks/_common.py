"""Shared pieces of the benchmarks: cached demo databases, a tmux driver, statistics.

* :func:`demo_db` builds ``benchmarks/.cache/demo-<size>-<schema>.db`` once with
  ``sophdesk demo`` and reuses it (a lock file keeps two benchmark runs from
  building the same file at once).
* :class:`Tmux` starts one private tmux server (its own ``-L`` socket, no user
  config) and runs commands in fresh 80x24 sessions, polling ``capture-pane``
  every few milliseconds until an expected text is on screen. The server and its
  sessions are always killed on the way out.
* Every child process gets :func:`bench_env`: the user's config file and database
  settings are kept out, so a personal theme or ``SOPHDESK_DATABASE_URL`` cannot
  change what is measured.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import shlex
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import traceback
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bare_app

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PYTHON = sys.executable
WIDTH, HEIGHT = 80, 24
#: How often the screen is sampled while waiting for a text (seconds).
POLL_SECONDS = 0.005
#: The title cell is ~42 cells wide at 80 columns and ends in '…' when cut.
TITLE_PREFIX = 30
#: Starts that never reach their text before a benchmark gives up.
MAX_FAILED_STARTS = 3


# -- environment and databases --------------------------------------------------------


def bench_env() -> dict[str, str]:
    """The environment for every child: no user config, no database override."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOPHDESK_")}
    env["SOPHDESK_CONFIG_FILE"] = str(CACHE / "no-config.toml")  # never created
    env["SOPHDESK_DATA_DIR"] = str(CACHE / "data")
    env["SOPHDESK_CACHE_DIR"] = str(CACHE / "sophdesk-cache")  # compiled patterns
    env["XDG_CONFIG_HOME"] = str(CACHE / "config")  # no user themes either
    env.pop("TEXTUAL", None)  # no devtools
    return env


def isolate_environment() -> None:
    """Give this process the same clean environment as the children (in-process runs)."""
    wanted = bench_env()
    for key in [k for k in os.environ if k not in wanted]:
        del os.environ[key]
    os.environ.update(wanted)


def schema_head() -> str:
    from sophdesk.store.migrate import HEAD

    return HEAD


def demo_db(size: int) -> Path:
    """A demo database of ``size`` incidents, built on first use and cached."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"demo-{size}-{schema_head()}.db"
    with open(CACHE / f"demo-{size}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return path
        building = path.with_name(f"{path.name}.building-{os.getpid()}")
        for stale in CACHE.glob(f"{path.name}.building-*"):
            stale.unlink()
        say(f"building the {size:,}-incident demo database in {CACHE} (once)…")
        started = time.perf_counter()
        subprocess.run(
            [PYTHON, "-m", "sophdesk", "demo", "--incidents", str(size), "--db", str(building)],
            env=bench_env(),
            check=True,
            stdin=subprocess.DEVNULL,
        )
        # Fold the WAL into the file so the cached database is one self-contained file.
        connection = sqlite3.connect(building)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        os.replace(building, path)
        say(f"built in {time.perf_counter() - started:.1f} s")
        return path


def most_urgent_title(db: Path) -> str:
    """What ``sophdesk list --limit 1 --json`` puts first: the top row of the queue."""
    out = subprocess.run(
        [PYTHON, "-m", "sophdesk", "list", "--db", str(db), "--limit", "1", "--json"],
        env=bench_env(),
        check=True,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    ).stdout
    rows = json.loads(out)
    if not rows:
        raise SystemExit(f"{db} has no open incidents: nothing to wait for")
    return str(rows[0]["title"])


def screen_prefix(title: str) -> str:
    """The part of a title sure to be on screen in the 80-column title cell."""
    return title[:TITLE_PREFIX]


def desk_command(db: Path) -> list[str]:
    return [PYTHON, "-m", "sophdesk", "--db", str(db)]


#: What the bare app shows (its Static's text).
BARE_TEXT = bare_app.TEXT


def bare_command() -> list[str]:
    return [PYTHON, str(HERE / "bare_app.py")]


# -- tmux ----------------------------------------------------------------------------------


class TmuxError(RuntimeError):
    pass


@dataclass
class Shown:
    """A command that reached its text: how long it took and the pane's pid."""

    seconds: float
    pid: int
    session: str


class Tmux:
    """A private tmux server; use as a context manager so it is always killed."""

    def __init__(self, tag: str) -> None:
        if shutil.which("tmux") is None:
            raise SystemExit("tmux is needed for this benchmark (apt-get install tmux)")
        self.socket = f"sophdesk-bench-{tag}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.env = bench_env()
        self._count = 0
        self._live: set[str] = set()
        self._socket_path = ""

    def _tmux(self, *args: str) -> list[str]:
        return ["tmux", "-L", self.socket, "-f", "/dev/null", *args]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._tmux(*args),
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            stdin=subprocess.DEVNULL,
        )

    def __enter__(self) -> Tmux:
        CACHE.mkdir(exist_ok=True)
        self._old_term = signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            # A keeper session holds the server up, so no measured run pays its start-up.
            self.run("new-session", "-d", "-s", "keeper", "-x", str(WIDTH), "-y", str(HEIGHT))
            self._socket_path = self.run("display-message", "-p", "#{socket_path}").stdout.strip()
            self.run("set-option", "-g", "remain-on-exit", "on")
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for name in list(self._live):
            self.kill(name)
        self.run("kill-server", check=False)
        if self._socket_path:
            Path(self._socket_path).unlink(missing_ok=True)
        signal.signal(signal.SIGTERM, self._old_term)

    def start(self, command: Sequence[str]) -> tuple[str, float]:
        """Start ``command`` in a new 80x24 session; returns the name and the start time."""
        self._count += 1
        name = f"run{self._count:04d}"
        # ``exec``: the pane's pid is the command itself (for reading its memory).
        shell = "exec " + " ".join(shlex.quote(part) for part in command)
        started = time.perf_counter()
        self.run(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "-c",
            str(CACHE),
            shell,
        )
        self._live.add(name)
        return name, started

    def screen(self, name: str) -> tuple[str, bool]:
        """The pane's text and whether its command has ended (one tmux call)."""
        result = self.run(
            "capture-pane",
            "-p",
            "-t",
            name,
            ";",
            "display-message",
            "-p",
            "-t",
            name,
            "#{pane_dead}",
            check=False,
        )
        if result.returncode != 0:
            raise TmuxError(f"tmux lost session {name}: {result.stderr.strip()}")
        text, _, dead = result.stdout.rstrip("\n").rpartition("\n")
        return text, dead.strip() == "1"

    def pid(self, name: str) -> int:
        return int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").stdout.strip())

    def wait_for(self, name: str, started: float, text: str, timeout: float = 15.0) -> float:
        """Seconds from ``started`` until ``text`` is on the pane.

        A start that never shows ``text`` raises :class:`TmuxError` carrying every
        distinct screen seen on the way (a short-lived error toast included).
        """
        screens: list[str] = []
        while True:
            screen, dead = self.screen(name)
            now = time.perf_counter()
            if text in screen:
                return now - started
            if screen.strip() and (not screens or screens[-1] != screen) and len(screens) < 20:
                screens.append(screen)
            if dead or now - started > timeout:
                why = "the command ended" if dead else f"still not there after {timeout:.0f} s"
                shown = "\n-- next screen --\n".join(screens) or "(the pane stayed blank)"
                raise TmuxError(f"{text!r} never showed in {name} ({why}); screens seen:\n{shown}")
            time.sleep(POLL_SECONDS)

    def show(self, command: Sequence[str], text: str, keep: bool = False) -> Shown:
        """Run ``command`` until ``text`` is on screen; kill it unless ``keep``."""
        name, started = self.start(command)
        try:
            seconds = self.wait_for(name, started, text)
            pid = self.pid(name)
        except BaseException:
            self.kill(name)
            raise
        if not keep:
            self.kill(name)
        return Shown(seconds, pid, name)

    def kill(self, name: str) -> None:
        self.run("kill-session", "-t", name, check=False)
        self._live.discard(name)


def show_retrying(
    tmux: Tmux, command: Sequence[str], text: str, failures: list[str], keep: bool = False
) -> Shown:
    """:meth:`Tmux.show`, but a start that never shows ``text`` is logged and retried.

    Failed starts are not timed and not hidden: they are appended to ``failures``
    (the scripts print the count with their results). More than
    :data:`MAX_FAILED_STARTS` abort the benchmark.
    """
    while True:
        try:
            return tmux.show(command, text, keep=keep)
        except TmuxError as exc:
            failures.append(str(exc))
            say(f"FAILED START (retrying; reported with the results):\n{exc}")
            if len(failures) > MAX_FAILED_STARTS:
                raise


def failed_starts_note(failures: list[str]) -> str | None:
    if not failures:
        return None
    return (
        f"WARNING: {len(failures)} start(s) never showed the expected text and were retried;"
        " the screens they showed are on stderr"
    )


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


# -- memory -------------------------------------------------------------------------------


def rss_bytes(pid: int, field: str = "VmRSS") -> int:
    """A ``/proc/PID/status`` memory figure (VmRSS, VmHWM…) in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise TmuxError(f"no {field} for pid {pid}")


# -- statistics and output ----------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p90 of 10 values is the 9th smallest)."""
    ordered = sorted(values)
    rank = max(math.ceil(pct / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def load_average() -> float:
    return os.getloadavg()[0]


def machine_note(load_at_start: float) -> str:
    """How busy the machine was: other work inflates absolute times (ratios less)."""
    return (
        f"machine: {os.cpu_count()} CPUs, 1-min load average {load_at_start:.1f} at start,"
        f" {load_average():.1f} at end"
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def run_main(main: Callable[[], int]) -> None:
    """Exit with ``main()``'s status: 0 goal met, 1 goal missed; 2 if it could not run."""
    try:
        code = main()
    except Exception:
        traceback.print_exc()
        say("the benchmark could not run (exit status 2)")
        code = 2
    sys.exit(code)


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)
