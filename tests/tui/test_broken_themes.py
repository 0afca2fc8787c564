"""A broken theme file in the user's themes folder never stops the desk: it
starts with the chosen theme when that one is fine, else with the default and a
warning naming the file."""

from __future__ import annotations

import os
from pathlib import Path

from pilot_testing import desk_app, notifications, queue, wait_for

from sophdesk.services.desk import Desk

GOOD = 'name = "harbour"\nprimary = "#336699"\n'


def _user_themes() -> Path:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "sophdesk" / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "harbour.toml").write_text(GOOD, encoding="utf-8")
    (folder / "plum.toml").write_text('name = "plum"\nprimary = "no-such-colour"\n', "utf-8")
    (folder / "torn.toml").write_text('name = "torn\n', encoding="utf-8")
    return folder


async def test_the_desk_starts_with_a_good_theme_beside_broken_ones(desk: Desk) -> None:
    _user_themes()
    desk.new_incident("Checkout fails", "casa olivo")
    app = desk_app(desk, theme="harbour")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: len(queue(pilot).table.ids) == 1)
        assert app.theme == "harbour"


async def test_a_broken_chosen_theme_falls_back_to_the_default_with_a_warning(
    desk: Desk,
) -> None:
    folder = _user_themes()
    app = desk_app(desk, theme="plum")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue(pilot) is not None)
        assert app.theme == "sophdesk"
        await wait_for(
            pilot, lambda: any(str(folder / "plum.toml") in m for m in notifications(app))
        )
