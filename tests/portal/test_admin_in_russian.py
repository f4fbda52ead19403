"""The Django admin reads in Russian: every label, column, filter, action, help text and page heading."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories import MentorshipFactory

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
OWN_APPS = {"portal", "mentorship", "roster", "roadmap", "indicators", "reports", "public", "auth"}
# Shown as they are on purpose: abbreviations and codes.
AS_IS = {"ID", "ИНН", "URL", "E-mail"}


def _registered():
    return [
        (model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label in OWN_APPS
    ]


def _labels(model, model_admin, request):
    opts = model._meta
    yield "verbose name", opts.verbose_name
    yield "verbose name plural", opts.verbose_name_plural
    yield "app", apps.get_app_config(opts.app_label).verbose_name
    for name in model_admin.get_list_display(request):
        yield f"column {name}", label_for_field(name, model, model_admin)
    for field in opts.get_fields():
        if getattr(field, "auto_created", False) and not field.concrete:
            continue
        yield f"field {field.name}", field.verbose_name
        if field.help_text:
            yield f"help {field.name}", field.help_text
    for name, (_func, _name, description) in model_admin.get_actions(request).items():
        yield f"action {name}", description % {"verbose_name_plural": opts.verbose_name_plural}
    for name in model_admin.get_readonly_fields(request):
        if not any(f.name == name for f in opts.get_fields()):
            yield f"read-only {name}", label_for_field(name, model, model_admin)


@pytest.mark.django_db
def test_every_admin_label_is_russian(django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_superuser("root", password="secret-pass-123")
    english = []
    with translation.override("ru"):
        for model, model_admin in _registered():
            for where, label in _labels(model, model_admin, request):
                text = str(label)
                if text not in AS_IS and not CYRILLIC.search(text):
                    english.append(f"{model._meta.label} {where}: {text!r}")
    assert not english, "\n".join(english)


@pytest.mark.django_db
def test_the_admin_pages_render_in_russian(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="secret-pass-123"))
    mentorship = MentorshipFactory()
    pages = [reverse("admin:index")]
    for model, _model_admin in _registered():
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    pages.append(reverse("admin:mentorship_mentorship_change", args=[mentorship.pk]))
    pages.append(reverse("admin:mentorship_mentorship_add"))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert '<html lang="ru"' in page, url
        assert "Наставничество: администрирование" in page, url
