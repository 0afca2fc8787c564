"""SLA policy: business-hours arithmetic, due times, pauses and the status of a due time."""

from __future__ import annotations

import time as timer
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.severity import Severity
from sophdesk.domain.sla import (
    MAX_SPAN,
    ROUND_THE_CLOCK,
    UTC_ZONE,
    WEEKDAYS,
    BusinessHours,
    DueTimes,
    Pause,
    SlaClock,
    SlaPolicy,
    SlaStatus,
    SlaTarget,
    default_policy,
    default_targets,
    due_times,
    paused_at,
    sla_status,
)

MADRID = ZoneInfo("Europe/Madrid")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
KOLKATA = ZoneInfo("Asia/Kolkata")
H = timedelta(hours=1)
M = timedelta(minutes=1)
DAY = timedelta(days=1)
US = timedelta(microseconds=1)

#: The Friday 16:30 UTC the desk tests freeze on.
FRIDAY_1630 = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)


def utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None
    return moment


def real(start: datetime, end: datetime) -> timedelta:
    """Elapsed real time. (Subtracting two times of the same zone gives wall-clock time.)"""
    return end.astimezone(UTC) - start.astimezone(UTC)


# --- business hours: examples -------------------------------------------------------------


def test_default_business_hours() -> None:
    hours = BusinessHours()
    assert hours.zone == UTC_ZONE
    assert hours.days == WEEKDAYS == frozenset({0, 1, 2, 3, 4})
    assert (hours.open, hours.close) == (time(9), time(17))
    assert hours.holidays == frozenset()
    assert hours.day_length == 8 * H
    assert hours.describe() == "Monday-Friday 09:00-17:00 UTC"


def test_describe_lists_odd_days_and_counts_holidays() -> None:
    hours = BusinessHours(MADRID, frozenset({0, 2, 4}), holidays=frozenset({date(2026, 12, 25)}))
    assert hours.describe() == "Monday, Wednesday, Friday 09:00-17:00 Europe/Madrid, 1 holiday"


def test_sev3_from_friday_afternoon() -> None:
    dues = due_times(default_policy(), Severity.SEV3, FRIDAY_1630)
    assert dues.first_response_due == utc("2026-11-30T12:30:00+00:00")


def test_sev3_friday_due_times_all_three() -> None:
    dues = due_times(default_policy(), Severity.SEV3, FRIDAY_1630)
    assert dues == DueTimes(
        first_response_due=utc("2026-11-30T12:30:00+00:00"),
        # No customer update yet: the cadence (8 business hours) runs from the
        # first-response due time.
        next_update_due=utc("2026-12-01T12:30:00+00:00"),
        # 5 business days are 40 business hours from the report time.
        resolution_due=utc("2026-12-04T16:30:00+00:00"),
    )


def test_due_exactly_at_closing_stays_at_closing() -> None:
    hours = BusinessHours()
    monday_9 = utc("2026-11-30T09:00:00+00:00")
    assert hours.add(monday_9, 8 * H) == utc("2026-11-30T17:00:00+00:00")
    dues = due_times(default_policy(), Severity.SEV3, utc("2026-11-30T13:00:00+00:00"))
    assert dues.first_response_due == utc("2026-11-30T17:00:00+00:00")
    # One more microsecond of work rolls to the next opening.
    assert hours.add(monday_9, 8 * H + US) == utc("2026-12-01T09:00:00.000001+00:00")


def test_start_at_closing_counts_from_the_next_opening() -> None:
    hours = BusinessHours()
    friday_17 = utc("2026-11-27T17:00:00+00:00")
    assert hours.add(friday_17, H) == utc("2026-11-30T10:00:00+00:00")
    assert hours.add(friday_17, timedelta(0)) == friday_17
    assert hours.elapsed(friday_17, utc("2026-11-30T09:00:00+00:00")) == timedelta(0)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Saturday and Sunday: counting starts Monday 09:00.
        ("2026-11-28T11:00:00+00:00", "2026-11-30T13:00:00+00:00"),
        ("2026-11-29T23:59:00+00:00", "2026-11-30T13:00:00+00:00"),
        # Before opening: counting starts at 09:00 the same day.
        ("2026-11-30T06:00:00+00:00", "2026-11-30T13:00:00+00:00"),
        # After closing: the next morning.
        ("2026-11-30T20:00:00+00:00", "2026-12-01T13:00:00+00:00"),
        # Late Friday evening: Monday.
        ("2026-11-27T22:00:00+00:00", "2026-11-30T13:00:00+00:00"),
        # Inside hours, crossing the night.
        ("2026-11-30T15:00:00+00:00", "2026-12-01T11:00:00+00:00"),
    ],
)
def test_start_outside_business_hours(start: str, expected: str) -> None:
    assert BusinessHours().add(utc(start), 4 * H) == utc(expected)


