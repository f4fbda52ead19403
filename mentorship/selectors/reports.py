"""Registry reads for the analytic summary and the printable forms (the reports app reads these).

Every aggregate is a fixed number of queries whatever the size of the registry: conditional
aggregation grouped by form (and role model), never a query per mentorship.
"""

import datetime
from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from ..models import BestMentor, IndividualPlan, Mentorship, MentorshipForm, Person, PlanItem


def report_participation(start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Mentorships counted in [start, end] and their people, by form and role model.

    Returns {"rows": [{form, role_model, mentorships, mentors, mentees}], "forms": [... per form ...],
    "total": {mentorships, mentors, mentees}}; people are counted once within a row, a form and the
    total (a person in two forms counts once in the total). Three queries.
    """
    counted = Mentorship.objects.counted_in(start, end)
    fields = {
        "mentorships": Count("pk", distinct=True),
        "mentors": Count("mentor", distinct=True),
        "mentees": Count("mentees", distinct=True),
    }
    rows = list(
        counted.values("form__order", "form__name", "role_model__order", "role_model__name")
        .annotate(**fields)
        .order_by("form__order", "role_model__order", "role_model__name")
    )
    forms = {r["form"]: r for r in counted.values("form").annotate(**fields).order_by()}
    all_forms = list(MentorshipForm.objects.order_by("order"))
    total = counted.aggregate(**fields)
    return {
        "rows": [
            {
                "form": r["form__name"],
                "role_model": r["role_model__name"] or "",
                "mentorships": r["mentorships"],
                "mentors": r["mentors"],
                "mentees": r["mentees"],
            }
            for r in rows
        ],
        "forms": [
            {
                "form": f.name,
                "mentorships": forms.get(f.pk, {}).get("mentorships", 0),
                "mentors": forms.get(f.pk, {}).get("mentors", 0),
                "mentees": forms.get(f.pk, {}).get("mentees", 0),
            }
            for f in all_forms
        ],
        "total": total,
    }


def report_movements(start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Mentorships started, completed and terminated early in [start, end], by form, with totals,
    and the early terminations with their reasons. Three queries."""
    counted_statuses = Mentorship.COUNTED_STATUSES
    started = Q(status__in=counted_statuses, start_date__gte=start, start_date__lte=end)
    completed = Q(status=Mentorship.Status.COMPLETED, end_date__gte=start, end_date__lte=end)
    terminated = Q(status=Mentorship.Status.TERMINATED, end_date__gte=start, end_date__lte=end)

    def through_form(condition: Q) -> Q:
        return Q(**{f"mentorship__{name}": value for name, value in cast(list[tuple[str, Any]], condition.children)})

    by_form = list(
        MentorshipForm.objects.order_by("order").annotate(
            started=Count("mentorship", filter=through_form(started)),
            completed=Count("mentorship", filter=through_form(completed)),
            terminated=Count("mentorship", filter=through_form(terminated)),
        )
    )
    total = Mentorship.objects.aggregate(
        started=Count("pk", filter=started),
        completed=Count("pk", filter=completed),
        terminated=Count("pk", filter=terminated),
    )
    terminations = list(
        Mentorship.objects.filter(terminated)
        .select_related("form", "mentor")
        .prefetch_related(Prefetch("mentees", queryset=Person.objects.order_by("last_name", "first_name")))
        .order_by("end_date", "pk")
    )
    return {
        "forms": [
            {"form": f.name, "started": f.started, "completed": f.completed, "terminated": f.terminated}
            for f in by_form
        ],
        "total": total,
        "terminations": terminations,
    }


def report_plan_progress(start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """Individual plans of the mentorships counted in [start, end]: items by status, overdue items at
    `as_of` and the average plan progress (share of done among items not cancelled), by form. Two queries.
    """
    counted = Mentorship.objects.counted_in(start, end)
    open_statuses = (PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS)
    plans = list(
        IndividualPlan.objects.filter(mentorship__in=counted)
        .values("pk", "mentorship__form__order", "mentorship__form__name")
        .annotate(
            n_items=Count("items", filter=~Q(items__status=PlanItem.Status.CANCELLED)),
            n_done=Count("items", filter=Q(items__status=PlanItem.Status.DONE)),
            n_in_progress=Count("items", filter=Q(items__status=PlanItem.Status.IN_PROGRESS)),
            n_planned=Count("items", filter=Q(items__status=PlanItem.Status.PLANNED)),
            n_overdue=Count("items", filter=Q(items__status__in=open_statuses, items__deadline__lt=as_of)),
        )
        .order_by("mentorship__form__order", "pk")
    )
    forms = {f.name: f.order for f in MentorshipForm.objects.all()}
    rows: dict[str, dict[str, Any]] = {}
    rows_of_plans: list[dict[str, Any]] = [dict(plan) for plan in plans]
    for plan in rows_of_plans:
        name = plan["mentorship__form__name"]
        row = rows.setdefault(
            name,
            {"form": name, "plans": 0, "items": 0, "done": 0, "in_progress": 0, "planned": 0, "overdue": 0, "sum": 0},
        )
        row["plans"] += 1
        for key in ("items", "done", "in_progress", "planned", "overdue"):
            row[key] += plan[f"n_{key}"]
        row["sum"] += round(100 * plan["n_done"] / plan["n_items"]) if plan["n_items"] else 0
    ordered = sorted(rows.values(), key=lambda r: forms.get(r["form"], 0))
    total: dict[str, Any] = {
        "form": "",
        "plans": 0,
        "items": 0,
        "done": 0,
        "in_progress": 0,
        "planned": 0,
        "overdue": 0,
        "sum": 0,
    }
    for row in ordered:
        for key in total:
            if key != "form":
                total[key] += row[key]
    for row in [*ordered, total]:
        row["average_progress"] = round(row["sum"] / row["plans"]) if row["plans"] else None
        row["fully_done"] = 0
    for plan in rows_of_plans:
        if plan["n_items"] and plan["n_done"] == plan["n_items"]:
            rows[plan["mentorship__form__name"]]["fully_done"] += 1
            total["fully_done"] += 1
    return {"forms": ordered, "total": total}


def best_mentors_of_year(year: int) -> list[BestMentor]:
    """The mentors marked best of `year`, with their organisation. One query."""
    return list(
        BestMentor.objects.filter(year=year)
        .select_related("person", "person__organization")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def best_mentor_get(pk: int) -> BestMentor:
    return get_object_or_404(BestMentor.objects.select_related("person", "person__organization"), pk=pk)


def plan_for_print(user: User, pk: int) -> IndividualPlan:
    """An individual plan with its mentorship and items, if the user may see that mentorship (else 404)."""
    return get_object_or_404(
        IndividualPlan.objects.filter(mentorship__in=Mentorship.objects.visible_to(user))
        .select_related(
            "mentee",
            "mentorship__form",
            "mentorship__role_model",
            "mentorship__mentor",
            "mentorship__mentor__organization",
            "mentorship__curator",
        )
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.order_by("order", "deadline", "pk"))),
        pk=pk,
    )


def mentorship_for_print(user: User, pk: int) -> Mentorship:
    """A mentorship with its participants, if the user may see it (else 404)."""
    return get_object_or_404(
        Mentorship.objects.visible_to(user)
        .select_related("form", "role_model", "mentor", "mentor__organization", "curator")
        .prefetch_related(
            Prefetch("mentees", queryset=Person.objects.order_by("last_name", "first_name", "pk")),
        ),
        pk=pk,
    )


def mentorships_for_order(*, on: datetime.date | None = None, year: int | None = None) -> list[Mentorship]:
    """Pairs and groups for the director's order: those running on the date `on` (active, completed or
    terminated, started by then and not ended before it), or those started in `year`. Two queries."""
    queryset = Mentorship.objects.filter(status__in=Mentorship.COUNTED_STATUSES)
    if year is not None:
        queryset = queryset.filter(start_date__year=year)
    else:
        queryset = queryset.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    return list(
        queryset.select_related("form", "role_model", "mentor", "mentor__organization")
        .prefetch_related(Prefetch("mentees", queryset=Person.objects.order_by("last_name", "first_name", "pk")))
        .order_by("form__order", "mentor__last_name", "mentor__first_name", "start_date", "pk")
    )


def report_without_meetings(start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Mentorships counted in [start, end] (docs/indicators.md) with no meeting held in [start, end]: how many of
    how many, by form. One query. The SWOT draft (monitoring) and the summary's conclusions read it."""
    rows = list(
        Mentorship.objects.counted_in(start, end)
        .values("form__order", "form__name")
        .annotate(
            total=Count("pk", distinct=True),
            without=Count(
                "pk",
                distinct=True,
                filter=~Q(
                    pk__in=Mentorship.objects.filter(
                        meetings__status="held", meetings__date__gte=start, meetings__date__lte=end
                    ).values("pk")
                ),
            ),
        )
        .order_by("form__order")
    )
    forms = [{"form": r["form__name"], "total": r["total"], "without": r["without"]} for r in rows]
    return {
        "forms": forms,
        "total": sum(r["total"] for r in forms),
        "without": sum(r["without"] for r in forms),
    }
