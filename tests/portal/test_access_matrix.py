"""One role × page matrix over every URL of the portal (the Django admin aside).

Each URL answers GET with the status the matrix gives for: anonymous, an account without a role, a
mentor (looking at someone else's records), a curator, the director, an administrator. A URL that is
not in the matrix fails the test, so a new page cannot be added without deciding who may open it.
"""

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from exchange.models import Delivery
from hub.models import Campaign as HubCampaign
from joining.models import Application
from matching import services as matching_services
from mentorship.models import BestMentor, IndividualPlan, Meeting, Person, PlanItem
from mentorship.purge import student_purge
from monitoring.campaign_services import campaign_create, campaign_start
from monitoring.models import Invitation, Questionnaire
from monitoring.selectors import current_items
from notifications.models import Notification
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
    # The open API: a token, never a session, opens its data (tests/api/ checks the tokens and scopes).
    "api:aggregates": (401, 401, 401, 401, 401, 401),
    "api:checklist": (401, 401, 401, 401, 401, 401),
    "api:kpi": (401, 401, 401, 401, 401, 401),
    "api:kpi_years": (401, 401, 401, 401, 401, 401),
    "api:registry_pairs": (401, 401, 401, 401, 401, 401),
    "api:registry_people": (401, 401, 401, 401, 401, 401),
    "api:roadmap_execution": (401, 401, 401, 401, 401, 401),
    "api:roadmap_occurrences": (401, 401, 401, 401, 401, 401),
    "api:docs": (200, 200, 200, 200, 200, 200),
    "api:schema": (200, 200, 200, 200, 200, 200),
    "applications:accept": (L, 405, 405, 405, 405, 405),
    "applications:decline": (L, 405, 405, 405, 405, 405),
    "applications:detail": (L, 404, 404, 200, 200, 200),
    "applications:queue": (L, 404, 404, 200, 200, 200),
    "calendar:feed": (404, 404, 404, 404, 404, 404),  # a wrong token; the right one: tests/feeds/
    "calendar:issue": (L, 405, 405, 405, 405, 405),
    "calendar:page": (L, 403, 200, 200, 200, 200),
    "calendar:revoke": (L, 405, 405, 405, 405, 405),
    # The school's reports to its hub: the director and the administrators (exchange.view_/add_delivery).
    "exchange:deliveries": (L, 403, 403, 403, 200, 200),
    "exchange:document": (L, 403, 403, 403, 200, 200),
    "exchange:queue": (L, 405, 405, 405, 405, 405),
    "exchange:resend": (L, 405, 405, 405, 405, 405),
    "health": (200, 200, 200, 200, 200, 200),
    "health:attention": (L, 404, 404, 200, 200, 200),
    "health:refresh": (L, 405, 405, 405, 405, 405),
    "home": (L, 403, 302, 302, 302, 302),
    # The hub (hub/; tests/hub/ check the hub's own roles): the signed reception answers POST only; the
    # administrator holds hub.*, but without a hub organisation uploads nothing (tests/hub/test_template.py).
    "hub:reception": (405, 405, 405, 405, 405, 405),
    "hub:template": (L, 403, 403, 403, 403, 200),
    "hub:upload": (L, 403, 403, 403, 403, 403),
    "hub:campaign_list": (L, 403, 403, 403, 403, 200),
    "hub:campaign_create": (L, 403, 403, 403, 403, 200),
    "hub:campaign_detail": (L, 403, 403, 403, 403, 200),
    "hub:campaign_edit": (L, 403, 403, 403, 403, 200),
    # The hub (hubviews): analysts with a hub.Member organisation only; every role here lacks one → 403.
    "hub:dashboard": (L, 403, 403, 403, 403, 403),
    "hub:organisation": (L, 403, 403, 403, 403, 403),
    "hub:checklist": (L, 403, 403, 403, 403, 403),
    "hub:missing": (L, 403, 403, 403, 403, 403),
    "hub:summary": (L, 403, 403, 403, 403, 403),
    "hub:export": (L, 403, 403, 403, 403, 403),
    "hub:report": (L, 403, 403, 403, 403, 403),
    "hub:report_json": (L, 403, 403, 403, 403, 403),
    "indicators:dashboard": (L, 403, 403, 200, 200, 200),
    "indicators:targets": (L, 403, 403, 403, 200, 200),
    "indicators:drilldown": (L, 403, 403, 200, 200, 200),
    "indicators:drilldown_export": (L, 403, 403, 200, 200, 200),
    "joining:apply_mentee": (200, 200, 200, 200, 200, 200),
    "joining:apply_mentor": (200, 200, 200, 200, 200, 200),
    "joining:thanks": (200, 200, 200, 200, 200, 200),
    "login": (200, 302, 302, 302, 302, 302),
    "answer_by_link": (400, 400, 400, 400, 400, 400),  # «wrong-token»: a damaged link
    "answer_done": (200, 200, 200, 200, 200, 200),
    "monitoring:campaign_list": (L, 403, 403, 200, 200, 200),
    "monitoring:campaign_create": (L, 403, 403, 200, 403, 200),
    "monitoring:campaign_detail": (L, 403, 403, 200, 200, 200),
    "monitoring:campaign_remind": (L, 405, 405, 405, 405, 405),
    "monitoring:campaign_close": (L, 405, 405, 405, 405, 405),
    "monitoring:campaign_sheets": (L, 405, 405, 405, 405, 405),
    "monitoring:my_questionnaires": (L, 200, 200, 200, 200, 200),
    "monitoring:my_questionnaire_answer": (L, 404, 404, 404, 404, 404),  # another's invitation
    "logout": (L, 405, 405, 405, 405, 405),
    # The matching assistant: curators and administrators; the director reads published sessions only (a draft: 404).
    "matching:session_action": (L, 405, 405, 405, 405, 405),
    "matching:session_create": (L, 403, 403, 200, 403, 200),
    "matching:session_detail": (L, 403, 403, 200, 404, 200),
    "matching:session_edit": (L, 403, 403, 200, 403, 200),
    "matching:session_list": (L, 403, 403, 200, 200, 200),
    "mentorship:best_mentor_add": (L, 404, 404, 200, 403, 200),
    "monitoring:feedback_add": (L, 404, 404, 200, 403, 200),
    "monitoring:item_add": (L, 403, 403, 200, 403, 200),
    "monitoring:item_edit": (L, 403, 403, 200, 403, 200),
    "monitoring:item_move": (L, 405, 405, 405, 405, 405),
    "monitoring:item_remove": (L, 405, 405, 405, 405, 405),
    "monitoring:questionnaire_create": (L, 403, 403, 200, 403, 200),
    "monitoring:questionnaire_detail": (L, 403, 403, 200, 403, 200),
    "monitoring:questionnaire_edit": (L, 403, 403, 200, 403, 200),
    "monitoring:questionnaire_list": (L, 403, 403, 200, 403, 200),
    "mentorship:best_mentor_list": (L, 404, 404, 200, 200, 200),
    "mentorship:best_mentor_remove": (L, 405, 405, 405, 405, 405),
    "mentorship:destruction_list": (L, 404, 404, 200, 200, 200),
    "mentorship:destruction_detail": (L, 404, 404, 200, 200, 200),
    "mentorship:destruction_pdf": (L, 404, 404, 200, 200, 200),
    "mentorship:external_create": (L, 404, 404, 200, 403, 200),
    "mentorship:external_list": (L, 404, 404, 200, 200, 200),
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
    "mentorship:my_profile": (L, 404, 200, 404, 404, 404),  # only a mentor linked to a registry person
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
    "notifications:list": (L, 403, 200, 200, 200, 200),
    "notifications:read": (L, 405, 405, 405, 405, 405),
    "notifications:read_all": (L, 405, 405, 405, 405, 405),
    "monitoring:growth": (L, 403, 403, 200, 200, 200),
    "monitoring:swot": (L, 403, 403, 200, 200, 200),
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
    session = matching_services.session_create(
        data={"title": "Осень", "form": mentorship.form, "start_date": datetime.date(2024, 10, 1)}
    )
    application = Application.objects.create(wish="mentor", kind="teacher", last_name="Заявкина", first_name="Ия")
    # Plans and meetings of a completed mentorship are read-only: their pages are checked on an open one.
    open_pair = MentorshipFactory(mentor=mentorship.mentor, start_date=datetime.date(2022, 9, 1))
    open_plan = IndividualPlan.objects.get(mentorship=open_pair)
    open_item = PlanItem.objects.create(plan=open_plan, task="Задача")
    meeting = Meeting.objects.create(
        mentorship=open_pair, date=datetime.date(2099, 4, 20), status=Meeting.Status.PLANNED, topic="Итоги"
    )
    # A campaign under way for the open pair (its mentee's invitation is no one's in the matrix).
    campaign = campaign_create(
        purpose="satisfaction", opens_on=datetime.date(2026, 12, 1), closes_on=datetime.date(2099, 12, 20)
    )
    Person.objects.filter(mentorships_as_mentee=open_pair).update(pd_consent_date=datetime.date(2022, 9, 1))
    campaign_start(campaign=campaign, mentorships=[open_pair])
    invitation = Invitation.objects.get(campaign=campaign, role="mentee")
    delivery = Delivery.objects.create(
        monitoring_date=datetime.date(2024, 12, 20),
        status=Delivery.Status.FAILED,
        document={"monitoring_date": "2024-12-20"},
        digest="0" * 64,
        queued_at=datetime.datetime(2024, 12, 20, 6, 40, tzinfo=datetime.UTC),
    )
    questionnaire = Questionnaire.objects.get(code="satisfaction-mentee")
    return {
        "question": current_items(questionnaire=questionnaire).first().pk,
        "pk": {
            "questionnaire": questionnaire.pk,
            "campaign": campaign.pk,
            "invitation": invitation.pk,
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
            # The administrator's own notification: everyone else's POST to it is 404.
            "notification": Notification.objects.create(user=admin_user_role, event="summary_ready").pk,
            "session": session.pk,
            "application": application.pk,
            "delivery": delivery.pk,
            "hub_campaign": HubCampaign.objects.create(
                monitoring_date=datetime.date(2026, 12, 20),
                opens_on=datetime.date(2026, 12, 1),
                deadline=datetime.date(2026, 12, 25),
                closes_on=datetime.date(2027, 1, 31),
            ).pk,
        },
        "plan": plan.pk,
        "item": item.pk,
        "meeting": meeting.pk,
        "open_plan": open_plan.pk,
        "open_item": open_item.pk,
    }


