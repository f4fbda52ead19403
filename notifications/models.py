"""In-portal notifications (the bell): an event for one user, read or not, kept NOTIFICATIONS_KEEP_DAYS days.

A notification stores a code, ids and a count — never a name: its text is composed when it is shown, in
the reader's language, and its link is a portal path with numbers only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class Notification(models.Model):
    class Event(models.TextChoices):
        ROSTER_IMPORT = "roster_import_finished", _("roster import finished")
        SUMMARY_READY = "summary_ready", _("summary ready")
        CAMPAIGN_RESULTS = "campaign_results", _("questionnaire campaign results")
        PAIRS_ATTENTION = "pairs_need_attention", _("pairs need attention")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    object_id = models.PositiveIntegerField(_("object"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        if self.event == self.Event.ROSTER_IMPORT:
            return str(_("A roster import has finished: see its result in the journal."))
        if self.event == self.Event.SUMMARY_READY:
            return str(_("An analytic summary is ready."))
        if self.event == self.Event.CAMPAIGN_RESULTS:
            return str(_("The results of a questionnaire campaign are in."))
        return ngettext(
            "%(count)d pair of yours needs attention.", "%(count)d pairs of yours need attention.", self.count
        ) % {"count": self.count}
