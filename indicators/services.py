"""The writes of the indicators: snapshots recorded at monitoring dates, an administrator's past values,
targets and enterprise counts. The reads (live values, snapshots, plan vs fact) are in selectors.py.

Public entry points (other apps call these):
- `snapshot_get_or_record(*, as_of)` — the values recorded for a monitoring date, recording the
  missing ones from the registry first (idempotent; a recorded value is never overwritten);
- `snapshot_record_due(*, today=None)` — records the latest monitoring date on or before today;
- `past_value_enter(...)` — an administrator's value for a date before the portal existed;
- `target_set(...)`, `year_targets_set(...)`, `enterprise_count_set(...)` — the targets and the number of
  enterprises of a year (the targets page and the Django admin).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.text import strip_forbidden
from mentorship.dates import validate_date, validate_year

from .models import EnterpriseCount, Indicator, Snapshot, Target
from .selectors import (
    IndicatorValue,
    first_year,
    indicators_in_order,
    is_achieved,
    is_monitoring_date,
    kpi_values,
    last_monitoring_date,
    percent,
    snapshot_values,
    value_from_snapshot,
)


@transaction.atomic
def snapshot_get_or_record(*, as_of: datetime.date) -> list[IndicatorValue]:
    """The four values for the monitoring date `as_of` as recorded; missing ones are recorded first.

    Returns a list of four `IndicatorValue` in the spec's order, each with `kind` "recorded" or
    "entered". Calling it again changes nothing: a recorded value is never overwritten.
    """
    if not is_monitoring_date(as_of):
        raise ValueError(f"{as_of} is not a monitoring date (20 June or 20 December)")
    try:
        validate_date(as_of, future_message="future")
    except ValidationError as error:
        if error.code == "date_in_future":
            raise ValueError(f"{as_of} is in the future: its values cannot be recorded yet") from None
        raise ValueError(f"{as_of} is out of the portal's range of dates") from None
    indicators = indicators_in_order()
    existing = snapshot_values(days=[as_of]).get(as_of, {})
    if len(existing) < len(indicators):
        live = kpi_values(days=[as_of])[as_of]
        for indicator in indicators:
            if indicator.code in existing:
                continue
            value = live[indicator.code]
            snapshot = Snapshot(
                indicator=indicator,
                as_of=as_of,
                numerator=value.numerator,
                denominator=value.denominator,
                value=value.value,
                target=value.target,
                achieved=value.achieved,
                denominator_source=value.denominator_source,
                # A copy of the entered source: a character the text policy refuses must not stop the recording.
                denominator_note=strip_forbidden(value.denominator_note, multiline=False),
                source=Snapshot.Source.RECORDED,
            )
            snapshot.full_clean(validate_unique=False, validate_constraints=False)
            snapshot, _created = Snapshot.objects.get_or_create(
                indicator=indicator, as_of=as_of, defaults=_fields(snapshot)
            )
            existing[indicator.code] = value_from_snapshot(snapshot)
    return [existing[i.code] for i in indicators]


def _fields(snapshot: Snapshot) -> dict[str, Any]:
    names = (
        "numerator",
        "denominator",
        "value",
        "target",
        "achieved",
        "denominator_source",
        "denominator_note",
        "source",
        "note",
        "recorded_by",
    )
    return {name: getattr(snapshot, name) for name in names}


def snapshot_record_due(*, today: datetime.date | None = None) -> tuple[datetime.date, list[IndicatorValue]]:
    """Records the latest monitoring date on or before today (the Celery beat task calls this)."""
    today = today or timezone.localdate()
    as_of = last_monitoring_date(today)
    return as_of, snapshot_get_or_record(as_of=as_of)


def past_value_errors(
    *,
    indicator: Indicator,
    as_of: datetime.date | None,
    note: str,
    numerator: int | None = None,
    denominator: int | None = None,
    value: Decimal | None = None,
) -> tuple[dict[str, str], Decimal | None]:
    """({field: message}, value): what is wrong with an administrator's value, and the value to keep."""
    errors = {}
    if as_of is not None and not is_monitoring_date(as_of):
        errors["as_of"] = _("Values are kept for the monitoring dates only: 20 June and 20 December.")
    elif as_of is not None:
        try:
            validate_date(as_of, future_message=_("This date has not come yet."))
        except ValidationError as error:
            errors["as_of"] = error.messages[0]
    if not (note or "").strip():
        errors["note"] = _("Say where the value comes from.")
    if (numerator is None) != (denominator is None):
        errors["denominator"] = _("Enter both the numerator and the denominator, or neither.")
    elif numerator is not None:
        computed = percent(numerator, denominator)
        if value is not None and computed != value:
            errors["value"] = _("The value does not match the numerator and the denominator (%(value)s).") % {
                "value": computed if computed is not None else "—"
            }
        value = computed
    elif value is None:
        errors["value"] = _("Enter the value, or the numerator and the denominator.")
    if as_of is not None and Snapshot.objects.filter(indicator=indicator, as_of=as_of).exists():
        errors["as_of"] = _("A value for this indicator and date is already recorded; it is not overwritten.")
    return errors, value


