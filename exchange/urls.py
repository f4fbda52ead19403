from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("", views.delivery_list, name="deliveries"),
    path("queue/", views.delivery_queue, name="queue"),
    path("<int:pk>/resend/", views.delivery_resend, name="resend"),
    path("<int:pk>/document/", views.delivery_document, name="document"),
]
