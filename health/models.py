"""Pair health: each active pair's status and its reasons, computed daily and on demand (health/rules.py),
and the log of every letter the health signals send (the curators' digest, the mentors' reminders)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentorship.models import Mentorship


class PairHealth(models.Model):
    """The last computed health of one active pair. Reasons are codes with numbers and dates only
    (no text, no names): `[{"code": "no_recent_meeting", "key": "gap:2026-10-01", "severity": "attention"}]`;
    the number of days is counted from the key's date when shown (health/rules.py `days`)."""

    class Status(models.TextChoices):
        OK = "ok", _("in order")
        ATTENTION = "attention", _("needs attention")
        RISK = "risk", _("at risk")

    mentorship = models.OneToOneField(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="health"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OK)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    last_meeting = models.DateField(_("last held meeting"), null=True, blank=True)
    # The day the pair stopped being in order (kept while it stays so): «needs attention since».
    since = models.DateField(_("since"), null=True, blank=True)
    # When the status or the reasons last changed: a daily run rewrites only the pairs whose health changed.
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("pair health")
        verbose_name_plural = _("pair health")
        ordering = ["mentorship"]
        indexes = [models.Index(fields=["status"])]
        permissions = [
            ("view_all_pairhealth", _("Can see the health of every pair, not only the curated ones")),
            ("refresh_pairhealth", _("Can recompute pair health now")),
        ]

    def __str__(self):
        return f"{self.mentorship_id}: {self.get_status_display()}"


class HealthRun(models.Model):
    """One computation of pair health (the daily run, a recompute by a curator, a pair after a meeting): its
    day, when it finished and what it found — «last computed» on the page, and the daily job's record."""

    day = models.DateField(_("day"))
    finished_at = models.DateTimeField(_("finished at"))
    pairs = models.PositiveIntegerField(_("pairs"), default=0)
    ok = models.PositiveIntegerField(_("in order"), default=0)
    attention = models.PositiveIntegerField(_("need attention"), default=0)
    risk = models.PositiveIntegerField(_("at risk"), default=0)
    written = models.PositiveIntegerField(_("rows written"), default=0)
    whole = models.BooleanField(_("every pair"), default=True)

    class Meta:
        verbose_name = _("pair health computation")
        verbose_name_plural = _("pair health computations")
        ordering = ["-finished_at", "-pk"]

    def __str__(self):
        return f"{self.day:%d.%m.%Y}: {self.pairs}"


class Letter(models.Model):
    """A letter the health signals sent: who, when, why (a reason code), which pair. The unique key makes
    each one go out once: a digest once per curator and ISO week, a reminder once per pair and reason."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("weekly digest to the curator")
        REMINDER = "reminder", _("reminder to the mentor")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=40)
    key = models.CharField(_("once-only key"), max_length=80)
    pairs = models.PositiveIntegerField(_("pairs in the letter"), default=0)
    # The day of the run that sent it (the daily task may be run for a given day): the weekly limit counts by it.
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("health letter")
        verbose_name_plural = _("health letters")
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "recipient", "key"], name="health_letter_once")]
        indexes = [models.Index(fields=["kind", "recipient", "day"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.reason}"
