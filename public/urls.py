from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .feeds import NewsAtomFeed, NewsRssFeed

app_name = "public"

KINDS = "<str:kind>"

urlpatterns = [
    path("", views.page, name="page"),
    path("embed/", views.embed, name="embed"),
    path("news/", views.news_list, name="news_list"),
    path("news/rss/", login_not_required(require_safe(NewsRssFeed())), name="feed_rss"),
    path("news/atom/", login_not_required(require_safe(NewsAtomFeed())), name="feed_atom"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("news/<int:pk>/picture/", views.news_picture, name="news_picture"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/file/", views.document_file, name="document_file"),
    path("mentors/<int:pk>/photo/", views.mentor_photo, name="mentor_photo"),
    # Curators
    path("manage/", views.manage, name="manage"),
    path("manage/preview/", views.preview, name="preview"),
    path("manage/news/<int:pk>/preview/", views.news_preview, name="news_preview"),
    path("manage/news/<int:pk>/picture/", views.manage_news_picture, name="manage_news_picture"),
    path("manage/documents/<int:pk>/file/", views.manage_document_file, name="manage_document_file"),
    path("manage/mentors/<int:pk>/photo/", views.manage_mentor_photo, name="manage_mentor_photo"),
    path(f"manage/{KINDS}/new/", views.item_add, name="item_add"),
    path(f"manage/{KINDS}/<int:pk>/", views.item_edit, name="item_edit"),
    path(f"manage/{KINDS}/<int:pk>/<str:action>/", views.item_action, name="item_action"),
]
