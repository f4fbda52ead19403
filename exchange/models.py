"""A report's delivery to the hub: one per monitoring date, the document fixed when it is queued."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config import text


class Delivery(models.Model):
    """The push of one monitoring date's report. The document and its digest are fixed when it is queued,
    so that every retry sends the identical report; `attempts` counts the requests made."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("delivery status", "Queued")
        SENDING = "sending", pgettext_lazy("delivery status", "Sending")
        DELIVERED = "delivered", pgettext_lazy("delivery status", "Delivered")
        RETRYING = "retrying", pgettext_lazy("delivery status", "Will be retried")
        FAILED = "failed", pgettext_lazy("delivery status", "Not delivered")

    monitoring_date = models.DateField(_("monitoring date"), unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    document = models.JSONField(_("report"))
    digest = models.CharField(_("SHA-256 of the report"), max_length=64)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = text.CharField(_("last error"), max_length=300, blank=True)
    hub_status = models.PositiveSmallIntegerField(_("hub's answer code"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("queued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    queued_at = models.DateTimeField(_("queued"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("report delivery")
        verbose_name_plural = _("report deliveries")
        ordering = ["-monitoring_date"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="exchange_delivery_due")]

    def __str__(self):
        return self.monitoring_date.strftime("%d.%m.%Y")

    @property
    def may_resend(self) -> bool:
        return self.status == self.Status.FAILED
