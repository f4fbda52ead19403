"""Tokens of the integrations that read the open API, and the journal of their registry reads."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config import text as txt


class Scope(models.TextChoices):
    KPI = "kpi", _("KPIs and targets by year")
    ROADMAP = "roadmap", _("roadmap and its execution")
    AGGREGATES = "aggregates", _("anonymised aggregates")
    CHECKLIST = "checklist", _("monitoring checklist")
    REGISTRY = "registry", _("registry (people and pairs, audited)")


class Token(models.Model):
    """One integration's key: only the SHA-256 digest of the key is kept; the key is shown once."""

    name = txt.CharField(_("integration"), max_length=100, unique=True)
    prefix = models.CharField(_("key begins with"), max_length=12, editable=False)
    digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    scopes = txt.CharField(_("scopes"), max_length=200, help_text=_("Comma-separated: kpi, roadmap, …"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def scope_list(self) -> list[str]:
        return [s for s in self.scopes.split(",") if s]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class RegistryRead(models.Model):
    """One request of the registry scope: which token, which path, how many records, when."""

    token = models.ForeignKey(Token, verbose_name=_("token"), on_delete=models.PROTECT, related_name="reads")
    path = txt.CharField(_("path"), max_length=500)
    query = txt.CharField(_("query"), max_length=500, blank=True)
    count = models.PositiveIntegerField(_("records"))
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("registry read through the API")
        verbose_name_plural = _("registry reads through the API")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.token} {self.path}"
