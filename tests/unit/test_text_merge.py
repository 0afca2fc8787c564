"""The composer keeps the operator's wording when the update is composed again."""

from __future__ import annotations

from sophdesk.domain.text_merge import keep_edits

BASE = (
    "Hello,\n"
    "Impact: (missing: impact summary)\n"
    "Current workaround: (missing: current workaround)\n"
    "Next update by 15:00 UTC.\n"
)


def test_edited_wording_survives_a_filled_field() -> None:
    edited = BASE.replace("Hello,", "Hello Maria, thanks for waiting.")
    fresh = BASE.replace("(missing: impact summary)", "Card payments fail")
    merged = keep_edits(BASE, edited, fresh)
    assert merged is not None
    assert merged.startswith("Hello Maria, thanks for waiting.\n")
    assert "Impact: Card payments fail\n" in merged


def test_an_unedited_text_takes_the_new_composition() -> None:
    fresh = BASE.replace("15:00", "16:00")
    assert keep_edits(BASE, BASE, fresh) == fresh


def test_an_unchanged_composition_keeps_the_edits() -> None:
    edited = BASE + "PS: we are on it.\n"
    assert keep_edits(BASE, edited, BASE) == edited


def test_both_changing_one_line_is_a_conflict() -> None:
    edited = BASE.replace("(missing: impact summary)", "checkout is down for everyone")
    fresh = BASE.replace("(missing: impact summary)", "Card payments fail")
    assert keep_edits(BASE, edited, fresh) is None


def test_the_same_change_on_both_sides_is_not_a_conflict() -> None:
    both = BASE.replace("15:00", "16:00")
    assert keep_edits(BASE, both, both) == both


def test_different_words_of_one_line_merge() -> None:
    edited = BASE.replace("Impact:", "Impact, as of now:")
    fresh = BASE.replace("(missing: impact summary)", "Card payments fail")
    assert keep_edits(BASE, edited, fresh) == BASE.replace(
        "Impact: (missing: impact summary)", "Impact, as of now: Card payments fail"
    )
