import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The dates the portal can work with: from the births of its oldest people to far beyond the programme
# (whether a date still to come is wrong is the caller's word, given to `validate_date`). Outside this
# range a date is a typo (0001-01-01, 9999-12-31) and date arithmetic on it (a year before 0001) would
# fail, so it is refused where it comes in — a URL, a query string, a command line, a form field — with
# a message, never a 500.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)

# The monitoring dates of every year, (month, day): the mid-year value and the year's value (docs/indicators.md).
MONITORING_DAYS = ((6, 20), (12, 20))


def year_date(year: int) -> datetime.date:
    """The date a year's value is taken at: its December monitoring date, 20 December."""
    return datetime.date(year, *MONITORING_DAYS[-1])


def monitoring_dates(year: int) -> list[datetime.date]:
    """The year's monitoring dates in calendar order: 20 June, 20 December."""
    return [datetime.date(year, month, day) for month, day in MONITORING_DAYS]


def is_monitoring_date(day: datetime.date) -> bool:
    return (day.month, day.day) in MONITORING_DAYS


def last_monitoring_date(today: datetime.date) -> datetime.date:
    """The latest monitoring date on or before `today`."""
    return max(d for year in (today.year - 1, today.year) for d in monitoring_dates(year) if d <= today)


def next_monitoring_date(today: datetime.date) -> datetime.date:
    """The earliest monitoring date on or after `today`."""
    return min(d for year in (today.year, today.year + 1) for d in monitoring_dates(year) if d >= today)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def full_years(start: datetime.date, day: datetime.date) -> int:
    """Full years from `start` to `day` (age, teaching experience): someone born on 29 February is a year
    older on 1 March in a non-leap year (docs/indicators.md)."""
    years = day.year - start.year
    while years > 0 and years_before(day, years) < start:
        years -= 1
    return years


def validate_date_in_range(value: datetime.date) -> None:
    """A form/model validator: the date lies within EARLIEST..LATEST."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("The date must be between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": f"{EARLIEST:%d.%m.%Y}", "latest": f"{LATEST:%d.%m.%Y}"},
        )


def validate_date(value: datetime.date, *, today: datetime.date | None = None, future_message=None) -> None:
    """The portal's one date rule: the date lies within EARLIEST..LATEST and, where the caller says a date
    still to come is wrong (`future_message`), it is today or earlier. Today itself always passes."""
    validate_date_in_range(value)
    if future_message is not None and value > (today or timezone.localdate()):
        raise ValidationError(future_message, code="date_in_future")


def validate_year(year: int) -> None:
    """A year the portal can work with: its 20 December lies within EARLIEST..LATEST (ValidationError)."""
    try:
        day = year_date(year)
    except (TypeError, ValueError, OverflowError):
        day = None
    if day is None or not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("The year must be between %(earliest)s and %(latest)s."),
            code="year_out_of_range",
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
        )


def parse_iso_date(raw: str) -> datetime.date:
    """YYYY-MM-DD from a URL, a query string or a command line; ValueError for a wrong or out-of-range date."""
    try:
        day = datetime.date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise ValueError(f"not a date: {raw!r}") from None
    try:
        validate_date_in_range(day)
    except ValidationError:
        raise ValueError(f"date out of range: {raw!r}") from None
    return day
