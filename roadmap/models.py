import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config import text

from .schedules import KIND_CHOICES, Schedule
from .statuses import BADGE_CLASSES, STORED_CHOICES, Status, derive_status
from .storage import private_storage

MONTH_CHOICES = [(m, m) for m in range(1, 13)]


class Programme(models.Model):
    """A school's roadmap for a run of years; the lyceum's 2020–2024 one is loaded by a migration."""

    title = text.TextField(_("title"), max_length=1000)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    starts_on = models.DateField(
        _("starts on"),
        null=True,
        blank=True,
        help_text=_("Recurring activities have no occurrences before this date (e.g. the approval order's date)."),
    )
    approval = text.CharField(_("approved by"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["-start_year", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")), name="programme_years")
        ]

    def __str__(self):
        return f"{self.start_year}–{self.end_year}"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot come before the first one.")})

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))


class Section(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="sections"
    )
    number = text.CharField(_("number"), max_length=20, help_text=_("As in the roadmap, e.g. «1.»."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = text.TextField(_("title"), max_length=1000)
    key_result = text.TextField(_("key result"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("roadmap section")
        verbose_name_plural = _("roadmap sections")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="section_number_unique")]

    def __str__(self):
        return f"{self.number} {self.title}"


class Activity(models.Model):
    section = models.ForeignKey(
        Section, verbose_name=_("roadmap section"), on_delete=models.CASCADE, related_name="activities"
    )
    number = text.CharField(_("number"), max_length=20, help_text=_("As in the roadmap, e.g. «1.1»."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = text.TextField(_("activity"), max_length=2000)
    key_result = text.TextField(_("key result"), max_length=4000, blank=True)
    responsible = text.CharField(
        _("responsible"), max_length=500, blank=True, help_text=_("As the roadmap writes it, e.g. a service or a role.")
    )
    responsible_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible users"),
        blank=True,
        related_name="roadmap_activities",
        help_text=_("They receive the reminders."),
    )
    documents = text.TextField(
        _("confirming documents"),
        max_length=4000,
        blank=True,
        help_text=_("Lines starting with «- » are shown as a list."),
    )
    schedule_kind = models.CharField(_("schedule"), max_length=20, choices=KIND_CHOICES)
    schedule_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    schedule_end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    schedule_month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True, choices=MONTH_CHOICES)
    schedule_end_month = models.PositiveSmallIntegerField(_("last month"), null=True, blank=True, choices=MONTH_CHOICES)
    # [[month, day], …] in the roadmap's order.
    schedule_days = models.JSONField(_("dates"), default=list, blank=True)

    class Meta:
        verbose_name = _("roadmap activity")
        verbose_name_plural = _("roadmap activities")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["section", "number"], name="activity_number_unique")]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def schedule(self):
        return Schedule(
            kind=self.schedule_kind,
            year=self.schedule_year,
            end_year=self.schedule_end_year,
            month=self.schedule_month,
            end_month=self.schedule_end_month,
            days=tuple(tuple(pair) for pair in self.schedule_days or ()),
        )

    @property
    def schedule_text(self):
        return self.schedule.describe()

    @property
    def documents_lead(self):
        return "\n".join(line for line in self.documents.splitlines() if not line.startswith("- "))

    @property
    def documents_items(self):
        return [line[2:] for line in self.documents.splitlines() if line.startswith("- ")]

    def clean(self):
        days = self.schedule_days or []
        if not isinstance(days, list) or not all(isinstance(p, list | tuple) and len(p) == 2 for p in days):
            raise ValidationError({"schedule_days": _("Dates must be pairs of month and day.")})
        errors = self.schedule.errors()
        if errors:
            raise ValidationError(errors)


class Occurrence(models.Model):
    """One dated turn of an activity, e.g. the monitoring due on 20.12.2021."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("roadmap activity"), on_delete=models.CASCADE, related_name="occurrences"
    )
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=STORED_CHOICES, default=Status.PLANNED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    note = text.TextField(_("note"), max_length=4000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "due_on"], name="occurrence_due_unique")]
        indexes = [models.Index(fields=["due_on", "status"])]

    def __str__(self):
        return f"{self.activity.number} · {self.due_on:%d.%m.%Y}"

    @property
    def effective_status(self):
        return derive_status(self.status, self.due_on, timezone.localdate())

    @property
    def badge_class(self):
        return BADGE_CLASSES[self.effective_status]

    def clean(self):
        if self.starts_on and self.due_on and self.starts_on > self.due_on:
            raise ValidationError({"starts_on": _("An occurrence cannot start after it is due.")})


def evidence_upload_to(instance, filename):
    # The stored name is random: the person's file name is kept only for the download header.
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class Evidence(models.Model):
    """A file or a link that confirms an occurrence's result."""

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("occurrence"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=evidence_upload_to, blank=True)
    original_name = text.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    url = text.URLField(_("link"), max_length=1000, blank=True)
    comment = text.TextField(_("comment"), max_length=2000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    extension = ""  # set by the service from the file's real type before saving

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url="")) | (~models.Q(file="") & models.Q(url="")),
                name="evidence_file_or_link",
            )
        ]

    def __str__(self):
        return self.original_name or self.url

    @property
    def is_file(self):
        return bool(self.file)

    def clean(self):
        if bool(self.file) == bool(self.url):
            raise ValidationError(_("Attach either a file or a link."))


class ReminderLog(models.Model):
    """A reminder that went out; the unique pair makes sending idempotent."""

    class Event(models.TextChoices):
        DUE_SOON = "due_soon", _("due in a week")
        OVERDUE = "overdue", _("overdue")

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("occurrence"), on_delete=models.CASCADE, related_name="reminders"
    )
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["occurrence", "event"], name="reminder_once_per_event")]

    def __str__(self):
        return f"{self.occurrence} · {self.get_event_display()}"
