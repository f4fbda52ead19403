"""Questionnaires as data, the answers the participants give, and the campaigns that collect them.

Stage 1 of the target model's monitoring (quality of the programme and of each pair) is answered by
the satisfaction and curator questionnaires; stage 2 (the participants' growth) compares a person's
entry and exit answers item by item, matched by the item's `key`.

An item that already has answers is never changed in place: editing it retires the old version
(`retired_at`) and adds a new one with the same key and the next version number.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config import text as policy
from mentorship.models import Mentorship, MentorshipForm, Person

SCALE_MIN = 1
SCALE_MAX = 10


class Role(models.TextChoices):
    """Who answers a questionnaire."""

    MENTOR = "mentor", _("mentor")
    MENTEE = "mentee", _("mentee")
    CURATOR = "curator", _("curator")
    PARENT = "parent", _("parent")


class Purpose(models.TextChoices):
    ENTRY = "entry", _("on entry")
    EXIT = "exit", _("on exit")
    SATISFACTION = "satisfaction", _("satisfaction")
    CURATOR = "curator", _("curator's assessment")


class Questionnaire(models.Model):
    """A questionnaire for one purpose and role, for one form of mentoring or (form empty) for all."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = policy.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    role = models.CharField(_("who answers"), max_length=10, choices=Role.choices)
    form = models.ForeignKey(
        MentorshipForm,
        verbose_name=_("form of mentoring"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty: for every form."),
    )
    intro = policy.TextField(_("introduction"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    builtin = models.BooleanField(_("shipped with the portal"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["purpose", "role", "form__order", "title"]
        permissions = [("manage_questionnaires", _("Can adapt and add questionnaires and run campaigns"))]

    def __str__(self):
        return self.title


class Item(models.Model):
    """One question. `key` is the item's identity across versions and between the entry and exit
    questionnaires (growth is compared by key)."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("scale 1–10")
        YES_NO = "yes_no", _("yes or no")
        ONE = "one", _("one choice")
        MANY = "many", _("several choices")
        TEXT = "text", _("open text")

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="items"
    )
    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = policy.CharField(_("question"), max_length=500)
    hint = policy.CharField(_("hint"), max_length=300, blank=True)
    # For ONE and MANY: the options, as a list of strings; an answer stores the chosen strings' indexes.
    choices = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key", "version"], name="item_key_version_unique"),
            models.UniqueConstraint(
                fields=["questionnaire", "key"], condition=Q(retired_at__isnull=True), name="item_one_current_version"
            ),
        ]

    def __str__(self):
        return self.text


class Campaign(models.Model):
    """A round of questionnaires, e.g. «Мониторинг 20.12.2026»: links to the participants of the chosen
    pairs, open until `closes_on`."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    title = policy.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    monitoring_date = models.DateField(_("monitoring date"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # An automatic reminder to those who have not answered, this many days before `closes_on` (empty: none).
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind days before closing"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Empty: no automatic reminder."),
    )
    mentorships = models.ManyToManyField(
        Mentorship, verbose_name=_("mentorships"), blank=True, related_name="campaigns"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire campaign")
        verbose_name_plural = _("questionnaire campaigns")
        ordering = ["-monitoring_date", "-pk"]

    def __str__(self):
        return self.title


class Invitation(models.Model):
    """One participant's personal link in a campaign. The link carries a random token; only its digest is
    stored. One use: `answered_at` is set when the answer is stored."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="invitations"
    )
    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("For a curator's questionnaire or a mentor who answers in the portal."),
    )
    role = models.CharField(_("who answers"), max_length=10, choices=Role.choices)
    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT)
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["campaign", "mentorship", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "mentorship", "person"],
                condition=Q(person__isnull=False),
                name="invitation_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["campaign", "mentorship", "user"],
                condition=Q(person__isnull=True),
                name="invitation_once_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.get_role_display()}"


class Response(models.Model):
    """One filled-in questionnaire: through a link, in the portal, or typed by the curator from paper."""

    class Channel(models.TextChoices):
        LINK = "link", _("personal link")
        PORTAL = "portal", _("in the portal")
        PAPER = "paper", _("entered from paper")

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="responses"
    )
    role = models.CharField(_("who answered"), max_length=10, choices=Role.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("participant"), null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    mentorship = models.ForeignKey(
        Mentorship,
        verbose_name=_("mentorship"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="responses",
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="response",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["questionnaire", "submitted_at"])]

    def __str__(self):
        return f"{self.questionnaire} · {self.submitted_at:%d.%m.%Y}"


class Answer(models.Model):
    """The answer to one item: `number` for a scale, `flag` for yes/no, `chosen` (option indexes) for a
    choice, `text` for open text."""

    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers")
    number = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    flag = models.BooleanField(_("yes or no"), null=True, blank=True)
    chosen = models.JSONField(_("chosen options"), default=list, blank=True)
    text = policy.TextField(_("text"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "item__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="answer_once_per_item")]

    def __str__(self):
        return str(self.item)

    def chosen_labels(self) -> list[str]:
        """The chosen options' texts (a choice question)."""
        return [self.item.choices[i] for i in self.chosen if 0 <= i < len(self.item.choices)]


class SwotAnalysis(models.Model):
    """Stage 1 summed up for one monitoring date: the four parts of the SWOT analysis as the curator edited them
    from the draft the portal composes (monitoring/swot.py)."""

    as_of = models.DateField(_("monitoring date"), unique=True)
    strengths = policy.TextField(_("strengths"), max_length=5000, blank=True)
    weaknesses = policy.TextField(_("weaknesses"), max_length=5000, blank=True)
    opportunities = policy.TextField(_("opportunities"), max_length=5000, blank=True)
    threats = policy.TextField(_("threats"), max_length=5000, blank=True)
    drafted_at = models.DateTimeField(_("drafted"), null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    PARTS = ("strengths", "weaknesses", "opportunities", "threats")

    class Meta:
        verbose_name = _("SWOT analysis")
        verbose_name_plural = _("SWOT analyses")
        ordering = ["-as_of"]

    def __str__(self):
        return f"SWOT {self.as_of:%d.%m.%Y}"
