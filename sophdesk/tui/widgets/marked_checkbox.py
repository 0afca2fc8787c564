"""A checkbox whose state is a mark, not only a shade.

Textual's Checkbox draws ``▐X▌`` either way and tells ticked from not by colour
alone, which NO_COLOR (and some 16-colour themes) erase. This one draws ``▐X▌``
ticked and ``▐ ▌`` not.
"""

from __future__ import annotations

from textual.content import ContentText
from textual.widgets import Checkbox

TICKED = "X"
UNTICKED = " "


class MarkedCheckbox(Checkbox):
    def __init__(self, label: ContentText = "", value: bool = False, **kwargs: object) -> None:
        super().__init__(label, value, **kwargs)  # type: ignore[arg-type]
        self.BUTTON_INNER = TICKED if value else UNTICKED

    def watch_value(self) -> None:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        super().watch_value()
