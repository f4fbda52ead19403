"""A mentor on a phone (and on a desktop) plans a meeting for next week and, a week later, marks it held.

Every page visited fits the screen (no sideways panning) and the pages touched pass axe-core (WCAG 2.1 AA).
"""

import datetime

import pytest
import time_machine

from mentorship.models import Meeting, PlanItem
from portal.roles import MENTOR
from tests.browser.conftest import SCREENS, assert_fits, axe_violations
from tests.conftest import _user_with_role
from tests.factories import MentorshipFactory, StudentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"  # tests/factories.py: UserFactory
MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def _checked(page):
    assert_fits(page)
    assert axe_violations(page) == []


@pytest.fixture(params=list(SCREENS))
def page(request, browser):
    # axe-core is injected as a script: the portal's CSP would refuse it, so this context bypasses CSP.
    context = browser.new_context(
        locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS[request.param], bypass_csp=True
    )
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


def test_a_mentor_plans_a_meeting_for_next_week_and_marks_it_held_afterwards(page, login, live_server):
    user = _user_with_role(MENTOR, username="nastavnik")
    mentor = StudentFactory(
        last_name="Смирнова", first_name="Алиса", patronymic="Игоревна", grade=10, birth_date=datetime.date(2009, 2, 1)
    )
    mentor.user = user
    mentor.save()
    mentee = StudentFactory(last_name="Петров", first_name="Пётр", patronymic="Ильич", grade=7, class_letter="Б")
    mentorship = MentorshipFactory(mentor=mentor, mentees=[mentee], start_date=datetime.date(2025, 9, 1))
    plan = mentorship.plans.get()
    PlanItem.objects.create(
        plan=plan,
        task="Подготовить проект по физике «Измерение ускорения свободного падения математическим маятником»",
        work_form="индивидуальная консультация",
        deadline=datetime.date(2026, 4, 15),
        result="Собрана установка, проведены первые измерения",
    )
    Meeting.objects.create(mentorship=mentorship, date=datetime.date(2026, 2, 20), topic="Знакомство и цели")
    title = "Смирнова А.И. → Петров П.И., 7Б"

    with time_machine.travel(MONDAY, tick=True):
        login("nastavnik", PASSWORD)
        page.goto(f"{live_server.url}/registry/mentorships/mine/")
        page.get_by_role("heading", name="Мои наставничества").wait_for()
        _checked(page)
        page.get_by_role("link", name=title).click()
        page.get_by_role("heading", name=title).wait_for()
        _checked(page)

        page.get_by_role("link", name="Запланировать или записать встречу").click()
        page.get_by_role("heading", name=f"Встреча: {title}").wait_for()
        assert page.get_by_label("запланирована (накануне придёт напоминание на почту)").is_checked()
        page.get_by_label("Дата").fill("2026-03-09")
        page.get_by_label("Тема").fill("Разбор первых измерений")
        _checked(page)
        page.get_by_role("button", name="Сохранить").click()
        page.get_by_text("Встреча запланирована.").wait_for()
        planned = page.get_by_test_id("planned-meetings")
        assert "09.03.2026" in planned.inner_text() and "Разбор первых измерений" in planned.inner_text()
        _checked(page)
    meeting = Meeting.objects.get(topic="Разбор первых измерений")
    assert (meeting.status, meeting.date) == (Meeting.Status.PLANNED, datetime.date(2026, 3, 9))

    # A week later (the session of last Monday has expired: the mentor logs in again).
    with time_machine.travel(MONDAY + datetime.timedelta(days=8), tick=True):
        login("nastavnik", PASSWORD)
        page.goto(f"{live_server.url}/registry/mentorships/{mentorship.pk}/")
        page.get_by_test_id("planned-meetings").get_by_role("link", name="Отметить проведённой").click()
        page.get_by_role("heading", name=f"Встреча состоялась: {title}").wait_for()
        page.get_by_label("Заметки").fill("Разобрали погрешности, договорились повторить опыт с другой длиной нити.")
        _checked(page)
        page.get_by_role("button", name="Сохранить").click()
        page.get_by_text("Встреча отмечена проведённой.").wait_for()
        assert page.get_by_test_id("planned-meetings").count() == 0
        assert "Разобрали погрешности" in page.get_by_test_id("meetings").inner_text()
        _checked(page)
        page.goto(f"{live_server.url}/registry/mentorships/mine/")
        assert "проведено 2 встречи" in page.get_by_role("main").inner_text()
        assert_fits(page)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and meeting.date == datetime.date(2026, 3, 9)