def test_zero_hours_moves_into_business_hours() -> None:
    hours = BusinessHours()
    inside = utc("2026-11-30T10:00:00+00:00")
    assert hours.add(inside, timedelta(0)) == inside
    assert hours.add(utc("2026-11-28T10:00:00+00:00"), timedelta(0)) == utc(
        "2026-11-30T09:00:00+00:00"
    )


def test_holidays_are_skipped() -> None:
    christmas = date(2026, 12, 25)  # a Friday
    hours = BusinessHours(holidays=frozenset({christmas, date(2026, 12, 28)}))
    thursday_16 = utc("2026-12-24T16:00:00+00:00")
    # Friday and Monday are holidays: the next hours are on Tuesday.
    assert hours.add(thursday_16, 2 * H) == utc("2026-12-29T10:00:00+00:00")
    start_on_holiday = utc("2026-12-25T10:00:00+00:00")
    assert hours.add(start_on_holiday, H) == utc("2026-12-29T10:00:00+00:00")
    assert not hours.is_open(start_on_holiday)
    assert hours.elapsed(utc("2026-12-25T00:00:00+00:00"), utc("2026-12-29T00:00:00+00:00")) == (
        timedelta(0)
    )


def test_sev4_twenty_business_days_with_a_holiday() -> None:
    plain = due_times(default_policy(), Severity.SEV4, FRIDAY_1630)
    assert plain.first_response_due == utc("2026-12-01T16:30:00+00:00")
    assert plain.resolution_due == utc("2026-12-25T16:30:00+00:00")
    with_christmas = due_times(
        default_policy(holidays=[date(2026, 12, 25)]), Severity.SEV4, FRIDAY_1630
    )
    assert with_christmas.resolution_due == utc("2026-12-28T16:30:00+00:00")


def test_twenty_business_days_is_instant() -> None:
    hours = BusinessHours(MADRID, holidays=frozenset({date(2026, 12, 8), date(2026, 12, 25)}))
    began = timer.perf_counter()
    for minute in range(500):
        hours.add(FRIDAY_1630 + minute * M, 20 * 8 * H)
    assert timer.perf_counter() - began < 1.0


def test_ten_years_of_business_time_is_still_quick() -> None:
    hours = BusinessHours()
    began = timer.perf_counter()
    result = hours.add(FRIDAY_1630, MAX_SPAN / 4)
    assert hours.elapsed(FRIDAY_1630, result) == MAX_SPAN / 4
    assert timer.perf_counter() - began < 2.0


def test_more_than_the_limit_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        BusinessHours().add(FRIDAY_1630, MAX_SPAN + DAY)
    assert "limit" in caught.value.message


def test_negative_hours_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        BusinessHours().add(FRIDAY_1630, -H)
    assert "negative" in caught.value.message


def test_elapsed_is_negative_backwards() -> None:
    hours = BusinessHours()
    monday_10 = utc("2026-11-30T10:00:00+00:00")
    assert hours.elapsed(FRIDAY_1630, monday_10) == 90 * M
    assert hours.elapsed(monday_10, FRIDAY_1630) == -90 * M


def test_is_open_and_next_opening() -> None:
    hours = BusinessHours()
    assert hours.is_open(utc("2026-11-30T09:00:00+00:00"))
    assert hours.is_open(utc("2026-11-30T16:59:59+00:00"))
    assert not hours.is_open(utc("2026-11-30T17:00:00+00:00"))
    assert not hours.is_open(utc("2026-11-28T12:00:00+00:00"))
    assert hours.next_opening(FRIDAY_1630) == FRIDAY_1630
    assert hours.next_opening(utc("2026-11-27T17:00:00+00:00")) == utc("2026-11-30T09:00:00+00:00")


def test_results_are_in_the_desk_zone_and_any_zone_is_accepted() -> None:
    hours = BusinessHours(MADRID)
    start = datetime(2026, 11, 27, 16, 30, tzinfo=timezone(timedelta(hours=-5)))  # 22:30 Madrid
    result = hours.add(start, H)
    assert result.tzinfo == MADRID
    assert result == datetime(2026, 11, 30, 10, 0, tzinfo=MADRID)


