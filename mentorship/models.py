"""People, organisations, mentorships and individual plans: the registry every figure is read from.

People are never deleted by ordinary use: they leave (date left), so past years' figures stay right.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from config import text
from config.storage import private_storage

from .dates import full_years, years_before
from .search import SEARCH_NAME_MAX_LENGTH, fill_search_names, organization_search_name, person_search_name
from .validators import validate_inn

# The people rules of docs/indicators.md, stated once: the KPI counts, the filters, the forms and the demo use them.
YOUNG_TEACHER_YEARS = 3  # a young teacher has less than this many full years of teaching experience


def on_roll_q(day, prefix=""):
    """On the school's roll at `day`: joined on or before it (or no date) and not left by it (or no date)."""
    return (Q(**{f"{prefix}date_joined__isnull": True}) | Q(**{f"{prefix}date_joined__lte": day})) & (
        Q(**{f"{prefix}date_left__isnull": True}) | Q(**{f"{prefix}date_left__gt": day})
    )


def young_teacher_q(day, prefix=""):
    """Less than YOUNG_TEACHER_YEARS full years of teaching experience at `day` (the career start is later
    than `day` shifted back that many years)."""
    return Q(**{f"{prefix}career_start__gt": years_before(day, YOUNG_TEACHER_YEARS)})


class School(models.Model):
    """The school running the programme. One row; the lyceum of the seed is the default."""

    name = text.CharField(_("full name"), max_length=500)
    short_name = text.CharField(_("short name"), max_length=200)
    director = text.CharField(_("director"), max_length=200)
    address = text.CharField(_("address"), max_length=500, blank=True)
    town = text.CharField(_("town"), max_length=200, help_text=_("Used by indicator 4."))
    district = text.CharField(_("district"), max_length=200, help_text=_("Used by indicator 4."))
    phone = text.CharField(_("phone"), max_length=100, blank=True)
    email = text.EmailField(_("e-mail"), blank=True)
    website = text.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("school details")
        verbose_name_plural = _("school details")

    def __str__(self):
        return self.short_name


