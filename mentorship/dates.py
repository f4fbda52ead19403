import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The dates the portal can work with: from the births of its oldest people to far beyond the programme
# (a future date is the callers' business: "not come yet"). Outside this range a date is a typo
# (0001-01-01, 9999-12-31) and date arithmetic on it (a year before 0001) would fail, so it is refused
# where it comes in — a URL, a query string, a command line, a form field — with a message, never a 500.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def validate_date_in_range(value: datetime.date) -> None:
    """A form/model validator: the date lies within EARLIEST..LATEST."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("The date must be between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": f"{EARLIEST:%d.%m.%Y}", "latest": f"{LATEST:%d.%m.%Y}"},
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