# --- time zones and daylight saving -------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "reported", "expected"),
    [
        # Madrid goes to summer time on Sunday 2026-03-29.
        (MADRID, datetime(2026, 3, 27, 16, 0), datetime(2026, 3, 30, 12, 0)),
        # ... and back on Sunday 2026-10-25.
        (MADRID, datetime(2026, 10, 23, 16, 0), datetime(2026, 10, 26, 12, 0)),
        # New York: 2026-03-08 and 2026-11-01.
        (NEW_YORK, datetime(2026, 3, 6, 16, 0), datetime(2026, 3, 9, 12, 0)),
        (NEW_YORK, datetime(2026, 10, 30, 16, 0), datetime(2026, 11, 2, 12, 0)),
        # Reported on the DST Sunday itself, at night.
        (MADRID, datetime(2026, 3, 29, 2, 30), datetime(2026, 3, 30, 13, 0)),
        (NEW_YORK, datetime(2026, 11, 1, 1, 30), datetime(2026, 11, 2, 13, 0)),
    ],
)
def test_sev3_across_dst_weekends_keeps_wall_clock_hours(
    zone: ZoneInfo, reported: datetime, expected: datetime
) -> None:
    policy = default_policy(zone)
    dues = due_times(policy, Severity.SEV3, reported.replace(tzinfo=zone))
    assert dues.first_response_due == expected.replace(tzinfo=zone)
    assert dues.first_response_due.astimezone(zone).time() == expected.time()


def test_dst_weekend_in_utc_figures() -> None:
    # Friday 15:00 UTC is 16:00 CET; Monday 12:00 CEST is 10:00 UTC: the weekend lost
    # an hour of UTC offset, which naive UTC arithmetic would get wrong (11:00).
    dues = due_times(default_policy(MADRID), Severity.SEV3, utc("2026-03-27T15:00:00+00:00"))
    assert dues.first_response_due == utc("2026-03-30T10:00:00+00:00")
    dues = due_times(default_policy(NEW_YORK), Severity.SEV3, utc("2026-10-30T20:00:00+00:00"))
    assert dues.first_response_due == utc("2026-11-02T17:00:00+00:00")


@pytest.mark.parametrize(
    ("reported", "resolution_wall"),
    [
        # 01:30 CET + 4 h of real time is 06:30 CEST (clocks went forward at 02:00).
        (datetime(2026, 3, 29, 1, 30, tzinfo=MADRID), datetime(2026, 3, 29, 6, 30)),
        # 01:30 CEST + 4 h of real time is 04:30 CET (clocks went back at 03:00).
        (datetime(2026, 10, 25, 1, 30, tzinfo=MADRID), datetime(2026, 10, 25, 4, 30)),
    ],
)
def test_sev1_counts_real_time_across_dst(reported: datetime, resolution_wall: datetime) -> None:
    dues = due_times(default_policy(MADRID), Severity.SEV1, reported)
    assert real(reported, dues.resolution_due) == 4 * H
    assert dues.resolution_due.astimezone(MADRID).replace(tzinfo=None) == resolution_wall
    assert real(reported, dues.first_response_due) == 15 * M


def test_sev2_day_across_dst_is_24_real_hours() -> None:
    reported = datetime(2026, 3, 7, 12, 0, tzinfo=NEW_YORK)
    dues = due_times(default_policy(NEW_YORK), Severity.SEV2, reported)
    assert dues.resolution_due == datetime(2026, 3, 8, 13, 0, tzinfo=NEW_YORK)
    assert real(reported, dues.resolution_due) == 24 * H


def test_business_hours_across_a_clock_change_inside_opening_hours() -> None:
    # Hours 00:00-12:00 on every day in New York: on 2026-03-08 the clocks skip
    # 02:00-03:00, so that day holds 11 real business hours.
    hours = BusinessHours(NEW_YORK, frozenset(range(7)), time(0), time(12))
    day_start = datetime(2026, 3, 8, 0, 0, tzinfo=NEW_YORK)
    day_end = datetime(2026, 3, 8, 12, 0, tzinfo=NEW_YORK)
    assert hours.elapsed(day_start, day_end) == 11 * H
    assert hours.add(day_start, 11 * H) == day_end
    assert hours.add(day_start, 3 * H) == datetime(2026, 3, 8, 4, 0, tzinfo=NEW_YORK)


