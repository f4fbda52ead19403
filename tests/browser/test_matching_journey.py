"""The curator runs a matching session for the demo lyceum's potential mentees: pins one pair, forbids another,
solves again, accepts, publishes; the dashboard's indicator 1 rises to what the session predicted."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.users import DEMO_PASSWORD
from matching.models import MatchingSession, PairRule, Proposal
from mentorship.models import Mentorship, MentorshipForm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _percent(text):
    return re.search(r"(\d+,\d)", text).group(1)


def test_curator_pins_forbids_resolves_publishes_and_the_dashboard_rises_as_predicted(login, live_server):
    call_command("seed_demo", "--if-empty", verbosity=0)
    call_command("create_demo_users", verbosity=0)
    today = timezone.localdate()
    page = login("curator", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/registry/matching/")
    page.get_by_test_id("session-new").click()
    page.fill("#id_title", "Осенний подбор")
    page.select_option("#id_form", value=str(MentorshipForm.objects.get(code="student_student").pk))
    page.fill("#id_grade_min", "5")  # one parallel of the lyceum: a journey, not a bench
    page.fill("#id_grade_max", "5")
    page.get_by_test_id("session-save").click()
    page.wait_for_load_state()
    session = MatchingSession.objects.get()
    assert page.url.endswith(f"/registry/matching/{session.pk}/")
    rows = page.locator("[data-testid=proposals] tbody tr")
    assert rows.count() >= 2

    pinned_row, forbidden_row = rows.nth(0), rows.nth(1)
    pinned_mentee = pinned_row.get_attribute("data-testid").removeprefix("proposal-")
    forbidden_mentee = forbidden_row.get_attribute("data-testid").removeprefix("proposal-")
    forbidden_mentor = forbidden_row.get_attribute("data-mentor")
    page.get_by_test_id(f"pin-{pinned_mentee}").click()
    page.wait_for_load_state()
    page.get_by_test_id(f"forbid-{forbidden_mentee}").click()
    page.wait_for_load_state()
    page.get_by_test_id("solve").click()
    page.wait_for_load_state()
    assert "Подобрано пар" in page.locator(".alert").first.inner_text()
    assert PairRule.objects.filter(kind="pin", mentee_id=pinned_mentee).exists()
    assert not Proposal.objects.filter(mentor_id=forbidden_mentor, mentee_id=forbidden_mentee).exists()
    assert Proposal.objects.get(mentee_id=pinned_mentee).pinned

    page.get_by_test_id("accept-all").click()
    page.wait_for_load_state()
    predicted = _percent(page.get_by_test_id("kpi-effect-1").locator("strong").inner_text())
    accepted = Proposal.objects.filter(session=session, state="accepted").count()
    before = Mentorship.objects.count()
    page.get_by_test_id("publish").click(timeout=60_000)
    page.wait_for_load_state(timeout=60_000)
    assert page.get_by_test_id("session-status").inner_text() == "опубликован"
    assert Mentorship.objects.count() == before + accepted

    page.goto(f"{live_server.url}/dashboard/")
    shown = page.get_by_test_id(f"value-students_mentees-{today:%Y-%m-%d}").inner_text()
    assert _percent(shown) == predicted
