from django.urls import path

from . import analysis_views, views

app_name = "monitoring"

urlpatterns = [
    path("questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/new/", views.questionnaire_create_view, name="questionnaire_create"),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("questionnaires/<int:pk>/edit/", views.questionnaire_edit, name="questionnaire_edit"),
    path("questionnaires/<int:pk>/items/new/", views.item_add_view, name="item_add"),
    path("questionnaires/<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("questionnaires/<int:pk>/items/<int:item_pk>/remove/", views.item_remove_view, name="item_remove"),
    path("questionnaires/<int:pk>/items/<int:item_pk>/move/", views.item_move_view, name="item_move"),
]

urlpatterns += [
    path("mentorships/<int:pk>/feedback/new/", views.feedback_add, name="feedback_add"),
]

urlpatterns += [
    # Growth, SWOT (issue 18, analysis).
    path("growth/", analysis_views.growth, name="growth"),
    path("swot/", analysis_views.swot, name="swot"),
]
