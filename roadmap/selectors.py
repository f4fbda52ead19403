"""Reads of the roadmap. Each page's data comes in a fixed number of queries, whatever the data size."""

import calendar
import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Activity, Evidence, Occurrence, Programme, Section
from .statuses import Status, derive_status

if TYPE_CHECKING:  # django-stubs-ext is a development dependency
    from django_stubs_ext import WithAnnotations

    class _EvidenceCount(TypedDict):
        evidence_count: int


USER_PREFIX = "user:"


def programme_current(
    *, today: datetime.date | None = None, periods: list[Programme] | None = None
) -> Programme | None:
    """The roadmap the pages show: the period that covers today's year; else the latest period that has
    begun (it has ended: the page invites planning the next one); else the earliest one to come.
    `periods`: the list `programmes()` already read (then no query)."""
    year = (today or timezone.localdate()).year
    programmes = periods if periods is not None else list(Programme.objects.order_by("start_year", "pk"))
    covering = [p for p in programmes if p.start_year <= year <= p.end_year]
    begun = [p for p in programmes if p.start_year <= year]
    if covering:
        return covering[-1]
    if begun:
        return begun[-1]
    return programmes[0] if programmes else None


def programmes() -> list[Programme]:
    """Every roadmap period, earliest first (the pages' period switcher)."""
    return list(Programme.objects.order_by("start_year", "pk"))


@dataclass
class ActivityRow:
    activity: Activity
    occurrences: list


@dataclass
class SectionRow:
    section: Section
    rows: list = field(default_factory=list)


@dataclass
class RoadmapTable:
    programme: Programme
    sections: list
    responsible_choices: list


def _occurrences_queryset() -> "QuerySet[WithAnnotations[Occurrence, _EvidenceCount]]":
    return Occurrence.objects.annotate(evidence_count=Count("evidence")).order_by("due_on", "pk")


def _sections_with_everything(programme: Programme) -> list[Section]:
    activities = Activity.objects.order_by("position", "pk").prefetch_related(
        "responsible_users", Prefetch("occurrences", queryset=_occurrences_queryset())
    )
    return list(
        Section.objects.filter(programme=programme)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("activities", queryset=activities))
    )


def roadmap_table(
    *, programme: Programme, year: int | None = None, status: str | None = None, responsible: str | None = None
) -> RoadmapTable:
    """Sections, activities and their occurrences, filtered by year, status and responsible.

    With a year or a status, only the matching occurrences are listed and activities without any
    are left out; the responsible filter matches the free text or one of the responsible users.
    Four queries in all: sections, activities, their users, occurrences with evidence counts.
    """
    sections = _sections_with_everything(programme)
    texts, users = set(), {}
    result = []
    for section in sections:
        section_row = SectionRow(section)
        for activity in section.activities.all():
            responsible_users = list(activity.responsible_users.all())
            if activity.responsible:
                texts.add(activity.responsible)
            users.update({f"{USER_PREFIX}{u.pk}": u.get_full_name() or u.username for u in responsible_users})
            if responsible and not _is_responsible(activity, responsible_users, responsible):
                continue
            occurrences = [
                o
                for o in activity.occurrences.all()
                if (not year or o.starts_on.year <= year <= o.due_on.year)
                and (not status or o.effective_status == status)
            ]
            if (year or status) and not occurrences:
                continue
            section_row.rows.append(ActivityRow(activity, occurrences))
        if section_row.rows or not (year or status or responsible):
            result.append(section_row)
    choices = [(text, text) for text in sorted(texts)] + sorted(users.items(), key=lambda item: item[1])
    return RoadmapTable(programme, result, choices)


def _is_responsible(activity: Activity, responsible_users: list[User], responsible: str) -> bool:
    if responsible.startswith(USER_PREFIX):
        return any(f"{USER_PREFIX}{u.pk}" == responsible for u in responsible_users)
    return activity.responsible == responsible


@dataclass
class TimelineCell:
    month: int
    occurrences: list

    @property
    def status(self) -> Status | None:
        # The cell shows the status that needs attention most.
        order = [Status.OVERDUE, Status.IN_PROGRESS, Status.PLANNED, Status.DONE]
        statuses = {o.effective_status for o in self.occurrences}
        return next((s for s in order if s in statuses), None)


