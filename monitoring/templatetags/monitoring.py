"""The pair page's satisfaction answers, for the project template that composes it
(templates/mentorship/mentorship_detail.html): the mentorship app knows nothing of the monitoring."""

from django import template

from mentorship.access import mentor_person

from ..selectors import pair_responses
from ..services import ENDED

register = template.Library()

MANAGE = "monitoring.manage_questionnaires"


@register.simple_tag(takes_context=True)
def pair_feedback(context, mentorship):
    """{"responses": what the user may read, "can_add": whether she may enter one, "can_read": whether she
    reads individual answers at all}."""
    user = context["request"].user
    person = mentor_person(user)
    own_mentor = person is not None and mentorship.mentor_id == person.pk
    staff = user.has_perm(MANAGE)
    responses = pair_responses(mentorship=mentorship, user=user) if staff or own_mentor else []
    answered_own = any(r.role == "mentor" for r in responses)
    return {
        "responses": responses,
        "can_read": staff or own_mentor,
        "can_add": mentorship.status in ENDED and (staff or (own_mentor and not answered_own)),
    }
