"""Applications to join the programme (Р-145, stages 2 and 3: the mentees' and mentors' «анкеты»).

A visitor fills a public form; the application waits in the curators' queue until it is accepted — a
registry person is created through the registry's services, or the application is linked to a person
already there — or declined with a reason. Applications hold a child's data: they are shown to staff
only, never in a URL (only their number), a log or a task's arguments; a purge of the person removes
them; declined ones are deleted `JOIN_DECLINED_KEEP_MONTHS` months after the decision (docs/joining.md).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config import text
from mentorship.models import Organization, Person


class Application(models.Model):
    class Wish(models.TextChoices):
        MENTEE = "mentee", _("wants a mentor")
        MENTOR = "mentor", _("wants to become a mentor")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    wish = models.CharField(_("application"), max_length=10, choices=Wish.choices)
    kind = models.CharField(_("who applies"), max_length=10, choices=Person.Kind.choices)
    last_name = text.CharField(_("surname"), max_length=100)
    first_name = text.CharField(_("first name"), max_length=100)
    patronymic = text.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    class_letter = text.CharField(_("class letter"), max_length=3, blank=True)
    position = text.CharField(_("position"), max_length=200, blank=True)
    organization_name = text.CharField(_("organisation"), max_length=500, blank=True)
    email = text.EmailField(_("e-mail"), blank=True)
    phone = text.CharField(_("phone"), max_length=50, blank=True)
    # A student's application: the parent (legal representative) and their consent.
    parent_name = text.CharField(_("parent's full name"), max_length=300, blank=True)
    parent_contact = text.CharField(_("parent's phone or e-mail"), max_length=200, blank=True)
    parent_consent = models.BooleanField(_("the parent consents"), default=False)
    # The matching fields, copied to the registry person on accept.
    request = text.TextField(_("request"), max_length=1000, blank=True)
    strengths = text.TextField(_("strengths"), max_length=1000, blank=True)
    interests = text.CharField(_("interests"), max_length=500, blank=True)
    availability = text.CharField(_("availability"), max_length=300, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("registry person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("registry organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    consent_confirmed_at = models.DateTimeField(_("parent's consent confirmed"), null=True, blank=True)
    decline_reason = text.TextField(_("reason for declining"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Set by the letter's claim (config/mail.py send_once): each letter is sent once.
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True, editable=False)
    answer_sent_at = models.DateTimeField(_("answer sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-created_at", "-pk"]
        permissions = [("decide_application", _("Can accept and decline applications to join"))]

    def __str__(self):
        return _("Application № %(pk)s") % {"pk": self.pk}

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def class_name(self):
        return f"{self.grade}{self.class_letter}" if self.grade else ""
