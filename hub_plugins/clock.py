"""The hub's one notion of "today": which articles are due, the report's day, and `hub new`'s default date.

"Today" is `HUB_TODAY` (YYYY-MM-DD) when it is set, else the current day in the hub's time zone
(`time_zone` in the hub plugin's options, default Europe/Istanbul). An article dated after today is
scheduled: like a draft until its day. CI sets HUB_TODAY so that two builds of one commit on one day
are byte-identical and so that a daily run publishes exactly what became due.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Europe/Istanbul"
ENV_VARIABLE = "HUB_TODAY"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ClockError(ValueError):
    """HUB_TODAY or the configured time zone is unusable; the message says how to fix it."""


def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name` (e.g. Europe/Istanbul), or ClockError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # ValueError: a path-like or empty key
        raise ClockError(f"time_zone: {name!r} is not a known time zone — use an IANA name such as "
                         f"{DEFAULT_TIME_ZONE!r}, 'Europe/Berlin' or 'UTC'") from None


def today(zone_name: str = DEFAULT_TIME_ZONE, environ: Mapping[str, str] | None = None,
          now: dt.datetime | None = None) -> dt.date:
    """HUB_TODAY when set, else the current day in the time zone `zone_name`."""
    environ = os.environ if environ is None else environ
    zone = time_zone(zone_name)
    text = environ.get(ENV_VARIABLE, "").strip()
    if not text:
        return (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()
    if not _DAY.fullmatch(text):
        raise ClockError(f"{ENV_VARIABLE}={text!r} is not a day in YYYY-MM-DD form — set it like "
                         f"{ENV_VARIABLE}=2026-12-07, or unset it to use today in {zone_name}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ClockError(f"{ENV_VARIABLE}={text!r} is not a real day ({error}) — set it like "
                         f"{ENV_VARIABLE}=2026-12-07, or unset it to use today in {zone_name}") from None


@dataclass(frozen=True, slots=True)
class Schedule:
    """One build's today and time zone: which articles are due and which are still scheduled."""

    today: dt.date
    zone: ZoneInfo

    @classmethod
    def of(cls, zone_name: str = DEFAULT_TIME_ZONE, environ: Mapping[str, str] | None = None) -> Schedule:
        """Today (HUB_TODAY or the clock) in the time zone `zone_name`; ClockError when either is bad."""
        return cls(today(zone_name, environ), time_zone(zone_name))

    def day_of(self, moment: dt.datetime, date_only: bool) -> dt.date:
        """An article's publication day: the written day, or a full datetime's calendar day in the zone."""
        # A plain date is the day the writer wrote, whatever the offset of the zone; a datetime with an
        # offset is an instant, and "today" is a day in the hub's zone: compare like with like.
        return moment.date() if date_only else moment.astimezone(self.zone).date()

    def scheduled_for(self, moment: dt.datetime, date_only: bool) -> dt.date | None:
        """The day the article becomes due when that is after today, else None (it is published)."""
        day = self.day_of(moment, date_only)
        return day if day > self.today else None
