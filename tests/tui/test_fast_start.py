"""The desk paints from SQLite before the full store has opened."""

from __future__ import annotations

from pathlib import Path

from desk_testing import frozen_clock
from pilot_testing import queue, screen_text, wait_for

from sophdesk.config import Settings
from sophdesk.domain.queue import QueueFilter
from sophdesk.services.desk import Desk
from sophdesk.services.handle import prepare
from sophdesk.tui.app import make_app


async def test_queue_paints_then_opens_the_store_in_the_background(
    demo_desk: Desk, db_path: Path
) -> None:
    expected = demo_desk.queue_ids(QueueFilter())
    first = demo_desk.queue_rows(expected[:1])[0]
    handle = prepare(f"sqlite:///{db_path}", "tester", frozen_clock)
    assert not handle.is_open
    app = make_app(handle, Settings(), clock=frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: first.title[:30] in screen_text(pilot))
        # The store opens in the background: wait for it and for the queue it loads,
        # however long a busy machine takes (not for "every worker": the change
        # watcher's own first reload may start after them).
        await wait_for(
            pilot,
            lambda: (
                handle.is_open
                and queue(pilot).table.ids == expected
                and f"{len(expected)} open incidents" in screen_text(pilot)
            ),
        )
    handle.close()


async def test_a_database_that_breaks_before_opening_ends_with_a_clear_message(
    demo_desk: Desk, db_path: Path
) -> None:
    handle = prepare(f"sqlite:///{db_path}", "tester", frozen_clock)
    demo_desk.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db_path.write_bytes(b"this is no longer a database" * 100)
    app = make_app(handle, Settings(), clock=frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: not app.is_running, timeout=10)
    assert app.return_code == 3
    assert db_path.read_bytes() == b"this is no longer a database" * 100
