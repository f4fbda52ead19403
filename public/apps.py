from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _page_source_changed(sender, **kwargs):
    from .services import page_version_bump

    page_version_bump()


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public page")

    # Models of other apps whose rows the cached public page shows as they are (the school's details,
    # the names of the forms and indicators, the targets, the number of enterprises): saving or deleting
    # one bumps the page version, as the public page's own writes do. Mentorship must not import public,
    # so the hook is registered here. Counts and values computed from the registry are not hooked: they
    # are fresh again after PUBLIC_CACHE_SECONDS.
    PAGE_SOURCES = (
        "mentorship.School",
        "mentorship.MentorshipForm",
        "indicators.Indicator",
        "indicators.Target",
        "indicators.EnterpriseCount",
    )

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        # Takes part in every purge of a child's personal data (mentorship/purge.py).
        from . import purge

        purge.register()

        # The monitoring checklist of the open API (api/) lists the published documents.
        from config.integrations import register_checklist_source

        from .checklist import documents_checklist

        register_checklist_source("public.documents", documents_checklist)

        for label in self.PAGE_SOURCES:
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(_page_source_changed, sender=model, dispatch_uid=f"public-page-version-{label}")
