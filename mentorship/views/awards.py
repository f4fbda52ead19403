"""Best mentors of the year (roadmap activity 3.2): marked by the curators in the portal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from submissions.decorators import once_per_submission

from ..access import require, require_or_404
from ..forms import BestMentorForm
from ..models import BestMentor
from ..selectors import best_mentors_by_year, mentors_for_choice
from ..services import best_mentor_save, best_mentor_unmark
from .common import add_service_errors

VIEW = "mentorship.view_bestmentor"
MARK = "mentorship.add_bestmentor"
# Taking a mark back changes the year's list; curators have no delete permissions at all (portal/roles.py).
UNMARK = "mentorship.change_bestmentor"


@require_safe
def best_mentor_list(request):
    require_or_404(request.user, VIEW)
    return render(
        request,
        "mentorship/best_mentor_list.html",
        {
            "years": best_mentors_by_year(),
            "can_mark": request.user.has_perm(MARK),
            "can_unmark": request.user.has_perm(UNMARK),
        },
    )


@once_per_submission
def best_mentor_add(request):
    require_or_404(request.user, VIEW)
    require(request.user, MARK)
    form = BestMentorForm(request.POST or None, people=mentors_for_choice())
    if request.method == "POST" and form.is_valid():
        try:
            award = best_mentor_save(award=BestMentor(), data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is marked the best mentor of %(year)d.")
                % {"name": award.person.full_name, "year": award.year},
            )
            return redirect("mentorship:best_mentor_list")
    return render(request, "mentorship/best_mentor_form.html", {"form": form})


@require_POST
def best_mentor_remove(request, pk):
    require_or_404(request.user, VIEW)
    require(request.user, UNMARK)
    award = get_object_or_404(BestMentor.objects.select_related("person"), pk=pk)
    best_mentor_unmark(award=award)
    messages.success(
        request,
        _("The mark of %(name)s as the best mentor of %(year)d is taken back.")
        % {"name": award.person.full_name, "year": award.year},
    )
    return redirect("mentorship:best_mentor_list")
