from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    # New models of any app get their permissions into the roles on the next migrate.
    from django.apps import apps

    from .role_sync import sync_roles

    sync_roles(apps, None)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.core.checks import Tags, register

        from config.checks import private_media_outside_served_roots

        register(private_media_outside_served_roots, Tags.security)
        post_migrate.connect(_sync_roles_after_migrate, sender=self, dispatch_uid="portal-sync-roles")
