"""Campaigns: one invitation per participant, links that open once, rates, reminders, closing, consent."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorship.dates import next_monitoring_date
from mentorship.models import Mentorship, MentorshipForm
from monitoring import campaign_selectors as selectors
from monitoring import campaign_services as services
from monitoring import links
from monitoring.campaign_selectors import LinkState
from monitoring.models import Campaign, Invitation, Item, Purpose, Questionnaire, Response, Role
from notifications.models import Notification
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, UserFactory, form
from tests.monitoring.factories import ItemFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db

CONSENT = datetime.date(2025, 9, 1)
TODAY = datetime.date(2026, 12, 3)


def kit():
    """A satisfaction questionnaire for mentees and one for mentors (all forms), and a curator's; the shipped kit
    is set aside, so these are the ones a campaign chooses."""
    Questionnaire.objects.filter(builtin=True).update(is_active=False)
    mentee_q = QuestionnaireFactory(code="sat-mentee", role=Role.MENTEE, purpose=Purpose.SATISFACTION)
    ItemFactory(questionnaire=mentee_q, key="meetings_usefulness", kind=Item.Kind.SCALE)
    ItemFactory(questionnaire=mentee_q, key="would_continue", kind=Item.Kind.YES_NO)
    mentor_q = QuestionnaireFactory(code="sat-mentor", role=Role.MENTOR, purpose=Purpose.SATISFACTION)
    ItemFactory(questionnaire=mentor_q, key="meetings_usefulness", kind=Item.Kind.SCALE)
    curator_q = QuestionnaireFactory(code="t-curator", role=Role.CURATOR, purpose=Purpose.CURATOR)
    ItemFactory(questionnaire=curator_q, key="valuable", kind=Item.Kind.TEXT)
    return mentee_q, mentor_q, curator_q


def student(**kwargs):
    kwargs.setdefault("pd_consent_date", CONSENT)
    return StudentFactory(**kwargs)


def open_campaign(**kwargs):
    values = {
        "purpose": Purpose.SATISFACTION,
        "opens_on": TODAY,
        "closes_on": TODAY + datetime.timedelta(days=14),
        "today": TODAY,
    }
    return services.campaign_create(**{**values, **kwargs})


def token_of(invitation):
    """Issue the invitation's link as a letter would, and return the token."""
    token, digest = links.new_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_digest=digest)
    return token


def test_the_default_title_names_the_next_monitoring_date():
    assert services.campaign_default_title(today=datetime.date(2026, 12, 3)) == "Мониторинг 20.12.2026"
    assert services.campaign_default_title(today=datetime.date(2026, 12, 21)) == "Мониторинг 20.06.2027"
    assert next_monitoring_date(datetime.date(2026, 6, 20)) == datetime.date(2026, 6, 20)
    campaign = open_campaign()
    assert campaign.title == "Мониторинг 20.12.2026" and campaign.monitoring_date == datetime.date(2026, 12, 20)


def test_a_campaign_cannot_close_before_it_opens_or_in_the_past():
    with pytest.raises(ValidationError) as before:
        open_campaign(closes_on=TODAY - datetime.timedelta(days=1), opens_on=TODAY)
    assert "closes_on" in before.value.message_dict
    with pytest.raises(ValidationError):
        open_campaign(opens_on=TODAY - datetime.timedelta(days=9), closes_on=TODAY - datetime.timedelta(days=2))


def test_a_campaign_for_a_group_of_pairs_creates_one_invitation_per_participant():
    mentee_q, mentor_q, curator_q = kit()
    curator = UserFactory()
    pair = MentorshipFactory(mentees=[student(first_name="Пётр")], curator=curator)
    group = MentorshipFactory(mentees=[student(), student(), student()])
    campaign = open_campaign()
    result = services.campaign_start(campaign=campaign, mentorships=[pair, group])
    assert result.invited == 2 + 1 + 4  # pair: mentor, mentee, curator; group: mentor and three mentees
    invitations = Invitation.objects.filter(campaign=campaign)
    assert invitations.count() == 7
    assert {(i.role, i.questionnaire_id) for i in invitations} == {
        (Role.MENTOR, mentor_q.pk),
        (Role.MENTEE, mentee_q.pk),
        (Role.CURATOR, curator_q.pk),
    }
    assert invitations.get(role=Role.CURATOR).user == curator
    assert len({i.token_digest for i in invitations}) == 7
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    assert all(i.expires_at == timezone.make_aware(datetime.datetime(2026, 12, 18)) for i in invitations)
    # Started again (a double click, pairs added later): nobody is invited twice.
    again = services.campaign_start(campaign=campaign, mentorships=[pair, group])
    assert again.invited == 0 and invitations.count() == 7


