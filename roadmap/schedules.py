"""Schedules as the roadmap writes them: stored as a few numbers, shown in words, unfolded into dates.

Pure Python (no models), so the data migration, the models and the services share one definition.
Kinds, with the seed's wording:

- period: «ноябрь-декабрь 2020», «декабрь 2020» — one occurrence, due on the last day of the period;
- years: «2020-2024» — one occurrence per calendar year of the span, due on 31 December;
- yearly_dates: «ежегодно 20 декабря, 20 июня» — one occurrence per date and year;
- yearly_month: «ежегодно, август» — one occurrence per year, due on the last day of the month;
- ongoing: «постоянно» — one occurrence per programme year, due on 31 December.

Recurring kinds are cut to the programme's years and skip dates before the day it starts, so a
roadmap approved in December does not begin with a backlog of occurrences already overdue.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PERIOD = "period"
YEARS = "years"
YEARLY_DATES = "yearly_dates"
YEARLY_MONTH = "yearly_month"
ONGOING = "ongoing"

KIND_CHOICES = [
    (PERIOD, gettext_lazy("Period (months of one year)")),
    (YEARS, gettext_lazy("Span of years")),
    (YEARLY_DATES, gettext_lazy("Every year on dates")),
    (YEARLY_MONTH, gettext_lazy("Every year in a month")),
    (ONGOING, gettext_lazy("Ongoing")),
]


@dataclass(frozen=True)
class Slot:
    """One dated occurrence of an activity: worked on from `starts_on`, due on `due_on`."""

    starts_on: datetime.date
    due_on: datetime.date


@dataclass(frozen=True)
class Schedule:
    kind: str
    year: int | None = None
    end_year: int | None = None
    month: int | None = None
    end_month: int | None = None
    # (month, day) pairs in the order the roadmap writes them («20 декабря, 20 июня»).
    days: tuple = ()

    def errors(self):
        """{field: message} for what is missing or impossible; empty when the schedule is usable."""
        errors = {}
        if self.kind == PERIOD:
            if not self.year:
                errors["schedule_year"] = _("A period needs its year.")
            if not self.month:
                errors["schedule_month"] = _("A period needs its first month.")
            if self.month and self.end_month and self.end_month < self.month:
                errors["schedule_end_month"] = _("The last month cannot come before the first one.")
        elif self.kind == YEARS:
            if not self.year or not self.end_year:
                errors["schedule_year"] = _("A span of years needs its first and last year.")
            elif self.end_year < self.year:
                errors["schedule_end_year"] = _("The last year cannot come before the first one.")
        elif self.kind == YEARLY_DATES:
            if not self.days:
                errors["schedule_days"] = _("Give at least one date, e.g. 20.12, 20.06.")
            for month, day in self.days:
                # 2020 is a leap year, so 29 February is accepted and moved to the 28th in other years.
                try:
                    datetime.date(2020, month, day)
                except (TypeError, ValueError):
                    errors["schedule_days"] = _("%(day)s.%(month)s is not a date.") % {"day": day, "month": month}
        elif self.kind == YEARLY_MONTH:
            if not self.month:
                errors["schedule_month"] = _("Choose the month.")
        elif self.kind != ONGOING:
            errors["schedule_kind"] = _("Unknown kind of schedule.")
        return errors

    def describe(self):
        """The schedule in the roadmap's own words, e.g. «ежегодно 20 декабря, 20 июня»."""
        if self.errors():
            return "—"
        if self.kind == PERIOD:
            first = _month_name(self.month)
            if self.end_month and self.end_month != self.month:
                return f"{first}-{_month_name(self.end_month)} {self.year}"
            return f"{first} {self.year}"
        if self.kind == YEARS:
            return f"{self.year}-{self.end_year}" if self.end_year != self.year else str(self.year)
        if self.kind == YEARLY_DATES:
            dates = ", ".join(f"{day} {MONTHS_ALT[month]}" for month, day in self.days)
            return _("yearly %(dates)s") % {"dates": dates}
        if self.kind == YEARLY_MONTH:
            return _("yearly, %(month)s") % {"month": _month_name(self.month)}
        return _("ongoing")

    def unfold(self, *, start_year, end_year, starts_on=None):
        """The dated slots of this schedule over the programme's years, in date order."""
        if self.errors():
            return []
        if self.kind == PERIOD:
            assert self.year is not None and self.month is not None  # errors() requires both
            last_month = self.end_month or self.month
            return [Slot(datetime.date(self.year, self.month, 1), _last_day(self.year, last_month))]
        slots = []
        first, last = start_year, end_year
        if self.kind == YEARS:
            first, last = max(first, self.year), min(last, self.end_year)
        for year in range(first, last + 1):
            if self.kind in (YEARS, ONGOING):
                slots.append(Slot(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
            elif self.kind == YEARLY_MONTH:
                assert self.month is not None  # errors() requires it
                slots.append(Slot(datetime.date(year, self.month, 1), _last_day(year, self.month)))
            else:
                for month, day in self.days:
                    due = datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))
                    slots.append(Slot(due.replace(day=1), due))
        if starts_on:
            slots = [Slot(max(s.starts_on, starts_on), s.due_on) for s in slots if s.due_on >= starts_on]
        return sorted(set(slots), key=lambda s: (s.due_on, s.starts_on))


def _month_name(month):
    return str(MONTHS[month]).lower()


def _last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_days(text):
    """«20.12, 20.06» → ((12, 20), (6, 20)); raises ValueError on anything else."""
    days = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        day, _sep, month = part.partition(".")
        days.append((int(month.strip(".")), int(day)))
    return tuple(days)


def format_days(days):
    return ", ".join(f"{day:02d}.{month:02d}" for month, day in days)
