from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Written by a Celery worker: proves that queued work reaches the database."""

    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    hostname = models.CharField(_("worker"), max_length=200)
    token = models.CharField(_("token"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.hostname} {self.created_at:%d.%m.%Y %H:%M}"


class SubmittedForm(models.Model):
    """A create form that was sent: its token is claimed once, so a double click creates one record.

    The token is issued with the form (`{% submission_token %}`); see portal/submission.py.
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
