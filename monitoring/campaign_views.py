"""Pages of the campaigns: the curator's list, form and campaign page (rates, reminders, sheets), the
participant's answer page through a personal link (no login) and «My questionnaires» in the portal."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.forms import add_service_errors
from config.http import attachment_response
from config.pdf import PdfTooLarge, render_pdf
from submissions.decorators import once_per_submission

from . import campaign_selectors as selectors
from . import campaign_services as services
from .campaign_forms import CampaignForm
from .campaign_selectors import LinkState
from .forms import ResponseForm
from .models import Invitation, Role
from .selectors import current_items

MANAGE = selectors.MANAGE


def _require_read(request) -> None:
    if not selectors.may_read_campaigns(request.user):
        raise PermissionDenied


@require_safe
def campaign_list(request):
    _require_read(request)
    return render(
        request,
        "monitoring/campaign_list.html",
        {"campaigns": selectors.campaigns_list(), "may_manage": request.user.has_perm(MANAGE)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(MANAGE, raise_exception=True)
@once_per_submission
def campaign_create(request):
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None,
        initial={"opens_on": today, "closes_on": today + datetime.timedelta(days=14)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pairs = selectors.campaign_pairs(
            form_id=data["form"].pk if data["form"] else None, class_name=data["class_name"], status=data["status"]
        )
        try:
            campaign = services.campaign_create(
                title=data["title"],
                purpose=data["purpose"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                remind_days_before=data["remind_days_before"],
                created_by=request.user,
            )
            result = services.campaign_start(campaign=campaign, mentorships=pairs)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The campaign is started: %(invited)s invitations, %(none)s students without consent.")
                % {"invited": result.invited, "none": result.without_consent},
            )
            if result.without_questionnaire:
                messages.warning(
                    request,
                    _("No questionnaire for: %(list)s.") % {"list": "; ".join(result.without_questionnaire)},
                )
            return redirect("monitoring:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "monitoring/campaign_form.html",
        {"form": form, "default_title": services.campaign_default_title(today=today)},
    )


@require_safe
def campaign_detail(request, pk):
    _require_read(request)
    campaign = selectors.campaign_get(pk=pk)
    return render(
        request,
        "monitoring/campaign_detail.html",
        {
            "campaign": campaign,
            "rates": selectors.campaign_rates(campaign=campaign),
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


@require_POST
@permission_required(MANAGE, raise_exception=True)
def campaign_remind(request, pk):
    campaign = selectors.campaign_get(pk=pk)
    sent = services.campaign_remind(campaign=campaign)
    messages.success(request, _("Reminders sent: %(count)s.") % {"count": sent})
    return redirect("monitoring:campaign_detail", pk=pk)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def campaign_close(request, pk):
    campaign = selectors.campaign_get(pk=pk)
    services.campaign_close(campaign=campaign)
    messages.success(request, _("The campaign is closed: its links no longer work."))
    return redirect("monitoring:campaign_detail", pk=pk)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def campaign_sheets(request, pk):
    """The printable sheets of QR codes (POST: printing issues the slips' links anew)."""
    campaign = selectors.campaign_get(pk=pk)
    try:
        sheets = services.sheets_issue(campaign=campaign, class_name=request.POST.get("class_name", ""))
        content, _pages = render_pdf("monitoring/print/sheets.html", {"campaign": campaign, "sheets": sheets})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:campaign_detail", pk=pk)
    except PdfTooLarge as error:
        return HttpResponse(str(error), status=413, content_type="text/plain; charset=utf-8")
    return attachment_response(content, filename=f"campaign-{pk}-sheets.pdf", content_type="application/pdf")


# The participant's pages.


def _heading(invitation: Invitation) -> tuple[str, str]:
    partner = selectors.partner_first_name(invitation)
    if invitation.role == Role.MENTEE:
        return _("A questionnaire about working with your mentor"), (
            _("Your mentor: %(name)s") % {"name": partner} if partner else ""
        )
    if invitation.role == Role.MENTOR:
        if partner:
            return _("A questionnaire about working with your mentee"), _("Your mentee: %(name)s") % {"name": partner}
        return _("A questionnaire about working with your group"), ""
    return _("The curator's questionnaire"), ""


def _answer_page(request, invitation: Invitation, submit, done_url: str):
    items = list(current_items(questionnaire=invitation.questionnaire))
    form = ResponseForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            submit(form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(done_url)
    heading, partner = _heading(invitation)
    response = render(
        request,
        "monitoring/answer.html",
        {
            "invitation": invitation,
            "form": form,
            "questions": _questions(form),
            "heading": heading,
            "partner": partner,
        },
        status=200,
    )
    patch_cache_control(response, no_store=True, private=True)
    return response


OPTION = (
    '<div class="form-check{}"><input class="form-check-input" type="{}" name="{}" value="{}" id="{}"{}{}>'
    '<label class="form-check-label" for="{}">{}</label></div>'
)


def _options_html(bound, input_type: str, choices, chosen: set, errors: list, scale: bool) -> str:
    """A question's radio buttons or check boxes: ten per scale, built here in one pass (escaped by
    format_html) — through the template engine they were most of the page's time."""
    if input_type not in ("radio", "checkbox"):
        return ""
    described = " ".join(
        part
        for part, shown in ((f"hint-{bound.html_name}", bound.help_text), (f"err-{bound.html_name}", errors))
        if shown
    )
    describedby = format_html(' aria-describedby="{}"', described) if described else ""
    inline = " form-check-inline" if scale else ""
    return format_html_join(
        "",
        OPTION,
        (
            (
                inline,
                input_type,
                bound.html_name,
                value,
                f"{bound.auto_id}_{i}",
                mark_safe(" checked") if str(value) in chosen else "",
                describedby,
                f"{bound.auto_id}_{i}",
                label,
            )
            for i, (value, label) in enumerate(choices)
        ),
    )


def _questions(form: ResponseForm) -> list[dict]:
    """The questions as plain values for the template: one loop over ten radio buttons per scale costs the
    template engine more than the rest of the page, so ids, values and checked states are computed here."""
    questions = []
    for number, item in enumerate(form.items, start=1):
        bound = form[item.key]
        field = bound.field
        input_type = getattr(field.widget, "input_type", "")
        errors = list(bound.errors)
        value = bound.value()
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)} if value else set()
        choices = getattr(field, "choices", [])
        questions.append(
            {
                "number": number,
                "name": bound.html_name,
                "id": bound.auto_id,
                "label": bound.label,
                "hint": bound.help_text,
                "required": field.required,
                "errors": " ".join(str(e) for e in errors),
                "input_type": input_type if input_type in ("radio", "checkbox") else "",
                "scale": item.kind == item.Kind.SCALE,
                "options": _options_html(bound, input_type, choices, chosen, errors, item.kind == item.Kind.SCALE),
                "text": value or "" if not input_type else "",
            }
        )
    return questions