PK_OF = {
    "hub:campaign_detail": "hub_campaign",
    "hub:campaign_edit": "hub_campaign",
    "monitoring:campaign_detail": "campaign",
    "monitoring:campaign_remind": "campaign",
    "monitoring:campaign_close": "campaign",
    "monitoring:campaign_sheets": "campaign",
    "monitoring:my_questionnaire_answer": "invitation",
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
    "notifications:read": "notification",
    "exchange:document": "delivery",
    "exchange:resend": "delivery",
}


def _kwargs(name, world, route_params):
    kwargs = {}
    for param in route_params:
        if param == "pk" and name.startswith("hub:") and name not in PK_OF:
            kwargs["pk"] = 1  # refused before the report is looked up (tests/hub/test_hub_access.py)
        elif param == "pk":
            key = PK_OF.get(name) or ("mentorship" if name.startswith("mentorship:") else None)
            if name.startswith("monitoring:") and name not in PK_OF:
                key = "mentorship" if name == "monitoring:feedback_add" else "questionnaire"
            if name.startswith("matching:"):
                key = "session"
            if name == "roadmap:section_update":
                kwargs["pk"] = Activity.objects.get(pk=world["pk"]["activity"]).section_id
                continue
            kwargs["pk"] = world["plan"] if key == "plan" else world["pk"][key]
        elif param == "plan_pk":
            kwargs["plan_pk"] = world["open_plan"] if PK_OF.get(name) == "open" else world["plan"]
        elif param == "item_pk" and name.startswith("monitoring:"):
            kwargs["item_pk"] = world["question"]
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
        # The open API answers no POST at all (405 before the CSRF check: config/methods.py).
        refusal = 405 if name.startswith("api:") else 403
        if response.status_code != refusal:
            accepted.append(f"{name}: {response.status_code}")
    assert not accepted, accepted
