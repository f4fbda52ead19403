"""The iCalendar file of a feed (RFC 5545, the icalendar package): all-day events, Europe/Kirov."""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as ICalEvent

from .selectors import Event

PRODID = "-//Nastavnichestvo//Calendar feed//RU"
UID_DOMAIN = "nastavnichestvo"


def calendar_ics(*, events: Iterable[Event], absolute: Callable[[tuple[str, int]], str]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Mentoring"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for item in events:
        event = ICalEvent()
        event.add("uid", f"{item.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + datetime.timedelta(days=1))
        event.add("summary", item.summary)
        event.add("transp", "TRANSPARENT")
        description = item.description
        if item.link is not None:
            url = absolute(item.link)
            event.add("url", url)
            description = f"{description}\n{url}".strip()
        if description:
            event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()
