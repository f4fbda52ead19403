"""The role × page matrix for POST: every URL's answer to a POST from each role is declared and checked.

Same roles, URLs and records as tests/portal/test_access_matrix.py (GET). Each POST passes the CSRF
check (the test client's default; a POST without a token is refused, see test_access_matrix.py), carries
a little form data and runs in a transaction rolled back afterwards, so every role meets the same
records. A refused POST — 403, 404, 405 or a login redirect — must change nothing: the rows of every
table are counted before and after it. The Django admin is left out here: it has its own permission
checks (tests/mentorship/test_admin_services.py, tests/portal/test_admin_escalation.py).

405 marks a page that only shows something (`require_safe`); an allowed POST answers 200 (the form
shown again with its errors) or 302 (done, back to the page).
"""

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import get_resolver

from tests.portal import test_access_matrix as access_matrix
from tests.portal.test_access_matrix import ROLES, L, _iter_names, _status, _url

world = access_matrix.world  # the same records as the GET matrix

# url name: (anonymous, no role, mentor, curator, director, admin)
POST_MATRIX = {
    "api:aggregates": (405, 405, 405, 405, 405, 405),
    "api:checklist": (405, 405, 405, 405, 405, 405),
    "api:kpi": (405, 405, 405, 405, 405, 405),
    "api:kpi_years": (405, 405, 405, 405, 405, 405),
    "api:registry_pairs": (405, 405, 405, 405, 405, 405),
    "api:registry_people": (405, 405, 405, 405, 405, 405),
    "api:roadmap_execution": (405, 405, 405, 405, 405, 405),
    "api:roadmap_occurrences": (405, 405, 405, 405, 405, 405),
    "api:docs": (405, 405, 405, 405, 405, 405),
    "api:schema": (405, 405, 405, 405, 405, 405),
    "applications:accept": (L, 404, 404, 302, 403, 302),
    "applications:decline": (L, 404, 404, 200, 403, 200),  # no reason: the form again
    "applications:detail": (L, 405, 405, 405, 405, 405),
    "applications:queue": (L, 405, 405, 405, 405, 405),
    "calendar:feed": (405, 405, 405, 405, 405, 405),
    "calendar:issue": (L, 403, 200, 200, 200, 200),  # the new link is shown on the answer itself
    "calendar:page": (L, 405, 405, 405, 405, 405),
    "calendar:revoke": (L, 403, 302, 302, 302, 302),
    "health": (405, 405, 405, 405, 405, 405),
    "health:attention": (L, 405, 405, 405, 405, 405),
    "health:refresh": (L, 404, 404, 302, 403, 302),
    "home": (L, 405, 405, 405, 405, 405),
    "hub:reception": (403, 403, 403, 403, 403, 403),  # unsigned: refused, nothing stored (tests/hub/)
    "hub:template": (L, 405, 405, 405, 405, 405),
    "hub:upload": (L, 403, 403, 403, 403, 403),
    "hub:campaign_list": (L, 405, 405, 405, 405, 405),
    "hub:campaign_create": (L, 403, 403, 403, 403, 200),
    "hub:campaign_detail": (L, 405, 405, 405, 405, 405),
    "hub:campaign_edit": (L, 403, 403, 403, 403, 200),
    # The hub (hubviews): the pages only show.
    "hub:dashboard": (L, 405, 405, 405, 405, 405),
    "hub:organisation": (L, 405, 405, 405, 405, 405),
    "hub:checklist": (L, 405, 405, 405, 405, 405),
    "hub:missing": (L, 405, 405, 405, 405, 405),
    "hub:summary": (L, 405, 405, 405, 405, 405),
    "hub:export": (L, 405, 405, 405, 405, 405),
    "hub:report": (L, 405, 405, 405, 405, 405),
    "hub:report_json": (L, 405, 405, 405, 405, 405),
    "indicators:dashboard": (L, 405, 405, 405, 405, 405),
    "indicators:targets": (L, 403, 403, 403, 302, 302),
    "indicators:drilldown": (L, 405, 405, 405, 405, 405),
    "indicators:drilldown_export": (L, 405, 405, 405, 405, 405),
    "joining:apply_mentee": (200, 200, 200, 200, 200, 200),  # nothing filled in: the form again
    "joining:apply_mentor": (200, 200, 200, 200, 200, 200),
    "joining:thanks": (405, 405, 405, 405, 405, 405),
    "login": (200, 302, 302, 302, 302, 302),
    "answer_by_link": (400, 400, 400, 400, 400, 400),  # «wrong-token»: a damaged link, nothing stored
    "answer_done": (405, 405, 405, 405, 405, 405),
    "monitoring:campaign_list": (L, 405, 405, 405, 405, 405),
    "monitoring:campaign_create": (L, 403, 403, 200, 403, 200),
    "monitoring:campaign_detail": (L, 405, 405, 405, 405, 405),
    "monitoring:campaign_remind": (L, 403, 403, 302, 403, 302),
    "monitoring:campaign_close": (L, 403, 403, 302, 403, 302),
    "monitoring:campaign_sheets": (L, 403, 403, 200, 403, 200),
    "monitoring:my_questionnaires": (L, 405, 405, 405, 405, 405),
    "monitoring:my_questionnaire_answer": (L, 404, 404, 404, 404, 404),
    "logout": (L, L, L, L, L, L),
    "matching:session_action": (L, 403, 403, 302, 403, 302),
    "matching:session_create": (L, 403, 403, 200, 403, 200),
    "matching:session_detail": (L, 405, 405, 405, 405, 405),
    "matching:session_edit": (L, 403, 403, 200, 403, 200),
    "matching:session_list": (L, 405, 405, 405, 405, 405),
    "mentorship:best_mentor_add": (L, 404, 404, 200, 403, 200),
    "monitoring:feedback_add": (L, 404, 404, 200, 403, 200),
    "monitoring:item_add": (L, 403, 403, 200, 403, 200),
    "monitoring:item_edit": (L, 403, 403, 200, 403, 200),
    "monitoring:item_move": (L, 403, 403, 302, 403, 302),
    "monitoring:item_remove": (L, 403, 403, 302, 403, 302),
    "monitoring:questionnaire_create": (L, 403, 403, 200, 403, 200),
    "monitoring:questionnaire_detail": (L, 405, 405, 405, 405, 405),
    "monitoring:questionnaire_edit": (L, 403, 403, 200, 403, 200),
    "monitoring:questionnaire_list": (L, 405, 405, 405, 405, 405),
    "mentorship:best_mentor_list": (L, 405, 405, 405, 405, 405),
    "mentorship:best_mentor_remove": (L, 404, 404, 302, 403, 302),
    "mentorship:destruction_list": (L, 405, 405, 405, 405, 405),
    "mentorship:destruction_detail": (L, 405, 405, 405, 405, 405),
    "mentorship:destruction_pdf": (L, 405, 405, 405, 405, 405),
    "mentorship:external_create": (L, 404, 404, 200, 403, 200),
    "mentorship:external_list": (L, 405, 405, 405, 405, 405),
    "mentorship:import_cancel": (L, 403, 403, 403, 403, 302),
    "mentorship:import_confirm": (L, 403, 403, 403, 403, 302),
    "mentorship:import_job": (L, 405, 405, 405, 405, 405),
    "mentorship:import_journal": (L, 403, 403, 403, 403, 200),
    "mentorship:import_template": (L, 405, 405, 405, 405, 405),
    "mentorship:meeting_add": (L, 404, 404, 200, 403, 200),
    "mentorship:meeting_cancel": (L, 404, 404, 302, 403, 302),
    "mentorship:meeting_held": (L, 404, 404, 200, 403, 200),
    "mentorship:mentorship_activate": (L, 404, 404, 302, 403, 302),
    "mentorship:mentorship_complete": (L, 404, 404, 200, 403, 200),
    "mentorship:mentorship_create": (L, 404, 404, 200, 403, 200),
    "mentorship:mentorship_detail": (L, 405, 405, 405, 405, 405),
    "mentorship:mentorship_edit": (L, 404, 404, 200, 403, 200),
    "mentorship:mentorship_list": (L, 405, 405, 405, 405, 405),
    "mentorship:mentorship_terminate": (L, 404, 404, 200, 403, 200),
    "mentorship:my_mentorships": (L, 405, 405, 405, 405, 405),
    "mentorship:my_profile": (L, 404, 302, 404, 404, 404),
    "mentorship:organization_create": (L, 404, 404, 200, 403, 200),
    "mentorship:organization_detail": (L, 405, 405, 405, 405, 405),
    "mentorship:organization_edit": (L, 404, 404, 200, 403, 200),
    "mentorship:organization_list": (L, 405, 405, 405, 405, 405),
    "mentorship:pd_withdraw": (L, 404, 404, 403, 403, 200),
    "mentorship:people_search": (L, 405, 405, 405, 405, 405),
    "mentorship:person_detail": (L, 405, 405, 405, 405, 405),
    "mentorship:person_edit": (L, 404, 404, 200, 403, 200),
    "mentorship:person_export": (L, 405, 405, 405, 405, 405),
    "mentorship:plan_edit": (L, 404, 404, 200, 403, 200),
    "mentorship:plan_item_add": (L, 404, 404, 200, 403, 200),
    "mentorship:plan_item_edit": (L, 404, 404, 200, 403, 200),
    "mentorship:publication_withdraw": (L, 404, 404, 302, 403, 302),
    "mentorship:roster_export": (L, 405, 405, 405, 405, 405),
    "mentorship:school": (L, 403, 403, 403, 403, 200),
    "mentorship:student_create": (L, 404, 404, 200, 403, 200),
    "mentorship:student_list": (L, 405, 405, 405, 405, 405),
    "mentorship:teacher_create": (L, 404, 404, 200, 403, 200),
    "mentorship:teacher_list": (L, 405, 405, 405, 405, 405),
    "notifications:list": (L, 405, 405, 405, 405, 405),
    "notifications:read": (L, 403, 404, 404, 404, 302),
    "notifications:read_all": (L, 403, 302, 302, 302, 302),
    "monitoring:growth": (L, 405, 405, 405, 405, 405),
    "monitoring:swot": (L, 403, 403, 302, 403, 302),
    "password_change": (L, 200, 200, 200, 200, 200),
    "password_change_done": (L, 405, 405, 405, 405, 405),
    "password_reset": (200, 200, 200, 200, 200, 200),  # no address given: the form again
    "password_reset_complete": (405, 405, 405, 405, 405, 405),
    "password_reset_confirm": (200, 200, 200, 200, 200, 200),  # a wrong link: «the link does not work»
    "password_reset_done": (405, 405, 405, 405, 405, 405),
    "public:document_file": (405, 405, 405, 405, 405, 405),
    "public:documents": (405, 405, 405, 405, 405, 405),
    "public:embed": (405, 405, 405, 405, 405, 405),
    "public:feed_atom": (405, 405, 405, 405, 405, 405),
    "public:feed_rss": (405, 405, 405, 405, 405, 405),
    "public:item_action": (L, 403, 403, 302, 403, 302),
    "public:item_add": (L, 403, 403, 200, 403, 200),
    "public:item_edit": (L, 403, 403, 200, 403, 200),
    "public:manage": (L, 405, 405, 405, 405, 405),
    "public:manage_document_file": (L, 405, 405, 405, 405, 405),
    "public:manage_mentor_photo": (L, 405, 405, 405, 405, 405),
    "public:manage_news_picture": (L, 405, 405, 405, 405, 405),
    "public:mentor_photo": (405, 405, 405, 405, 405, 405),
    "public:news_detail": (405, 405, 405, 405, 405, 405),
    "public:news_list": (405, 405, 405, 405, 405, 405),
    "public:news_picture": (405, 405, 405, 405, 405, 405),
    "public:news_preview": (L, 405, 405, 405, 405, 405),
    "public:page": (405, 405, 405, 405, 405, 405),
    "public:preview": (L, 405, 405, 405, 405, 405),
    "reports:approve": (L, 403, 403, 403, 302, 302),
    "reports:archive": (L, 405, 405, 405, 405, 405),
    "reports:certificate_pdf": (L, 405, 405, 405, 405, 405),
    "reports:download": (L, 405, 405, 405, 405, 405),
    "reports:export": (L, 405, 405, 405, 405, 405),
    "reports:feedback_pdf": (L, 405, 405, 405, 405, 405),
    "reports:order_list_pdf": (L, 405, 405, 405, 405, 405),
    "reports:plan_pdf": (L, 405, 405, 405, 405, 405),
    "reports:summary": (L, 403, 403, 302, 403, 302),
    "reports:summary_open": (L, 405, 405, 405, 405, 405),
    "exchange:deliveries": (L, 405, 405, 405, 405, 405),
    "exchange:document": (L, 405, 405, 405, 405, 405),
    "exchange:queue": (L, 403, 403, 403, 302, 302),
    "exchange:resend": (L, 403, 403, 403, 302, 302),
    "roadmap:activity": (L, 405, 405, 405, 405, 405),
    "roadmap:activity_create": (L, 403, 403, 200, 403, 403),
    "roadmap:activity_delete": (L, 403, 403, 302, 403, 403),
    "roadmap:activity_update": (L, 403, 403, 200, 403, 403),
    "roadmap:evidence_add": (L, 403, 403, 302, 403, 403),
    "roadmap:evidence_delete": (L, 403, 403, 302, 403, 403),
    "roadmap:evidence_download": (L, 405, 405, 405, 405, 405),
    "roadmap:export": (L, 405, 405, 405, 405, 405),
    "roadmap:occurrence_update": (L, 403, 403, 302, 403, 403),
    "roadmap:programme_update": (L, 403, 403, 200, 403, 403),
    "roadmap:programme_create": (L, 403, 403, 200, 403, 200),
    "roadmap:section_create": (L, 403, 403, 200, 403, 403),
    "roadmap:section_update": (L, 403, 403, 200, 403, 403),
    "roadmap:table": (L, 405, 405, 405, 405, 405),
    "roadmap:timeline": (L, 405, 405, 405, 405, 405),
}