def test_a_day_the_zone_skipped_has_no_business_hours() -> None:
    # Samoa skipped Friday 2011-12-30 when it moved across the date line.
    apia = ZoneInfo("Pacific/Apia")
    hours = BusinessHours(apia, frozenset(range(7)))
    assert hours.window(date(2011, 12, 30)) is None
    thursday_16 = datetime(2011, 12, 29, 16, 0, tzinfo=apia)
    assert hours.add(thursday_16, 2 * H) == datetime(2011, 12, 31, 10, 0, tzinfo=apia)
    assert hours.elapsed(thursday_16, datetime(2011, 12, 31, 10, 0, tzinfo=apia)) == 2 * H


# --- invalid business hours and inputs ----------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"open": time(17), "close": time(9)}, "before the closing"),
        ({"open": time(9), "close": time(9)}, "before the closing"),
        ({"days": frozenset()}, "at least one business day"),
        ({"days": frozenset({0, 7})}, "0 (Monday) to 6 (Sunday)"),
        ({"open": time(9, tzinfo=UTC)}, "without a zone"),
        ({"holidays": frozenset({datetime(2026, 12, 25, tzinfo=UTC)})}, "a holiday is a date"),
        ({"zone": UTC}, "IANA zone"),
    ],
)
def test_invalid_business_hours(kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        BusinessHours(**kwargs)  # type: ignore[arg-type]
    assert words in caught.value.message


def test_naive_times_are_refused_everywhere() -> None:
    naive = datetime(2026, 11, 27, 16, 30)
    hours = BusinessHours()
    policy = default_policy()
    calls: list[Callable[[], object]] = [
        lambda: hours.add(naive, H),
        lambda: hours.elapsed(naive, FRIDAY_1630),
        lambda: hours.elapsed(FRIDAY_1630, naive),
        lambda: hours.is_open(naive),
        lambda: ROUND_THE_CLOCK.add(naive, H),
        lambda: due_times(policy, Severity.SEV2, naive),
        lambda: due_times(policy, Severity.SEV2, FRIDAY_1630, last_update=naive),
        lambda: due_times(policy, Severity.SEV2, FRIDAY_1630, [(naive, None)], now=FRIDAY_1630),
        lambda: due_times(policy, Severity.SEV2, FRIDAY_1630, [(FRIDAY_1630, naive)]),
        lambda: due_times(policy, Severity.SEV2, FRIDAY_1630, [(FRIDAY_1630, None)], now=naive),
        lambda: sla_status(naive, H, FRIDAY_1630),
        lambda: sla_status(FRIDAY_1630, H, naive),
    ]
    for call in calls:
        with pytest.raises(InvalidInput) as caught:
            call()
        assert "has no time zone" in caught.value.message


# --- policy -------------------------------------------------------------------------------


def test_default_targets() -> None:
    targets = default_targets()
    assert targets[Severity.SEV1] == SlaTarget(15 * M, 30 * M, 4 * H, business=False)
    assert targets[Severity.SEV2] == SlaTarget(H, 2 * H, 24 * H, business=False)
    assert targets[Severity.SEV3] == SlaTarget(4 * H, 8 * H, 40 * H, business=True)
    assert targets[Severity.SEV4] == SlaTarget(16 * H, 40 * H, 160 * H, business=True)


def test_default_policy() -> None:
    policy = default_policy(MADRID, [date(2026, 12, 25)])
    assert policy.hours == BusinessHours(MADRID, holidays=frozenset({date(2026, 12, 25)}))
    assert policy.targets == default_targets()
    assert policy.clock(Severity.SEV1) == ROUND_THE_CLOCK
    assert policy.clock(Severity.SEV3) == SlaClock(policy.hours)
    assert policy.clock(Severity.SEV4).business


def test_a_business_day_follows_the_opening_hours() -> None:
    hours = BusinessHours(open=time(10), close=time(16))
    targets = default_targets(hours.day_length)
    assert targets[Severity.SEV3].resolution == 5 * 6 * H
    assert targets[Severity.SEV4].first_response == 2 * 6 * H


def test_a_policy_needs_every_severity() -> None:
    targets = default_targets()
    del targets[Severity.SEV4]
    with pytest.raises(InvalidInput) as caught:
        SlaPolicy(targets)
    assert "SEV4" in caught.value.message


def test_a_target_must_be_positive() -> None:
    with pytest.raises(InvalidInput) as caught:
        SlaTarget(timedelta(0), H, H, business=False)
    assert "first response" in caught.value.message
    with pytest.raises(InvalidInput):
        SlaTarget(H, -H, H, business=False)


def test_the_policy_keeps_its_own_copy_of_the_targets() -> None:
    targets = default_targets()
    policy = SlaPolicy(targets)
    targets[Severity.SEV1] = SlaTarget(H, H, H, business=False)
    assert policy.target(Severity.SEV1).first_response == 15 * M


# --- due times and pauses -----------------------------------------------------------------


def test_next_update_runs_from_the_last_update() -> None:
    policy = default_policy()
    last = utc("2026-11-30T10:00:00+00:00")
    dues = due_times(policy, Severity.SEV3, FRIDAY_1630, last_update=last)
    # 8 business hours from Monday 10:00: seven on Monday, one on Tuesday.
    assert dues.next_update_due == utc("2026-12-01T10:00:00+00:00")
    sev1 = due_times(policy, Severity.SEV1, FRIDAY_1630, last_update=FRIDAY_1630 + 20 * M)
    assert sev1.next_update_due == FRIDAY_1630 + 50 * M


def test_without_an_update_the_cadence_runs_from_the_first_response_due() -> None:
    dues = due_times(default_policy(), Severity.SEV1, FRIDAY_1630)
    assert dues.next_update_due == dues.first_response_due + 30 * M


def test_a_last_update_before_the_report_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        due_times(default_policy(), Severity.SEV1, FRIDAY_1630, last_update=FRIDAY_1630 - M)
    assert "before the report time" in caught.value.message


def test_due_times_are_in_the_policy_zone() -> None:
    dues = due_times(default_policy(MADRID), Severity.SEV1, FRIDAY_1630)
    assert dues.resolution_due.tzinfo == MADRID


def test_a_24x7_pause_pushes_every_due_time_out() -> None:
    pause = Pause(FRIDAY_1630 + 5 * M, FRIDAY_1630 + 15 * M)
    plain = due_times(default_policy(), Severity.SEV1, FRIDAY_1630)
    paused = due_times(default_policy(), Severity.SEV1, FRIDAY_1630, [pause])
    assert paused.first_response_due - plain.first_response_due == 10 * M
    assert paused.resolution_due - plain.resolution_due == 10 * M
    assert paused.next_update_due - plain.next_update_due == 10 * M


def test_a_business_pause_only_pushes_by_its_business_time() -> None:
    # Waiting on the customer from Friday 16:45 to Monday 09:30: 15 + 30 business minutes.
    pause = (utc("2026-11-27T16:45:00+00:00"), utc("2026-11-30T09:30:00+00:00"))
    plain = due_times(default_policy(), Severity.SEV3, FRIDAY_1630)
    paused = due_times(default_policy(), Severity.SEV3, FRIDAY_1630, [pause])
    assert paused.first_response_due == plain.first_response_due + 45 * M


def test_a_weekend_pause_does_not_push_a_business_clock() -> None:
    pause = (utc("2026-11-28T08:00:00+00:00"), utc("2026-11-29T20:00:00+00:00"))
    plain = due_times(default_policy(), Severity.SEV3, FRIDAY_1630)
    assert due_times(default_policy(), Severity.SEV3, FRIDAY_1630, [pause]) == plain


def test_a_weekend_pause_does_push_a_24x7_clock() -> None:
    pause = (utc("2026-11-27T17:00:00+00:00"), utc("2026-11-27T19:00:00+00:00"))
    dues = due_times(default_policy(), Severity.SEV1, FRIDAY_1630, [pause])
    assert dues.resolution_due == FRIDAY_1630 + 6 * H


def test_overlapping_pauses_count_once() -> None:
    pauses = [
        (FRIDAY_1630 + 5 * M, FRIDAY_1630 + 15 * M),
        (FRIDAY_1630 + 10 * M, FRIDAY_1630 + 20 * M),
        (FRIDAY_1630 + 20 * M, FRIDAY_1630 + 25 * M),
    ]
    dues = due_times(default_policy(), Severity.SEV1, FRIDAY_1630, pauses)
    assert dues.resolution_due == FRIDAY_1630 + 4 * H + 20 * M


def test_a_pause_before_the_report_is_ignored_and_one_across_it_counts_from_it() -> None:
    policy = default_policy()
    before = [(FRIDAY_1630 - 2 * H, FRIDAY_1630 - H)]
    across = [(FRIDAY_1630 - H, FRIDAY_1630 + 10 * M)]
    plain = due_times(policy, Severity.SEV1, FRIDAY_1630)
    assert due_times(policy, Severity.SEV1, FRIDAY_1630, before) == plain
    pushed = due_times(policy, Severity.SEV1, FRIDAY_1630, across)
    assert pushed.first_response_due == plain.first_response_due + 10 * M


def test_a_pause_after_the_breach_does_not_move_the_due_time() -> None:
    policy = default_policy()
    late = [(FRIDAY_1630 + H, FRIDAY_1630 + 2 * H)]
    dues = due_times(policy, Severity.SEV1, FRIDAY_1630, late)
    assert dues.first_response_due == FRIDAY_1630 + 15 * M
    assert dues.resolution_due == FRIDAY_1630 + 5 * H


def test_the_update_clock_counts_only_pauses_after_its_start() -> None:
    policy = default_policy()
    last = FRIDAY_1630 + 2 * H
    early = [(FRIDAY_1630 + 10 * M, FRIDAY_1630 + 70 * M)]
    dues = due_times(policy, Severity.SEV1, FRIDAY_1630, early, last)
    assert dues.next_update_due == last + 30 * M


def test_a_running_pause_counts_up_to_now() -> None:
    policy = default_policy()
    now = FRIDAY_1630 + 40 * M
    running = [Pause(FRIDAY_1630 + 20 * M)]
    dues = due_times(policy, Severity.SEV1, FRIDAY_1630, running, now=now)
    assert dues.first_response_due == FRIDAY_1630 + 15 * M  # due before the pause began
    # Paused 20 minutes so far: what the due times would be if the pause ended now.
    assert dues.next_update_due == FRIDAY_1630 + 15 * M + 30 * M + 20 * M
    assert dues.resolution_due == FRIDAY_1630 + 4 * H + 20 * M
    later = due_times(policy, Severity.SEV1, FRIDAY_1630, running, now=now + H)
    assert later.resolution_due == dues.resolution_due + H
    assert paused_at(running, now)
    assert not paused_at(running, FRIDAY_1630)


def test_a_running_pause_without_now_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        due_times(default_policy(), Severity.SEV1, FRIDAY_1630, [(FRIDAY_1630, None)])
    assert "still running" in caught.value.message


def test_a_pause_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        due_times(default_policy(), Severity.SEV1, FRIDAY_1630, [(FRIDAY_1630, FRIDAY_1630 - M)])
    assert "before it starts" in caught.value.message


def test_a_malformed_pause_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        due_times(default_policy(), Severity.SEV1, FRIDAY_1630, [FRIDAY_1630])  # type: ignore[list-item]
    assert "(start, end) pair" in caught.value.message


def test_paused_at_ignores_finished_pauses() -> None:
    pauses = [(FRIDAY_1630, FRIDAY_1630 + H)]
    assert paused_at(pauses, FRIDAY_1630 + 30 * M)
    assert not paused_at(pauses, FRIDAY_1630 + H)
    assert not paused_at([], FRIDAY_1630)


# --- status of a due time -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("now_offset", "status", "left"),
    [
        (timedelta(0), SlaStatus.OK, 4 * H),
        (3 * H, SlaStatus.OK, H),  # exactly 25% left is not yet at risk
        (3 * H + US, SlaStatus.AT_RISK, H - US),
        (4 * H, SlaStatus.AT_RISK, timedelta(0)),  # due now, not yet past due
        (4 * H + US, SlaStatus.BREACHED, -US),
        (6 * H, SlaStatus.BREACHED, -2 * H),
    ],
)
def test_sla_status_24x7(now_offset: timedelta, status: SlaStatus, left: timedelta) -> None:
    due = FRIDAY_1630 + 4 * H
    reading = sla_status(due, 4 * H, FRIDAY_1630 + now_offset)
    assert reading.status is status
    assert reading.left == left


