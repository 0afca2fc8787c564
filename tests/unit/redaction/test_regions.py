"""A big text judged in regions (each may run in another process) redacts exactly as
the whole text does: same text, same placeholders, same findings."""

from __future__ import annotations

from itertools import pairwise

import pytest
from redaction.scoring import load_corpus

from sophdesk.domain.redaction import engine, judge_region, redact, split

CORPUS = "\n\n".join(doc.text for doc in load_corpus())
PEM = (
    "-----BEGIN PRIVATE KEY-----\n"
    + "\n".join("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" for _ in range(30))
    + "\n-----END PRIVATE KEY-----\n"
)


def in_regions(text: str, parts: int) -> tuple[str, tuple[object, ...]]:
    judged = [judge_region(text, start, end) for start, end in split(text, parts)]
    result = redact(text, regions=judged)
    return result.text, result.findings


def test_regions_cover_the_text_and_are_cut_after_blank_lines() -> None:
    regions = split(CORPUS, 7)
    assert len(regions) == 7
    assert regions[0][0] == 0
    assert regions[-1][1] == len(CORPUS)
    for (_, end), (start, _) in pairwise(regions):
        assert end == start
        assert CORPUS[:start].rstrip(" \t\r").endswith("\n\n") or CORPUS[:start].endswith("\n\n")


def test_the_first_region_can_take_a_bigger_share_and_still_redacts_as_whole() -> None:
    regions = split(CORPUS, 3, first_share=0.5)
    first = regions[0][1] / len(CORPUS)
    assert 0.49 < first < 0.56  # cut at the next blank line after half the text
    assert regions[1][1] - regions[1][0] < regions[0][1]
    judged = [judge_region(CORPUS, start, end) for start, end in regions]
    whole = redact(CORPUS)
    result = redact(CORPUS, regions=judged)
    assert (result.text, result.findings) == (whole.text, whole.findings)


def test_a_text_without_blank_lines_is_cut_at_line_ends() -> None:
    text = "".join(f"line {i} mail ana{i}@example.com\n" for i in range(2000))
    regions = split(text, 3)
    assert len(regions) == 3
    assert all(text[start - 1] == "\n" for start, _ in regions[1:])


@pytest.mark.parametrize("margin", [engine.MARGIN, 4096, 1024])
@pytest.mark.parametrize("parts", [2, 9, 40])
def test_the_labelled_corpus_in_regions_is_redacted_as_whole(
    monkeypatch: pytest.MonkeyPatch, parts: int, margin: int
) -> None:
    # Small margins too: every document of the corpus is judged with 1 KB of
    # context at a cut, and still comes out the same.
    monkeypatch.setattr(engine, "MARGIN", margin)
    whole = redact(CORPUS)
    assert in_regions(CORPUS, parts) == (whole.text, whole.findings)


def test_a_finding_over_a_cut_is_removed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The margin is wider than the key block (as the real one is), narrower than the text.
    monkeypatch.setattr(engine, "MARGIN", 2048)
    text = "intro line\n" * 400 + PEM + "after the key\n" * 300
    # No blank line: the cut falls at a line end inside the PEM block.
    regions = split(text, 2)
    assert text.index("-----BEGIN") < regions[0][1] < text.index("-----END")
    whole = redact(text)
    assert "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw" not in whole.text
    assert in_regions(text, 2) == (whole.text, whole.findings)


def test_a_csv_header_labels_only_its_own_table(monkeypatch: pytest.MonkeyPatch) -> None:
    # The header is at the start of the text; a region that starts later must not
    # read its own first line as a header (names would vanish from ordinary text).
    monkeypatch.setattr(engine, "MARGIN", 512)
    table = "Order,Billing First Name,Billing Last Name,Status\n" + "".join(
        f"{1000 + i},Claudia,Moreno,processing\n" for i in range(200)
    )
    tail = "".join(f"Status,Notes,Owner,Queue line {i} Alpha\n" for i in range(400))
    text = table + "\n" + tail
    whole = redact(text)
    assert "Claudia" not in whole.text
    assert "Alpha" in whole.text
    assert in_regions(text, 3) == (whole.text, whole.findings)


def test_positions_off_gives_the_same_text_and_no_findings() -> None:
    whole = redact(CORPUS)
    bare = redact(CORPUS, positions=False)
    assert bare.text == whole.text
    assert bare.findings == ()


def test_joining_resolves_findings_that_overlap_at_a_cut() -> None:
    from sophdesk.domain.redaction.scan import Hit

    key = Hit(90, 130, 90, "credential", "private-key", "pem", "k")
    inside = Hit(105, 120, 40, "private", "email", "email", "e")  # region 2's view of it
    later = Hit(150, 160, 40, "private", "email", "email", "f")
    joined = engine.join_regions(
        [[Hit(10, 20, 40, "private", "phone", "p", "1"), key], [inside, later]]
    )
    assert [(h.start, h.end) for h in joined] == [(10, 20), (90, 130), (150, 160)]
