"""The lifecycle: which moves are allowed, and what a refused move tells the operator."""

from __future__ import annotations

import itertools

import pytest

from sophdesk.domain.errors import IllegalTransition, InvalidInput
from sophdesk.domain.lifecycle import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    TRANSITIONS,
    Status,
    allowed_moves,
    check_transition,
    parse_status,
)

MAIN_PATH = [
    Status.NEW,
    Status.TRIAGED,
    Status.ESCALATED,
    Status.MITIGATED,
    Status.RESOLVED,
    Status.REVIEWED,
]

LEGAL = [(current, new) for current, moves in TRANSITIONS.items() for new in moves]
ILLEGAL = [
    (current, new)
    for current, new in itertools.product(Status, Status)
    if new not in TRANSITIONS[current]
]


def test_every_status_has_a_rule() -> None:
    assert set(TRANSITIONS) == set(Status)
    for moves in TRANSITIONS.values():
        assert len(set(moves)) == len(moves)


@pytest.mark.parametrize(("current", "new"), list(itertools.pairwise(MAIN_PATH)))
def test_main_path_is_allowed(current: Status, new: Status) -> None:
    check_transition(current, new)


@pytest.mark.parametrize("current", [s for s in Status if s.is_open])
@pytest.mark.parametrize("waiting", [Status.WAITING_CUSTOMER, Status.WAITING_VENDOR])
def test_every_open_status_can_wait_or_be_resolved(current: Status, waiting: Status) -> None:
    check_transition(current, Status.RESOLVED)
    if current is not waiting:
        check_transition(current, waiting)


@pytest.mark.parametrize("waiting", [Status.WAITING_CUSTOMER, Status.WAITING_VENDOR])
def test_waiting_can_resume_work(waiting: Status) -> None:
    for target in (Status.TRIAGED, Status.ESCALATED, Status.MITIGATED):
        check_transition(waiting, target)


def test_resolved_can_be_reopened_but_reviewed_is_final() -> None:
    check_transition(Status.RESOLVED, Status.TRIAGED)
    assert allowed_moves(Status.REVIEWED) == ()


@pytest.mark.parametrize(("current", "new"), LEGAL)
def test_legal_moves_pass(current: Status, new: Status) -> None:
    check_transition(current, new)


@pytest.mark.parametrize(("current", "new"), ILLEGAL)
def test_illegal_move_is_refused_naming_the_allowed_ones(current: Status, new: Status) -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition(current, new)
    message = caught.value.message
    assert current.value in message
    allowed = TRANSITIONS[current]
    if allowed:
        listed = message.split("it can move to:")[1]
        assert [s.strip() for s in listed.split(",")] == [s.value for s in allowed]
    else:
        assert "final" in message
    if new == current:
        assert f"already {current.value}" in message
    else:
        assert f"{current.value} -> {new.value} is not allowed" in message


def test_illegal_moves_cover_the_gaps() -> None:
    # 8 x 8 pairs, each either legal or refused: nothing falls between.
    assert len(LEGAL) + len(ILLEGAL) == len(Status) ** 2
    assert (Status.NEW, Status.REVIEWED) in ILLEGAL
    assert (Status.REVIEWED, Status.TRIAGED) in ILLEGAL
    assert (Status.ESCALATED, Status.TRIAGED) in ILLEGAL


def test_open_and_closed() -> None:
    assert {Status.RESOLVED, Status.REVIEWED} == CLOSED_STATUSES
    assert set(OPEN_STATUSES) == set(Status) - CLOSED_STATUSES
    assert Status.WAITING_VENDOR.is_open
    assert not Status.RESOLVED.is_open
    assert Status.WAITING_CUSTOMER.is_waiting
    assert Status.WAITING_VENDOR.is_waiting
    assert not Status.ESCALATED.is_waiting


def test_labels_are_distinct() -> None:
    labels = [s.label for s in Status]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("triaged", Status.TRIAGED),
        ("  Escalated ", Status.ESCALATED),
        ("WAITING_CUSTOMER", Status.WAITING_CUSTOMER),
    ],
)
def test_parse_status(text: str, expected: Status) -> None:
    assert parse_status(text) is expected


def test_parse_status_unknown_lists_the_known_ones() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_status("closed")
    assert "'closed'" in caught.value.message
    for status in Status:
        assert status.value in caught.value.message
