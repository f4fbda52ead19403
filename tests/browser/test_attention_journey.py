"""Issue 20's journey: a pair is formed and never meets; 20 days later the morning's run flags it, the
curator finds it in «Требуют внимания» (the bell, the dashboard's panel, the page) with the action that
resolves it, and the mentor's reminder is in the outbox — on a desktop and on a phone, axe-clean."""

import datetime

import pytest
import time_machine
from django.core import mail

from health.tasks import compute_pair_health
from mentorship.models import Mentorship
from portal.roles import CURATOR, MENTOR
from tests.browser.conftest import SCREENS, assert_fits, axe_violations
from tests.conftest import _user_with_role
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"  # tests/factories.py: UserFactory
START = datetime.date(2026, 9, 1)
LATER = datetime.datetime(2026, 9, 21, 9, 0, tzinfo=datetime.UTC)  # 20 days after the start


def _checked(page):
    assert_fits(page)
    assert axe_violations(page) == []


@pytest.fixture(params=list(SCREENS))
def page(request, browser):
    context = browser.new_context(
        locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS[request.param], bypass_csp=True
    )
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


def test_a_pair_without_meetings_reaches_the_curator_and_the_mentor_is_reminded(page, login, live_server):
    curator = _user_with_role(CURATOR, username="kurator", email="kurator@school.test")
    mentor_account = _user_with_role(MENTOR, username="nastavnik", email="nastavnik@school.test")
    mentor = TeacherFactory(last_name="Смирнова", first_name="Алиса", patronymic="Игоревна", user=mentor_account)
    mentee = StudentFactory(last_name="Петров", first_name="Пётр", patronymic="Ильич", grade=7, class_letter="Б")
    pair = MentorshipFactory(
        mentor=mentor, mentees=[mentee], curator=curator, start_date=START, status=Mentorship.Status.ACTIVE
    )
    title = "Смирнова А.И. → Петров П.И., 7Б"
    mail.outbox = []

    with time_machine.travel(LATER, tick=True):
        compute_pair_health()  # the morning's beat run, 20 days after the start
        assert len(mail.outbox) == 1
        reminder = mail.outbox[0]
        assert reminder.to == ["nastavnik@school.test"]
        assert f"/registry/mentorships/{pair.pk}/" in reminder.body
        assert "Петров" not in reminder.body

        login("kurator", PASSWORD)
        bell = page.get_by_test_id("bell-count")
        assert bell.inner_text().startswith("1")
        panel = page.get_by_test_id("attention-panel")
        assert title in panel.inner_text()
        _checked(page)

        page.goto(f"{live_server.url}/notifications/")
        assert "1 ваша пара требует внимания." in page.get_by_test_id("notifications").inner_text()
        _checked(page)
        page.get_by_role("button", name="Открыть").click()
        page.wait_for_url("**/registry/attention/")
        row = page.get_by_test_id("attention-row")
        assert title in row.inner_text()
        assert "Нет проведённой встречи 20 дней после начала" in row.inner_text()
        assert "требует внимания" in row.inner_text()
        _checked(page)
        row.get_by_role("link", name="Добавить встречу").click()
        page.wait_for_url(f"**/registry/mentorships/{pair.pk}/meetings/new/")

        compute_pair_health()  # a rerun sends nothing new
        assert len(mail.outbox) == 1
