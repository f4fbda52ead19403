"""The four indicators of the roadmap, their yearly targets, the entered KPI-4 denominators and the
snapshots of values recorded at each monitoring date (20 June, 20 December)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config import text


class Indicator(models.Model):
    """One of the four indicators; `code` is the stable identifier of the KPI spec."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = text.CharField(_("name"), max_length=500)
    short_name = text.CharField(_("short name"), max_length=100)
    explanation = text.TextField(_("explanation"), max_length=4000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order"]

    def __str__(self):
        return self.short_name


class Target(models.Model):
    """The planned value of an indicator for a year, in per cent."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    value = models.DecimalField(
        _("target, %"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator__order", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="target_once_per_year")]

    def __str__(self):
        return f"{self.indicator}: {self.year} — {self.value}"


class EnterpriseCount(models.Model):
    """The number of enterprises operating in the town and district in a year (indicator 4's denominator)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    count = models.PositiveIntegerField(_("number of enterprises"), validators=[MinValueValidator(1)])
    source = text.CharField(
        _("source"), max_length=500, help_text=_("Where the number comes from, e.g. the statistics office's data.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("number of enterprises in the town and district")
        verbose_name_plural = _("numbers of enterprises in the town and district")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: {self.count}"


class Snapshot(models.Model):
    """An indicator's value as of a monitoring date, kept as it was: never recomputed silently.

    Recorded by the portal from the registry on the monitoring date, or entered by an administrator
    for years before the portal existed (then with a note).
    """

    class Source(models.TextChoices):
        RECORDED = "recorded", _("recorded by the portal")
        ENTERED = "entered", _("entered by an administrator")

    class DenominatorSource(models.TextChoices):
        REGISTRY = "registry", _("registry")
        ENTERED = "entered", _("entered number of enterprises")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="snapshots"
    )
    as_of = models.DateField(_("as of"))
    numerator = models.PositiveIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    value = models.DecimalField(_("value, %"), max_digits=5, decimal_places=1, null=True, blank=True)
    target = models.DecimalField(_("target, %"), max_digits=4, decimal_places=1, null=True, blank=True)
    achieved = models.BooleanField(_("achieved"), null=True, blank=True)
    denominator_source = models.CharField(
        _("denominator source"),
        max_length=20,
        choices=DenominatorSource.choices,
        default=DenominatorSource.REGISTRY,
    )
    denominator_note = text.CharField(_("source of the denominator"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.RECORDED)
    note = text.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recorded value")
        verbose_name_plural = _("recorded values")
        ordering = ["-as_of", "indicator__order"]
        constraints = [models.UniqueConstraint(fields=["indicator", "as_of"], name="snapshot_once_per_date")]

    def __str__(self):
        return f"{self.indicator} {self.as_of:%d.%m.%Y}: {self.value if self.value is not None else '—'}"
