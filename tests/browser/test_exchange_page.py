"""The hub page (/reports/hub/) fits a phone and a desktop and passes axe-core, with a failed delivery's long
error and the forms; queueing a date from it works."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from exchange.models import Delivery
from portal.roles import DIRECTOR
from tests.browser.conftest import SCREENS, assert_fits, axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "parol-direktora-1"


@pytest.fixture
def director_login(settings):
    settings.HUB_URL = "http://127.0.0.1:9"  # nothing listens: a queued report only waits for its retry
    settings.HUB_SCHOOL_CODE = "licey-1"
    user = UserFactory(username="direktor", password=PASSWORD)
    user.groups.add(Group.objects.get(name=DIRECTOR))
    now = timezone.now()
    Delivery.objects.create(
        monitoring_date=datetime.date(2024, 6, 20),
        status=Delivery.Status.FAILED,
        document={},
        digest="0" * 64,
        attempts=10,
        last_error="Хаб отклонил отчёт (422): "
        + "Отчёт не соответствует формату: kpi/0/numerator — значение неверного типа; " * 3,
        queued_at=now,
    )
    Delivery.objects.create(
        monitoring_date=datetime.date(2023, 12, 20),
        status=Delivery.Status.DELIVERED,
        document={},
        digest="1" * 64,
        attempts=1,
        hub_status=201,
        delivered_at=now,
        queued_at=now,
    )
    return user


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_hub_page_fits_and_passes_axe(browser, live_server, director_login, screen):
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS[screen], bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("direktor")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/reports/hub/")
    assert page.get_by_role("heading", name="Отчёты в хаб мониторинга").is_visible()
    assert_fits(page)
    assert axe_violations(page) == []
    page.get_by_label("Дата мониторинга").select_option(index=0)
    page.get_by_role("button", name="Отправить отчёт за дату").click()
    page.wait_for_load_state()
    assert page.get_by_text("поставлен в очередь на отправку в хаб").is_visible()
    assert_fits(page)
    assert axe_violations(page) == []
    context.close()
