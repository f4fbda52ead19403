"""The people picker's search: the mentor and mentees of the mentorship form, found as the curator types."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ..access import require_or_404
from ..forms import PICKER_QUERY_MAX, person_label, picker_detail
from ..models import MenteeCategory, MentorshipForm
from ..selectors import PICKER_LIMIT, people_for_picker

CURATOR_PERMISSIONS = ("mentorship.add_mentorship", "mentorship.change_mentorship")


def require_curator(user):
    """The picker is the curators' (and administrators') tool: the mentorship form's own permissions."""
    require_or_404(user, "mentorship.view_mentorship")
    if not any(user.has_perm(perm) for perm in CURATOR_PERMISSIONS):
        raise PermissionDenied


def _choice(model, value):
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    found = model.objects.filter(pk=int(value)).first()
    if found is None:
        raise Http404
    return found


@require_safe
def people_search(request):
    """JSON for Tom Select: `?role=mentor|mentee&form=<id>&q=…&category=<id>&free=1`.

    Each result: the record number, the full name, the class or post, and a mentor's free places. No
    categories, no dates of birth: only what the form's list shows.
    """
    require_curator(request.user)
    role = request.GET.get("role", "mentor")
    if role not in ("mentor", "mentee"):
        raise Http404
    form = _choice(MentorshipForm, request.GET.get("form", ""))
    category = _choice(MenteeCategory, request.GET.get("category", "")) if role == "mentee" else None
    people = people_for_picker(
        role=role,
        form=form,
        query=request.GET.get("q", "")[:PICKER_QUERY_MAX],
        category=category,
        free_only=role == "mentor" and request.GET.get("free") == "1",
        day=timezone.localdate(),
        limit=PICKER_LIMIT + 1,
    )
    results = [
        {
            "value": str(p.pk),
            "text": person_label(p),
            "name": p.full_name,
            "detail": picker_detail(p),
            "free": p.free if role == "mentor" else None,
        }
        for p in people[:PICKER_LIMIT]
    ]
    return JsonResponse({"results": results, "more": len(people) > PICKER_LIMIT})
