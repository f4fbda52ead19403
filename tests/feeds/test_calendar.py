"""The personal calendar feed: a secret link per user, revocable; the ICS validated by icalendar's parser."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from icalendar import Calendar

from feeds.models import CalendarToken
from feeds.services import calendar_token_issue, token_digest
from mentorship.models import IndividualPlan, Meeting, PlanItem
from monitoring.models import Campaign
from portal.roles import CURATOR
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, UserFactory
from tests.roadmap.factories import OccurrenceFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _feed(client, token):
    return client.get(reverse("calendar:feed", kwargs={"token": token}))


def _events(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


@pytest.fixture
def world(mentor_user, curator):
    me = TeacherFactory(user=mentor_user, last_name="Наставникова")
    mine = MentorshipFactory(
        mentor=me,
        mentees=[StudentFactory(last_name="Секретова", first_name="Дарья")],
        start_date=datetime.date(2026, 9, 1),
        curator=curator,
    )
    theirs = MentorshipFactory(mentees=[StudentFactory(last_name="Чужая")], start_date=datetime.date(2026, 9, 1))
    for pair, topic in ((mine, "Разговор о Секретовой"), (theirs, "Чужая встреча")):
        Meeting.objects.create(
            mentorship=pair, date=datetime.date(2027, 3, 10), status=Meeting.Status.PLANNED, topic=topic
        )
        plan = IndividualPlan.objects.get(mentorship=pair)
        PlanItem.objects.create(plan=plan, task="Задача Секретовой", deadline=datetime.date(2027, 4, 1))
        PlanItem.objects.create(plan=plan, task="Сделано", deadline=datetime.date(2027, 4, 2), status="done")
    occurrence = OccurrenceFactory(starts_on=datetime.date(2027, 3, 1), due_on=datetime.date(2027, 3, 20))
    occurrence.activity.responsible_users.add(curator)
    campaign = Campaign.objects.create(
        title="Мониторинг 20.06.2027", purpose="satisfaction", monitoring_date=datetime.date(2027, 6, 20),
        opens_on=datetime.date(2027, 3, 1), closes_on=datetime.date(2027, 6, 15), status="open",
    )  # fmt: skip
    campaign.mentorships.add(mine)
    return {"mine": mine, "theirs": theirs, "occurrence": occurrence, "campaign": campaign}


def test_a_mentors_feed_has_only_their_pairs_with_initials_and_no_childs_surname(client, mentor_user, world):
    token = calendar_token_issue(user=mentor_user)
    response = _feed(client, token)
    events = _events(response)
    mine = world["mine"]
    meeting = Meeting.objects.get(mentorship=mine)
    item = PlanItem.objects.get(plan__mentorship=mine, status="planned")
    assert f"meeting-{meeting.pk}" in events and f"plan-item-{item.pk}" in events
    pair_events = {uid for uid in events if uid.startswith(("meeting-", "plan-item-"))}
    assert pair_events == {f"meeting-{meeting.pk}", f"plan-item-{item.pk}"}  # not the other pair's, not a done item
    assert events[f"meeting-{meeting.pk}"].decoded("dtstart") == datetime.date(2027, 3, 10)
    summary = str(events[f"meeting-{meeting.pk}"]["summary"])
    assert "Наставникова" in summary and "Д. С." in summary
    body = response.content.decode()
    assert "Секретов" not in body and "Чужая" not in body  # no child's surname, no free texts
    assert f"campaign-{world['campaign'].pk}" in events
    assert "monitoring-20270620" in events and "monitoring-20271220" in events
    assert f"roadmap-{world['occurrence'].pk}" not in events  # the curator is responsible, not the mentor


def test_a_curators_feed_has_the_pairs_they_curate_and_their_roadmap_dates(client, curator, world):
    events = _events(_feed(client, calendar_token_issue(user=curator)))
    assert f"roadmap-{world['occurrence'].pk}" in events
    assert f"meeting-{Meeting.objects.get(mentorship=world['mine']).pk}" in events
    assert f"meeting-{Meeting.objects.get(mentorship=world['theirs']).pk}" not in events
    assert f"campaign-{world['campaign'].pk}" in events
    url = str(events[f"roadmap-{world['occurrence'].pk}"]["url"])
    assert url.endswith(reverse("roadmap:activity", args=[world["occurrence"].activity_id]))


def test_a_new_link_replaces_the_old_and_a_revoked_link_answers_404(client, mentor_user, world):
    first = calendar_token_issue(user=mentor_user)
    second = calendar_token_issue(user=mentor_user)
    assert _feed(client, first).status_code == 404 and _feed(client, second).status_code == 200
    client.force_login(mentor_user)
    assert client.post(reverse("calendar:revoke")).status_code == 302
    client.logout()
    assert _feed(client, second).status_code == 404
    assert not CalendarToken.objects.exists()


def test_only_the_digest_is_stored_and_the_link_is_shown_once_on_the_page(client, curator):
    client.force_login(curator)
    response = client.post(reverse("calendar:issue"))
    link = response.context["link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40 and token in response.content.decode()
    row = CalendarToken.objects.get(user=curator)
    assert row.digest == token_digest(token) and token not in row.digest
    page = client.get(reverse("calendar:page"))
    assert token not in page.content.decode() and page.context["token"] == row


def test_a_user_who_lost_the_role_or_was_deactivated_gets_404(client, mentor_user):
    token = calendar_token_issue(user=mentor_user)
    assert _feed(client, token).status_code == 200
    mentor_user.groups.clear()
    assert _feed(client, token).status_code == 404
    other = UserFactory(is_active=False)
    other.groups.add(Group.objects.get(name=CURATOR))
    assert _feed(client, calendar_token_issue(user=other)).status_code == 404
    assert _feed(client, "x" * 500).status_code == 404


def test_an_account_without_a_role_has_no_calendar_page(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(reverse("calendar:page")).status_code == 403
    assert client.post(reverse("calendar:issue")).status_code == 403
    assert not CalendarToken.objects.exists()


def test_the_feed_takes_a_fixed_number_of_queries(client, curator, world, django_assert_num_queries):
    token = calendar_token_issue(user=curator)
    _feed(client, token)
    with django_assert_num_queries(10) as captured:
        _feed(client, token)
    for _n in range(3):
        pair = MentorshipFactory(curator=curator, start_date=datetime.date(2026, 9, 1))
        Meeting.objects.create(mentorship=pair, date=datetime.date(2027, 3, 12), status="planned", topic="x")
    with django_assert_num_queries(len(captured)):
        assert len(_events(_feed(client, token))) > 5


def test_the_menu_offers_the_calendar_page(client, mentor_user):
    client.force_login(mentor_user)
    page = client.get(reverse("mentorship:my_mentorships")).content.decode()
    assert reverse("calendar:page") in page
