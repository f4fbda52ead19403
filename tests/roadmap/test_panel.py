import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory

TEMPLATE = Template("{% load roadmap_tags %}{% roadmap_upcoming_panel %}")


def render(user):
    request = RequestFactory().get("/")
    request.user = user
    return TEMPLATE.render(Context({"request": request, "user": user}))


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2021, 12, 10, 9, 0), tick=False)
def test_the_panel_lists_upcoming_and_overdue_occurrences_for_staff(curator, director):
    html = render(curator)
    assert "Дорожная карта: ближайшие и просроченные сроки" in html
    assert "20.12.2021" in html and "3.1 Мониторинг" in html  # due within 30 days
    assert "просрочен" in html and "20.06.2021" in html  # overdue
    assert "31.08.2021" in html  # the latest overdue come first
    assert render(director) == html


@pytest.mark.django_db
def test_the_panel_is_empty_for_a_mentor(mentor_user):
    assert render(mentor_user).strip() == ""


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2021, 12, 10, 9, 0), tick=False)
def test_the_panel_takes_three_queries(curator, django_assert_num_queries):
    curator.has_perm("roadmap.view_activity")  # permissions cached, as in a request
    with django_assert_num_queries(3):
        render(curator)