@transaction.atomic
def past_value_enter(
    *,
    indicator: Indicator,
    as_of: datetime.date,
    note: str,
    numerator: int | None = None,
    denominator: int | None = None,
    value: Decimal | None = None,
    user: User | None = None,
) -> Snapshot:
    """An administrator's value for a monitoring date, e.g. from before the portal existed.

    With a numerator and a denominator the value is computed by the spec's rule; otherwise the value
    itself is entered. A date already recorded is refused, never overwritten.
    """
    errors, value = past_value_errors(
        indicator=indicator, as_of=as_of, note=note, numerator=numerator, denominator=denominator, value=value
    )
    if errors:
        raise ValidationError(errors)
    target = Target.objects.filter(indicator=indicator, year=as_of.year).values_list("value", flat=True).first()
    snapshot = Snapshot(
        indicator=indicator,
        as_of=as_of,
        numerator=numerator,
        denominator=denominator,
        value=value,
        target=target,
        achieved=is_achieved(value, target),
        source=Snapshot.Source.ENTERED,
        note=note.strip(),
        recorded_by=user,
    )
    snapshot.full_clean()
    snapshot.save()
    return snapshot


TARGET_MAX = Decimal("100")
# How far ahead targets may be set: the roadmap's periods run for five or six years.
TARGET_YEARS_AHEAD = 10


def target_year_errors(*, year: int | None, today: datetime.date | None = None) -> list[str]:
    """What is wrong with a year of targets or enterprise counts: from the programme's first year (or the
    earliest year the portal keeps) to ten years ahead."""
    today = today or timezone.localdate()
    if year is None:
        return [_("Enter the year.")]
    try:
        validate_year(year)
    except ValidationError as error:
        return list(error.messages)
    earliest, latest = min(first_year(), today.year), today.year + TARGET_YEARS_AHEAD
    if not earliest <= year <= latest:
        return [
            _("Targets are set for the years from %(earliest)s to %(latest)s.")
            % {"earliest": earliest, "latest": latest}
        ]
    return []


def _check_year(year: int, *, field: str = "year") -> None:
    errors = target_year_errors(year=year)
    if errors:
        raise ValidationError({field: errors})


def _lock_indicators() -> dict[str, Indicator]:
    """The four indicators, locked: two saves of the same year's targets run one after the other, so the
    second sees the first's rows (no duplicate, no 500 from the unique constraint)."""
    return {i.code: i for i in Indicator.objects.select_for_update().order_by("pk")}


@transaction.atomic
def enterprise_count_set(*, year: int, count: int, source: str, user: User | None = None) -> EnterpriseCount:
    """Enter (or correct) the number of enterprises in the town and district for a year."""
    _check_year(year)
    _lock_indicators()
    instance = EnterpriseCount.objects.filter(year=year).first() or EnterpriseCount(year=year)
    if instance.pk and (instance.count, instance.source) == (count, source):
        return instance  # nothing changed: no new entry in the history
    instance.count = count
    instance.source = source
    instance.entered_by = user
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def target_set(*, indicator: Indicator, year: int, value: Decimal | None, user: User | None = None) -> Target | None:
    """Set an indicator's planned value for a year, in per cent (0–100); `None` removes the target.

    The portal's targets page and the Django admin both call this. Setting the value it already has
    changes nothing. Returns the target, or None when there is none left.
    """
    _check_year(year)
    _lock_indicators()
    target = Target.objects.filter(indicator=indicator, year=year).first()
    if value is None:
        if target is not None:
            target.delete()
        return None
    if value > TARGET_MAX:
        raise ValidationError({"value": _("A target is a share in per cent: at most 100.")})
    value = value.quantize(Decimal("0.1"))  # as the field keeps it, so the history says 80.0, not 80
    if target is not None and target.value == value:
        return target
    target = target or Target(indicator=indicator, year=year)
    target.value = value
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def year_targets_set(
    *,
    year: int,
    values: dict[str, Decimal | None],
    enterprise_count: int | None = None,
    enterprise_source: str = "",
    user: User | None = None,
) -> list[Target]:
    """A year's targets of the four indicators (`values`: code → per cent, None for no target) and, when
    given, the number of enterprises in the town and district, in one transaction (the targets page).

    Errors come keyed by the page's fields: `year`, the indicator's code, `enterprise_count`,
    `enterprise_source`; nothing is saved then.
    """
    _check_year(year)
    indicators = _lock_indicators()
    unknown = set(values) - set(indicators)
    if unknown:
        raise ValueError(f"Unknown indicators: {', '.join(sorted(unknown))}")
    errors: dict[str, list[str]] = {}
    saved = []
    for code, value in values.items():
        try:
            target = target_set(indicator=indicators[code], year=year, value=value, user=user)
        except ValidationError as error:
            errors[code] = error.messages
        else:
            if target is not None:
                saved.append(target)
    if enterprise_count is not None or enterprise_source.strip():
        if enterprise_count is None:
            errors["enterprise_count"] = [_("Enter the number of enterprises, or leave the source empty.")]
        elif not enterprise_source.strip():
            errors["enterprise_source"] = [_("Say where the number comes from.")]
        else:
            try:
                enterprise_count_set(year=year, count=enterprise_count, source=enterprise_source.strip(), user=user)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors["enterprise_source" if field == "source" else "enterprise_count"] = messages
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def target_save(*, target: Target, data: dict, user: User | None = None) -> Target:
    """The Django admin's add and change of a target: `target_set` with the form's indicator, year and value."""
    # On a change the admin shows the indicator and the year read-only: only the value comes in `data`.
    indicator, year, value = (data.get(name, getattr(target, name)) for name in ("indicator", "year", "value"))
    saved = target_set(indicator=indicator, year=year, value=value, user=user)
    if saved is None:
        raise ValidationError({"value": _("Enter the value.")})
    return saved
