"""The matching assistant's records: a session (pool, weights, objective), the curator's pins, forbids and
capacity overrides, the proposals with their explanations, and why a mentee got no mentor.

A session names no one itself; the rows that name people are deleted by a purge (matching/purge.py)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config import text
from mentorship.models import MenteeCategory, Mentorship, MentorshipForm, Person

from . import engine


class MatchingSession(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Objective(models.TextChoices):
        COVERAGE = engine.COVERAGE, _("coverage: as many mentees as possible")
        QUALITY = engine.QUALITY, _("quality: the highest total score")

    title = text.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    form = models.ForeignKey(MentorshipForm, verbose_name=_("form of mentoring"), on_delete=models.PROTECT)
    start_date = models.DateField(_("start date of the pairs"))
    planned_end_date = models.DateField(_("planned end date of the pairs"), null=True, blank=True)
    group_mentoring = models.BooleanField(
        _("group mentoring"),
        default=False,
        help_text=_("A mentor with several mentees gets one group mentorship instead of separate pairs."),
    )
    # The pool's filters.
    categories = models.ManyToManyField(
        MenteeCategory,
        verbose_name=_("potential mentee categories"),
        blank=True,
        help_text=_("Empty: every potential mentee (at least one category)."),
    )
    grade_min = models.PositiveSmallIntegerField(
        _("from grade"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    grade_max = models.PositiveSmallIntegerField(
        _("to grade"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    # The score and the solver.
    weights = models.JSONField(_("weights"), default=engine.default_weights)
    objective = models.CharField(_("objective"), max_length=10, choices=Objective.choices, default=Objective.COVERAGE)
    min_score = models.PositiveSmallIntegerField(_("minimum score"), default=0, validators=[MaxValueValidator(1000)])
    seed = models.PositiveIntegerField(_("seed"), default=0, help_text=_("Breaks ties the same way every time."))
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
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("matching session")
        verbose_name_plural = _("matching sessions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class PoolMember(models.Model):
    class Role(models.TextChoices):
        MENTOR = "mentor", _("mentor")
        MENTEE = "mentee", _("mentee")

    session = models.ForeignKey(MatchingSession, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("pool member")
        verbose_name_plural = _("pool members")
        constraints = [models.UniqueConstraint(fields=["session", "person", "role"], name="matching_member_once")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class PairRule(models.Model):
    """The curator's decision on one pair: pinned (kept in every solution) or forbidden (never proposed)."""

    class Kind(models.TextChoices):
        PIN = "pin", _("pinned")
        FORBID = "forbid", _("forbidden")

    session = models.ForeignKey(MatchingSession, on_delete=models.CASCADE, related_name="rules")
    mentor = models.ForeignKey(Person, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Person, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("pinned or forbidden pair")
        verbose_name_plural = _("pinned and forbidden pairs")
        constraints = [
            models.UniqueConstraint(fields=["session", "mentor", "mentee"], name="matching_rule_once"),
            models.UniqueConstraint(
                fields=["session", "mentee"], condition=Q(kind="pin"), name="matching_mentee_pinned_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.mentor} → {self.mentee}"


class CapacityOverride(models.Model):
    """How many new mentees a mentor takes in this session (never more than the rules allow)."""

    session = models.ForeignKey(MatchingSession, on_delete=models.CASCADE, related_name="capacities")
    mentor = models.ForeignKey(Person, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+")
    capacity = models.PositiveSmallIntegerField(_("mentees at once"), validators=[MaxValueValidator(10)])

    class Meta:
        verbose_name = _("capacity override")
        verbose_name_plural = _("capacity overrides")
        constraints = [models.UniqueConstraint(fields=["session", "mentor"], name="matching_capacity_once")]

    def __str__(self):
        return f"{self.mentor}: {self.capacity}"


class Proposal(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    session = models.ForeignKey(MatchingSession, on_delete=models.CASCADE, related_name="proposals")
    mentor = models.ForeignKey(Person, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Person, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+")
    score = models.IntegerField(_("score"))
    # {criterion code: points}; the points add up to the score.
    contributions = models.JSONField(_("contributions"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    pinned = models.BooleanField(_("pinned"), default=False)
    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("proposed pair")
        verbose_name_plural = _("proposed pairs")
        ordering = ["mentor__last_name", "mentor__first_name", "mentor_id", "mentee__last_name", "mentee_id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "mentor", "mentee"], name="matching_proposal_once"),
            models.UniqueConstraint(
                fields=["session", "mentee"], condition=~Q(state="rejected"), name="matching_mentee_proposed_once"
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.mentee} ({self.score})"


class Unmatched(models.Model):
    class Reason(models.TextChoices):
        NO_COMPATIBLE = (
            engine.NO_COMPATIBLE,
            _("no compatible mentor (the form's roles, dates, existing pairs, forbids)"),
        )
        CAPACITY = engine.CAPACITY, _("every compatible mentor is full")
        BELOW_MINIMUM = engine.BELOW_MINIMUM, _("every compatible mentor scores below the minimum")

    session = models.ForeignKey(MatchingSession, on_delete=models.CASCADE, related_name="unmatched")
    mentee = models.ForeignKey(Person, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    best_score = models.IntegerField(_("best score"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentee without a mentor")
        verbose_name_plural = _("mentees without a mentor")
        constraints = [models.UniqueConstraint(fields=["session", "mentee"], name="matching_unmatched_once")]

    def __str__(self):
        return f"{self.mentee}: {self.get_reason_display()}"