def test_the_questionnaire_of_the_pairs_form_wins_over_the_one_for_every_form():
    mentee_q, _mentor_q, _curator_q = kit()
    own = QuestionnaireFactory(code="tt-mentee", role=Role.MENTEE, form=form(MentorshipForm.Code.TEACHER_TEACHER))
    teachers = MentorshipFactory(
        form=form(MentorshipForm.Code.TEACHER_TEACHER), mentor=TeacherFactory(), mentees=[TeacherFactory()]
    )
    students = MentorshipFactory(mentees=[student()])
    campaign = open_campaign()
    services.campaign_start(campaign=campaign, mentorships=[teachers, students])
    chosen = dict(Invitation.objects.filter(role=Role.MENTEE).values_list("mentorship_id", "questionnaire_id"))
    assert chosen == {teachers.pk: own.pk, students.pk: mentee_q.pk}


def test_a_student_without_a_recorded_consent_is_not_invited_and_is_counted():
    kit()
    without = StudentFactory(pd_consent_date=None)
    pair = MentorshipFactory(mentees=[student(), without])
    campaign = open_campaign()
    result = services.campaign_start(campaign=campaign, mentorships=[pair])
    assert result.without_consent == 1
    assert not Invitation.objects.filter(person=without).exists()
    assert selectors.campaign_rates(campaign=campaign).without_consent == 1
    # Once the consent is recorded, starting again invites her.
    without.pd_consent_date = TODAY
    without.save()
    assert services.campaign_start(campaign=campaign, mentorships=[pair]).invited == 1


def test_pairs_are_chosen_by_form_class_and_status():
    seven_b = MentorshipFactory(mentees=[student(grade=7, class_letter="Б")])
    eight_a = MentorshipFactory(mentees=[student()])
    MentorshipFactory(mentees=[student(grade=7, class_letter="Б")], status=Mentorship.Status.DRAFT)
    teachers = MentorshipFactory(
        form=form(MentorshipForm.Code.TEACHER_TEACHER), mentor=TeacherFactory(), mentees=[TeacherFactory()]
    )
    assert list(selectors.campaign_pairs(class_name="7б")) == [seven_b]
    assert list(selectors.campaign_pairs(form_id=teachers.form_id)) == [teachers]
    assert set(selectors.campaign_pairs()) == {seven_b, eight_a, teachers}


def test_a_link_opens_its_invitation_and_only_the_digest_is_stored():
    kit()
    pair = MentorshipFactory(mentees=[student()])
    campaign = open_campaign()
    services.campaign_start(campaign=campaign, mentorships=[pair])
    invitation = Invitation.objects.get(role=Role.MENTEE)
    token = token_of(invitation)
    invitation.refresh_from_db()
    assert token not in invitation.token_digest and len(invitation.token_digest) == 64
    state, found = selectors.invitation_by_token(token=token, now=timezone.make_aware(datetime.datetime(2026, 12, 5)))
    assert state is LinkState.OK and found == invitation


def test_a_tampered_an_unknown_an_expired_and_a_used_link_are_told_apart():
    _mentee_q, _m, _c = kit()
    pair = MentorshipFactory(mentees=[student()])
    campaign = open_campaign()
    services.campaign_start(campaign=campaign, mentorships=[pair])
    invitation = Invitation.objects.get(role=Role.MENTEE)
    token = token_of(invitation)
    raw, _sep, signature = token.partition(".")
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B") + "." + signature
    during = timezone.make_aware(datetime.datetime(2026, 12, 10))
    assert selectors.invitation_by_token(token=tampered, now=during)[0] is LinkState.TAMPERED
    assert selectors.invitation_by_token(token="nonsense", now=during)[0] is LinkState.TAMPERED
    unknown, _digest = links.new_token()
    assert selectors.invitation_by_token(token=unknown, now=during)[0] is LinkState.UNKNOWN
    after = timezone.make_aware(datetime.datetime(2026, 12, 18, 0, 0, 1))
    assert selectors.invitation_by_token(token=token, now=after)[0] is LinkState.EXPIRED
    last_minute = timezone.make_aware(datetime.datetime(2026, 12, 17, 23, 59))
    assert selectors.invitation_by_token(token=token, now=last_minute)[0] is LinkState.OK
    services.answer_through_link(invitation=invitation, answers={"meetings_usefulness": 9, "would_continue": True})
    assert selectors.invitation_by_token(token=token, now=during)[0] is LinkState.USED


def test_an_answer_through_the_link_is_stored_once():
    kit()
    pair = MentorshipFactory(mentees=[student()])
    campaign = open_campaign(opens_on=timezone.localdate(), closes_on=timezone.localdate(), today=None)
    services.campaign_start(campaign=campaign, mentorships=[pair])
    invitation = Invitation.objects.get(role=Role.MENTEE)
    response = services.answer_through_link(
        invitation=invitation, answers={"meetings_usefulness": 9, "would_continue": True}
    )
    assert response.channel == Response.Channel.LINK and response.campaign == campaign
    assert response.person == invitation.person and response.mentorship == pair
    with pytest.raises(ValidationError):
        services.answer_through_link(invitation=invitation, answers={"meetings_usefulness": 1, "would_continue": False})
    assert Response.objects.count() == 1


