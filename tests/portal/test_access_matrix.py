"""One role × page matrix over every URL of the portal (the Django admin aside).

Each URL answers GET with the status the matrix gives for: anonymous, an account without a role, a
mentor (looking at someone else's records), a curator, the director, an administrator. A URL that is
not in the matrix fails the test, so a new page cannot be added without deciding who may open it.
"""

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from joining.models import Application
from mentorship.models import BestMentor, IndividualPlan, Meeting, PlanItem
from mentorship.purge import student_purge
from reports.services import summary_generate, summary_request
from roadmap.models import Activity
from roadmap.services import evidence_add_file
from roster.models import RosterJob
from tests.factories import MentorshipFactory, OrganizationFactory, StudentFactory, TeacherFactory
from tests.public.factories import DocumentFactory, FeaturedMentorFactory, NewsItemFactory, pdf_upload

ROLES = ("anonymous", "no_role_user", "mentor_user", "curator", "director", "admin_user_role")
L = "login"  # anonymous: redirect to the login page

# url name: (anonymous, no role, mentor, curator, director, admin)
MATRIX = {
    "applications:accept": (L, 405, 405, 405, 405, 405),
    "applications:decline": (L, 405, 405, 405, 405, 405),
    "applications:detail": (L, 404, 404, 200, 200, 200),
    "applications:queue": (L, 404, 404, 200, 200, 200),
    "calendar:feed": (404, 404, 404, 404, 404, 404),  # a wrong token; the right one: tests/feeds/
    "calendar:issue": (L, 405, 405, 405, 405, 405),
    "calendar:page": (L, 403, 200, 200, 200, 200),
    "calendar:revoke": (L, 405, 405, 405, 405, 405),
    "health": (200, 200, 200, 200, 200, 200),
    "home": (L, 403, 302, 302, 302, 302),
    "indicators:dashboard": (L, 403, 403, 200, 200, 200),
    "indicators:targets": (L, 403, 403, 403, 200, 200),
    "indicators:drilldown": (L, 403, 403, 200, 200, 200),
    "indicators:drilldown_export": (L, 403, 403, 200, 200, 200),
    "joining:apply_mentee": (200, 200, 200, 200, 200, 200),
    "joining:apply_mentor": (200, 200, 200, 200, 200, 200),
    "joining:thanks": (200, 200, 200, 200, 200, 200),
    "login": (200, 302, 302, 302, 302, 302),
    "logout": (L, 405, 405, 405, 405, 405),
    "mentorship:best_mentor_add": (L, 404, 404, 200, 403, 200),
    "mentorship:best_mentor_list": (L, 404, 404, 200, 200, 200),
    "mentorship:best_mentor_remove": (L, 405, 405, 405, 405, 405),
    "mentorship:destruction_list": (L, 404, 404, 200, 200, 200),
    "mentorship:destruction_detail": (L, 404, 404, 200, 200, 200),
    "mentorship:destruction_pdf": (L, 404, 404, 200, 200, 200),
    "mentorship:external_create": (L, 404, 404, 200, 403, 200),
    "mentorship:external_list": (L, 404, 404, 200, 200, 200),
    "mentorship:feedback_add": (L, 404, 404, 200, 403, 200),
    "mentorship:import_cancel": (L, 405, 405, 405, 405, 405),
    "mentorship:import_confirm": (L, 405, 405, 405, 405, 405),
    "mentorship:import_job": (L, 403, 403, 403, 403, 200),
    "mentorship:import_journal": (L, 403, 403, 403, 403, 200),
    "mentorship:import_template": (L, 403, 403, 403, 403, 200),
    "mentorship:meeting_add": (L, 404, 404, 200, 403, 200),
    "mentorship:meeting_cancel": (L, 405, 405, 405, 405, 405),
    "mentorship:meeting_held": (L, 404, 404, 200, 403, 200),
    "mentorship:mentorship_activate": (L, 405, 405, 405, 405, 405),
    "mentorship:mentorship_complete": (L, 404, 404, 200, 403, 200),
    "mentorship:mentorship_create": (L, 404, 404, 200, 403, 200),
    "mentorship:mentorship_detail": (L, 404, 404, 200, 200, 200),
    "mentorship:mentorship_edit": (L, 404, 404, 200, 403, 200),
    "mentorship:mentorship_list": (L, 404, 404, 200, 200, 200),
    "mentorship:mentorship_terminate": (L, 404, 404, 200, 403, 200),
    "mentorship:my_mentorships": (L, 200, 200, 200, 200, 200),
    "mentorship:organization_create": (L, 404, 404, 200, 403, 200),
    "mentorship:organization_detail": (L, 404, 404, 200, 200, 200),
    "mentorship:organization_edit": (L, 404, 404, 200, 403, 200),
    "mentorship:organization_list": (L, 404, 404, 200, 200, 200),
    "mentorship:people_search": (L, 404, 404, 200, 403, 200),
    "mentorship:pd_withdraw": (L, 404, 404, 403, 403, 200),
    "mentorship:person_detail": (L, 404, 404, 200, 200, 200),
    "mentorship:person_edit": (L, 404, 404, 200, 403, 200),
    "mentorship:person_export": (L, 404, 404, 403, 403, 200),
    "mentorship:plan_edit": (L, 404, 404, 200, 403, 200),
    "mentorship:plan_item_add": (L, 404, 404, 200, 403, 200),
    "mentorship:plan_item_edit": (L, 404, 404, 200, 403, 200),
    "mentorship:publication_withdraw": (L, 405, 405, 405, 405, 405),
    "mentorship:roster_export": (L, 403, 403, 200, 200, 200),
    "mentorship:school": (L, 403, 403, 200, 200, 200),
    "mentorship:student_create": (L, 404, 404, 200, 403, 200),
    "mentorship:student_list": (L, 404, 404, 200, 200, 200),
    "mentorship:teacher_create": (L, 404, 404, 200, 403, 200),
    "mentorship:teacher_list": (L, 404, 404, 200, 200, 200),
    "password_change": (L, 200, 200, 200, 200, 200),
    "password_change_done": (L, 200, 200, 200, 200, 200),
    "password_reset": (200, 200, 200, 200, 200, 200),
    "password_reset_complete": (200, 200, 200, 200, 200, 200),
    "password_reset_confirm": (200, 200, 200, 200, 200, 200),  # a wrong link: «the link does not work»
    "password_reset_done": (200, 200, 200, 200, 200, 200),
    "public:document_file": (200, 200, 200, 200, 200, 200),
    "public:documents": (200, 200, 200, 200, 200, 200),
    "public:embed": (200, 200, 200, 200, 200, 200),
    "public:feed_atom": (200, 200, 200, 200, 200, 200),
    "public:feed_rss": (200, 200, 200, 200, 200, 200),
    "public:item_action": (L, 405, 405, 405, 405, 405),
    "public:item_add": (L, 403, 403, 200, 403, 200),
    "public:item_edit": (L, 403, 403, 200, 403, 200),
    "public:manage": (L, 403, 403, 200, 200, 200),
    "public:manage_document_file": (L, 403, 403, 200, 200, 200),
    "public:manage_mentor_photo": (L, 403, 403, 404, 404, 404),
    "public:manage_news_picture": (L, 403, 403, 404, 404, 404),
    "public:mentor_photo": (404, 404, 404, 404, 404, 404),
    "public:news_detail": (200, 200, 200, 200, 200, 200),
    "public:news_list": (200, 200, 200, 200, 200, 200),
    "public:news_picture": (404, 404, 404, 404, 404, 404),
    "public:news_preview": (L, 403, 403, 200, 200, 200),
    "public:page": (200, 200, 200, 200, 200, 200),
    "public:preview": (L, 403, 403, 200, 200, 200),
    "reports:approve": (L, 405, 405, 405, 405, 405),
    "reports:archive": (L, 403, 403, 200, 200, 200),
    "reports:certificate_pdf": (L, 403, 403, 200, 200, 200),
    "reports:download": (L, 403, 403, 200, 200, 200),
    "reports:export": (L, 403, 403, 200, 200, 200),
    "reports:feedback_pdf": (L, 404, 404, 200, 200, 200),
    "reports:order_list_pdf": (L, 403, 403, 200, 200, 200),
    "reports:plan_pdf": (L, 404, 404, 200, 200, 200),
    "reports:summary": (L, 403, 403, 200, 200, 200),
    "reports:summary_open": (L, 403, 403, 302, 302, 302),
    "roadmap:activity": (L, 403, 403, 200, 200, 200),
    "roadmap:activity_create": (L, 403, 403, 200, 403, 403),
    "roadmap:activity_delete": (L, 405, 405, 405, 405, 405),
    "roadmap:activity_update": (L, 403, 403, 200, 403, 403),
    "roadmap:evidence_add": (L, 405, 405, 405, 405, 405),
    "roadmap:evidence_delete": (L, 405, 405, 405, 405, 405),
    "roadmap:evidence_download": (L, 403, 403, 200, 200, 200),
    "roadmap:export": (L, 403, 403, 200, 200, 200),
    "roadmap:occurrence_update": (L, 405, 405, 405, 405, 405),
    "roadmap:programme_update": (L, 403, 403, 200, 403, 403),
    "roadmap:programme_create": (L, 403, 403, 200, 403, 200),
    "roadmap:section_create": (L, 403, 403, 200, 403, 403),
    "roadmap:section_update": (L, 403, 403, 200, 403, 403),
    "roadmap:table": (L, 403, 403, 200, 200, 200),
    "roadmap:timeline": (L, 403, 403, 200, 200, 200),
}


