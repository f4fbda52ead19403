"""One-time tokens of create forms: a double click or a parallel copy of the same form makes one record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmittedForm(models.Model):
    """A create form that was sent: its token is claimed once, so a double click creates one record.

    The token is issued with the form (`{% submission_token %}`); see submissions/decorators.py.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self):
        return f"{self.token[:8]}… {self.created_at:%d.%m.%Y %H:%M}"