def test_a_closed_campaign_takes_no_answer():
    kit()
    pair = MentorshipFactory(mentees=[student()])
    campaign = open_campaign(opens_on=timezone.localdate(), closes_on=timezone.localdate(), today=None)
    services.campaign_start(campaign=campaign, mentorships=[pair])
    services.campaign_close(campaign=campaign)
    invitation = Invitation.objects.get(role=Role.MENTEE)
    with pytest.raises(ValidationError):
        services.answer_through_link(invitation=invitation, answers={"meetings_usefulness": 9, "would_continue": True})
    assert not Response.objects.exists()


def test_rates_are_exact_per_pair_form_class_and_role():
    kit()
    a1, a2 = student(grade=7, class_letter="А"), student(grade=7, class_letter="А")
    b1 = student(grade=7, class_letter="Б")
    pair_a = MentorshipFactory(mentees=[a1, a2])
    pair_b = MentorshipFactory(mentees=[b1])
    campaign = open_campaign(opens_on=timezone.localdate(), closes_on=timezone.localdate(), today=None)
    services.campaign_start(campaign=campaign, mentorships=[pair_a, pair_b])
    answers = {"meetings_usefulness": 7, "would_continue": True}
    for person in (a1, b1):
        services.answer_through_link(invitation=Invitation.objects.get(person=person), answers=answers)
    services.answer_through_link(
        invitation=Invitation.objects.get(mentorship=pair_b, role=Role.MENTOR), answers={"meetings_usefulness": 5}
    )
    rates = selectors.campaign_rates(campaign=campaign)
    # 5 invited (2 mentors, 3 mentees), 3 answered.
    assert (rates.total.invited, rates.total.answered, rates.total.percent) == (5, 3, 60)
    by_pair = {r.label: (r.invited, r.answered, r.percent) for r in rates.by_pair}
    assert by_pair == {pair_a.title: (3, 1, 33), pair_b.title: (2, 2, 100)}
    # Every student participant by her class: the factory's mentors are students of 10А.
    assert [(r.label, r.invited, r.answered) for r in rates.by_class] == [("7А", 2, 1), ("7Б", 1, 1), ("10А", 2, 1)]
    assert [(r.label, r.invited, r.answered) for r in rates.by_form] == [("ученик–ученик", 5, 3)]
    assert {r.label: (r.invited, r.answered) for r in rates.by_role} == {"наставник": (2, 1), "наставляемый": (3, 2)}


def test_rates_take_a_fixed_number_of_queries(django_assert_num_queries):
    kit()
    campaign = open_campaign()
    services.campaign_start(
        campaign=campaign, mentorships=[MentorshipFactory(mentees=[student(), student()]) for _ in range(3)]
    )
    with django_assert_num_queries(3):
        selectors.campaign_rates(campaign=campaign)
    services.campaign_start(campaign=campaign, mentorships=[MentorshipFactory(mentees=[student()]) for _ in range(5)])
    with django_assert_num_queries(3):
        assert selectors.campaign_rates(campaign=campaign).total.invited == 6 + 3 + 10


