"""The curator starts a campaign, a student answers on a 390 px phone (without JavaScript) through the link of
her letter, the curator sees the response rate."""

import datetime
import re

import pytest
from django.core import mail

from mentorship.models import MentorshipForm
from monitoring.models import Item, Purpose, Questionnaire, Role
from tests.browser.conftest import SCREENS, assert_fits, axe_violations
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, UserFactory, form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"


def questionnaires():
    """The school's own short satisfaction questionnaires (a curator made them; the shipped kit set aside)."""
    Questionnaire.objects.filter(builtin=True).update(is_active=False)
    mentee = Questionnaire.objects.create(
        code="j-mentee", title="Удовлетворённость наставничеством", purpose=Purpose.SATISFACTION, role=Role.MENTEE
    )
    Item.objects.create(
        questionnaire=mentee, key="meetings_usefulness", kind="scale", order=1, text="Насколько полезны встречи?"
    )
    Item.objects.create(questionnaire=mentee, key="would_continue", kind="yes_no", order=2, text="Хотите продолжить?")
    Item.objects.create(
        questionnaire=mentee, key="valuable", kind="text", order=3, text="Что было самым ценным?", required=False
    )
    mentor = Questionnaire.objects.create(
        code="j-mentor", title="Анкета наставника", purpose=Purpose.SATISFACTION, role=Role.MENTOR
    )
    Item.objects.create(
        questionnaire=mentor, key="meetings_usefulness", kind="scale", text="Насколько полезны встречи?"
    )


@pytest.fixture
def school(db):
    from django.contrib.auth.models import Group

    questionnaires()
    curator = UserFactory(username="kurator")
    curator.groups.add(Group.objects.get(name="Куратор"))
    pupil = StudentFactory(
        first_name="Вера", last_name="Голубева", email="vera@example.org", pd_consent_date=datetime.date(2025, 9, 1)
    )
    MentorshipFactory(
        form=form(MentorshipForm.Code.STUDENT_STUDENT),
        mentor=TeacherFactory(first_name="Анна", last_name="Смирнова"),
        mentees=[pupil, StudentFactory(pd_consent_date=None)],
    )
    return curator


def test_the_curator_starts_a_campaign_a_student_answers_on_a_phone_the_curator_sees_the_rate(
    browser, live_server, school
):
    desk = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS["desktop"], bypass_csp=True)
    desk.set_default_timeout(15000)
    page = desk.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("kurator")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.goto(f"{live_server.url}/monitoring/campaigns/")
    page.get_by_role("link", name="Начать опрос").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Начать опрос").click()
    page.wait_for_url(re.compile(r"/monitoring/campaigns/\d+/$"))
    assert page.get_by_test_id("total-rate").inner_text() == "Ответили 0 из 2 (0 %)"
    assert page.get_by_test_id("without-consent").inner_text().endswith("1")
    campaign_url = page.url

    letter = next(m for m in mail.outbox if m.to == ["vera@example.org"])
    link = re.search(r"https?://\S+/q/\S+/", letter.body).group(0)
    path = link[link.index("/q/") :]

    # On a phone with JavaScript (axe-core runs in the page): the page, then an answer missing — the error is
    # announced and the chosen score kept; nothing is stored.
    checked = browser.new_context(
        locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS["phone"], bypass_csp=True
    )
    checked.set_default_timeout(15000)
    student = checked.new_page()
    student.goto(live_server.url + path)
    assert student.get_by_test_id("partner").inner_text() == "Ваш наставник: Анна"
    assert "Смирнова" not in student.content() and "Голубева" not in student.content()
    assert_fits(student)
    assert axe_violations(student) == []
    usefulness = student.get_by_role("group", name=re.compile("Насколько полезны встречи"))
    usefulness.get_by_label("8", exact=True).check()
    student.get_by_role("button", name="Отправить ответы").click()
    assert student.get_by_role("alert").is_visible()
    assert student.get_by_role("group", name=re.compile("Насколько полезны")).get_by_label("8", exact=True).is_checked()
    assert_fits(student)
    assert axe_violations(student) == []
    checked.close()

    # The student's own phone, without JavaScript: she answers through the link of her letter.
    phone = browser.new_context(
        locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS["phone"], java_script_enabled=False
    )
    phone.set_default_timeout(15000)
    student = phone.new_page()
    student.goto(live_server.url + path)
    student.get_by_role("group", name=re.compile("Насколько полезны встречи")).get_by_label("8", exact=True).check()
    student.get_by_role("group", name=re.compile("Хотите продолжить")).get_by_label("Да").check()
    student.get_by_label(re.compile("Что было самым ценным")).fill("Подготовка к олимпиаде")
    student.get_by_role("button", name="Отправить ответы").click()
    assert student.get_by_test_id("thanks").inner_text() == "Спасибо!"
    assert_fits(student)
    # The link works once.
    again = student.goto(live_server.url + path)
    assert again.status == 410 and "уже ответили" in student.content()
    phone.close()

    page.goto(campaign_url)
    assert page.get_by_test_id("total-rate").inner_text() == "Ответили 1 из 2 (50 %)"
    assert "8А" in page.get_by_test_id("rates-class").inner_text()
    assert axe_violations(page) == []
    desk.close()
