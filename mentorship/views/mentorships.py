from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from submissions.decorators import once_per_submission

from ..access import can_see_registry, can_work_on, mentor_person, require, require_or_404, require_work_on
from ..filters import MentorshipFilter
from ..forms import (
    CompleteForm,
    MeetingForm,
    MeetingHeldForm,
    MentorProfileForm,
    MentorshipEditForm,
    PlanForm,
    PlanItemForm,
    TerminateForm,
)
from ..models import Meeting, Mentorship, PlanItem
from ..rules import read_only_error
from ..selectors import mentorship_get_for_user, mentorship_list_for_user, my_mentorships_list, open_plan_items
from ..services import (
    meeting_cancel,
    meeting_log,
    meeting_mark_held,
    mentorship_activate,
    mentorship_complete,
    mentorship_create,
    mentorship_terminate,
    mentorship_update,
    person_profile_update,
    plan_item_save,
    plan_update,
)
from .common import add_service_errors, paginate, querystring_without_page


@require_safe
def mentorship_list(request):
    require_or_404(request.user, "mentorship.view_mentorship")
    filterset = MentorshipFilter(request.GET, queryset=mentorship_list_for_user(request.user))
    return render(
        request,
        "mentorship/mentorship_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "querystring": querystring_without_page(request),
            "can_add": request.user.has_perm("mentorship.add_mentorship"),
        },
    )


@require_safe
def my_mentorships(request):
    person = mentor_person(request.user)
    mentorships = my_mentorships_list(person, timezone.localdate()) if person else []
    return render(request, "mentorship/my_mentorships.html", {"person": person, "mentorships": mentorships})


@require_http_methods(["GET", "HEAD", "POST"])
def my_profile(request):
    """The mentor's own matching profile (strengths, interests, availability, capacity); others: 404."""
    person = mentor_person(request.user)
    if person is None:
        raise Http404
    form = MentorProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            person_profile_update(person=person, data={name: form.cleaned_data[name] for name in form.fields})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("mentorship:my_mentorships")
    return render(request, "mentorship/my_profile.html", {"form": form, "person": person})


@require_safe
def mentorship_detail(request, pk):
    mentorship = mentorship_get_for_user(request.user, pk)
    user = request.user
    meetings = list(mentorship.meetings.all())
    can_work = can_work_on(user, mentorship)
    return render(
        request,
        "mentorship/mentorship_detail.html",
        {
            "m": mentorship,
            "mentees": list(mentorship.mentees.all()),
            "plans": list(mentorship.plans.all()),
            # Planned ones first, the nearest on top; then the journal of held and cancelled ones, newest first.
            "planned_meetings": sorted(
                (x for x in meetings if x.status == Meeting.Status.PLANNED), key=lambda x: (x.date, x.pk)
            ),
            "meetings": [x for x in meetings if x.status != Meeting.Status.PLANNED],
            "can_edit": user.has_perm("mentorship.change_mentorship"),
            # Plans and meetings of a closed mentorship are read-only (mentorship/rules.py: read_only_error).
            "can_work": can_work and not mentorship.is_read_only,
            "show_registry_links": can_see_registry(user),
            "today": timezone.localdate(),
        },
    )


def _mentorship_fields(cleaned):
    skip = ("mentor", "mentees", "version", *MentorshipEditForm.SEARCH_FIELDS)
    return {k: v for k, v in cleaned.items() if k not in skip}


PICKER_ACTIONS = ("mentor", "mentees")


def _find_requested(request):
    """A «Find» button of the people picker (the form without JavaScript): reload, save nothing."""
    find = request.POST.get("find", "") if request.method == "POST" else ""
    return find if find in PICKER_ACTIONS else None


def _prefill(request):
    """«Assign a mentor» on a student's card opens the form with the mentee chosen: `?mentee=<record number>`."""
    mentee = request.GET.get("mentee", "")
    return {"mentees": [int(mentee)]} if mentee.isdigit() else {}


