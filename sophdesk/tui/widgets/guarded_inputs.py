"""Text fields that refuse a paste too large to keep, instead of freezing.

Each field handles Textual's public :class:`~textual.events.Paste` event before
the widget it extends does (handlers run from the subclass up). A paste that
fits is left alone, so the parent's own handler inserts it, once; a paste that
does not fit is refused with a message and ``prevent_default()`` keeps the
parent from inserting it.
"""

from __future__ import annotations

from textual import events, on
from textual.widgets import Input, TextArea

from sophdesk.domain.incident import MAX_BODY_BYTES, MAX_TITLE_CHARS, byte_figure


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


class BodyArea(TextArea):
    """A TextArea whose pastes must fit in an incident body."""

    @on(events.Paste)
    def refuse_oversized_paste(self, event: events.Paste) -> None:
        size = utf8_size(event.text)
        if size + utf8_size(self.text) <= MAX_BODY_BYTES:
            return  # TextArea inserts it
        event.prevent_default()
        event.stop()
        self.notify(
            f"Paste refused: it is {byte_figure(size)} and a body may hold at most"
            f" {byte_figure(MAX_BODY_BYTES)}. Nothing was lost: your text is as it was."
            " Paste only the relevant lines.",
            title="Too large",
            severity="error",
            markup=False,
            timeout=10,
        )


class LineInput(Input):
    """A one-line Input that refuses a paste far beyond the field's limit."""

    def __init__(self, *args: object, limit: int = MAX_TITLE_CHARS, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.limit = limit

    @on(events.Paste)
    def refuse_oversized_paste(self, event: events.Paste) -> None:
        if len(event.text) + len(self.value) <= self.limit:
            return  # Input inserts it
        event.prevent_default()
        event.stop()
        self.notify(
            f"Paste refused: this field holds at most {self.limit} characters"
            f" and the paste has {len(event.text):,}. Put long text in the body.",
            title="Too long",
            severity="error",
            markup=False,
        )
