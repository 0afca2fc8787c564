"""Messages the desk's screens send each other."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """Something was written through this desk; screens reload what they show."""