@once_per_submission
def mentorship_create_view(request):
    require_or_404(request.user, "mentorship.view_mentorship")
    require(request.user, "mentorship.add_mentorship")
    find = _find_requested(request)
    initial = {"curator": request.user, "start_date": timezone.localdate(), **_prefill(request)}
    if find:
        form = MentorshipEditForm(initial=MentorshipEditForm.initial_from(request.POST), find=find)
    else:
        form = MentorshipEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and not find and form.is_valid():
        data = form.cleaned_data
        try:
            mentorship = mentorship_create(mentor=data["mentor"], mentees=data["mentees"], **_mentorship_fields(data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The mentorship has been created."))
            return redirect("mentorship:mentorship_detail", pk=mentorship.pk)
    return render(request, "mentorship/mentorship_form.html", {"form": form})


def mentorship_edit(request, pk):
    mentorship = mentorship_get_for_user(request.user, pk)
    require(request.user, "mentorship.change_mentorship")
    find = _find_requested(request)
    if find:
        form = MentorshipEditForm(initial=MentorshipEditForm.initial_from(request.POST), instance=mentorship, find=find)
    else:
        form = MentorshipEditForm(request.POST or None, instance=mentorship)
    if request.method == "POST" and not find and form.is_valid():
        data = form.cleaned_data
        try:
            fresh = Mentorship.objects.get(pk=mentorship.pk)
            mentorship_update(
                mentorship=fresh,
                data={"mentor": data["mentor"], **_mentorship_fields(data)},
                mentees=data["mentees"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The mentorship has been saved."))
            return redirect("mentorship:mentorship_detail", pk=mentorship.pk)
    return render(request, "mentorship/mentorship_form.html", {"form": form, "m": mentorship})


@require_POST
def mentorship_activate_view(request, pk):
    mentorship = mentorship_get_for_user(request.user, pk)
    require(request.user, "mentorship.change_mentorship")
    try:
        mentorship_activate(mentorship=mentorship)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The mentorship has started."))
    return redirect("mentorship:mentorship_detail", pk=pk)


def _end_view(request, pk, form_class, action, template_title, **form_kwargs):
    mentorship = mentorship_get_for_user(request.user, pk)
    require(request.user, "mentorship.change_mentorship")
    form = form_class(request.POST or None, initial={"end_date": timezone.localdate()}, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            action(mentorship, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("mentorship:mentorship_detail", pk=pk)
    context = {"form": form, "m": mentorship, "title": template_title, "open_items": form_kwargs.get("open_items")}
    return render(request, "mentorship/form_page.html", context)


def mentorship_complete_view(request, pk):
    def complete(mentorship, data):
        mentorship_complete(mentorship=mentorship, end_date=data["end_date"], results=data["results"])
        messages.success(request, _("The mentorship has been completed. Now add the feedback of its participants."))

    # The confirmation step: the plans' open items are listed, and completing anyway needs a tick.
    open_items = open_plan_items(mentorship_get_for_user(request.user, pk))
    return _end_view(request, pk, CompleteForm, complete, _("Complete the mentorship"), open_items=open_items)


def mentorship_terminate_view(request, pk):
    def terminate(mentorship, data):
        mentorship_terminate(mentorship=mentorship, end_date=data["end_date"], reason=data["reason"])
        messages.success(request, _("The mentorship has been terminated early."))

    return _end_view(request, pk, TerminateForm, terminate, _("Terminate the mentorship early"))


def _refused_if_read_only(request, mentorship):
    """A closed mentorship's plans and meetings are read-only: back to its page with the rule's message."""
    message = read_only_error(mentorship)
    if message is None:
        return None
    messages.error(request, message)
    return redirect("mentorship:mentorship_detail", pk=mentorship.pk)


def _plan_of(request, pk, plan_pk):
    mentorship = mentorship_get_for_user(request.user, pk)
    require_work_on(request.user, mentorship)
    plan = next((p for p in mentorship.plans.all() if p.pk == plan_pk), None)
    if plan is None:
        raise Http404
    return mentorship, plan


def plan_edit(request, pk, plan_pk):
    mentorship, plan = _plan_of(request, pk, plan_pk)
    if refused := _refused_if_read_only(request, mentorship):
        return refused
    form = PlanForm(request.POST or None, instance=plan, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            plan_update(
                plan=plan,
                goal=form.cleaned_data["goal"],
                deficits=form.cleaned_data["deficits"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("mentorship:mentorship_detail", pk=pk)
    title = _("Individual plan: %(name)s") % {"name": plan.mentee.full_name}
    return render(request, "mentorship/form_page.html", {"form": form, "m": mentorship, "title": title})


def plan_item_edit(request, pk, plan_pk, item_pk=None):
    mentorship, plan = _plan_of(request, pk, plan_pk)
    if refused := _refused_if_read_only(request, mentorship):
        return refused
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan) if item_pk else PlanItem(plan=plan)
    form = PlanItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            plan_item_save(item=item, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan item has been saved."))
            return redirect("mentorship:mentorship_detail", pk=pk)
    title = _("Plan item: %(name)s") % {"name": plan.mentee.full_name}
    return render(request, "mentorship/form_page.html", {"form": form, "m": mentorship, "title": title})


@once_per_submission
def plan_item_add(request, pk, plan_pk):
    return plan_item_edit(request, pk, plan_pk)


@once_per_submission
def meeting_add(request, pk):
    mentorship = mentorship_get_for_user(request.user, pk)
    require_work_on(request.user, mentorship)
    if refused := _refused_if_read_only(request, mentorship):
        return refused
    initial = {"date": timezone.localdate(), "status": Meeting.Status.PLANNED}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_log(mentorship=mentorship, data=form.cleaned_data, user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if meeting.status == Meeting.Status.PLANNED:
                messages.success(request, _("The meeting has been planned."))
            else:
                messages.success(request, _("The meeting has been logged."))
            return redirect("mentorship:mentorship_detail", pk=pk)
    title = _("Meeting: %(title)s") % {"title": mentorship.title}
    return render(request, "mentorship/form_page.html", {"form": form, "m": mentorship, "title": title})


def _planned_meeting_of(request, pk, meeting_pk):
    mentorship = mentorship_get_for_user(request.user, pk)
    require_work_on(request.user, mentorship)
    meeting = get_object_or_404(Meeting, pk=meeting_pk, mentorship=mentorship)
    return mentorship, meeting


def meeting_held(request, pk, meeting_pk):
    """Mark a planned meeting held, with its notes: the mentor does it afterwards from the pair's page."""
    mentorship, meeting = _planned_meeting_of(request, pk, meeting_pk)
    if refused := _refused_if_read_only(request, mentorship):
        return refused
    if meeting.status != Meeting.Status.PLANNED:
        messages.info(request, _("This meeting is already %(status)s.") % {"status": meeting.get_status_display()})
        return redirect("mentorship:mentorship_detail", pk=pk)
    initial = {"date": min(meeting.date, timezone.localdate())}
    form = MeetingHeldForm(request.POST or None, instance=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_mark_held(meeting=meeting, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting has been marked held."))
            return redirect("mentorship:mentorship_detail", pk=pk)
    title = _("Meeting held: %(title)s") % {"title": mentorship.title}
    return render(request, "mentorship/form_page.html", {"form": form, "m": mentorship, "title": title})


@require_POST
def meeting_cancel_view(request, pk, meeting_pk):
    _mentorship, meeting = _planned_meeting_of(request, pk, meeting_pk)
    try:
        meeting_cancel(meeting=meeting)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The planned meeting has been cancelled."))
    return redirect("mentorship:mentorship_detail", pk=pk)
