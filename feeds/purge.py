"""The calendar feeds' part in a purge (mentorship/purge.py): a purged student mentor's calendar link is
deleted with her account's other traces (the feed would otherwise keep answering with her pairs)."""

from config.purge import register_participant
from mentorship.purge import PurgeContext

from .models import CalendarToken


def purge_calendar(ctx: PurgeContext) -> None:
    user_id = ctx.person.user_id
    if user_id is None:
        return
    deleted, _rows = CalendarToken.objects.filter(user_id=user_id).delete()
    if deleted:
        ctx.count("calendar_links_deleted", deleted)


DECISIONS = {
    "feeds.CalendarToken": "the purged person's calendar link deleted; holds only a token's digest",
}


def register():
    register_participant(app_label="feeds", handler=purge_calendar, decisions=DECISIONS)
