"""The public application forms (/mentoring/join/) and the curators' queue (/registry/applications/)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from config.forms import add_service_errors
from config.throttle import client_ip, throttle_hit, throttle_key
from mentorship.access import require, require_or_404
from mentorship.selectors import school_get
from submissions.decorators import once_per_submission

from . import selectors
from .forms import AcceptForm, DeclineForm, MenteeApplicationForm, MentorApplicationForm
from .models import Application
from .services import AlreadyDecided, application_accept, application_decline, application_submit

VIEW = "joining.view_application"
DECIDE = "joining.decide_application"
_THROTTLE_SALT = "joining.apply-throttle"


def _ip_allowed(request) -> bool:
    key = throttle_key(salt=_THROTTLE_SALT, kind="ip", value=client_ip(request))
    return throttle_hit(key=key, limit=settings.JOIN_PER_IP, window_seconds=settings.JOIN_WINDOW_MINUTES * 60)


def _apply(request, form_class, title):
    status = 200
    if request.method != "POST":
        form = form_class()
    else:
        form = form_class(request.POST)
        if not _ip_allowed(request):
            form.is_valid()  # the answers stay in the form; nothing is stored
            form.add_error(None, _("Too many applications from your network. Please try again in an hour."))
            status = 429
        else:
            spam = form.spam_check()
            if spam == "honeypot":
                return redirect("joining:thanks")  # a robot is told nothing
            if form.is_valid():
                if spam == "too_fast":
                    form.add_error(None, _("The form was sent too quickly. Check the answers and send it again."))
                elif spam == "expired":
                    form.data = form.data.copy()
                    form.data["started"] = form.fields["started"].initial
                    form.add_error(None, _("The form was open for too long. Check the answers and send it again."))
                else:
                    try:
                        application_submit(data=form.application_data())
                    except ValidationError as error:
                        add_service_errors(form, error)
                    else:
                        return redirect("joining:thanks")
    context = {"form": form, "title": title, "school": school_get()}
    return render(request, "joining/apply.html", context, status=status)


@login_not_required
@once_per_submission
def apply_mentee(request):
    return _apply(request, MenteeApplicationForm, _("I want a mentor"))


@login_not_required
@once_per_submission
def apply_mentor(request):
    return _apply(request, MentorApplicationForm, _("Become a mentor"))


@login_not_required
@require_safe
def thanks(request):
    return render(request, "joining/thanks.html", {"school": school_get()})


# The curators' queue


@require_safe
def queue(request):
    require_or_404(request.user, VIEW)
    status = request.GET.get("status", Application.Status.NEW)
    if status not in Application.Status.values:
        status = Application.Status.NEW
    return render(
        request,
        "joining/queue.html",
        {
            "applications": list(selectors.application_list(status=status)[:200]),
            "status": status,
            "counts": selectors.application_counts(),
            "statuses": Application.Status.choices,
        },
    )


def _application_or_404(pk):
    try:
        return selectors.application_get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def _detail(request, application, *, accept_form=None, decline_form=None, status=200):
    candidates = selectors.application_duplicates(application=application)
    if application.status == Application.Status.NEW and accept_form is None:
        accept_form = AcceptForm(
            application=application,
            candidates=candidates,
            organization=selectors.organization_match(application=application),
        )
    return render(
        request,
        "joining/detail.html",
        {
            "application": application,
            "candidates": candidates,
            "accept_form": accept_form,
            "decline_form": decline_form or DeclineForm(),
            "can_decide": request.user.has_perm(DECIDE),
        },
        status=status,
    )


@require_safe
def detail(request, pk):
    require_or_404(request.user, VIEW)
    return _detail(request, _application_or_404(pk))


@require_POST
def accept(request, pk):
    require_or_404(request.user, VIEW)
    require(request.user, DECIDE)
    application = _application_or_404(pk)
    candidates = selectors.application_duplicates(application=application)
    form = AcceptForm(request.POST, application=application, candidates=candidates)
    if form.is_valid():
        try:
            decided = application_accept(
                application_id=application.pk,
                user=request.user,
                person=form.chosen_person(),
                organization=form.cleaned_data.get("organization"),
                consent_confirmed=form.cleaned_data.get("consent_confirmed", False),
            )
        except AlreadyDecided as error:
            messages.info(request, error.messages[0])
            return redirect("applications:detail", pk=application.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The application is accepted: %(name)s is in the registry.") % {"name": decided.person.full_name},
            )
            return redirect("mentorship:person_detail", pk=decided.person_id)
    return _detail(request, application, accept_form=form)


@require_POST
def decline(request, pk):
    require_or_404(request.user, VIEW)
    require(request.user, DECIDE)
    application = _application_or_404(pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            application_decline(application_id=application.pk, user=request.user, reason=form.cleaned_data["reason"])
        except AlreadyDecided as error:
            messages.info(request, error.messages[0])
        except ValidationError as error:
            add_service_errors(form, error)
            return _detail(request, application, decline_form=form)
        else:
            messages.success(request, _("The application is declined."))
        return redirect("applications:detail", pk=application.pk)
    return _detail(request, application, decline_form=form)
