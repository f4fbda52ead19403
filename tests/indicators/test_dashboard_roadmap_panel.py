import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_roadmaps_upcoming_and_overdue_panel(client_as, curator, time_machine):
    time_machine.move_to(datetime.datetime(2022, 12, 15, 9, tzinfo=datetime.UTC))
    html = client_as(curator).get(reverse("indicators:dashboard")).content.decode()
    assert "Мониторинг реализации программ наставничества в лицее" in html
    assert "20.12.2022" in html
