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
