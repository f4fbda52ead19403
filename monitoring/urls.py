from django.urls import path

from . import analysis_views, campaign_views, views

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
    path("mentorships/<int:pk>/feedback/new/", views.feedback_add, name="feedback_add"),
    # Campaigns: participants answer themselves.
    path("campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/remind/", campaign_views.campaign_remind, name="campaign_remind"),
    path("campaigns/<int:pk>/close/", campaign_views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/sheets/", campaign_views.campaign_sheets, name="campaign_sheets"),
    path("mine/", campaign_views.my_questionnaires, name="my_questionnaires"),
    path("mine/<int:pk>/", campaign_views.my_questionnaire_answer, name="my_questionnaire_answer"),
    # Growth and SWOT.
    path("growth/", analysis_views.growth, name="growth"),
    path("swot/", analysis_views.swot, name="swot"),
]
