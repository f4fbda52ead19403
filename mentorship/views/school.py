from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import SchoolForm
from ..selectors import school_get
from ..services import school_update


@permission_required("mentorship.view_school", raise_exception=True)
def school_detail(request):
    school = school_get()
    can_edit = request.user.has_perm("mentorship.change_school")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = SchoolForm(request.POST or None, instance=school) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        school_update(school=school, data=form.cleaned_data)
        messages.success(request, _("School details saved."))
        return redirect("mentorship:school")
    return render(request, "mentorship/school.html", {"school": school, "form": form})