def timeline(*, programme: Programme, year: int) -> list[dict[str, Any]]:
    """A Gantt-like year: for every activity, twelve month cells with the occurrences running then."""
    rows = []
    for section in _sections_with_everything(programme):
        for activity in section.activities.all():
            cells = []
            for month in range(1, 13):
                first = datetime.date(year, month, 1)
                last = datetime.date(year, month, calendar.monthrange(year, month)[1])
                running = [o for o in activity.occurrences.all() if o.starts_on <= last and o.due_on >= first]
                cells.append(TimelineCell(month, running))
            rows.append({"section": section, "activity": activity, "cells": cells})
    return rows


def activity_get(*, pk: int) -> Activity:
    evidence = Evidence.objects.select_related("added_by").order_by("added_at", "pk")
    occurrences = Occurrence.objects.order_by("due_on", "pk").prefetch_related(Prefetch("evidence", queryset=evidence))
    return get_object_or_404(
        Activity.objects.select_related("section__programme").prefetch_related(
            "responsible_users", Prefetch("occurrences", queryset=occurrences)
        ),
        pk=pk,
    )


def occurrence_get(*, pk: int) -> Occurrence:
    return get_object_or_404(Occurrence.objects.select_related("activity__section__programme"), pk=pk)


def evidence_get(*, pk: int) -> Evidence:
    return get_object_or_404(Evidence.objects.select_related("occurrence__activity"), pk=pk)


def section_get(*, pk: int) -> Section:
    return get_object_or_404(Section, pk=pk)


@dataclass
class UpcomingPanel:
    overdue: list
    overdue_total: int
    upcoming: list
    days: int


def upcoming_and_overdue(*, days: int = 30, limit: int = 5, today: datetime.date | None = None) -> UpcomingPanel:
    """For the dashboard: the latest overdue occurrences and those due within `days`. Three queries."""
    today = today or timezone.localdate()
    open_occurrences = Occurrence.objects.exclude(status=Status.DONE).select_related("activity")
    overdue = open_occurrences.filter(due_on__lt=today)
    upcoming = open_occurrences.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days))
    return UpcomingPanel(
        overdue=list(overdue.order_by("-due_on", "pk")[:limit]),
        overdue_total=overdue.count(),
        upcoming=list(upcoming.order_by("due_on", "pk")[:limit]),
        days=days,
    )


@dataclass
class ExecutionRow:
    occurrence: Occurrence
    status: str  # a Status value as of the report date
    evidence_count: int


@dataclass
class RoadmapExecution:
    rows: list
    counts: dict  # {status: number}

    @property
    def total(self) -> int:
        return len(self.rows)


def occurrence_status_on(occurrence: Occurrence, as_of: datetime.date) -> Status:
    """The stage's status as it stood on `as_of`: done only if completed by then (or without a completion
    date); not done and due before `as_of`, overdue (the analytic summary and the open API read this)."""
    stored = occurrence.status
    if stored == Status.DONE and occurrence.completed_on is not None and occurrence.completed_on > as_of:
        stored = Status.IN_PROGRESS
    return derive_status(stored, occurrence.due_on, as_of)


def roadmap_execution(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> RoadmapExecution:
    """Occurrences due in [start, end] of every roadmap period (periods do not overlap, so a half-year that
    spans two periods gets both), each with its status as of `as_of` and the number of its evidence items
    (for the analytic summary). One query.

    Done counts as done only if it was completed by `as_of` (or has no completion date); an occurrence
    not done by then whose due date is before `as_of` is overdue.
    """
    occurrences = list(
        _occurrences_queryset()
        .filter(due_on__gte=start, due_on__lte=end)
        .select_related("activity", "activity__section")
        .order_by("due_on", "activity__section__position", "activity__position", "pk")
    )
    rows, counts = [], {s.value: 0 for s in Status}
    for occurrence in occurrences:
        status = occurrence_status_on(occurrence, as_of)
        counts[status.value] += 1
        rows.append(ExecutionRow(occurrence, status.value, occurrence.evidence_count))
    return RoadmapExecution(rows, counts)
