"""Tables line up in terminal cells: CJK and emoji take two cells, a combining
accent none. ``--format plain`` stays tab-separated and uncut."""

from __future__ import annotations

from rich.cells import cell_len

from .conftest import Sandbox

CUSTOMERS = {
    "wide": "東京コーヒー株式会社",
    "emoji": "☕ Kobo roasters",
    "combining": "Cafe\u0301 Olivo",  # e + COMBINING ACUTE ACCENT: 1 cell
    "plain": "casa olivo",
    "long": "東京コーヒー株式会社東京コーヒー株式会社",  # 40 cells: cut to 28
}


def _title_columns(lines: list[str], titles: list[str]) -> set[int]:
    """The terminal column at which each row's title starts."""
    columns = set()
    for title in titles:
        (line,) = [line for line in lines if line.endswith(title)]
        columns.add(cell_len(line[: line.rindex(title)]))
    return columns


def test_list_columns_line_up_with_wide_and_combining_characters(sandbox: Sandbox) -> None:
    titles = []
    for key, customer in CUSTOMERS.items():
        titles.append(f"checkout fails for {key}")
        sandbox.new(title=titles[-1], customer=customer)
    lines = sandbox.ok("list").stdout.splitlines()
    header = lines[0]
    assert len(lines) == 1 + len(CUSTOMERS)
    # Every title starts in the same terminal column, the header's TITLE too.
    assert _title_columns(lines, titles) == {cell_len(header[: header.index("TITLE")])}
    # The customer column is capped at 28 cells: the long name is cut, not wrapped.
    (long_row,) = [line for line in lines if line.endswith("for long")]
    assert CUSTOMERS["long"] not in long_row
    assert "東京コーヒー株式会社東京コー  checkout" in long_row  # 14 characters, 28 cells
    for key in ("wide", "emoji", "combining"):
        assert CUSTOMERS[key] in "\n".join(lines)


def test_plain_format_is_unchanged_tab_separated_and_uncut(sandbox: Sandbox) -> None:
    for key, customer in CUSTOMERS.items():
        sandbox.new(title=f"checkout fails for {key}", customer=customer)
    plain = sandbox.ok("list", "--format", "plain").stdout
    rows = [line.split("\t") for line in plain.splitlines()]
    assert len(rows) == len(CUSTOMERS)
    assert {row[4] for row in rows} == set(CUSTOMERS.values())
    assert all(len(row) == 6 for row in rows)
