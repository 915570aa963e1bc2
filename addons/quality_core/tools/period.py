# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz


def period_bounds(env, date_from, date_to):
    """The days ``date_from`` to ``date_to`` of the user's time zone as UTC datetimes
    ``(start, stop)``, ``stop`` excluded: what registers and packs of a period select."""
    tz = pytz.timezone(env.user.tz or env.context.get("tz") or "UTC")
    return tuple(
        tz.localize(datetime.combine(day, time.min)).astimezone(pytz.UTC).replace(tzinfo=None)
        for day in (date_from, date_to + timedelta(days=1))
    )


def to_local(env, value):
    """A UTC datetime of the database in the user's time zone, naive (for a spreadsheet cell)."""
    if not value:
        return value
    tz = pytz.timezone(env.user.tz or env.context.get("tz") or "UTC")
    return pytz.UTC.localize(value).astimezone(tz).replace(tzinfo=None)