def _iter_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _iter_names(pattern, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


@pytest.fixture
def world(db, mentor_user, admin_user_role):
    mentorship = MentorshipFactory(status="completed", end_date=datetime.date(2022, 5, 1))
    TeacherFactory(user=mentor_user)  # the mentor has a registry record but no part in `mentorship`
    plan = IndividualPlan.objects.get(mentorship=mentorship)
    item = PlanItem.objects.create(plan=plan, task="Задача")
    gone = StudentFactory()
    record = student_purge(person=gone, withdrawn_on=datetime.date(2024, 1, 10), user=admin_user_role)
    activity = Activity.objects.order_by("pk").first()
    occurrence = activity.occurrences.order_by("due_on").first()
    evidence = evidence_add_file(occurrence=occurrence, uploaded_file=pdf_upload("protocol.pdf"), user=admin_user_role)
    summary, _queued = summary_request(as_of=datetime.date(2024, 12, 20), enqueue=False)
    summary_generate(summary_id=summary.pk)
    job = RosterJob.objects.create(kind="students", file_name="list.xlsx", user=admin_user_role)
    award = BestMentor.objects.create(person=mentorship.mentor, year=2022)
    application = Application.objects.create(wish="mentor", kind="teacher", last_name="Заявкина", first_name="Ия")
    # Plans and meetings of a completed mentorship are read-only: their pages are checked on an open one.
    open_pair = MentorshipFactory(mentor=mentorship.mentor, start_date=datetime.date(2022, 9, 1))
    open_plan = IndividualPlan.objects.get(mentorship=open_pair)
    open_item = PlanItem.objects.create(plan=open_plan, task="Задача")
    meeting = Meeting.objects.create(
        mentorship=open_pair, date=datetime.date(2099, 4, 20), status=Meeting.Status.PLANNED, topic="Итоги"
    )
    return {
        "pk": {
            "person": mentorship.mentees.first().pk,
            "organization": OrganizationFactory().pk,
            "mentorship": mentorship.pk,
            "record": record.pk,
            "job": job.pk,
            "activity": activity.pk,
            "occurrence": occurrence.pk,
            "evidence": evidence.pk,
            "award": award.pk,
            "news": NewsItemFactory().pk,
            "document": DocumentFactory().pk,
            "best": FeaturedMentorFactory().pk,
            "open": open_pair.pk,
            "application": application.pk,
        },
        "plan": plan.pk,
        "item": item.pk,
        "meeting": meeting.pk,
        "open_plan": open_plan.pk,
        "open_item": open_item.pk,
    }


PK_OF = {
    "applications:detail": "application",
    "applications:accept": "application",
    "applications:decline": "application",
    "mentorship:person_detail": "person",
    "mentorship:person_edit": "person",
    "mentorship:publication_withdraw": "person",
    "mentorship:pd_withdraw": "person",
    "mentorship:person_export": "person",
    "mentorship:destruction_detail": "record",
    "mentorship:destruction_pdf": "record",
    "mentorship:organization_detail": "organization",
    "mentorship:organization_edit": "organization",
    "mentorship:import_job": "job",
    "mentorship:import_confirm": "job",
    "mentorship:import_cancel": "job",
    "roadmap:activity": "activity",
    "roadmap:activity_update": "activity",
    "roadmap:activity_delete": "activity",
    "roadmap:occurrence_update": "occurrence",
    "roadmap:evidence_add": "occurrence",
    "roadmap:evidence_download": "evidence",
    "roadmap:evidence_delete": "evidence",
    "reports:plan_pdf": "plan",
    "reports:feedback_pdf": "mentorship",
    "reports:certificate_pdf": "award",
    "mentorship:best_mentor_remove": "award",
    "mentorship:plan_edit": "open",
    "mentorship:plan_item_add": "open",
    "mentorship:plan_item_edit": "open",
    "mentorship:meeting_add": "open",
    "mentorship:meeting_held": "open",
    "mentorship:meeting_cancel": "open",
    "public:news_detail": "news",
    "public:news_picture": "news",
    "public:news_preview": "news",
    "public:manage_news_picture": "news",
    "public:document_file": "document",
    "public:manage_document_file": "document",
    "public:mentor_photo": "best",
    "public:manage_mentor_photo": "best",
    "public:item_edit": "news",
    "public:item_action": "news",
}


def _kwargs(name, world, route_params):
    kwargs = {}
    for param in route_params:
        if param == "pk":
            key = PK_OF.get(name) or ("mentorship" if name.startswith("mentorship:") else None)
            if name == "roadmap:section_update":
                kwargs["pk"] = Activity.objects.get(pk=world["pk"]["activity"]).section_id
                continue
            kwargs["pk"] = world["plan"] if key == "plan" else world["pk"][key]
        elif param == "plan_pk":
            kwargs["plan_pk"] = world["open_plan"] if PK_OF.get(name) == "open" else world["plan"]
        elif param == "item_pk":
            kwargs["item_pk"] = world["open_item"] if PK_OF.get(name) == "open" else world["item"]
        elif param == "meeting_pk":
            kwargs["meeting_pk"] = world["meeting"]
        elif param == "kind":
            kwargs["kind"] = "news" if name.startswith("public:") else "students"
        elif param == "code":
            kwargs["code"] = "students_mentees"
        elif param == "as_of":
            kwargs["as_of"] = datetime.date(2024, 12, 20)
        elif param == "action":
            kwargs["action"] = "publish"
        elif param == "uidb64":
            kwargs["uidb64"] = "MQ"
        elif param == "token":
            kwargs["token"] = "wrong-token"
    return kwargs


def _url(name, world):
    resolver = get_resolver()
    namespace, _, url_name = name.rpartition(":")
    sub = resolver.namespace_dict[namespace][1] if namespace else resolver
    possibilities = sub.reverse_dict.getlist(url_name)[0][0]
    params = [p for p in possibilities[0][1] if p not in ("slug",)]
    return reverse(name, kwargs=_kwargs(name, world, params))


def _status(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return L
    return response.status_code


def test_every_url_answers_each_role_as_the_matrix_says(request, client, world):
    names = sorted(set(_iter_names(get_resolver())))
    assert set(names) == set(MATRIX), (
        f"not in the matrix: {sorted(set(names) - set(MATRIX))}; gone: {sorted(set(MATRIX) - set(names))}"
    )
    users = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    mismatches = []
    for role_index, role in enumerate(ROLES):
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        for name in names:
            got = _status(client.get(_url(name, world)))
            if got != MATRIX[name][role_index]:
                mismatches.append(f"{name} as {role}: {got}, expected {MATRIX[name][role_index]}")
    assert len(names) * len(ROLES) > 500
    assert not mismatches, "\n".join(mismatches)


def test_every_url_refuses_a_post_without_a_csrf_token(admin_user_role, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user_role)
    accepted = []
    for name in sorted(set(_iter_names(get_resolver()))):
        response = client.post(_url(name, world), {"status": "done"})
        if response.status_code != 403:
            accepted.append(f"{name}: {response.status_code}")
    assert not accepted, accepted
