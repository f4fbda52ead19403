"""The curators' pages for questionnaires: list, create, edit, and the questions (add, change by a new version,
remove, reorder). Everything is written by monitoring/services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.forms import add_service_errors
from mentorship.access import mentor_person
from mentorship.selectors import mentorship_for_print
from submissions.decorators import once_per_submission

from .forms import ItemForm, QuestionnaireForm, ResponseForm
from .models import Item, Questionnaire, Response, Role
from .selectors import current_items, questionnaire_items, questionnaires_for_staff, satisfaction_questionnaire
from .services import (
    ENDED,
    item_add,
    item_move,
    item_remove,
    item_update,
    questionnaire_create,
    questionnaire_update,
    satisfaction_enter,
)

MANAGE = "monitoring.manage_questionnaires"
GET_POST = ["GET", "HEAD", "POST"]


@require_safe
@permission_required(MANAGE, raise_exception=True)
def questionnaire_list(request):
    return render(request, "monitoring/questionnaire_list.html", {"questionnaires": questionnaires_for_staff()})


@require_http_methods(GET_POST)
@permission_required(MANAGE, raise_exception=True)
@once_per_submission
def questionnaire_create_view(request):
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = questionnaire_create(data=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The questionnaire is created. Add its questions."))
            return redirect("monitoring:questionnaire_detail", pk=questionnaire.pk)
    return render(request, "monitoring/form_page.html", {"form": form, "title": _("New questionnaire")})


@require_safe
@permission_required(MANAGE, raise_exception=True)
def questionnaire_detail(request, pk):
    questionnaire = get_object_or_404(Questionnaire.objects.select_related("form"), pk=pk)
    items = questionnaire_items(questionnaire=questionnaire)
    return render(
        request,
        "monitoring/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "items": items,
            "response_count": questionnaire.responses.count(),
        },
    )


@require_http_methods(GET_POST)
@permission_required(MANAGE, raise_exception=True)
def questionnaire_edit(request, pk):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    answered = questionnaire.responses.exists()
    form = QuestionnaireForm(request.POST or None, instance=questionnaire, answered=answered)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire_update(questionnaire=questionnaire, data=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The questionnaire is saved."))
            return redirect("monitoring:questionnaire_detail", pk=questionnaire.pk)
    return render(
        request,
        "monitoring/form_page.html",
        {"form": form, "title": _("Edit the questionnaire"), "questionnaire": questionnaire},
    )


@require_http_methods(GET_POST)
@permission_required(MANAGE, raise_exception=True)
@once_per_submission
def item_add_view(request, pk):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item_add(questionnaire=questionnaire, data=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect("monitoring:questionnaire_detail", pk=questionnaire.pk)
    return render(
        request, "monitoring/form_page.html", {"form": form, "title": _("New question"), "questionnaire": questionnaire}
    )


def _current_item(pk, item_pk):
    return get_object_or_404(
        Item.objects.select_related("questionnaire"), pk=item_pk, questionnaire_id=pk, retired_at__isnull=True
    )


@require_http_methods(GET_POST)
@permission_required(MANAGE, raise_exception=True)
def item_edit(request, pk, item_pk):
    item = _current_item(pk, item_pk)
    answered = item.answers.exists()
    form = ItemForm(request.POST or None, initial=ItemForm.initial_for(item), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            saved = item_update(item=item, data=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.pk != item.pk:
                messages.success(
                    request,
                    _("The question already had answers: it is kept as it was, and version %(n)s is asked from now on.")
                    % {"n": saved.version},
                )
            else:
                messages.success(request, _("The question is saved."))
            return redirect("monitoring:questionnaire_detail", pk=pk)
    return render(
        request,
        "monitoring/form_page.html",
        {
            "form": form,
            "title": _("Edit the question"),
            "questionnaire": item.questionnaire,
            "versioned": answered,
        },
    )


@require_POST
@permission_required(MANAGE, raise_exception=True)
def item_remove_view(request, pk, item_pk):
    item_remove(item=_current_item(pk, item_pk))
    messages.success(request, _("The question is removed; the answers already given are kept."))
    return redirect("monitoring:questionnaire_detail", pk=pk)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def item_move_view(request, pk, item_pk):
    item_move(item=_current_item(pk, item_pk), up=request.POST.get("direction") != "down")
    return redirect("monitoring:questionnaire_detail", pk=pk)


# --- The pair's satisfaction questionnaire (formerly the feedback form) ---------------------------------------


def _pair_feedback_access(user, mentorship):
    """Curators and administrators type in any participant's paper questionnaire; the pair's own mentor answers
    her own in the portal; anyone else who sees the pair (the director) gets 403."""
    if user.has_perm(MANAGE):
        return "staff"
    person = mentor_person(user)
    if person is not None and mentorship.mentor_id == person.pk:
        return "mentor"
    raise PermissionDenied


def _who(request, mentorship, access):
    """(role, person) the questionnaire is for, from `?who=mentor` or `?who=<a mentee's record number>`."""
    if access == "mentor":
        return Role.MENTOR, mentorship.mentor
    who = request.GET.get("who", "")
    if who == Role.MENTOR:
        return Role.MENTOR, mentorship.mentor
    if who.isdigit():
        mentee = next((m for m in mentorship.mentees.all() if m.pk == int(who)), None)
        if mentee is not None:
            return Role.MENTEE, mentee
    return None, None


@require_http_methods(GET_POST)
@once_per_submission
def feedback_add(request, pk):
    mentorship = mentorship_for_print(request.user, pk)
    access = _pair_feedback_access(request.user, mentorship)
    detail = reverse("mentorship:mentorship_detail", args=[pk])
    if mentorship.status not in ENDED:
        messages.error(request, _("Feedback is given when the mentorship has ended."))
        return redirect(detail)
    role, person = _who(request, mentorship, access)
    context = {"m": mentorship, "title": _("Feedback on the results of mentoring"), "role": role, "person": person}
    if role is None:
        return render(request, "monitoring/feedback_who.html", context)
    questionnaire = satisfaction_questionnaire(role=role, form_id=mentorship.form_id)
    if questionnaire is None:
        raise Http404(_("There is no satisfaction questionnaire in use for this role."))
    items = list(current_items(questionnaire=questionnaire))
    form = ResponseForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            satisfaction_enter(
                mentorship=mentorship,
                role=role,
                person=person,
                answers=form.answers(),
                user=request.user,
                channel=Response.Channel.PORTAL if access == "mentor" else Response.Channel.PAPER,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The feedback has been saved."))
            return redirect(detail)
    context |= {"form": form, "questionnaire": questionnaire, "paper": access == "staff"}
    return render(request, "monitoring/feedback_form.html", context)
