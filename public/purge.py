"""The public page's part in a purge (mentorship/purge.py): an entry linked to the child is unpublished and
anonymised, its photo deleted; hand-typed entries and texts are scrubbed, a surname alone is listed."""

from django.urls import reverse
from django.utils.translation import gettext as _

from config.purge import register_participant
from mentorship.names import ANONYMOUS
from mentorship.purge import PurgeContext

from .models import Document, FeaturedMentor, NewsItem, PageText, Status

KIND_OF_MODEL = {PageText: "texts", Document: "documents", NewsItem: "news", FeaturedMentor: "mentors"}


def _place(obj):
    title = _("%(model)s № %(pk)s (public page)") % {"model": obj._meta.verbose_name.capitalize(), "pk": obj.pk}
    return title, reverse("public:item_edit", args=[KIND_OF_MODEL[type(obj)], obj.pk])


def _anonymise_entry(ctx: PurgeContext, entry: FeaturedMentor) -> None:
    ctx.delete_file(entry.photo)
    FeaturedMentor.objects.filter(pk=entry.pk).update(
        status=Status.DRAFT, published_at=None, name=ANONYMOUS, words="", photo="", photo_content_type=""
    )
    ctx.count("public_entries_anonymised")


def purge_public(ctx: PurgeContext) -> None:
    from .services import page_version_bump

    for entry in FeaturedMentor.objects.filter(person=ctx.person):
        _anonymise_entry(ctx, entry)
    for entry in FeaturedMentor.objects.filter(person__isnull=True):
        if ctx.replace(entry.name) != entry.name:  # typed by hand with her full name
            _anonymise_entry(ctx, entry)
    key = "public_texts_scrubbed"
    ctx.scrub(FeaturedMentor.objects.exclude(name=ANONYMOUS), ["name", "role_text", "words"], key=key, place=_place)
    ctx.scrub(NewsItem.objects.all(), ["title", "text", "picture_alt"], key=key, place=_place)
    ctx.scrub(PageText.objects.all(), ["title", "body"], key=key, place=_place)
    ctx.scrub(Document.objects.all(), ["title"], key=key, place=_place)
    page_version_bump()  # the cached page may show her: it is built anew


DECISIONS = {
    "public.FeaturedMentor": "an entry linked to her or typed with her name: unpublished, name and words removed, "
    "photo deleted; other entries scrubbed and listed",
    "public.NewsItem": "title, text and picture description scrubbed and listed (drafts included)",
    "public.PageText": "texts scrubbed and listed",
    "public.Document": "titles scrubbed and listed; the files are the school's documents",
    "public.PageVersion": "a counter: the page's cache is renewed after a purge",
}


def register():
    register_participant(app_label="public", handler=purge_public, decisions=DECISIONS)
