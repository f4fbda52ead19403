import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from config import text
from config.http import attachment_response, stored_file_response
from submissions.decorators import once_per_submission

from ..access import require, require_or_404
from ..audit import record_card_view
from ..data_export import person_data_export
from ..forms import DateInput
from ..models import DestructionRecord, Person
from ..purge import PurgeError, open_places, student_purge
from ..services import publication_consent_withdraw
from .common import paginate


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=gettext_lazy("Consent withdrawn on"), widget=DateInput())
    reason = text.form_field(
        DestructionRecord,
        "reason",
        label=gettext_lazy("Grounds (e.g. the parent's application number and date)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that the student's personal data will be destroyed and cannot be restored")
    )


@require_POST
def publication_withdraw(request, pk):
    require_or_404(request.user, "mentorship.view_person")
    require(request.user, "mentorship.change_person")
    person = get_object_or_404(Person, pk=pk, kind=Person.Kind.STUDENT)
    publication_consent_withdraw(person=person)
    messages.success(request, _("The consent to publication has been withdrawn."))
    return redirect("mentorship:person_detail", pk=pk)


@once_per_submission
def pd_withdraw(request, pk):
    require_or_404(request.user, "mentorship.view_person")
    require(request.user, "mentorship.purge_person")
    person = get_object_or_404(Person, pk=pk, kind=Person.Kind.STUDENT, purged_at__isnull=True)
    form = WithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            record = student_purge(
                person=person,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except PurgeError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Personal data destroyed. Act № %(number)s.") % {"number": record.pk})
            return redirect("mentorship:destruction_detail", pk=record.pk)
    return render(request, "mentorship/pd_withdraw.html", {"form": form, "person": person})


@require_safe
def person_export(request, pk):
    require_or_404(request.user, "mentorship.view_person")
    require(request.user, "mentorship.export_person")
    person = get_object_or_404(Person, pk=pk)
    record_card_view(person)
    body = json.dumps(person_data_export(person), ensure_ascii=False, indent=2)
    # The file name carries the record number, never the name: names stay out of URLs and headers.
    return attachment_response(
        body, filename=f"person-{person.pk}.json", content_type="application/json; charset=utf-8"
    )


@require_safe
def destruction_list(request):
    require_or_404(request.user, "mentorship.view_destructionrecord")
    page = paginate(request, DestructionRecord.objects.select_related("performed_by"))
    return render(request, "mentorship/destruction_list.html", {"page": page, "querystring": ""})


@require_safe
def destruction_detail(request, pk):
    require_or_404(request.user, "mentorship.view_destructionrecord")
    record = get_object_or_404(DestructionRecord.objects.select_related("performed_by"), pk=pk)
    # The places still show the surname in context: for those who carry out purges only.
    places = open_places(record) if request.user.has_perm("mentorship.purge_person") else None
    return render(
        request,
        "mentorship/destruction_detail.html",
        {"record": record, "places": places, "open_count": sum(1 for p in places or [] if p["open"])},
    )


@require_safe
def destruction_pdf(request, pk):
    require_or_404(request.user, "mentorship.view_destructionrecord")
    record = get_object_or_404(DestructionRecord, pk=pk)
    return stored_file_response(record.pdf, content_type="application/pdf", filename=f"act-{record.pk}.pdf")
