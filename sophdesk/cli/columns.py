"""Aligned columns measured in terminal cells, not characters.

A CJK character or most emoji take two cells, a combining accent none: ``len()``
would push the columns out of line (a customer named 東京コーヒー株式会社 is 10
characters but 20 cells). Rich's cell tables (installed with Textual; only
``rich.cells`` is imported, and only when a table is printed) measure each
character as the terminal draws it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    return cell_len(text)


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells and padded to exactly ``width``
    (a wide character that would straddle the edge becomes a space)."""
    return set_cell_size(text, width)


def aligned(
    header: Sequence[str],
    lines: Sequence[Sequence[str]],
    capped: dict[int, int] | None = None,
    *,
    pad_last: bool = False,
) -> list[str]:
    """The header and lines as text rows, columns two spaces apart.

    ``capped`` columns are cut to at most that many cells; the last column is not
    padded unless ``pad_last`` (nothing follows it). Trailing spaces are dropped.
    """
    count = len(header) if pad_last else len(header) - 1
    widths = [max([cells(header[i])] + [cells(line[i]) for line in lines]) for i in range(count)]
    for index, cap in (capped or {}).items():
        if index < count:
            widths[index] = min(widths[index], cap)
    rows = []
    for row in [header, *lines]:
        padded = [fit(cell, width) for cell, width in zip(row[:count], widths, strict=True)]
        rows.append("  ".join([*padded, *row[count:]]).rstrip())
    return rows
