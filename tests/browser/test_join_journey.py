"""Issue 20's journey: a visitor applies to become a mentor on the public page; the curator accepts the
application and the person is in the registry, with what she wrote about herself; she gets a pair; a week later
(time-machine) the pair, still without a meeting, is in «Требуют внимания» and her reminder is in the outbox."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD
from health.tasks import compute_pair_health
from joining.models import Application
from mentorship.models import Mentorship, MentorshipForm, Person
from mentorship.services import mentorship_create
from portal.roles import MENTOR
from tests.conftest import _user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school(settings):
    cache.clear()  # the live server shares this process's cache (the public page, the throttle)
    settings.JOIN_MIN_FILL_SECONDS = 1
    settings.HEALTH_FIRST_MEETING_DAYS = 7  # «a week later»
    call_command("seed_demo", "--if-empty", verbosity=0)
    call_command("create_demo_users", verbosity=0)


def test_a_visitor_applies_to_become_a_mentor_and_the_curator_accepts(browser, live_server, school):
    visitor = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    try:
        page = visitor.new_page()
        page.goto(f"{live_server.url}/mentoring/")
        page.get_by_role("link", name="Стать наставником").click()
        expect(page.locator("h1")).to_have_text("Стать наставником")
        page.get_by_label("Педагог").check()
        page.get_by_label("Фамилия").fill("Светлова")
        page.get_by_label("Имя").fill("Марина")
        page.get_by_label("Должность").fill("учитель биологии")
        page.get_by_label("Эл. почта").fill("svetlova@example.ru")
        page.get_by_label("В чём вы сильны и с чем можете помочь").fill("биология, проектная работа")
        page.get_by_label("Интересы").fill("экология")
        page.wait_for_timeout(1200)  # a person takes longer than the minimum fill time
        page.get_by_role("button", name="Отправить заявку").click()
        expect(page.locator("h1")).to_have_text("Спасибо, заявка отправлена")
        assert "Светлова" not in page.content() and "svetlova" not in page.url
    finally:
        visitor.close()
    assert Application.objects.get().status == "new"

    curator = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
    try:
        page = curator.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill("curator")
        page.get_by_label("Пароль").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.goto(f"{live_server.url}/registry/applications/")
        page.get_by_role("link", name="Светлова Марина").click()
        expect(page.get_by_test_id("application")).to_contain_text("биология, проектная работа")
        page.get_by_label("Создать новую запись реестра").check()
        page.get_by_role("button", name="Принять заявку").click()
        expect(page.locator("h1")).to_contain_text("Светлова Марина")
        assert "/registry/people/" in page.url
    finally:
        curator.close()
    person = Person.objects.get(last_name="Светлова")
    assert person.kind == "teacher" and person.strengths == "биология, проектная работа"
    assert Application.objects.get().person == person

    # The curator forms her pair (the pair form is covered by its own journeys) and the administrator gives her
    # a portal account; a week later the morning's run flags the pair and reminds her.
    account = _user_with_role(MENTOR, username="svetlova", email="svetlova@example.ru")
    Person.objects.filter(pk=person.pk).update(user=account)
    mentee = (
        Person.objects.filter(kind="teacher", mentorships_as_mentee__isnull=True, mentorships_as_mentor__isnull=True)
        .exclude(pk=person.pk)
        .first()
    )
    curator_user = User.objects.get(username="curator")
    start = timezone.localdate()
    pair = mentorship_create(
        form=MentorshipForm.objects.get(code=MentorshipForm.Code.TEACHER_TEACHER),
        mentor=person,
        mentees=[mentee],
        curator=curator_user,
        start_date=start,
        status=Mentorship.Status.ACTIVE,
    )
    mail.outbox = []
    with time_machine.travel(
        datetime.datetime.combine(start + datetime.timedelta(days=8), datetime.time(9), tzinfo=datetime.UTC), tick=True
    ):
        compute_pair_health()
        [reminder] = [m for m in mail.outbox if m.to == ["svetlova@example.ru"]]
        assert f"/registry/mentorships/{pair.pk}/" in reminder.body
        assert mentee.last_name not in reminder.body
        curator = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
        try:
            page = curator.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_label("Имя пользователя").fill("curator")
            page.get_by_label("Пароль").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Войти").click()
            page.goto(f"{live_server.url}/registry/attention/")
            rows = page.get_by_test_id("attention-row").filter(has_text="Светлова")
            expect(rows).to_have_count(1)
            expect(rows).to_contain_text("Нет проведённой встречи 8 дней после начала")
        finally:
            curator.close()
