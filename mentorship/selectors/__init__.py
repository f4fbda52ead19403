"""Reads of the registry, scoped to the user. Other apps read mentorship only through these modules."""

from .registry import (
    mentorship_get_for_user,
    mentorship_list_for_user,
    mentorships_of_mentor,
    organization_list,
    person_by_roster_id,
    person_card,
    person_list,
    school_get,
)

__all__ = [
    "mentorship_get_for_user",
    "mentorship_list_for_user",
    "mentorships_of_mentor",
    "organization_list",
    "person_by_roster_id",
    "person_card",
    "person_list",
    "school_get",
]
