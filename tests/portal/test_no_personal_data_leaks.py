"""Personal data stays out of URLs, Celery task arguments, logs and error pages."""

import inspect

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from config.celery import app as celery_app
from tests.factories import StudentFactory

# Task parameters may carry record numbers, dates, tokens and flags: never names or free text.
ALLOWED_TASK_PARAMETERS = {
    "token",
    "pk",
    "job_id",
    "meeting_id",
    "report_id",
    "summary_id",
    "campaign_id",
    "as_of",
    "date",
    "today",
    "regenerate",
}
# The password reset letter: the account's number, the portal's own domain and the scheme of the link.
ALLOWED_TASK_PARAMETERS |= {"user_id", "domain", "use_https"}
# Pair health (issue 20): one pair recomputed after a meeting.
ALLOWED_TASK_PARAMETERS |= {"mentorship_id"}
# Applications to join (issue 20): the confirmation and the decline letters take the application's number.
ALLOWED_TASK_PARAMETERS |= {"application_id"}
# The report to the hub (issue 21): a delivery's number.
ALLOWED_TASK_PARAMETERS |= {"delivery_id"}


def _iter_patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _iter_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def test_portal_urls_carry_only_numbers_codes_and_kinds_never_names():
    allowed_converters = {"int", "slug", "string", "path", "isodate"}
    for route, pattern in _iter_patterns(get_resolver()):
        if route.startswith("admin/"):
            continue
        for name, converter in getattr(pattern.pattern, "converters", {}).items():
            kind = type(converter).__name__.replace("Converter", "").lower()
            assert kind in allowed_converters, route
            assert name in {
                "pk",
                "plan_pk",
                "item_pk",
                "kind",
                "as_of",
                "action",
                "code",
                "slug",
                "job_pk",
                "year",
                "token",
                "uidb64",  # the password reset link: the account's number in base64 and a one-time token
                "filename",
            } or (name.endswith("_pk") or name.endswith("_id")), f"{route}: parameter «{name}»"


def test_celery_tasks_take_record_numbers_and_dates_not_personal_data():
    celery_app.loader.import_default_modules()
    ours = {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}
    assert ours, "no tasks registered"
    for name, task in ours.items():
        parameters = set(inspect.signature(task.run).parameters) - {"self", "args", "kwargs"}
        assert parameters <= ALLOWED_TASK_PARAMETERS, f"{name}: {parameters - ALLOWED_TASK_PARAMETERS}"


@pytest.mark.django_db
def test_an_error_page_shows_nothing_of_the_record(settings, curator, monkeypatch):
    settings.DEBUG = False
    student = StudentFactory(last_name="Секретова")

    def broken(pk):
        raise RuntimeError(f"failure while reading {student.full_name}")

    monkeypatch.setattr("mentorship.views.people.person_card", broken)
    client = Client(raise_request_exception=False)
    client.force_login(curator)
    response = client.get(f"/registry/people/{student.pk}/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Секретова" not in body and "Traceback" not in body
    assert "Ошибка сервера" in body