def test_letters_go_once_to_everyone_with_an_email_and_carry_a_working_link(django_capture_on_commit_callbacks):
    kit()
    with_mail = student(email="pupil@example.org")
    without_mail = student()
    pair = MentorshipFactory(mentees=[with_mail, without_mail], mentor=TeacherFactory(email="mentor@example.org"))
    campaign = open_campaign(opens_on=timezone.localdate(), closes_on=timezone.localdate(), today=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_start(campaign=campaign, mentorships=[pair])
    assert sorted(m.to[0] for m in mail.outbox) == ["mentor@example.org", "pupil@example.org"]
    letter = next(m for m in mail.outbox if m.to == ["pupil@example.org"])
    assert letter.subject == f"Анкета «{campaign.title}»"
    assert "Ваш наставник: Елена." in letter.body
    token = re.search(r"/q/([^/\s]+)/", letter.body).group(1)
    state, found = selectors.invitation_by_token(token=token)
    assert state is LinkState.OK and found.person == with_mail
    assert services.invitations_send(campaign_id=campaign.pk) == 0  # the task again: nothing twice
    assert len(mail.outbox) == 2


def test_reminders_go_only_to_those_who_have_not_answered_and_never_twice_a_day():
    kit()
    answered = student(email="done@example.org")
    waiting = student(email="wait@example.org")
    pair = MentorshipFactory(mentees=[answered, waiting])
    campaign = open_campaign(opens_on=timezone.localdate(), closes_on=timezone.localdate(), today=None)
    services.campaign_start(campaign=campaign, mentorships=[pair])
    services.answer_through_link(
        invitation=Invitation.objects.get(person=answered), answers={"meetings_usefulness": 8, "would_continue": True}
    )
    mail.outbox.clear()
    assert services.campaign_remind(campaign=campaign) == 1
    assert [m.to for m in mail.outbox] == [["wait@example.org"]]
    assert "Напоминание" in mail.outbox[0].subject
    assert services.campaign_remind(campaign=campaign) == 0  # the same day: not again
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert services.campaign_remind(campaign=campaign, now=tomorrow) == 1
    # The reminder's link works; an older one does not.
    token = re.search(r"/q/([^/\s]+)/", mail.outbox[-1].body).group(1)
    old = re.search(r"/q/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert selectors.invitation_by_token(token=token)[0] is LinkState.OK
    assert selectors.invitation_by_token(token=old)[0] is LinkState.UNKNOWN


def test_the_daily_run_closes_campaigns_past_their_date_and_sends_the_automatic_reminder():
    kit()
    pair = MentorshipFactory(mentees=[student(email="wait@example.org")])
    campaign = open_campaign(remind_days_before=3)
    services.campaign_start(campaign=campaign, mentorships=[pair])
    mail.outbox.clear()
    assert services.campaigns_daily(today=campaign.closes_on - datetime.timedelta(days=4)) == {
        "closed": 0,
        "reminded": 0,
    }
    # The reminder needs today's real clock for its once-a-day claim; the day count is what is checked.
    assert services.campaigns_daily(today=campaign.closes_on - datetime.timedelta(days=3))["reminded"] == 1
    assert services.campaigns_daily(today=campaign.closes_on) == {"closed": 0, "reminded": 0}
    assert services.campaigns_daily(today=campaign.closes_on + datetime.timedelta(days=1))["closed"] == 1
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    assert services.campaigns_daily(today=campaign.closes_on + datetime.timedelta(days=2))["closed"] == 0


def test_the_sheet_has_one_slip_per_student_without_email_first_name_and_class_only():
    kit()
    pupil = student(first_name="Пётр", last_name="Сидоров", grade=5, class_letter="В")
    emailed = student(email="x@example.org")
    pair = MentorshipFactory(mentees=[pupil, emailed])
    campaign = open_campaign(opens_on=timezone.localdate(), closes_on=timezone.localdate(), today=None)
    services.campaign_start(campaign=campaign, mentorships=[pair])
    sheets = services.sheets_issue(campaign=campaign)
    assert [(s.class_name, [(x.first_name, x.class_name) for x in s.slips]) for s in sheets] == [
        ("5В", [("Пётр", "5В")])
    ]
    slip = sheets[0].slips[0]
    assert slip.qr_svg.startswith("<svg") and "Сидоров" not in slip.url
    token = re.search(r"/q/([^/\s]+)/", slip.url).group(1)
    assert selectors.invitation_by_token(token=token)[1].person == pupil


def test_the_portal_lists_only_the_accounts_own_invitations():
    kit()
    account = UserFactory()
    mine = MentorshipFactory(mentor=TeacherFactory(user=account), mentees=[student()])
    other = MentorshipFactory(mentees=[student()])
    campaign = open_campaign(opens_on=timezone.localdate(), closes_on=timezone.localdate(), today=None)
    services.campaign_start(campaign=campaign, mentorships=[mine, other])
    assert [(i.mentorship, i.role) for i in selectors.my_invitations(user=account)] == [(mine, Role.MENTOR)]
    others = Invitation.objects.get(mentorship=other, role=Role.MENTOR)
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.my_invitation(user=account, pk=others.pk)


def test_a_closed_campaign_notifies_its_author_once_whether_closed_by_hand_or_by_its_date(
    django_capture_on_commit_callbacks,
):
    kit()
    author = UserFactory()
    by_hand = open_campaign(created_by=author)
    by_date = open_campaign(created_by=author)
    services.campaign_start(campaign=by_date, mentorships=[MentorshipFactory(mentees=[student()])])
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_close(campaign=by_hand)
        services.campaign_close(campaign=by_hand)  # a second click: already closed, no second notice
    with django_capture_on_commit_callbacks(execute=True):
        services.campaigns_daily(today=by_date.closes_on + datetime.timedelta(days=1))
        services.campaigns_daily(today=by_date.closes_on + datetime.timedelta(days=2))
    notices = Notification.objects.filter(user=author, event="campaign_results")
    assert sorted(notices.values_list("object_id", flat=True)) == sorted([by_hand.pk, by_date.pk])
