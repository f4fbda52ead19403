import datetime

import pytest
from django.utils import timezone

from demo.users import DEMO_PASSWORD, demo_users_create
from tests.factories import MentorshipFactory, StudentFactory, category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_opens_the_dashboard_and_checks_a_figure_by_its_people(login, live_server):
    demo_users_create()
    today = timezone.localdate()
    mentee = StudentFactory(
        last_name="Проверяемова",
        birth_date=today.replace(year=today.year - 12) - datetime.timedelta(days=30),
        categories=[category("outstanding")],
    )
    StudentFactory(
        last_name="Потенциальнов",
        birth_date=today.replace(year=today.year - 13) - datetime.timedelta(days=30),
        categories=[category("behaviour")],
    )
    MentorshipFactory(mentees=[mentee], start_date=datetime.date(today.year, 1, 10))

    page = login("director", DEMO_PASSWORD)
    assert page.url.endswith("/dashboard/")  # the director's home
    assert page.get_by_role("heading", level=1).inner_text() == "Показатели эффективности целевой модели наставничества"
    assert page.get_by_test_id("target-students_mentees-2024").inner_text().strip() == "70,0\xa0%"
    assert page.locator("svg[role=img] title").first.text_content() == "Наставляемые 10–18 лет"

    link = page.get_by_test_id(f"value-students_mentees-{today:%Y-%m-%d}")
    assert link.inner_text().strip() == "50,0\xa0%"
    link.click()
    page.wait_for_load_state()
    assert "/dashboard/students_mentees/" in page.url
    assert page.get_by_test_id("numerator").inner_text() == "1"
    assert page.get_by_test_id("denominator").inner_text().strip().startswith("2")
    assert "Проверяемова" in page.get_by_test_id("numerator-list").inner_text()
    table = page.get_by_test_id("denominator-table").inner_text()
    assert "Проверяемова" in table and "Потенциальнов" in table and "одарённые" in table

    with page.expect_download() as download:
        page.get_by_role("link", name="Выгрузить в Excel").click()
    assert download.value.suggested_filename == f"students_mentees-{today:%Y-%m-%d}.xlsx"
