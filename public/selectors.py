"""Reads of the public page, up front, in a fixed number of queries. Only what may be published:
published items, best mentors allowed by the consent rule, and aggregates of the registry."""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404

from indicators.selectors import plan_fact_by_year, years_so_far
from mentorship.selectors import public_curators, public_forms_in_use, public_people_state, school_get

from .models import Document, FeaturedMentor, NewsItem, PageText, PageVersion
from .rules import consent_q

if TYPE_CHECKING:  # django-stubs-ext is a development dependency
    from django_stubs_ext import StrOrPromise

PAGE_NEWS = 5
EMBED_NEWS = 3


def cache_marker() -> str:
    """What the cached page depends on, read cheaply (two queries): the version every change of the
    page bumps, the consent of the students linked to best mentors (a withdrawn consent changes the
    count of consents or the latest `updated_at`, whichever way it was saved) and the curators listed
    in the contacts (one agreeing or withdrawing, or changing a phone, changes their count or latest
    `updated_at`)."""
    version = PageVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0
    linked = FeaturedMentor.objects.filter(person__isnull=False).values("person_id")
    consented, latest, curators, curators_latest = public_people_state(person_ids=linked)
    return f"{version}.{consented}.{latest:.6f}.{curators}.{curators_latest:.6f}"


def sections(*, include_drafts: bool = False) -> dict[str, PageText]:
    queryset = PageText.objects.all() if include_drafts else PageText.objects.published()
    return {s.key: s for s in queryset}


def best_mentors(*, include_drafts: bool = False) -> list[FeaturedMentor]:
    queryset = FeaturedMentor.objects.select_related("person")
    if not include_drafts:
        queryset = queryset.published().filter(consent_q())
    return list(queryset)


def documents_by_kind(*, include_drafts: bool = False) -> list[tuple["StrOrPromise", list[Document]]]:
    """[(kind label, [documents])] in the order of the kinds."""
    queryset = Document.objects.all() if include_drafts else Document.objects.published()
    grouped: dict[str, list[Document]] = {}
    for document in queryset:
        grouped.setdefault(document.kind, []).append(document)
    return [(label, grouped[value]) for value, label in Document.Kind.choices if value in grouped]


def news(*, limit: int | None = None, include_drafts: bool = False) -> list[NewsItem]:
    queryset = NewsItem.objects.all() if include_drafts else NewsItem.objects.published()
    return list(queryset[:limit] if limit else queryset)


def news_get(pk: int, *, include_drafts: bool = False) -> NewsItem:
    queryset = NewsItem.objects.all() if include_drafts else NewsItem.objects.published()
    return get_object_or_404(queryset, pk=pk)


def document_get(pk: int, *, include_drafts: bool = False) -> Document:
    queryset = Document.objects.all() if include_drafts else Document.objects.published()
    return get_object_or_404(queryset, pk=pk)


def best_mentor_get(pk: int, *, include_drafts: bool = False) -> FeaturedMentor:
    queryset = FeaturedMentor.objects.select_related("person")
    if not include_drafts:
        queryset = queryset.published().filter(consent_q())
    return get_object_or_404(queryset, pk=pk)


@dataclass
class KpiRow:
    year: int
    target: object
    value: object
    achieved: object
    is_today: bool = False


@dataclass
class KpiBlock:
    code: str
    name: str
    short_name: str
    rows: list = field(default_factory=list)


def kpi_summary(*, today: datetime.date) -> list[KpiBlock]:
    """Plan vs fact per indicator and year, as the director's dashboard shows it (the same read model,
        `indicators.selectors.plan_fact_by_year`): the value for 20 December of a past year, today's value for
        the current year. Years: every year from the programme's first to the current one (`years_so_far`, the
    read model's own rule). Value and target only: no numerator, no denominator,
        no person. Eight queries whatever the data."""
    plan_fact = plan_fact_by_year(today=today, years=years_so_far)
    blocks = []
    for indicator in plan_fact.indicators:
        block = KpiBlock(code=indicator.code, name=indicator.name, short_name=indicator.short_name)
        for row in plan_fact.rows[indicator.code]:
            value = row.year_end
            if value is not None:
                block.rows.append(
                    KpiRow(
                        year=row.year,
                        target=value.target,
                        value=value.value,
                        achieved=value.achieved,
                        is_today=row.is_today,
                    )
                )
        if block.rows:
            blocks.append(block)
    return blocks


def page_data(*, today: datetime.date, include_drafts: bool = False) -> dict[str, Any]:
    return {
        "school": school_get(),
        "sections": sections(include_drafts=include_drafts),
        "forms": public_forms_in_use(),
        "news": news(limit=PAGE_NEWS, include_drafts=include_drafts),
        "best_mentors": best_mentors(include_drafts=include_drafts),
        "documents": documents_by_kind(include_drafts=include_drafts),
        "kpi": kpi_summary(today=today),
        "curators": public_curators(today=today),
        "today": today,
    }


def embed_data() -> dict[str, Any]:
    return {
        "school": school_get(),
        "sections": sections(),
        "news": news(limit=EMBED_NEWS),
    }
