"""A personal calendar feed per portal user: the feed's secret address carries a random token; only the
token's SHA-256 digest is stored, so the database (or a copy of it) cannot open anyone's feed. Issuing a
new token replaces the digest: the old address stops working at once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config import text


class CalendarToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    digest = text.CharField(_("token digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued"))
    last_used_at = models.DateTimeField(_("last read"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        permissions = [("use_calendar", _("Can have a personal calendar feed"))]

    def __str__(self):
        return str(self.user)
