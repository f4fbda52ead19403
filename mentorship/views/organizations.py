from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from submissions.decorators import once_per_submission

from ..access import require, require_or_404
from ..filters import OrganizationFilter
from ..forms import OrganizationForm
from ..models import Organization, Person
from ..selectors import organization_list
from ..services import organization_save
from .common import add_service_errors, paginate, querystring_without_page


@require_safe
def organization_list_view(request):
    require_or_404(request.user, "mentorship.view_organization")
    filterset = OrganizationFilter(request.GET, queryset=organization_list())
    return render(
        request,
        "mentorship/organization_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "querystring": querystring_without_page(request),
            "can_add": request.user.has_perm("mentorship.add_organization"),
        },
    )


@require_safe
def organization_detail(request, pk):
    require_or_404(request.user, "mentorship.view_organization")
    organization = get_object_or_404(Organization, pk=pk)
    people = list(Person.objects.filter(organization=organization).order_by("last_name"))
    return render(
        request,
        "mentorship/organization_detail.html",
        {
            "organization": organization,
            "people": people,
            "can_edit": request.user.has_perm("mentorship.change_organization"),
        },
    )


def _organization_form(request, organization, perm):
    require_or_404(request.user, "mentorship.view_organization")
    require(request.user, perm)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            saved = organization_save(organization=organization, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": saved.name})
            return redirect("mentorship:organization_detail", pk=saved.pk)
    return render(request, "mentorship/organization_form.html", {"form": form, "organization": organization})


@once_per_submission
def organization_create(request):
    return _organization_form(request, Organization(), "mentorship.add_organization")


def organization_edit(request, pk):
    return _organization_form(request, get_object_or_404(Organization, pk=pk), "mentorship.change_organization")
