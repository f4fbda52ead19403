"""The public page «Наставничество» (no login) and the curators' pages that edit it."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST, require_safe

from config.http import stored_file_response
from submissions.decorators import once_per_submission

from . import selectors, services
from .forms import DocumentForm, FeaturedMentorForm, NewsItemForm, PageTextForm
from .models import Document, FeaturedMentor, NewsItem, PageText

NEWS_PER_PAGE = 20


# --- Public pages -------------------------------------------------------------------------------


def _cached_html(request, name, build):
    """The page's HTML from the cache; the key holds the page version and the consent marker, so any
    change of what is published (or of a linked student's consent) is a new key and shows at once."""
    key = f"public:{name}:{request.scheme}:{request.get_host()}:{selectors.cache_marker()}"
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, settings.PUBLIC_CACHE_SECONDS)
    return html


def _public_response(html):
    response = HttpResponse(html)
    # Proxies and browsers ask again each time: a withdrawn item must disappear at once.
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def _page_context(request, *, include_drafts=False):
    context = selectors.page_data(today=timezone.localdate(), include_drafts=include_drafts)
    context["page_url"] = request.build_absolute_uri(reverse("public:page"))
    context["preview"] = include_drafts
    for block in context["kpi"]:
        from indicators.charts import plan_fact_svg

        block.chart = plan_fact_svg(
            chart_id=f"chart-{block.code}",
            title=block.short_name,
            points=[(row.year, row.target, row.value) for row in block.rows],
            plan_label=_("Plan"),
            fact_label=_("Actual"),
        )
    return context


@login_not_required
@require_safe
def page(request):
    html = _cached_html(
        request, "page", lambda: render_to_string("public/page.html", _page_context(request), request=request)
    )
    return _public_response(html)


