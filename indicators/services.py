"""The writes of the indicators: snapshots recorded at monitoring dates, an administrator's past values,
targets and enterprise counts. The reads (live values, snapshots, plan vs fact) are in selectors.py.

Public entry points (other apps call these):
- `snapshot_get_or_record(*, as_of)` — the values recorded for a monitoring date, recording the
  missing ones from the registry first (idempotent; a recorded value is never overwritten);
- `snapshot_record_due(*, today=None)` — records the latest monitoring date on or before today;
- `past_value_enter(...)` — an administrator's value for a date before the portal existed.
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
from mentorship.dates import validate_date

from .models import EnterpriseCount, Indicator, Snapshot, Target
from .selectors import (
    IndicatorValue,
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


@transaction.atomic
def enterprise_count_set(*, year: int, count: int, source: str, user: User | None = None) -> EnterpriseCount:
    """Enter (or correct) the number of enterprises in the town and district for a year."""
    instance = EnterpriseCount.objects.filter(year=year).first() or EnterpriseCount(year=year)
    instance.count = count
    instance.source = source
    instance.entered_by = user
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def target_save(*, target: Target, data: dict) -> Target:
    """Set an indicator's planned value for a year (administrators, in the admin)."""
    for field, value in data.items():
        setattr(target, field, value)
    target.full_clean()
    target.save()
    return target
