"""What the public page «Наставничество» shows: texts, documents, news and the best mentors.

Every item is a draft until a curator publishes it; a draft is never reachable by a public URL, nor
is its file or picture. Files live outside MEDIA_URL (public/storage.py) and are served by views.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config import text as txt  # not `text`: NewsItem has a field of that name
from config.storage import PrivateFileField

from .file_types import validate_document_file, validate_picture_file
from .storage import public_storage


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Publishable(models.Model):
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class PageText(Publishable):
    """A text of the page: the programme's goal, its tasks, how to join, the curators' contacts."""

    class Key(models.TextChoices):
        GOAL = "goal", _("Goal of the programme")
        TASKS = "tasks", _("Tasks of the programme")
        JOIN_MENTOR = "join_mentor", _("How to become a mentor")
        JOIN_PARENT = "join_parent", _("For parents of a future mentee")
        JOIN_ENTERPRISE = "join_enterprise", _("For enterprises and organisations")
        CONTACTS = "contacts", _("Curators' contacts")

    key = models.CharField(_("section"), max_length=30, choices=Key.choices, unique=True)
    title = txt.CharField(_("heading"), max_length=200)
    body = txt.TextField(
        _("text"),
        max_length=10000,
        blank=True,
        help_text=_("Plain text. An empty line starts a new paragraph; for the tasks, one per line."),
    )

    class Meta:
        verbose_name = _("text of the public page")
        verbose_name_plural = _("texts of the public page")
        ordering = ["pk"]

    def __str__(self):
        return self.title

    @property
    def lines(self):
        """The body's non-empty lines (the tasks are one per line)."""
        return [line.strip() for line in self.body.splitlines() if line.strip()]


class Document(Publishable):
    class Kind(models.TextChoices):
        REGULATION = "regulation", _("regulations")
        ROADMAP = "roadmap", _("roadmap")
        ORDER = "order", _("orders")
        PROGRAMME = "programme", _("programmes")
        OTHER = "other", _("other documents")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = txt.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    file = PrivateFileField(
        _("file"),
        storage=public_storage,
        download_view="public:manage_document_file",
        upload_to="documents/%Y/",
        validators=[validate_document_file],
        max_length=300,
    )
    content_type = models.CharField(_("file type"), max_length=120, editable=False, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "-date", "title", "pk"]

    def __str__(self):
        return self.title

    @property
    def extension(self):
        from .file_types import BY_CONTENT_TYPE

        kind = BY_CONTENT_TYPE.get(self.content_type)
        return kind.label if kind else ""


class NewsItem(Publishable):
    title = txt.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    text = txt.TextField(_("text"), max_length=10000, help_text=_("Plain text. An empty line starts a new paragraph."))
    picture = PrivateFileField(
        _("picture"),
        storage=public_storage,
        download_view="public:manage_news_picture",
        upload_to="news/%Y/",
        validators=[validate_picture_file],
        blank=True,
        max_length=300,
    )
    picture_alt = txt.CharField(
        _("picture description"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for those who cannot see it. Required with a picture."),
    )
    picture_content_type = models.CharField(max_length=50, editable=False, blank=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.picture and not self.picture_alt.strip():
            raise ValidationError({"picture_alt": _("Describe the picture in a few words.")})


class FeaturedMentor(Publishable):
    """A best mentor shown on the page (roadmap 3.2). A student appears only with the parent's consent
    to publication recorded in the registry (public/rules.py), checked when publishing and when showing."""

    class Role(models.TextChoices):
        STUDENT = "student", _("student")
        TEACHER = "teacher", _("teacher")
        EXTERNAL = "external", _("external mentor")
        PARENT = "parent", _("parent")
        OTHER = "other", _("other")

    role = models.CharField(
        _("who the mentor is"),
        max_length=10,
        choices=Role.choices,
        help_text=_("For a student, choose the student in the registry: the parent's consent is checked there."),
    )
    person = models.ForeignKey(
        "mentorship.Person",
        verbose_name=_("person in the registry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="featured_on_public_page",
    )
    name = txt.CharField(_("name as shown"), max_length=200)
    role_text = txt.CharField(_("role as shown"), max_length=200, help_text=_("For example: teacher of physics."))
    words = txt.TextField(_("a few words"), max_length=1000, blank=True)
    photo = PrivateFileField(
        _("photo"),
        storage=public_storage,
        download_view="public:manage_mentor_photo",
        upload_to="mentors/",
        validators=[validate_picture_file],
        blank=True,
        max_length=300,
    )
    photo_content_type = models.CharField(max_length=50, editable=False, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("best mentor (public page)")
        verbose_name_plural = _("best mentors (public page)")
        ordering = ["order", "name", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        from .rules import best_mentor_role_errors

        errors = best_mentor_role_errors(self)
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError(errors)


class PageVersion(models.Model):
    """One row whose number grows with every change of the page; it is part of the page's cache key, so
    a published change shows at once in every worker process."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("version of the public page")
        verbose_name_plural = _("versions of the public page")

    def __str__(self):
        return str(self.number)