def test_sla_status_paused_unless_breached() -> None:
    due = FRIDAY_1630 + 4 * H
    assert sla_status(due, 4 * H, FRIDAY_1630 + 3 * H + M, paused=True).status is SlaStatus.PAUSED
    assert sla_status(due, 4 * H, FRIDAY_1630, paused=True).status is SlaStatus.PAUSED
    assert sla_status(due, 4 * H, due + M, paused=True).status is SlaStatus.BREACHED


def test_sla_status_on_a_business_clock_counts_business_time_left() -> None:
    clock = SlaClock(BusinessHours())
    due = utc("2026-11-30T12:30:00+00:00")  # the SEV3 first response from Friday 16:30
    saturday = utc("2026-11-28T12:00:00+00:00")
    reading = sla_status(due, 4 * H, saturday, clock=clock)
    assert reading.left == 3 * H + 30 * M
    assert reading.status is SlaStatus.OK
    monday = utc("2026-11-30T11:45:00+00:00")
    assert sla_status(due, 4 * H, monday, clock=clock).status is SlaStatus.AT_RISK
    # Overdue since Friday 17:00 (a 4 h target due at closing): no business time
    # passes over the weekend, but the due time is past.
    friday_due = utc("2026-11-27T17:00:00+00:00")
    reading = sla_status(friday_due, 4 * H, saturday, clock=clock)
    assert reading.status is SlaStatus.BREACHED
    assert reading.left == timedelta(0)


