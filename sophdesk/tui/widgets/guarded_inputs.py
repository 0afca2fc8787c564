"""Text fields that refuse a paste too large to keep, instead of freezing."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from sophdesk.domain.incident import MAX_BODY_BYTES, MAX_TITLE_CHARS, byte_figure


class BodyArea(TextArea):
    """A TextArea whose pastes must fit in an incident body."""

    async def _on_paste(self, event: events.Paste) -> None:
        size = len(event.text.encode("utf-8", "surrogatepass"))
        total = size + len(self.text.encode("utf-8", "surrogatepass"))
        if total > MAX_BODY_BYTES:
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
            return
        await super()._on_paste(event)


class LineInput(Input):
    """A one-line Input that refuses a paste far beyond the field's limit."""

    def __init__(self, *args: object, limit: int = MAX_TITLE_CHARS, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.limit = limit

    def _on_paste(self, event: events.Paste) -> None:
        if len(event.text) + len(self.value) > self.limit:
            event.prevent_default()
            event.stop()
            self.notify(
                f"Paste refused: this field holds at most {self.limit} characters"
                f" and the paste has {len(event.text):,}. Put long text in the body.",
                title="Too long",
                severity="error",
                markup=False,
            )
            return
        super()._on_paste(event)
