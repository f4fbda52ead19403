"""The hub of a municipality or a region: its organisations, the school portals' keys, the collection
campaigns and the reports the schools sent (docs/hub.md).

A report is stored whole (the signed document, exchange/document.py) and, for the roll-ups, as one row
per indicator (`ReportIndicator`) that carries the school's municipality and region, so a dashboard sums
one table by an indexed date without joining the tree. Nothing here is a person: the hub never receives
one (the document's schema has no field for it); `Member` links the hub's own users to the organisation
whose reports they see.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config import text


class Organisation(models.Model):
    """A region, a municipality or a school; a municipality's parent is a region, a school's a municipality."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        MUNICIPALITY = "municipality", _("municipality")
        SCHOOL = "school", _("school")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The school's code is the one its reports carry (school.code of the document).
    code = models.CharField(_("code"), max_length=64, unique=True, validators=[text.validate_line])
    name = text.CharField(_("name"), max_length=500)
    short_name = text.CharField(_("short name"), max_length=200, blank=True)
    has_portal = models.BooleanField(
        _("has its own portal"), default=True, help_text=_("A school without a portal uploads the Excel template.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["parent", "kind"], name="hub_org_parent_kind")]

    def __str__(self):
        return self.short_name or self.name


class SchoolKey(models.Model):
    """A school portal's signing key. The secret is never stored: it is derived from the hub's SECRET_KEY
    and the key ID (hub/keys.py), shown once at registration, and checked by deriving it again."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("school"), on_delete=models.CASCADE, related_name="keys"
    )
    key_id = models.CharField(_("key ID"), max_length=40, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("school portal key")
        verbose_name_plural = _("school portal keys")
        ordering = ["-created_at"]

    def __str__(self):
        return self.key_id


class Campaign(models.Model):
    """A collection of the reports of one monitoring date: open from `opens_on` to `closes_on`; a report
    received after `deadline` (Europe/Kirov) is accepted but marked late; none is accepted after `closes_on`."""

    monitoring_date = models.DateField(_("monitoring date"), unique=True)
    title = text.CharField(_("title"), max_length=300, blank=True)
    opens_on = models.DateField(_("opens"))
    deadline = models.DateField(_("deadline"))
    closes_on = models.DateField(_("closes"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("collection campaign")
        verbose_name_plural = _("collection campaigns")
        ordering = ["-monitoring_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("deadline")) & Q(deadline__lte=models.F("closes_on")),
                name="hub_campaign_window_ordered",
            )
        ]

    def __str__(self):
        return self.title or str(self.monitoring_date)


class Report(models.Model):
    """One school's report of one monitoring date: at most one (a push is idempotent per school and date);
    a corrected report sent again replaces the document and counts a revision."""

    class Source(models.TextChoices):
        PUSH = "push", _("sent by the school's portal")
        EXCEL = "excel", _("uploaded as the Excel template")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("school"), on_delete=models.PROTECT, related_name="reports"
    )
    monitoring_date = models.DateField(_("monitoring date"))
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    version = models.PositiveSmallIntegerField(_("format version"))
    document = models.JSONField(_("report"))
    digest = models.CharField(_("SHA-256 of the report"), max_length=64)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.PUSH)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    received_at = models.DateTimeField(_("received"))
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("school report")
        verbose_name_plural = _("school reports")
        ordering = ["-monitoring_date", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "monitoring_date"], name="hub_report_one_per_school_date")
        ]
        indexes = [models.Index(fields=["monitoring_date"], name="hub_report_date")]
        permissions = [("upload_report", _("Can upload the school's report as the Excel template"))]

    def __str__(self):
        return f"{self.organisation} — {self.monitoring_date:%d.%m.%Y}"


class ReportIndicator(models.Model):
    """One indicator of one report, with the school's municipality and region copied for the roll-ups."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="indicators")
    monitoring_date = models.DateField(_("monitoring date"))
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Organisation, null=True, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Organisation, null=True, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("indicator"), max_length=40)
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(_("denominator"))
    value = models.DecimalField(_("value, %"), max_digits=6, decimal_places=1, null=True)
    target = models.DecimalField(_("target, %"), max_digits=6, decimal_places=1, null=True)

    class Meta:
        verbose_name = _("report indicator")
        verbose_name_plural = _("report indicators")
        constraints = [models.UniqueConstraint(fields=["report", "code"], name="hub_indicator_once_per_report")]
        indexes = [models.Index(fields=["monitoring_date", "municipality", "code"], name="hub_ind_date_mun_code")]

    def __str__(self):
        return f"{self.code}: {self.numerator}/{self.denominator}"


class Member(models.Model):
    """A hub user's organisation: a region's staff see the whole region, a municipality's its schools,
    a school without a portal only its own reports (and uploads them)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="hub_member"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="members"
    )

    class Meta:
        verbose_name = _("hub user's organisation")
        verbose_name_plural = _("hub users' organisations")

    def __str__(self):
        return f"{self.user} — {self.organisation}"
