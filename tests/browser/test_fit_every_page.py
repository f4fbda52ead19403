"""Every page usable at 390 px and 1366 px: for each role, every page its navigation offers and the main
detail pages (a person, a pair, a roadmap activity, a summary) fit the screen (no sideways panning) and
pass axe-core (WCAG 2.1 AA); the navigation is one row on a desktop and reachable on a phone, also
without JavaScript."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count
from django.utils.timezone import localdate as today

from demo.lyceum import DEMO_MENTOR_ROSTER_ID
from demo.monitoring import demo_answers_record
from demo.users import DEMO_PASSWORD
from health.services import pair_health_refresh
from joining.services import application_submit
from matching import services as matching_services
from mentorship.models import Mentorship, MentorshipForm, Organization, Person
from monitoring.models import Questionnaire
from monitoring.selectors import current_items
from notifications.services import notify
from reports.services import summary_generate, summary_request
from roadmap.models import Activity
from tests.browser.conftest import SCREENS, assert_fits, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["admin", "director", "curator", "mentor"]
NAVBAR_ROW = 64  # px: Bootstrap's bar is 56 px high with one row of items; a second row doubles it


@pytest.fixture
def demo_school():
    """make run's demo lyceum and users, with one generated summary (its page and PDF link)."""
    call_command("seed_demo", "--if-empty", verbosity=0)
    call_command("seed_demo_roadmap", "--if-empty", verbosity=0)
    call_command("create_demo_users", verbosity=0)
    demo_answers_record()
    summary, _queued = summary_request(as_of=datetime.date(2024, 12, 20), enqueue=False)
    summary_generate(summary_id=summary.pk)
    # «Требуют внимания» with rows and the bell's page with notifications (issue 20).
    pair_health_refresh()
    notify(user_ids=list(User.objects.values_list("pk", flat=True)), event="summary_ready", url="/reports/")
    mine = Mentorship.objects.filter(mentor__roster_id=DEMO_MENTOR_ROSTER_ID).order_by("pk").first()
    # The widest pair: the most mentees (a group), then the longest names.
    other = Mentorship.objects.exclude(pk=mine.pk).annotate(n=Count("mentees")).order_by("-n", "pk").first()
    student = (
        Person.objects.students()
        .annotate(n=Count("mentorships_as_mentee"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    application = application_submit(
        data={"wish": "mentee", "kind": "student", "last_name": "Длиннофамильная-Заявительница",
              "first_name": "Ангелина", "birth_date": datetime.date(2013, 5, 5), "grade": 7, "class_letter": "Б",
              "parent_name": "Длиннофамильная Ирина", "parent_contact": "+7 900 000-00-00", "parent_consent": True,
              "request": "Хочу лучше понимать математику " * 5}
    )  # fmt: skip
    # The widest questionnaire of the kit (a form's name in its title, four questions).
    questionnaire = Questionnaire.objects.get(code="entry-mentee-teacher-teacher")
    question = current_items(questionnaire=questionnaire).last()
    session = matching_services.session_create(
        data={"title": "Подбор", "form": MentorshipForm.objects.get(code="student_student"), "start_date": today()}
    )
    matching_services.session_solve(session=session)
    campaign, answer = _campaign_under_way()
    return {
        "campaign": f"/monitoring/campaigns/{campaign.pk}/",
        "answer": answer,
        "matching": f"/registry/matching/{session.pk}/",
        "matching_edit": f"/registry/matching/{session.pk}/edit/",
        "application": f"/registry/applications/{application.pk}/",
        "calendar": "/calendar/",
        "student": f"/registry/people/{student.pk}/",
        "teacher": f"/registry/people/{mine.mentor_id}/",
        "pair": f"/registry/mentorships/{other.pk}/",
        "my_pair": f"/registry/mentorships/{mine.pk}/",
        "activity": f"/roadmap/activities/{Activity.objects.order_by('pk').first().pk}/",
        "summary": "/reports/2024-12-20/",
        "growth": "/monitoring/growth/",
        "growth_by_class": "/monitoring/growth/?by=class",
        "swot": "/monitoring/swot/",
        "organisation": f"/registry/organizations/{Organization.objects.order_by('pk').first().pk}/",
        "notifications": "/notifications/",
        "questionnaire": f"/monitoring/questionnaires/{questionnaire.pk}/",
        "question": f"/monitoring/questionnaires/{questionnaire.pk}/items/{question.pk}/",
        "new_questionnaire": "/monitoring/questionnaires/new/",
    }


def _campaign_under_way():
    """A questionnaire campaign for the demo's active pairs (issue 18) and one student's answer link."""
    from monitoring import campaign_services, links
    from monitoring.models import Invitation, Item, Questionnaire

    for role in ("mentor", "mentee"):
        questionnaire = Questionnaire.objects.create(
            code=f"fit-{role}", title="Удовлетворённость наставничеством", purpose="satisfaction", role=role
        )
        Item.objects.create(
            questionnaire=questionnaire, key="useful", kind="scale", order=1, text="Насколько полезны встречи?"
        )
        Item.objects.create(questionnaire=questionnaire, key="again", kind="yes_no", order=2, text="Хотите продолжить?")
        Item.objects.create(questionnaire=questionnaire, key="what", kind="text", order=3, text="Что было ценным?")
    today = datetime.date.today()
    Person.objects.students().update(pd_consent_date=datetime.date(2025, 9, 1))
    campaign = campaign_services.campaign_create(
        purpose="satisfaction", opens_on=today, closes_on=today + datetime.timedelta(days=7)
    )
    campaign_services.campaign_start(
        campaign=campaign, mentorships=Mentorship.objects.filter(status=Mentorship.Status.ACTIVE)
    )
    token, digest = links.new_token()
    invitation = Invitation.objects.filter(campaign=campaign, role="mentee").order_by("pk").first()
    Invitation.objects.filter(pk=invitation.pk).update(token_digest=digest)
    return campaign, links.link_path(token)


# The detail pages each role opens from its pages (beyond what its navigation offers).
DETAILS = {
    "admin": ["activity", "notifications", "questionnaire", "calendar"],
    "director": [
        "student",
        "teacher",
        "pair",
        "activity",
        "summary",
        "organisation",
        "notifications",
        "growth",
        "swot",
        "campaign",
        "application",
        "calendar",
    ],
    "curator": [
        "student",
        "teacher",
        "pair",
        "activity",
        "summary",
        "organisation",
        "notifications",
        "questionnaire",
        "question",
        "new_questionnaire",
        "matching",
        "matching_edit",
        "growth",
        "growth_by_class",
        "swot",
        "campaign",
        "application",
        "calendar",
    ],
    "mentor": ["notifications", "calendar"],
}


def _open_as(browser, live_server, username, screen, **options):
    context = browser.new_context(
        locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS[screen], bypass_csp=True, **options
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
    return context, page


def _nav_pages(page):
    hrefs = page.eval_on_selector_all(
        "[data-testid=nav] a[href]", "links => links.map(a => a.getAttribute('href')).filter(h => h.startsWith('/'))"
    )
    return list(dict.fromkeys(hrefs))


def _check(page, url):
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    assert_fits(page)
    assert axe_violations(page) == [], url


def _assert_navbar_is_one_row(page):
    bar = page.evaluate(
        "(() => { const n = document.querySelector('nav.navbar'); const r = n.getBoundingClientRect();"
        " const tops = Array.from(n.querySelectorAll('.navbar-nav > li')).map(li => li.getBoundingClientRect().top);"
        " return {width: r.width, height: r.height, scroll: n.scrollWidth, rows: new Set(tops).size}; })()"
    )
    assert bar["width"] <= 1366 and bar["scroll"] <= 1366, bar
    assert bar["height"] <= NAVBAR_ROW and bar["rows"] == 1, bar


@pytest.mark.parametrize("username", ROLES)
def test_every_page_of_each_role_fits_both_screens_and_passes_axe(browser, live_server, demo_school, username):
    for screen in SCREENS:
        context, page = _open_as(browser, live_server, username, screen)
        try:
            pages = _nav_pages(page)
            assert pages, f"{username} has no navigation"
            if screen == "desktop":
                _assert_navbar_is_one_row(page)
            else:
                toggler = page.locator(".navbar-toggler")
                assert toggler.is_visible()
                assert not page.get_by_test_id("nav").is_visible()
                toggler.click()
                page.get_by_test_id("nav").wait_for(state="visible")
            details = [demo_school[name] for name in DETAILS[username]]
            if username == "mentor":
                details.append(demo_school["my_pair"])
                details.append("/registry/mentorships/mine/profile/")
            for url in pages + details:
                _check(page, live_server.url + url)
            if username == "curator":
                _assert_tables_stack_only_on_a_phone(page, live_server, screen)
        finally:
            context.close()


def _assert_tables_stack_only_on_a_phone(page, live_server, screen):
    page.goto(f"{live_server.url}/registry/students/")
    cell = page.locator("table.table-stack tbody tr").first.locator("td").nth(1)  # the class
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    header = page.locator("table.table-stack thead").bounding_box()
    if screen == "phone":
        assert label == '"Класс: "', label  # a card: each value with its label
        assert header["width"] <= 1 and header["height"] <= 1  # the header row only for screen readers
    else:
        assert label in ("none", "normal"), label  # a table as usual
        assert header["width"] > 600


@pytest.mark.parametrize("pair", ["pair", "my_pair"])
def test_the_pair_page_fits_a_phone(browser, live_server, demo_school, pair):
    context, page = _open_as(browser, live_server, "curator" if pair == "pair" else "mentor", "phone")
    try:
        _check(page, live_server.url + demo_school[pair])
    finally:
        context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_answer_page_of_a_personal_link_fits_and_passes_axe_without_a_login(
    browser, live_server, demo_school, screen
):
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS[screen], bypass_csp=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        _check(page, live_server.url + demo_school["answer"])
        page.get_by_role("button", name="Отправить ответы").click()  # nothing answered: the errors shown
        assert page.get_by_role("alert").is_visible()
        assert_fits(page)
        assert axe_violations(page) == []
        response = page.goto(live_server.url + "/q/damaged.link/")
        assert response.status == 400
        assert_fits(page)
        assert axe_violations(page) == []
    finally:
        context.close()


def test_the_navigation_works_without_javascript(browser, live_server, demo_school):
    # Phone: the collapsed menu cannot open without JavaScript, so the pages are listed plainly.
    context, page = _open_as(browser, live_server, "curator", "phone", java_script_enabled=False)
    try:
        links = page.locator(".nav-nojs a")
        assert page.locator(".nav-nojs").is_visible() and links.count() >= 8
        assert "Обучающиеся" in page.locator(".nav-nojs").inner_text()
        links.filter(has_text="Обучающиеся").click()
        assert page.url.endswith("/registry/students/")
    finally:
        context.close()
    # Desktop: a dropdown's toggle opens the group's first page.
    context, page = _open_as(browser, live_server, "curator", "desktop", java_script_enabled=False)
    try:
        assert not page.locator(".nav-nojs").is_visible()
        page.get_by_test_id("nav").get_by_role("button", name="Реестр").click()
        assert page.url.endswith("/registry/students/")
    finally:
        context.close()


# The public application forms (joining/), as a visitor sees them: both screens, axe-core.
PUBLIC_FORMS = ["/mentoring/join/mentee/", "/mentoring/join/mentor/", "/mentoring/join/thanks/"]


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_public_application_forms_fit_both_screens_and_pass_axe(browser, live_server, screen):
    context = browser.new_context(locale="ru-RU", viewport=SCREENS[screen], bypass_csp=True)
    try:
        page = context.new_page()
        for url in PUBLIC_FORMS:
            _check(page, live_server.url + url)
        # Sent empty: the errors are shown, still fitting and accessible.
        page.goto(live_server.url + PUBLIC_FORMS[1])
        page.get_by_role("button", name="Отправить заявку").click()
        page.wait_for_load_state()
        assert_fits(page)
        assert axe_violations(page) == []
    finally:
        context.close()
