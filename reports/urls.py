import datetime

from django.urls import path, register_converter

from mentorship.dates import parse_iso_date

from . import views


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return parse_iso_date(value)  # a wrong or out-of-range date: ValueError → no match → 404

    def to_url(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)


register_converter(IsoDateConverter, "isodate")

app_name = "reports"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("open/", views.summary_open, name="summary_open"),
    path("<isodate:as_of>/", views.summary_detail, name="summary"),
    path("<isodate:as_of>/pdf/", views.summary_download, name="download"),
    path("<isodate:as_of>/xlsx/", views.summary_export, name="export"),
    path("<isodate:as_of>/approve/", views.summary_approve, name="approve"),
    path("forms/plan/<int:pk>/", views.plan_pdf, name="plan_pdf"),
    path("forms/feedback/<int:pk>/", views.feedback_pdf, name="feedback_pdf"),
    path("forms/order-list/", views.order_list_pdf, name="order_list_pdf"),
    path("forms/certificate/<int:pk>/", views.certificate_pdf, name="certificate_pdf"),
]
