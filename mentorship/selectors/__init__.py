"""Reads of the registry, scoped to the user. Other apps read mentorship only through these modules."""

from ..dates import full_years, years_before
from ..models import YOUNG_TEACHER_YEARS
from .kpi import (
    KPI_CODES,
    ORGANIZATIONS_MENTORS,
    STUDENTS_MENTEES,
    STUDENTS_MENTORS,
    YOUNG_TEACHERS_MENTEES,
    kpi_counts,
    kpi_dashboard_counters,
    kpi_members,
)
from .public import (
    PersonKind,
    people_for_choice,
    person_may_be_published,
    public_forms_in_use,
    publication_allowed_q,
    students_publication_consent_state,
    students_without_publication_consent,
)
from .registry import (
    best_mentors_by_year,
    mentors_for_choice,
    mentorship_get_for_user,
    mentorship_list_for_user,
    mentorships_of_mentor,
    open_plan_items,
    organization_list,
    person_by_roster_id,
    person_card,
    person_list,
    school_get,
)

__all__ = [
    "KPI_CODES",
    "ORGANIZATIONS_MENTORS",
    "STUDENTS_MENTEES",
    "STUDENTS_MENTORS",
    "YOUNG_TEACHERS_MENTEES",
    "YOUNG_TEACHER_YEARS",
    "PersonKind",
    "best_mentors_by_year",
    "full_years",
    "kpi_counts",
    "kpi_dashboard_counters",
    "kpi_members",
    "mentors_for_choice",
    "mentorship_get_for_user",
    "mentorship_list_for_user",
    "mentorships_of_mentor",
    "open_plan_items",
    "organization_list",
    "people_for_choice",
    "person_by_roster_id",
    "person_card",
    "person_list",
    "person_may_be_published",
    "public_forms_in_use",
    "publication_allowed_q",
    "school_get",
    "students_publication_consent_state",
    "students_without_publication_consent",
    "years_before",
]
from .reports import (
    best_mentor_get,
    best_mentors_of_year,
    feedback_rating_labels,
    mentorship_for_print,
    mentorships_for_order,
    plan_for_print,
    report_feedback,
    report_movements,
    report_participation,
    report_plan_progress,
)

__all__ += [
    "best_mentor_get",
    "best_mentors_of_year",
    "feedback_rating_labels",
    "mentorship_for_print",
    "mentorships_for_order",
    "plan_for_print",
    "report_feedback",
    "report_movements",
    "report_participation",
    "report_plan_progress",
]
