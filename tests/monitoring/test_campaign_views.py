"""The campaign pages: the answer page through a link (anonymous, only with a valid token), the curator's
pages, «My questionnaires»; parallel starts and answers on PostgreSQL."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentorship.models import Mentorship
from monitoring import campaign_services as services
from monitoring import links
from monitoring.models import Campaign, Invitation, Response, Role
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory
from tests.monitoring.test_campaigns import kit, student, token_of
from tests.parallel import in_parallel, require_postgres

pytestmark = pytest.mark.django_db


def started(*pairs, **kwargs):
    today = timezone.localdate()
    campaign = services.campaign_create(
        purpose="satisfaction", opens_on=today, closes_on=today + datetime.timedelta(days=7), **kwargs
    )
    services.campaign_start(campaign=campaign, mentorships=pairs)
    return campaign


@pytest.fixture
def link():
    kit()
    pupil = student(first_name="Пётр", last_name="Сидоров")
    pair = MentorshipFactory(mentees=[pupil], mentor=TeacherFactory(first_name="Анна", last_name="Смирнова"))
    campaign = started(pair)
    invitation = Invitation.objects.get(person=pupil)
    return reverse("answer_by_link", kwargs={"token": token_of(invitation)}), invitation, campaign


ANSWERS = {"meetings_usefulness": "9", "would_continue": "yes"}


def test_the_answer_page_opens_without_a_login_and_shows_only_the_partners_first_name(client, link):
    url, _invitation, _campaign = link
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Анкета о работе с наставником" in page and "Ваш наставник: Анна" in page
    assert "Смирнова" not in page and "Сидоров" not in page and "Пётр" not in page
    assert "no-store" in response["Cache-Control"]
    assert page.count("<fieldset") == 2 and page.count("<legend") == 2


def test_an_answer_through_the_page_is_stored_once_and_the_link_then_refuses(client, link):
    url, invitation, _campaign = link
    response = client.post(url, ANSWERS)
    assert response.status_code == 302 and response["Location"] == reverse("answer_done")
    assert client.get(response["Location"]).status_code == 200
    stored = Response.objects.get()
    assert stored.invitation == invitation and stored.channel == Response.Channel.LINK
    assert {a.item.key: a.number if a.number else a.flag for a in stored.answers.select_related("item")} == {
        "meetings_usefulness": 9,
        "would_continue": True,
    }
    again = client.post(url, ANSWERS)
    assert again.status_code == 410 and "На анкету уже ответили" in again.content.decode()
    assert client.get(url).status_code == 410
    assert Response.objects.count() == 1


def test_a_missing_answer_keeps_what_was_chosen_and_announces_the_error(client, link):
    url, _invitation, _campaign = link
    response = client.post(url, {"meetings_usefulness": "7"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page and "Не на все вопросы есть ответ" in page
    assert re.search(r'value="7"[^>]*checked', page)
    assert 'aria-describedby="' in page and not Response.objects.exists()


def test_a_tampered_an_unknown_and_an_expired_link_get_a_russian_page_and_no_record_data(client, link):
    url, invitation, campaign = link
    token = url.split("/")[2]
    raw, _sep, signature = token.partition(".")
    tampered = reverse("answer_by_link", kwargs={"token": raw + "x." + signature})
    response = client.get(tampered)
    assert response.status_code == 400 and "Ссылка повреждена" in response.content.decode()
    unknown = reverse("answer_by_link", kwargs={"token": links.new_token()[0]})
    response = client.get(unknown)
    assert response.status_code == 404 and "Ссылка не найдена" in response.content.decode()
    assert client.post(unknown, ANSWERS).status_code == 404
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    response = client.get(url)
    assert response.status_code == 410 and "Анкета закрыта" in response.content.decode()
    assert "Анна" not in response.content.decode()
    assert client.post(url, ANSWERS).status_code == 410
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.OPEN)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(url).status_code == 410
    assert not Response.objects.exists()


def test_the_curator_starts_a_campaign_from_the_form_and_sees_the_rate(client, curator):
    kit()
    pairs = [MentorshipFactory(mentees=[student(email=f"p{i}@example.org")]) for i in range(2)]
    MentorshipFactory(mentees=[student()], status=Mentorship.Status.DRAFT)
    client.force_login(curator)
    today = timezone.localdate()
    with_token = {"submission_token": "t" * 24}
    data = {"purpose": "satisfaction", "opens_on": today, "closes_on": today + datetime.timedelta(days=5)}
    data["status"] = "active"
    response = client.post(reverse("monitoring:campaign_create"), {**data, **with_token})
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "monitoring:campaign_detail", args=[campaign.pk]
    )
    assert campaign.title.startswith("Мониторинг ") and set(campaign.mentorships.all()) == set(pairs)
    assert Invitation.objects.filter(campaign=campaign).count() == 4
    # A double click: the same form token creates nothing more.
    client.post(reverse("monitoring:campaign_create"), {**data, **with_token})
    assert Campaign.objects.count() == 1
    page = client.get(reverse("monitoring:campaign_detail", args=[campaign.pk])).content.decode()
    assert "Ответили 0 из 4 (0 %)" in page


def test_the_director_reads_the_campaign_page_but_cannot_start_or_remind(client, director):
    kit()
    campaign = started(MentorshipFactory(mentees=[student()]))
    client.force_login(director)
    assert client.get(reverse("monitoring:campaign_detail", args=[campaign.pk])).status_code == 200
    assert client.get(reverse("monitoring:campaign_create")).status_code == 403
    assert client.post(reverse("monitoring:campaign_remind", args=[campaign.pk])).status_code == 403


def test_the_sheets_are_a_pdf_for_the_curator(client, curator):
    kit()
    campaign = started(MentorshipFactory(mentees=[student(grade=6, class_letter="Б")]))
    client.force_login(curator)
    response = client.post(reverse("monitoring:campaign_sheets", args=[campaign.pk]), {"class_name": "6Б"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")


def test_the_reminder_button_reminds_those_who_have_not_answered(client, curator):
    kit()
    campaign = started(MentorshipFactory(mentees=[student(email="a@example.org")]))
    client.force_login(curator)
    mail.outbox.clear()
    response = client.post(reverse("monitoring:campaign_remind", args=[campaign.pk]))
    assert response.status_code == 302 and [m.to for m in mail.outbox] == [["a@example.org"]]


def test_a_mentor_with_an_account_answers_in_the_portal(client, mentor_user):
    kit()
    pair = MentorshipFactory(mentor=TeacherFactory(user=mentor_user), mentees=[student(first_name="Ира")])
    other = MentorshipFactory(mentees=[student()])
    started(pair, other)
    client.force_login(mentor_user)
    page = client.get(reverse("monitoring:my_questionnaires")).content.decode()
    mine = Invitation.objects.get(mentorship=pair, role=Role.MENTOR)
    assert reverse("monitoring:my_questionnaire_answer", args=[mine.pk]) in page
    theirs = Invitation.objects.get(mentorship=other, role=Role.MENTOR)
    assert client.get(reverse("monitoring:my_questionnaire_answer", args=[theirs.pk])).status_code == 404
    answer_page = client.get(reverse("monitoring:my_questionnaire_answer", args=[mine.pk])).content.decode()
    assert "Ваш наставляемый: Ира" in answer_page
    response = client.post(reverse("monitoring:my_questionnaire_answer", args=[mine.pk]), {"meetings_usefulness": "6"})
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.channel == Response.Channel.PORTAL and stored.entered_by == mentor_user
    assert client.get(reverse("monitoring:my_questionnaire_answer", args=[mine.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_parallel_answers_through_one_link_store_one_response():
    require_postgres()
    kit()
    pair = MentorshipFactory(mentees=[StudentFactory(pd_consent_date=datetime.date(2025, 9, 1))])
    started(pair)
    invitation = Invitation.objects.get(role=Role.MENTEE)
    url = reverse("answer_by_link", kwargs={"token": token_of(invitation)})
    statuses = in_parallel(6, lambda client, i: client.post(url, ANSWERS).status_code)
    assert sorted(statuses) == [302] + [410] * 5
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_starts_of_one_campaign_create_no_duplicates():
    require_postgres()
    kit()
    pairs = [MentorshipFactory(mentees=[StudentFactory(pd_consent_date=datetime.date(2025, 9, 1))]) for _ in range(3)]
    today = timezone.localdate()
    campaign = services.campaign_create(purpose="satisfaction", opens_on=today, closes_on=today)

    def start(_client, _i):
        return services.campaign_start(campaign=campaign, mentorships=pairs).invited

    invited = in_parallel(6, start)
    assert sorted(invited) == [0] * 5 + [6]
    assert Invitation.objects.filter(campaign=campaign).count() == 6
