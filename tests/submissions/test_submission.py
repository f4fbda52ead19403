"""Double submission (submissions/decorators.py): the same create form sent twice makes one record.

Runs on both databases (SQLite by default, PostgreSQL with DATABASE_URL); the parallel versions are in
tests/submissions/test_concurrency.py.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from mentorship.models import Meeting, Mentorship
from portal.roles import CURATOR
from submissions.decorators import FIELD, submission_token_new
from submissions.models import SubmittedForm
from submissions.services import submitted_forms_prune
from tests.conftest import _user_with_role
from tests.factories import MentorshipFactory, StudentFactory, form
from tests.submissions.create_forms import CREATE_FORMS

pytestmark = pytest.mark.django_db
ALREADY_SENT = "Эта форма уже была отправлена: запись создана один раз."


@pytest.fixture
def users(curator, admin_user_role):
    return {"curator": curator, "admin": admin_user_role}


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _form_errors(response):
    context = getattr(response, "context", None)
    form_ = context.get("form") if context else None
    return form_.errors if form_ is not None else response.content[:500]


@pytest.mark.parametrize("name", CREATE_FORMS)
def test_the_same_form_sent_twice_creates_one_record_and_the_second_answer_leads_to_it(client_as, users, name):
    case = CREATE_FORMS[name](users)
    client = client_as(case.user)
    token = submission_token_new()
    first = client.post(case.url, {**case.data(), FIELD: token})
    assert first.status_code == 302, _form_errors(first)
    assert case.count() == 1
    second = client.post(case.url, {**case.data(), FIELD: token})
    assert case.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ALREADY_SENT in _messages(second)


def _url_patterns():
    """(namespaced name, pattern) of every named URL of the URL conf."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((f"{namespace}:{pattern.name}", pattern))

    walk(get_resolver().url_patterns, None)
    return found


def _creates(name):
    """The project names a URL that creates a record «…_create» or «…_add»; the roster's upload and confirm,
    and the purge (it creates the destruction act), are named otherwise."""
    short = name.split(":")[-1]
    return short.endswith(("_create", "_add")) or short in ("import_journal", "import_confirm", "pd_withdraw")


def test_every_create_url_of_the_url_conf_is_guarded_and_covered_by_the_tests():
    covered = {name.rsplit(":", 1)[0] if name.startswith("public:") else name for name in CREATE_FORMS}
    # The Django admin is left to its own forms.
    creating = {name: pattern for name, pattern in _url_patterns() if _creates(name) and not name.startswith("admin:")}
    assert set(creating) == covered
    for name, pattern in creating.items():
        assert getattr(pattern.callback, "once_per_submission", False), name


# The page that shows each form (a POST-only URL's form lives on another page).
FORM_PAGES = {
    "mentorship:import_confirm": lambda case: reverse(
        "mentorship:import_job", args=[int(case.url.rstrip("/").split("/")[-2])]
    ),
    "roadmap:evidence_add": lambda case: reverse(
        "roadmap:activity", args=[_occurrence_activity(case.url)]
    ),
}  # fmt: skip


def _occurrence_activity(url):
    from roadmap.models import Occurrence

    return Occurrence.objects.get(pk=int(url.rstrip("/").split("/")[-2])).activity_id


@pytest.mark.parametrize("name", CREATE_FORMS)
def test_every_create_form_carries_a_fresh_submission_token(client_as, users, name):
    case = CREATE_FORMS[name](users)
    client = client_as(case.user)
    page = FORM_PAGES.get(name, lambda c: c.url)(case)
    first, second = client.get(page), client.get(page)
    assert first.status_code == 200
    tokens = [r.content.decode().split(f'name="{FIELD}" value="', 1)[1].split('"', 1)[0] for r in (first, second)]
    assert len(tokens[0]) >= 16 and tokens[0] != tokens[1]


def _mentorship_post(mentor, mentee, **overrides):
    return {
        "form": form("student_student").pk,
        "mentor": mentor.pk,
        "mentees": [mentee.pk],
        "start_date": "2024-09-02",
        "status": "active",
        **overrides,
    }


def test_a_form_with_errors_frees_its_token_so_the_corrected_form_is_saved_once(client_as, curator):
    mentor, mentee = StudentFactory(grade=10), StudentFactory(grade=7)
    client = client_as(curator)
    token = submission_token_new()
    response = client.post(
        reverse("mentorship:mentorship_create"), {**_mentorship_post(mentor, mentee, start_date=""), FIELD: token}
    )
    assert response.status_code == 200 and Mentorship.objects.count() == 0
    assert not SubmittedForm.objects.filter(token=token).exists()
    for _ in range(2):
        response = client.post(
            reverse("mentorship:mentorship_create"), {**_mentorship_post(mentor, mentee), FIELD: token}
        )
        assert response.status_code == 302
    assert Mentorship.objects.count() == 1
    assert SubmittedForm.objects.get(token=token).result_url == response["Location"]


def test_a_new_form_with_its_own_token_logs_a_second_meeting(client_as, curator):
    mentorship = MentorshipFactory()
    client = client_as(curator)
    url = reverse("mentorship:meeting_add", args=[mentorship.pk])
    for _ in range(2):
        data = {"status": "held", "date": "2022-02-01", "format": "online", "topic": "Дроби"}
        data[FIELD] = submission_token_new()
        assert client.post(url, data).status_code == 302
    assert Meeting.objects.filter(mentorship=mentorship).count() == 2


def test_another_users_token_creates_nothing_and_reveals_nothing(client_as, curator, users):
    case = CREATE_FORMS["mentorship:meeting_add"](users)
    token = submission_token_new()
    first = client_as(curator).post(case.url, {**case.data(), FIELD: token})
    other = _user_with_role(CURATOR)
    second = client_as(other).post(case.url, {**case.data(), FIELD: token})
    assert case.count() == 1
    assert second.status_code == 302 and second["Location"] != first["Location"]
    assert "Эта форма уже отправлена и ещё обрабатывается. Обновите страницу через минуту." in _messages(second)


def test_old_tokens_are_forgotten_after_the_keeping_period(settings, curator):
    settings.SUBMISSION_KEEP_DAYS = 30
    old = SubmittedForm.objects.create(token=submission_token_new(), user=curator)
    recent = SubmittedForm.objects.create(token=submission_token_new(), user=curator)
    SubmittedForm.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert submitted_forms_prune() == 1
    assert list(SubmittedForm.objects.all()) == [recent]
    assert "submissions-prune-submitted-forms" in settings.CELERY_BEAT_SCHEDULE
