"""The matching assistant's pages: the sessions, one session with its proposals, and its actions (POST)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.forms import add_service_errors
from mentorship.models import Person
from submissions.decorators import once_per_submission

from . import services
from .forms import SessionForm
from .models import PairRule, Proposal
from .selectors import MANAGE, VIEW, capacity_overrides, session_get_for_user, session_page, sessions_for_user

ADD = "matching.add_matchingsession"


@require_safe
@permission_required(VIEW, raise_exception=True)
def session_list(request):
    return render(
        request,
        "matching/session_list.html",
        {"sessions": sessions_for_user(request.user), "can_manage": request.user.has_perm(MANAGE)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(ADD, raise_exception=True)
@once_per_submission
def session_create(request):
    form = SessionForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                data=form.data_for_service(), categories=form.cleaned_data["categories"], user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            services.session_solve(session=session)
            messages.success(request, _("The session is created and solved."))
            return redirect("matching:session_detail", pk=session.pk)
    return render(request, "matching/session_form.html", {"form": form, "session": None})


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(MANAGE, raise_exception=True)
def session_edit(request, pk):
    session = session_get_for_user(request.user, pk)
    if not session.is_draft:
        raise Http404
    form = SessionForm(request.POST or None, instance=session, initial={"categories": session.categories.all()})
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                session=session, data=form.data_for_service(), categories=form.cleaned_data["categories"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The settings are saved. Solve again to see their effect."))
            return redirect("matching:session_detail", pk=session.pk)
    return render(request, "matching/session_form.html", {"form": form, "session": session})


@require_safe
@permission_required(VIEW, raise_exception=True)
def session_detail(request, pk):
    session = session_get_for_user(request.user, pk)
    page = session_page(session=session)
    can_manage = request.user.has_perm(MANAGE) and session.is_draft
    context = {"page": page, "session": session, "can_manage": can_manage}
    if can_manage:
        context["pool_mentors"] = list(
            Person.objects.filter(pk__in=session.members.filter(role="mentor").values("person_id")).order_by(
                "last_name", "first_name", "pk"
            )
        )
        context["pool_mentees"] = list(
            Person.objects.filter(pk__in=session.members.filter(role="mentee").values("person_id")).order_by(
                "last_name", "first_name", "pk"
            )
        )
        context["capacities"] = list(capacity_overrides(session=session))
    return render(request, "matching/session_detail.html", context)


def _person(request, name):
    try:
        return get_object_or_404(Person, pk=int(request.POST.get(name, "")))
    except ValueError:
        raise Http404 from None


def _act(request, session, action):
    if action == "solve":
        result = services.session_solve(session=session)
        return _("Solved: %(pairs)d pairs, %(unmatched)d mentees without a mentor.") % {
            "pairs": len(result.pairs),
            "unmatched": len(result.unmatched),
        }
    if action == "publish":
        created = services.session_publish(session=session, user=request.user)
        return _("Published: %(count)d mentorships created with their plans.") % {"count": len(created)}
    if action == "accept_all":
        count = services.proposals_accept_all(session=session)
        return _("Accepted: %(count)d pairs.") % {"count": count}
    if action == "decide":
        proposal = get_object_or_404(Proposal, session=session, pk=request.POST.get("proposal") or 0)
        services.proposal_decide(proposal=proposal, state=request.POST.get("state", ""))
        return _("The decision is saved.")
    if action in ("pin", "forbid"):
        mentor, mentee = _person(request, "mentor"), _person(request, "mentee")
        if action == "pin":
            services.pair_pin(session=session, mentor=mentor, mentee=mentee)
            return _("Pinned: %(mentor)s → %(mentee)s. Solve again to fit the others around it.") % {
                "mentor": mentor.short_name,
                "mentee": mentee.short_name,
            }
        services.pair_forbid(session=session, mentor=mentor, mentee=mentee)
        return _("Forbidden: %(mentor)s → %(mentee)s. Solve again to find the mentee another mentor.") % {
            "mentor": mentor.short_name,
            "mentee": mentee.short_name,
        }
    if action == "unpin":
        rule = get_object_or_404(PairRule, session=session, pk=request.POST.get("rule") or 0)
        services.pair_rule_remove(rule=rule)
        return _("The pair rule is removed.")
    if action == "capacity":
        mentor = _person(request, "mentor")
        raw = request.POST.get("capacity", "").strip()
        try:
            capacity = int(raw) if raw else None
        except ValueError:
            raise ValidationError(_("Enter a whole number of places.")) from None
        services.capacity_set(session=session, mentor=mentor, capacity=capacity)
        return _("The places of %(mentor)s are saved.") % {"mentor": mentor.short_name}
    raise Http404


@require_POST
@permission_required(MANAGE, raise_exception=True)
def session_action(request, pk, action):
    session = session_get_for_user(request.user, pk)
    try:
        message = _act(request, session, action)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect("matching:session_detail", pk=session.pk)
