"""The public page in Chromium, as an anonymous visitor, on a desktop and a phone: no JavaScript of
its own, and axe-core (from npm, injected into the page) finds no WCAG 2.1 A/AA violation."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from mentorship.models import Person
from public.models import FeaturedMentor
from tests.browser.conftest import SCREENS, axe_violations
from tests.factories import MentorshipFactory, TeacherFactory
from tests.public.factories import DocumentFactory, FeaturedMentorFactory, NewsItemFactory, png_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = SCREENS


@pytest.fixture
def content():
    cache.clear()  # the live server shares this process's cache; factories do not bump the page version
    teacher = TeacherFactory(last_name="Петрова", first_name="Ольга")
    MentorshipFactory(mentor=teacher)
    news = NewsItemFactory(
        title="Встреча наставников и наставляемых",
        text="Первый абзац.\n\nВторой абзац.",
        picture=png_upload(),
        picture_alt="Наставники на встрече",
        picture_content_type="image/png",
    )
    NewsItemFactory(title="Начало учебного года")
    DocumentFactory(title="Положение о наставничестве")
    DocumentFactory(kind="roadmap", title="Дорожная карта 2020–2024")
    FeaturedMentorFactory(person=teacher, name="Ольга Петрова", photo=png_upload(), photo_content_type="image/png")
    student = Person.objects.students().first()
    student.publication_consent = True
    student.save()
    FeaturedMentorFactory(
        role=FeaturedMentor.Role.STUDENT, person=student, name="Мария Ученикова", role_text="наставник"
    )
    return {"news": news}


@pytest.mark.parametrize("size", list(SIZES))
def test_public_pages_have_noaxe_violations(browser, live_server, content, size):
    context = browser.new_context(locale="ru-RU", viewport=SIZES[size], bypass_csp=True)
    try:
        page = context.new_page()
        for path in ("/mentoring/", f"/mentoring/news/{content['news'].pk}/", "/mentoring/embed/"):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200
            assert "/accounts/login/" not in page.url
            assert axe_violations(page) == [], path
        page.goto(f"{live_server.url}/mentoring/")
        expect(page.locator("h1")).to_have_text("Наставничество")
        expect(page.get_by_text("Ольга Петрова")).to_be_visible()
        # Nothing wider than the screen on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    finally:
        context.close()


def test_public_page_works_without_javascript(browser, live_server, content):
    context = browser.new_context(locale="ru-RU", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/mentoring/")
        page.get_by_role("link", name="Встреча наставников и наставляемых").click()
        page.wait_for_url(f"**/mentoring/news/{content['news'].pk}/")
        expect(page.locator("h1")).to_have_text("Встреча наставников и наставляемых")
        expect(page.get_by_role("img", name="Наставники на встрече")).to_be_visible()
        page.get_by_role("link", name="Наставничество").first.click()
        page.wait_for_url("**/mentoring/")
        expect(page.get_by_role("link", name="Положение о наставничестве")).to_be_visible()
    finally:
        context.close()
