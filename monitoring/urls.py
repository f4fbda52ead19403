from django.urls import path

from . import campaign_views

app_name = "monitoring"

urlpatterns = [
    # Campaigns (issue 18: participants answer themselves).
    path("campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/remind/", campaign_views.campaign_remind, name="campaign_remind"),
    path("campaigns/<int:pk>/close/", campaign_views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/sheets/", campaign_views.campaign_sheets, name="campaign_sheets"),
    path("mine/", campaign_views.my_questionnaires, name="my_questionnaires"),
    path("mine/<int:pk>/", campaign_views.my_questionnaire_answer, name="my_questionnaire_answer"),
]