REFUSED = {400, 403, 404, 405, L}
# Logging out is what a POST to «logout» is for; it answers with the login page.
ALLOWED_REDIRECT_TO_LOGIN = {"logout"}


def _row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _refused(name, answer):
    return answer in REFUSED and name not in ALLOWED_REDIRECT_TO_LOGIN


@pytest.mark.django_db
def test_every_url_answers_a_post_from_each_role_as_the_matrix_says(request, client, world):
    names = sorted(set(_iter_names(get_resolver())))
    assert set(names) == set(POST_MATRIX), (
        f"not in the matrix: {sorted(set(names) - set(POST_MATRIX))}; gone: {sorted(set(POST_MATRIX) - set(names))}"
    )
    users = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    mismatches, changed, refused = [], [], 0
    for role_index, role in enumerate(ROLES):
        for name in names:
            client.logout()
            if role != "anonymous":
                client.force_login(users[role])
            expected = POST_MATRIX[name][role_index]
            with transaction.atomic():
                before = _row_counts()
                got = _status(client.post(_url(name, world), {"status": "done"}))
                after = _row_counts() if _refused(name, expected) else before
                transaction.set_rollback(True)
            if got != expected:
                mismatches.append(f"{name} as {role}: {got}, expected {expected}")
            if _refused(name, expected):
                refused += 1
                if after != before:
                    diff = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                    changed.append(f"{name} as {role} was refused ({got}) but changed {diff}")
    assert refused > 300
    assert not mismatches, "\n".join(mismatches)
    assert not changed, "\n".join(changed)


def test_a_refused_post_is_noticed_by_the_row_count(db):
    """The check itself can fail: a row written between the counts shows."""
    from mentorship.models import Organization

    before = _row_counts()
    Organization.objects.create(name="ООО «Проба»", kind="enterprise", territory="town")
    assert _row_counts() != before
