from django.db import models
from django.utils.translation import gettext_lazy as _


class School(models.Model):
    """The school running the programme. One row; the lyceum of the seed is the default."""

    name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    director = models.CharField(_("director"), max_length=200)
    address = models.CharField(_("address"), max_length=500, blank=True)
    town = models.CharField(_("town"), max_length=200, help_text=_("Used by indicator 4."))
    district = models.CharField(_("district"), max_length=200, help_text=_("Used by indicator 4."))
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("school details")
        verbose_name_plural = _("school details")

    def __str__(self):
        return self.short_name