REFUSALS = {
    LinkState.TAMPERED: (
        400,
        gettext_lazy("The link is damaged"),
        gettext_lazy("Check that the whole link was copied, or scan the QR code again."),
    ),
    LinkState.UNKNOWN: (
        404,
        gettext_lazy("The link was not found"),
        gettext_lazy("Perhaps a newer letter or sheet replaced it: use the latest one, or ask your curator."),
    ),
    LinkState.EXPIRED: (
        410,
        gettext_lazy("The questionnaire is closed"),
        gettext_lazy("The campaign is over: answers are no longer taken."),
    ),
    LinkState.USED: (
        410,
        gettext_lazy("The questionnaire has already been answered"),
        gettext_lazy("Thank you: your answer is stored."),
    ),
}


def _refused(request, state: LinkState):
    status, title, text = REFUSALS[state]
    response = render(request, "monitoring/link_refused.html", {"title": title, "text": text}, status=status)
    patch_cache_control(response, no_store=True, private=True)
    return response


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def answer_by_link(request, token):
    state, invitation = selectors.invitation_by_token(token=token)
    if state is not LinkState.OK or invitation is None:
        return _refused(request, state)

    def submit(answers):
        try:
            services.answer_through_link(invitation=invitation, answers=answers)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # used meanwhile, or closed: the refusal page
                raise _Refusal from None
            raise

    try:
        return _answer_page(request, invitation, submit, done_url="answer_done")
    except _Refusal:
        state, _invitation = selectors.invitation_by_token(token=token)
        return _refused(request, LinkState.USED if state is LinkState.OK else state)


class _Refusal(Exception):
    pass


@login_not_required
@require_safe
def answer_done(request):
    return render(request, "monitoring/answer_done.html")


@require_safe
def my_questionnaires(request):
    return render(
        request, "monitoring/my_questionnaires.html", {"invitations": selectors.my_invitations(user=request.user)}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def my_questionnaire_answer(request, pk):
    invitation = selectors.my_invitation(user=request.user, pk=pk)

    def submit(answers):
        services.answer_in_portal(invitation=invitation, answers=answers, user=request.user)
        messages.success(request, _("Thank you: your answer is stored."))

    return _answer_page(request, invitation, submit, done_url="monitoring:my_questionnaires")
