"""The journal of roster imports and exports, and the status of a background import."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config import text


class RosterJob(models.Model):
    """One import (checked, then confirmed) or one export, with who, when, the file, counts and outcome."""

    class Action(models.TextChoices):
        IMPORT = "import", _("import")
        EXPORT = "export", _("export")

    class Kind(models.TextChoices):
        STUDENTS = "students", _("students")
        TEACHERS = "teachers", _("teachers")
        ORGANIZATIONS = "organizations", _("organisations")
        EXTERNAL = "external", _("external mentors")
        MENTORSHIPS = "mentorships", _("mentorships")

    class Source(models.TextChoices):
        WEB = "web", _("portal")
        COMMAND = "command", _("command line")

    class Stage(models.TextChoices):
        CHECK = "check", _("check")
        IMPORT = "import", _("import")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        PREVIEW = "preview", _("awaiting confirmation")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.IMPORT)
    kind = models.CharField(_("roster"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roster_jobs",
    )
    file_name = text.CharField(_("file name"), max_length=255)
    # Path of the uploaded file under PRIVATE_MEDIA_ROOT while it waits for confirmation; then emptied.
    stored_file = models.CharField(_("stored file"), max_length=255, blank=True)
    sheet = text.CharField(_("sheet"), max_length=100, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.CHECK)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows (estimate)"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    # Rows that do not stop the import ({row, column, message}), and the totals and signatures after the table
    # ([row, text]), both shown with the preview.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    skipped = models.JSONField(_("skipped rows"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster import or export")
        verbose_name_plural = _("roster imports and exports")
        ordering = ["-created_at", "-pk"]
        permissions = [("import_roster", _("Can import rosters"))]

    def __str__(self):
        return f"{self.get_action_display()} {self.get_kind_display()}: {self.file_name}"

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self):
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))
