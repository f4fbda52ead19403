from django.urls import include, path

from .views import awards, consent, mentorships, organizations, people, picker, school

app_name = "mentorship"

urlpatterns = [
    path("school/", school.school_detail, name="school"),
    path("students/", people.person_list_view, {"slug": "students"}, name="student_list"),
    path("teachers/", people.person_list_view, {"slug": "teachers"}, name="teacher_list"),
    path("external/", people.person_list_view, {"slug": "external"}, name="external_list"),
    path("students/new/", people.person_create, {"slug": "students"}, name="student_create"),
    path("teachers/new/", people.person_create, {"slug": "teachers"}, name="teacher_create"),
    path("external/new/", people.person_create, {"slug": "external"}, name="external_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/publication/withdraw/", consent.publication_withdraw, name="publication_withdraw"),
    path("people/<int:pk>/consent/withdraw/", consent.pd_withdraw, name="pd_withdraw"),
    path("people/<int:pk>/export/", consent.person_export, name="person_export"),
    path("destruction-acts/", consent.destruction_list, name="destruction_list"),
    path("destruction-acts/<int:pk>/", consent.destruction_detail, name="destruction_detail"),
    path("destruction-acts/<int:pk>/pdf/", consent.destruction_pdf, name="destruction_pdf"),
    path("organizations/", organizations.organization_list_view, name="organization_list"),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path("mentorships/", mentorships.mentorship_list, name="mentorship_list"),
    path("mentorships/mine/", mentorships.my_mentorships, name="my_mentorships"),
    path("mentorships/new/", mentorships.mentorship_create_view, name="mentorship_create"),
    path("mentorships/people/", picker.people_search, name="people_search"),
    path("mentorships/<int:pk>/", mentorships.mentorship_detail, name="mentorship_detail"),
    path("mentorships/<int:pk>/edit/", mentorships.mentorship_edit, name="mentorship_edit"),
    path("mentorships/<int:pk>/start/", mentorships.mentorship_activate_view, name="mentorship_activate"),
    path("mentorships/<int:pk>/complete/", mentorships.mentorship_complete_view, name="mentorship_complete"),
    path("mentorships/<int:pk>/terminate/", mentorships.mentorship_terminate_view, name="mentorship_terminate"),
    path("mentorships/<int:pk>/plans/<int:plan_pk>/", mentorships.plan_edit, name="plan_edit"),
    path("mentorships/<int:pk>/plans/<int:plan_pk>/items/new/", mentorships.plan_item_add, name="plan_item_add"),
    path(
        "mentorships/<int:pk>/plans/<int:plan_pk>/items/<int:item_pk>/",
        mentorships.plan_item_edit,
        name="plan_item_edit",
    ),
    path("mentorships/<int:pk>/meetings/new/", mentorships.meeting_add, name="meeting_add"),
    path("mentorships/<int:pk>/meetings/<int:meeting_pk>/held/", mentorships.meeting_held, name="meeting_held"),
    path(
        "mentorships/<int:pk>/meetings/<int:meeting_pk>/cancel/",
        mentorships.meeting_cancel_view,
        name="meeting_cancel",
    ),
    path("best-mentors/", awards.best_mentor_list, name="best_mentor_list"),
    path("best-mentors/new/", awards.best_mentor_add, name="best_mentor_add"),
    path("best-mentors/<int:pk>/remove/", awards.best_mentor_remove, name="best_mentor_remove"),
    path("roster/", include("roster.urls")),
]
