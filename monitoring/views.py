"""The curators' pages for questionnaires: list, create, edit, and the questions (add, change by a new version,
remove, reorder). Everything is written by monitoring/services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.forms import add_service_errors
from submissions.decorators import once_per_submission

from .forms import ItemForm, QuestionnaireForm
from .models import Item, Questionnaire
from .selectors import questionnaire_items, questionnaires_for_staff
from .services import item_add, item_move, item_remove, item_update, questionnaire_create, questionnaire_update

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