def test_sla_status_needs_a_positive_target() -> None:
    with pytest.raises(InvalidInput):
        sla_status(FRIDAY_1630, timedelta(0), FRIDAY_1630)


def test_status_values() -> None:
    assert [s.value for s in SlaStatus] == ["ok", "at_risk", "breached", "paused"]


# --- properties ---------------------------------------------------------------------------

ZONES = (UTC_ZONE, MADRID, NEW_YORK, SYDNEY, KOLKATA)
#: Days the clocks change in 2026, and the Fridays before them.
DST_DAYS = (
    date(2026, 3, 8),  # New York, forward
    date(2026, 3, 29),  # Madrid, forward
    date(2026, 10, 25),  # Madrid, back
    date(2026, 11, 1),  # New York, back
    date(2026, 4, 5),  # Sydney, back
    date(2026, 10, 4),  # Sydney, forward
    date(2026, 3, 6),
    date(2026, 3, 27),
    date(2026, 10, 23),
    date(2026, 10, 30),
    date(2026, 4, 3),
    date(2026, 10, 2),
)
PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[BusinessHours, datetime, timedelta]:
    """Business hours, a start anywhere (weekends, holidays, DST days), and a span."""
    zone = draw(st.sampled_from(ZONES))
    day = draw(st.sampled_from(DST_DAYS) | st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    if draw(st.booleans()):
        days, opens, closes = WEEKDAYS, time(9), time(17)
    else:
        days = draw(st.frozensets(st.integers(0, 6), min_size=1))
        open_minute = draw(st.integers(0, 24 * 60 - 2))
        close_minute = draw(st.integers(open_minute + 1, 24 * 60 - 1))
        opens = time(open_minute // 60, open_minute % 60)
        closes = time(close_minute // 60, close_minute % 60)
    offsets = draw(st.frozensets(st.integers(-3, 30), max_size=6))
    holidays = frozenset(day + timedelta(days=k) for k in offsets)
    hours = BusinessHours(zone, days, opens, closes, holidays)
    where = draw(st.sampled_from(["any", "open", "close"]))
    if where == "open":
        start = datetime.combine(day, opens, zone)
    elif where == "close":
        start = datetime.combine(day, closes, zone)
    else:
        start = datetime.combine(day, draw(st.times()), zone).replace(fold=draw(st.integers(0, 1)))
    # The start may be given in any zone.
    start = start.astimezone(draw(st.sampled_from(ZONES)))
    weekly = len(days) * hours.day_length
    micros = draw(
        st.integers(0, 4 * weekly // US) | st.sampled_from([0, 1, hours.day_length // US])
    )
    return hours, start, micros * US


def _closing_of(hours: BusinessHours, moment: datetime) -> bool:
    window = hours.window(moment.astimezone(hours.zone).date())
    return window is not None and moment == window[1]


@PROPERTY_SETTINGS
@given(scenarios())
def test_elapsed_inverts_add(case: tuple[BusinessHours, datetime, timedelta]) -> None:
    hours, start, span = case
    result = hours.add(start, span)
    assert hours.elapsed(start, result) == span
    assert hours.elapsed(result, start) == -span
    assert result >= start


@PROPERTY_SETTINGS
@given(scenarios())
def test_results_are_inside_business_hours_or_at_closing(
    case: tuple[BusinessHours, datetime, timedelta],
) -> None:
    hours, start, span = case
    result = hours.add(start, span)
    assert hours.is_open(result) or _closing_of(hours, result)
    local_day = result.astimezone(hours.zone).date()
    assert local_day not in hours.holidays
    assert local_day.weekday() in hours.days
    assert result.tzinfo == hours.zone


@PROPERTY_SETTINGS
@given(scenarios(), st.integers(0, 10**12))
def test_add_is_monotonic(case: tuple[BusinessHours, datetime, timedelta], extra: int) -> None:
    hours, start, span = case
    more = span + extra * US
    assert hours.add(start, span) <= hours.add(start, more)
    if extra:
        assert hours.add(start, span) < hours.add(start, more)


@PROPERTY_SETTINGS
@given(scenarios())
def test_add_gives_the_earliest_moment(case: tuple[BusinessHours, datetime, timedelta]) -> None:
    hours, start, span = case
    if not span:
        return
    result = hours.add(start, span)
    assert hours.elapsed(start, result.astimezone(UTC) - US) == span - US


@PROPERTY_SETTINGS
@given(scenarios(), st.integers(0, 20 * 24 * 3600), st.integers(0, 20 * 24 * 3600))
def test_elapsed_is_additive(
    case: tuple[BusinessHours, datetime, timedelta], first: int, second: int
) -> None:
    hours, start, _ = case
    a = start.astimezone(UTC)
    b = a + timedelta(seconds=first)
    c = b + timedelta(seconds=second)
    assert hours.elapsed(a, b) + hours.elapsed(b, c) == hours.elapsed(a, c)
    assert timedelta(0) <= hours.elapsed(a, b) <= b - a


@PROPERTY_SETTINGS
@given(scenarios())
def test_holidays_hold_no_business_time(case: tuple[BusinessHours, datetime, timedelta]) -> None:
    hours, _, _ = case
    for holiday in hours.holidays:
        assert hours.window(holiday) is None
        midnight = datetime.combine(holiday, time(0), hours.zone)
        assert hours.elapsed(midnight, midnight + DAY) == timedelta(0)
    if hours.holidays:
        without = BusinessHours(hours.zone, hours.days, hours.open, hours.close)
        holiday = min(hours.holidays)
        window = without.window(holiday)
        if window is not None:
            assert without.elapsed(*window) == window[1] - window[0]


def _union(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _paused_time(
    clock: SlaClock, spans: list[tuple[datetime, datetime]], lo: datetime, hi: datetime
) -> timedelta:
    total = timedelta(0)
    for start, end in _union(spans):
        a, b = max(start, lo), min(end, hi)
        if b > a:
            total += clock.elapsed(a, b)
    return total


@PROPERTY_SETTINGS
@given(scenarios(), st.booleans(), st.floats(0, 0.999), st.integers(1, 5 * 24 * 60))
def test_a_pause_pushes_the_due_time_by_exactly_its_counted_time(
    case: tuple[BusinessHours, datetime, timedelta], business: bool, where: float, minutes: int
) -> None:
    hours, start, span = case
    target = max(span, M)
    clock = SlaClock(hours) if business else ROUND_THE_CLOCK
    plain = clock.due(start, target)
    pause_start = start.astimezone(UTC) + real(start, plain) * where
    assume(pause_start < plain)
    pause = (pause_start, pause_start + minutes * M)
    pushed = clock.due(start, target, [pause])
    assert clock.elapsed(plain, pushed) == clock.elapsed(*pause)
    if not business:
        assert real(plain, pushed) == minutes * M


@PROPERTY_SETTINGS
@given(
    scenarios(),
    st.booleans(),
    st.lists(st.tuples(st.integers(-600, 30 * 24 * 60), st.integers(0, 3 * 24 * 60)), max_size=5),
)
def test_due_is_when_running_time_reaches_the_target(
    case: tuple[BusinessHours, datetime, timedelta],
    business: bool,
    raw_pauses: list[tuple[int, int]],
) -> None:
    hours, start, span = case
    target = max(span, M)
    clock = SlaClock(hours) if business else ROUND_THE_CLOCK
    origin = start.astimezone(UTC)
    spans = [(origin + a * M, origin + (a + b) * M) for a, b in raw_pauses]
    due = clock.due(start, target, spans)
    plain = clock.due(start, target)
    assert due >= plain
    running = clock.elapsed(start, due) - _paused_time(clock, spans, start, due)
    assert running == target
    # ... and not a microsecond earlier.
    before = due.astimezone(UTC) - US
    assert clock.elapsed(start, before) - _paused_time(clock, spans, start, before) < target
    # The push is exactly the counted time paused before the due time.
    assert clock.elapsed(plain, due) == _paused_time(clock, spans, start, due)