@login_not_required
@require_safe
def news_list(request):
    paginator = Paginator(selectors.news(), NEWS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {
        "school": selectors.school_get(),
        "page_obj": page_obj,
        "news": list(page_obj.object_list),
        "page_url": request.build_absolute_uri(),
    }
    return _public_response(render_to_string("public/news_list.html", context, request=request))


def _news_context(request, item, *, preview=False):
    return {
        "school": selectors.school_get(),
        "item": item,
        "preview": preview,
        "page_url": request.build_absolute_uri(),
        "picture_url": (
            request.build_absolute_uri(
                reverse("public:manage_news_picture" if preview else "public:news_picture", args=[item.pk])
            )
            + f"?v={item.updated_at.timestamp():.0f}"
            if item.picture
            else ""
        ),
    }


@login_not_required
@require_safe
def news_detail(request, pk):
    item = selectors.news_get(pk)
    return _public_response(render_to_string("public/news_detail.html", _news_context(request, item), request=request))


@login_not_required
@require_safe
def documents(request):
    context = {
        "school": selectors.school_get(),
        "documents": selectors.documents_by_kind(),
        "page_url": request.build_absolute_uri(),
    }
    return _public_response(render_to_string("public/documents.html", context, request=request))


def _file_response(field_file, content_type, *, filename=None, private=False):
    # Documents are attachments; pictures are shown inline (no file name).
    return stored_file_response(
        field_file, content_type=content_type, filename=filename, attachment=filename is not None, private=private
    )


def _document_filename(document):
    from .file_types import BY_CONTENT_TYPE

    kind = BY_CONTENT_TYPE.get(document.content_type)
    return f"{document.title[:100]}{kind.extension if kind else ''}"


@login_not_required
@require_safe
def document_file(request, pk):
    document = selectors.document_get(pk)
    return _file_response(document.file, document.content_type, filename=_document_filename(document))


@login_not_required
@require_safe
def news_picture(request, pk):
    item = selectors.news_get(pk)
    return _file_response(item.picture, item.picture_content_type)


@login_not_required
@require_safe
def mentor_photo(request, pk):
    mentor = selectors.best_mentor_get(pk)
    return _file_response(mentor.photo, mentor.photo_content_type)


def _embed_frame_ancestors(view):
    """Let the lyceum's site frame this view: no X-Frame-Options, CSP frame-ancestors from the setting."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_replace = {"frame-ancestors": list(settings.PUBLIC_EMBED_ANCESTORS)}
        return response

    return xframe_options_exempt(wrapped)


@login_not_required
@require_safe
@_embed_frame_ancestors
def embed(request):
    def build():
        context = selectors.embed_data()
        context["page_url"] = request.build_absolute_uri(reverse("public:page"))
        return render_to_string("public/embed.html", context, request=request)

    return _public_response(_cached_html(request, "embed", build))


# --- Curators' pages ----------------------------------------------------------------------------

MODELS = {"texts": PageText, "documents": Document, "news": NewsItem, "mentors": FeaturedMentor}
FORMS = {"texts": PageTextForm, "documents": DocumentForm, "news": NewsItemForm, "mentors": FeaturedMentorForm}


def _perm(kind, action):
    return f"public.{action}_{MODELS[kind]._meta.model_name}"


def _check_kind(request, kind, action):
    if kind not in MODELS:
        raise Http404
    if not request.user.has_perm(_perm(kind, action)):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


@require_safe
@permission_required("public.view_newsitem", raise_exception=True)
def manage(request):
    context = {
        "sections": list(PageText.objects.select_related("updated_by")),
        "documents": list(Document.objects.all()),
        "news": list(NewsItem.objects.all()),
        "mentors": list(FeaturedMentor.objects.select_related("person")),
        "can_change": request.user.has_perm("public.change_newsitem"),
    }
    from .rules import consent_allows

    for mentor in context["mentors"]:
        mentor.consent_ok = consent_allows(mentor)
    return render(request, "public/manage/index.html", context)


def _edit(request, kind, pk=None):
    if kind == "texts" and pk is None:
        raise Http404  # the page's texts are fixed: edited, never added
    _check_kind(request, kind, "change" if pk else "add")
    model = MODELS[kind]
    instance = get_object_or_404(model, pk=pk) if pk else None
    form = FORMS[kind](request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        try:
            services.item_save(item=item, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('public:manage')}#{kind}")
    title = str(instance) if instance else model._meta.verbose_name
    return render(request, "public/manage/edit.html", {"form": form, "kind": kind, "item": instance, "title": title})


@once_per_submission
def item_add(request, kind):
    return _edit(request, kind)


def item_edit(request, kind, pk):
    return _edit(request, kind, pk)


@require_POST
def item_action(request, kind, pk, action):
    if action not in ("publish", "unpublish", "delete") or (kind == "texts" and action == "delete"):
        raise Http404
    _check_kind(request, kind, "delete" if action == "delete" else "change")
    item = get_object_or_404(MODELS[kind], pk=pk)
    if action == "delete":
        services.item_delete(item=item)
        messages.success(request, _("Deleted."))
    elif action == "unpublish":
        services.item_unpublish(item=item, user=request.user)
        messages.success(request, _("Withdrawn from the public page."))
    else:
        try:
            services.item_publish(item=item, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Published."))
    return redirect(f"{reverse('public:manage')}#{kind}")


@require_safe
@permission_required("public.view_newsitem", raise_exception=True)
def preview(request):
    """The whole page as it would look with the drafts published (students without consent left out)."""
    context = _page_context(request, include_drafts=True)
    from .rules import consent_allows

    context["best_mentors"] = [m for m in context["best_mentors"] if consent_allows(m)]
    return render(request, "public/page.html", context)


@require_safe
@permission_required("public.view_newsitem", raise_exception=True)
def news_preview(request, pk):
    item = selectors.news_get(pk, include_drafts=True)
    return render(request, "public/news_detail.html", _news_context(request, item, preview=True))


@require_safe
@permission_required("public.view_newsitem", raise_exception=True)
def manage_news_picture(request, pk):
    item = selectors.news_get(pk, include_drafts=True)
    return _file_response(item.picture, item.picture_content_type, private=True)


@require_safe
@permission_required("public.view_document", raise_exception=True)
def manage_document_file(request, pk):
    document = selectors.document_get(pk, include_drafts=True)
    return _file_response(document.file, document.content_type, filename=_document_filename(document), private=True)


@require_safe
@permission_required("public.view_featuredmentor", raise_exception=True)
def manage_mentor_photo(request, pk):
    mentor = selectors.best_mentor_get(pk, include_drafts=True)
    return _file_response(mentor.photo, mentor.photo_content_type, private=True)
