"""In-portal notifications: the bell's unread count, the list, mark read (one, all), expiry, the hooks."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from config import events
from notifications.models import Notification
from notifications.services import notifications_expire, notify
from notifications.tasks import delete_old_notifications
from roster.models import RosterJob

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")


def _bell(client):
    return client.get(reverse("password_change")).context["unread_notifications"]


def test_the_bell_counts_the_users_unread_notifications_only(client_as, curator, director):
    notify(user_ids=[curator.pk], event="summary_ready", url="/reports/")
    notify(user_ids=[curator.pk, director.pk], event="pairs_need_attention", count=2)
    client = client_as(curator)
    assert _bell(client) == 2
    page = client.get(LIST).content.decode()
    assert 'data-testid="bell-count">2' in page
    assert "Информационно-аналитическая справка готова." in page
    assert "2 ваши пары требуют внимания." in page


def test_staff_and_mentors_have_the_bell_an_account_without_a_role_has_not(client_as, mentor_user, no_role_user):
    assert _bell(client_as(mentor_user)) == 0
    assert _bell(client_as(no_role_user)) is None
    assert client_as(no_role_user).get(LIST).status_code == 403


def test_anonymous_goes_to_the_login_page(client):
    assert client.get(LIST).status_code == 302
    assert "/accounts/login/" in client.get(LIST)["Location"]


def test_opening_one_marks_it_read_and_leads_to_its_page(client_as, curator):
    notify(user_ids=[curator.pk], event="summary_ready", url="/reports/")
    notify(user_ids=[curator.pk], event="campaign_results")
    first, second = Notification.objects.order_by("pk")
    client = client_as(curator)
    response = client.post(reverse("notifications:read", args=[first.pk]))
    assert response["Location"] == "/reports/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.post(reverse("notifications:read", args=[second.pk]))["Location"] == LIST
    assert _bell(client) == 0


def test_anothers_notification_is_not_found_and_stays_unread(client_as, curator, director):
    notify(user_ids=[director.pk], event="summary_ready")
    theirs = Notification.objects.get()
    assert client_as(curator).post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_reads_only_the_users_own(client_as, curator, director):
    notify(user_ids=[curator.pk, director.pk], event="summary_ready")
    notify(user_ids=[curator.pk], event="campaign_results")
    assert client_as(curator).post(reverse("notifications:read_all")).status_code == 302
    assert not Notification.objects.filter(user=curator, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=director, read_at__isnull=True).count() == 1


def test_notifications_are_kept_ninety_days(curator):
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)):
        notify(user_ids=[curator.pk], event="summary_ready")
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        notify(user_ids=[curator.pk], event="campaign_results")
    assert notifications_expire(now=datetime.datetime(2026, 4, 1, 11, tzinfo=datetime.UTC)) == 0  # day 90
    assert notifications_expire(now=datetime.datetime(2026, 4, 1, 13, tzinfo=datetime.UTC)) == 1
    assert list(Notification.objects.values_list("event", flat=True)) == ["campaign_results"]
    with time_machine.travel(datetime.datetime(2026, 8, 1, tzinfo=datetime.UTC)):
        assert delete_old_notifications() == 1
    assert not Notification.objects.exists()


def test_the_list_takes_a_fixed_number_of_queries(client_as, curator, django_assert_num_queries):
    client = client_as(curator)
    client.get(LIST)
    # session, user, permissions (two), the roles (navigation), the bell, the list; the same with 31 more
    for _ in range(2):
        with django_assert_num_queries(7):
            assert client.get(LIST).status_code == 200
        notify(user_ids=[curator.pk] * 1, event="summary_ready")
        for _ in range(30):
            notify(user_ids=[curator.pk], event="campaign_results")


# The hooks: each event a lower app emits lands as a notification for the right people.


def test_every_event_has_its_subscriber():
    from notifications import services

    for name in ("roster_import_finished", "summary_ready", "campaign_results", "pairs_need_attention"):
        assert getattr(services, f"on_{name}") in events.subscribers(name)


@pytest.mark.django_db(transaction=True)
def test_a_finished_roster_import_notifies_the_admin_who_started_it(admin_user_role):
    from roster.services import roster_job_run

    job = RosterJob.objects.create(
        kind="students", file_name="list.xlsx", user=admin_user_role, status=RosterJob.Status.QUEUED
    )
    roster_job_run(job_id=job.pk)  # no file: the job fails, and that is its end too
    notification = Notification.objects.get()
    assert (notification.user, notification.event, notification.object_id) == (
        admin_user_role,
        "roster_import_finished",
        job.pk,
    )
    assert notification.url == reverse("mentorship:import_job", args=[job.pk])


@pytest.mark.django_db(transaction=True)
def test_a_generated_summary_notifies_its_author_and_the_directors(curator, director):
    from reports.services import summary_generate, summary_request

    summary, _queued = summary_request(as_of=datetime.date(2024, 12, 20), enqueue=False)
    summary.author = curator
    summary.save()
    summary_generate(summary_id=summary.pk)
    assert set(Notification.objects.values_list("user_id", "event")) == {
        (curator.pk, "summary_ready"),
        (director.pk, "summary_ready"),
    }


@pytest.mark.django_db(transaction=True)
def test_campaign_results_notify_the_campaigns_author(curator):
    events.emit("campaign_results", campaign_id=7, user_id=curator.pk)
    assert Notification.objects.get().event == "campaign_results"


@pytest.mark.django_db(transaction=True)
def test_pairs_needing_attention_notify_their_curator_with_a_link_to_the_page(curator):
    from health.services import pair_health_refresh
    from tests.health.conftest import pair

    pair(curator=curator, start=timezone.localdate() - datetime.timedelta(20))
    pair_health_refresh()
    notification = Notification.objects.get()
    assert (notification.user, notification.count, notification.url) == (curator, 1, reverse("health:attention"))


@pytest.mark.django_db(transaction=True)
def test_an_event_inside_a_rolled_back_transaction_notifies_nobody(curator):
    from django.db import transaction

    with transaction.atomic():
        events.emit("campaign_results", campaign_id=7, user_id=curator.pk)
        transaction.set_rollback(True)
    assert not Notification.objects.exists()


def test_an_event_refuses_anything_but_ids():
    with pytest.raises(TypeError):
        events.emit("campaign_results", name="Иванова Мария Петровна, 7Б, ученица с ОВЗ")


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscriber_does_not_break_the_emitter_or_the_others(curator):
    calls = []

    def broken(**ids):
        raise RuntimeError("boom")

    def fine(**ids):
        calls.append(ids)

    events.subscribe("test_event", broken)
    events.subscribe("test_event", fine)
    events.subscribe("test_event", fine)  # twice: kept once
    try:
        events.emit("test_event", job_id=1)
    finally:
        events._subscribers.pop("test_event")
    assert calls == [{"job_id": 1}]