class MenteeCategory(models.Model):
    """The seed's potential-mentee categories; reference data a school can extend."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    short_name = text.CharField(_("short name"), max_length=100, unique=True)
    name = text.CharField(_("name"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("potential mentee category")
        verbose_name_plural = _("potential mentee categories")
        ordering = ["order", "name"]

    def __str__(self):
        return self.short_name


class _SearchNameQuerySet(models.QuerySet):
    """Bulk writes skip save(): they keep the search column (mentorship/search.py) here instead, so the
    roster import, the demo and any other bulk path find people by the same rule."""

    NAME_FIELDS: frozenset[str] = frozenset()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        fill_search_names(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        fields = list(fields)
        if self.NAME_FIELDS & set(fields):
            objs = list(objs)
            fill_search_names(objs)
            if "search_name" not in fields:
                fields.append("search_name")
        return super().bulk_update(objs, fields, *args, **kwargs)


class OrganizationQuerySet(_SearchNameQuerySet):
    NAME_FIELDS = frozenset({"name"})


class Organization(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("enterprise")
        EDUCATIONAL = "educational", _("educational institution")
        OTHER = "other", _("other")

    class Territory(models.TextChoices):
        TOWN = "town", _("town")
        DISTRICT = "district", _("district")
        ELSEWHERE = "elsewhere", _("elsewhere")

    name = text.CharField(_("name"), max_length=500)
    inn = text.CharField(_("INN"), max_length=12, blank=True, validators=[validate_inn])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    territory = models.CharField(_("territory"), max_length=20, choices=Territory.choices)
    contacts = text.TextField(_("contacts"), max_length=2000, blank=True)
    agreement_number = text.CharField(_("agreement number"), max_length=100, blank=True)
    agreement_date = models.DateField(_("agreement date"), null=True, blank=True)
    # The folded words of the name that the search matches (mentorship/search.py); kept by save().
    search_name = text.CharField(_("name for search"), max_length=SEARCH_NAME_MAX_LENGTH, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["inn"], condition=~Q(inn=""), name="organization_inn_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = organization_search_name(self.name)
        kwargs["update_fields"] = _with_search_name(kwargs.get("update_fields"), {"name"})
        super().save(*args, **kwargs)


def _with_search_name(update_fields, name_fields):
    """A save of some fields that include a name also writes the search column."""
    if update_fields is None or not set(update_fields) & name_fields:
        return update_fields
    return {*update_fields, "search_name"}


class PersonQuerySet(_SearchNameQuerySet):
    NAME_FIELDS = frozenset({"last_name", "first_name", "patronymic"})

    def students(self):
        return self.filter(kind=Person.Kind.STUDENT)

    def teachers(self):
        return self.filter(kind=Person.Kind.TEACHER)

    def external(self):
        return self.filter(kind=Person.Kind.EXTERNAL)

    def on_roll(self, day):
        return self.filter(on_roll_q(day))

    def young_teachers(self, day):
        return self.filter(young_teacher_q(day))


class Person(models.Model):
    """A student, a teacher or an external mentor. One table, so a roster ID is unique across all."""

    class Kind(models.TextChoices):
        STUDENT = "student", _("student")
        TEACHER = "teacher", _("teacher")
        EXTERNAL = "external", _("external mentor")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    roster_id = text.CharField(_("roster ID"), max_length=50, unique=True, null=True, blank=True)
    last_name = text.CharField(_("surname"), max_length=100)
    first_name = text.CharField(_("first name"), max_length=100)
    patronymic = text.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    date_joined = models.DateField(_("date joined"), null=True, blank=True)
    date_left = models.DateField(_("date left"), null=True, blank=True)
    # Students
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    class_letter = text.CharField(_("class letter"), max_length=3, blank=True)
    categories = models.ManyToManyField(
        MenteeCategory, verbose_name=_("potential mentee categories"), blank=True, related_name="students"
    )
    pd_consent_date = models.DateField(_("consent to personal data processing"), null=True, blank=True)
    publication_consent = models.BooleanField(_("consent to publication"), default=False)
    publication_consent_date = models.DateField(_("date of consent to publication"), null=True, blank=True)
    # Teachers and external mentors
    position = text.CharField(_("position"), max_length=200, blank=True)
    subjects = text.CharField(_("subjects"), max_length=300, blank=True)
    career_start = models.DateField(_("teaching career start"), null=True, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    phone = text.CharField(_("phone"), max_length=50, blank=True)
    email = text.EmailField(_("e-mail"), blank=True)
    # What matching a mentor to a mentee needs (the matching assistant, applications to join): edited by
    # curators and by the mentor; a student's request is never shown to other mentors.
    strengths = text.TextField(
        _("strengths"), max_length=1000, blank=True, help_text=_("What the mentor is good at and can help with.")
    )
    interests = text.CharField(_("interests"), max_length=500, blank=True)
    request = text.TextField(
        _("request"), max_length=1000, blank=True, help_text=_("What the mentee wants help with (запрос).")
    )
    availability = text.CharField(
        _("availability"), max_length=300, blank=True, help_text=_("When and how the person can meet.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("mentees at once"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many mentees the mentor takes at once; empty: the portal's limit."),
    )
    # The folded, tagged words of the name that the search matches (mentorship/search.py); kept by save()
    # and, on the bulk paths, by search.fill_search_names.
    search_name = text.CharField(_("name for search"), max_length=SEARCH_NAME_MAX_LENGTH, blank=True, editable=False)
    # A curator's consent to be listed in the public page's contacts (name, position, phone, e-mail).
    # Teachers only: a child is never listed (the constraint below).
    public_contact = models.BooleanField(
        _("listed as a curator on the public page"),
        default=False,
        help_text=_(
            "The teacher curates the mentoring programme and agreed that their name, position, phone and "
            "e-mail are shown in the contacts of the public page."
        ),
    )
    purged_at = models.DateTimeField(
        _("personal data destroyed"), null=True, blank=True, help_text=_("Set when consent was withdrawn.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]
        permissions = [
            ("purge_person", _("Can record a withdrawn consent and destroy the personal data")),
            ("export_person", _("Can export everything held about a person")),
        ]
        indexes = [models.Index(fields=["kind", "last_name", "first_name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(public_contact=False) | Q(kind="teacher"), name="person_public_contact_teacher_only"
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = person_search_name(self.last_name, self.first_name, self.patronymic)
        kwargs["update_fields"] = _with_search_name(
            kwargs.get("update_fields"), {"last_name", "first_name", "patronymic"}
        )
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self):
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()

    @property
    def class_name(self):
        return f"{self.grade}{self.class_letter}" if self.grade else ""

    def is_on_roll(self, day):
        """The same rule as `on_roll_q`, for one person in memory."""
        return (self.date_joined is None or self.date_joined <= day) and (
            self.date_left is None or self.date_left > day
        )

    def is_young_teacher(self, day):
        """The same rule as `young_teacher_q`, for one person in memory."""
        return self.career_start is not None and full_years(self.career_start, day) < YOUNG_TEACHER_YEARS


class MentorshipForm(models.Model):
    """A form of the target model for a school (ученик–ученик, учитель–учитель, …)."""

    class Code(models.TextChoices):
        STUDENT_STUDENT = "student_student", "ученик–ученик"
        TEACHER_TEACHER = "teacher_teacher", "учитель–учитель"
        UNIVERSITY_STUDENT = "university_student", "студент–ученик"
        EMPLOYER_STUDENT = "employer_student", "работодатель–ученик"

    code = models.CharField(_("code"), max_length=30, unique=True, choices=Code.choices)
    name = text.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("form of mentoring")
        verbose_name_plural = _("forms of mentoring")
        ordering = ["order"]

    def __str__(self):
        return self.name


class RoleModel(models.Model):
    form = models.ForeignKey(
        MentorshipForm, verbose_name=_("form of mentoring"), on_delete=models.CASCADE, related_name="role_models"
    )
    name = text.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("role model")
        verbose_name_plural = _("role models")
        ordering = ["form__order", "order"]
        constraints = [models.UniqueConstraint(fields=["form", "name"], name="role_model_unique_per_form")]

    def __str__(self):
        return self.name


class MentorshipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides whose mentorships a user may see (others answer 404)."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("mentorship.view_mentorship"):
            return self
        from .access import mentor_person

        person_id = getattr(mentor_person(user), "pk", None)
        if person_id is None:
            return self.none()
        return self.filter(mentor_id=person_id)

    def counted_in(self, start, end):
        """Mentorships that count in the period [start, end] per the KPI spec."""
        return self.filter(status__in=Mentorship.COUNTED_STATUSES, start_date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)
        )


class Mentorship(models.Model):
    """A pair (one mentee) or a group (several): one mentor, a form, dates and a status."""

    class Status(models.TextChoices):
        # «наставничество» is neuter: «активно», «завершено», «отменено» (the context keeps these apart from
        # the same English words of plan items and import jobs).
        DRAFT = "draft", pgettext_lazy("mentorship", "draft")
        ACTIVE = "active", pgettext_lazy("mentorship", "active")
        COMPLETED = "completed", pgettext_lazy("mentorship", "completed")
        TERMINATED = "terminated", pgettext_lazy("mentorship", "terminated early")
        CANCELLED = "cancelled", pgettext_lazy("mentorship", "cancelled")

    COUNTED_STATUSES = (Status.ACTIVE, Status.COMPLETED, Status.TERMINATED)

    roster_id = text.CharField(_("pair ID"), max_length=50, unique=True, null=True, blank=True)
    form = models.ForeignKey(MentorshipForm, verbose_name=_("form of mentoring"), on_delete=models.PROTECT)
    role_model = models.ForeignKey(
        RoleModel, verbose_name=_("role model"), null=True, blank=True, on_delete=models.PROTECT
    )
    mentor = models.ForeignKey(
        Person, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentorships_as_mentor"
    )
    mentees = models.ManyToManyField(Person, verbose_name=_("mentees"), related_name="mentorships_as_mentee")
    request = text.TextField(_("mentee's request"), max_length=4000, blank=True)
    goal = text.TextField(_("goal"), max_length=4000, blank=True)
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("curator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="curated_mentorships",
    )
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    end_date = models.DateField(_("actual end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    termination_reason = text.TextField(_("reason for early termination"), max_length=2000, blank=True)
    results = text.TextField(_("results"), max_length=10000, blank=True)
    # Optimistic locking: an edit based on an older version is refused, not silently overwritten.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-start_date", "-pk"]
        # The mentor role's one permission: work on the mentorships whose mentor is the account's person.
        # The curator role's own mark: who is offered as a mentorship's «Curator» (an administrator is not).
        permissions = [
            ("work_as_mentor", _("Can work on their own mentorships as the mentor")),
            ("curate_mentorships", _("Can be the curator of mentorships")),
        ]
        indexes = [models.Index(fields=["status", "start_date", "end_date"])]

    def __str__(self):
        return self.title

    @property
    def title(self):
        """The pair by its people: «Иванов И. → Петров П., 7Б»; a group: «Иванов И. → группа: 5 наставляемых, 7Б»
        (the class when all its mentees share one). Reads the mentees through the prefetch cache when there is one."""
        mentees = list(self.mentees.all()) if self.pk else []
        classes = {m.class_name for m in mentees}
        grade = classes.pop() if len(classes) == 1 else ""
        if len(mentees) == 1:
            whom = mentees[0].short_name
        elif mentees:
            whom = ngettext("group: %(count)d mentee", "group: %(count)d mentees", len(mentees)) % {
                "count": len(mentees)
            }
        else:
            whom = "…"
        return f"{self.mentor.short_name} → {whom}" + (f", {grade}" if grade else "")

    @property
    def is_open(self):
        return self.status in (self.Status.DRAFT, self.Status.ACTIVE)

    @property
    def is_read_only(self):
        """Completed, terminated or cancelled: plans and meetings stay as they were; only feedback is added."""
        return not self.is_open


class IndividualPlan(models.Model):
    """A mentee's individual plan (персонализированная программа) within a mentorship."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="plans"
    )
    mentee = models.ForeignKey(Person, verbose_name=_("mentee"), on_delete=models.PROTECT, related_name="plans")
    goal = text.TextField(_("goal"), max_length=4000, blank=True)
    deficits = text.TextField(_("deficits"), max_length=4000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        constraints = [models.UniqueConstraint(fields=["mentorship", "mentee"], name="plan_unique_per_mentee")]

    def __str__(self):
        return f"{self.mentee.short_name}: {self.mentorship.form}"

    def progress(self):
        """Share of done items among those not cancelled, in per cent (0 when there are none)."""
        items = [i for i in self.items.all() if i.status != PlanItem.Status.CANCELLED]
        if not items:
            return 0
        return round(100 * sum(i.status == PlanItem.Status.DONE for i in items) / len(items))


class PlanItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(IndividualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    task = text.CharField(_("task"), max_length=500)
    work_form = text.CharField(_("form of work"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    result = text.TextField(_("result"), max_length=4000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["order", "deadline", "pk"]

    def __str__(self):
        return self.task

    @property
    def is_overdue(self):
        return (
            self.deadline is not None
            and self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)
            and self.deadline < timezone.localdate()
        )


class MeetingQuerySet(models.QuerySet):
    def held(self):
        """Meetings that took place: the only ones any count, summary or indicator reads."""
        return self.filter(status=Meeting.Status.HELD)

    def planned(self):
        return self.filter(status=Meeting.Status.PLANNED)


class Meeting(models.Model):
    """A meeting of a mentorship: planned ahead (with a reminder to the mentor the day before) or held."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting", "planned")
        HELD = "held", pgettext_lazy("meeting", "held")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "cancelled")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        GROUP = "group", _("group session")
        EVENT = "event", _("event or excursion")

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    # Held is the default: a meeting written down after the fact, as every meeting was before planning existed.
    status = models.CharField(_("state"), max_length=20, choices=Status.choices, default=Status.HELD)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    topic = text.CharField(_("topic"), max_length=300)
    notes = text.TextField(_("notes"), max_length=10000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The reminder to the mentor the day before a planned meeting: set once, in the transaction that sends it.
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["status", "date"])]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.topic}"


class BestMentor(models.Model):
    """A mentor marked best of the year (roadmap activity 3.2)."""

    person = models.ForeignKey(Person, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="awards")
    year = models.PositiveSmallIntegerField(_("year"))
    citation = text.TextField(_("citation"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("best mentor of the year")
        verbose_name_plural = _("best mentors of the year")
        ordering = ["-year", "person__last_name"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="best_mentor_once_a_year")]

    def __str__(self):
        return f"{self.person.short_name} ({self.year})"


class DestructionRecord(models.Model):
    """Акт об уничтожении персональных данных: what was destroyed, when, by whom; names no one."""

    person = models.ForeignKey(
        Person, verbose_name=_("depersonalised record"), on_delete=models.PROTECT, related_name="destructions"
    )
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"))
    reason = text.TextField(_("grounds"), max_length=2000, blank=True)
    destroyed = models.JSONField(_("what was destroyed"), default=dict)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("performed by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("date of the act"), auto_now_add=True)
    pdf = models.FileField(_("act (PDF)"), upload_to="acts/", blank=True, storage=private_storage)
    # Where the surname was left standing alone (it may be someone else's): model, pk, field, a link and
    # the positions, never the text itself — the act's page reads the text from the place while unchanged.
    places = models.JSONField(_("places to check"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("personal data destruction act")
        verbose_name_plural = _("personal data destruction acts")
        ordering = ["-created_at"]

    def __str__(self):
        return f"№ {self.pk} от {self.created_at:%d.%m.%Y}"
