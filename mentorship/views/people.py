from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from submissions.decorators import once_per_submission

from ..access import require, require_or_404
from ..audit import record_card_view
from ..filters import LIST_FILTERS
from ..forms import PERSON_FORMS
from ..models import Person
from ..selectors import person_card, person_list
from ..services import person_save
from .common import add_service_errors, paginate, querystring_without_page

KINDS = {
    "students": (Person.Kind.STUDENT, LIST_FILTERS["students"], gettext_lazy("Students")),
    "teachers": (Person.Kind.TEACHER, LIST_FILTERS["teachers"], gettext_lazy("Teachers")),
    "external": (Person.Kind.EXTERNAL, LIST_FILTERS["external"], gettext_lazy("External mentors")),
}
SLUG_BY_KIND = {kind: slug for slug, (kind, _f, _t) in KINDS.items()}


@require_safe
def person_list_view(request, slug):
    require_or_404(request.user, "mentorship.view_person")
    kind, filter_class, title = KINDS[slug]
    filterset = filter_class(request.GET, queryset=person_list(kind))
    page = paginate(request, filterset.qs)
    return render(
        request,
        f"mentorship/person_list_{slug}.html",
        {
            "title": title,
            "slug": slug,
            "export_kind": slug,  # the roster kinds use the same slugs
            "filter": filterset,
            "page": page,
            "querystring": querystring_without_page(request),
            "can_add": request.user.has_perm("mentorship.add_person"),
        },
    )


@require_safe
def person_detail(request, pk):
    require_or_404(request.user, "mentorship.view_person")
    person, as_mentor, as_mentee, plans = person_card(pk)
    if person.kind == Person.Kind.STUDENT:
        record_card_view(person)
    return render(
        request,
        "mentorship/person_detail.html",
        {
            "person": person,
            "slug": SLUG_BY_KIND[person.kind],
            "as_mentor": as_mentor,
            "awards": list(person.awards.all()),
            "as_mentee": as_mentee,
            "plans": plans,
            "can_edit": request.user.has_perm("mentorship.change_person"),
            # The pair form with this mentee chosen (`?mentee=<record number>`: a number, never a name).
            "can_assign_mentor": request.user.has_perm("mentorship.add_mentorship")
            and person.kind in (Person.Kind.STUDENT, Person.Kind.TEACHER)
            and person.purged_at is None
            and person.is_on_roll(timezone.localdate()),
            "can_export": request.user.has_perm("mentorship.export_person"),
            "can_purge": request.user.has_perm("mentorship.purge_person"),
        },
    )


def _save_person(request, form, person):
    data = {k: v for k, v in form.cleaned_data.items() if k != "categories"}
    try:
        with transaction.atomic():
            return person_save(person=person, data=data, categories=form.cleaned_data.get("categories"))
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@once_per_submission
def person_create(request, slug):
    require_or_404(request.user, "mentorship.view_person")
    require(request.user, "mentorship.add_person")
    kind, _filter, title = KINDS[slug]
    form_class = PERSON_FORMS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = _save_person(request, form, Person(kind=kind))
        if person:
            messages.success(request, _("Saved: %(name)s.") % {"name": person.full_name})
            return redirect("mentorship:person_detail", pk=person.pk)
    return render(request, "mentorship/person_form.html", {"form": form, "title": title, "slug": slug})


def person_edit(request, pk):
    require_or_404(request.user, "mentorship.view_person")
    require(request.user, "mentorship.change_person")
    person = get_object_or_404(Person, pk=pk)
    slug = SLUG_BY_KIND[person.kind]
    form = PERSON_FORMS[person.kind](request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        saved = _save_person(request, form, person)
        if saved:
            messages.success(request, _("Saved: %(name)s.") % {"name": saved.full_name})
            return redirect("mentorship:person_detail", pk=saved.pk)
    return render(
        request,
        "mentorship/person_form.html",
        {"form": form, "title": person.full_name, "slug": slug, "person": person},
    )
