"""The four indicators computed per shared/spec/kpi.md, and the snapshots recorded at monitoring dates.

Public entry points (other apps call these):
- `kpi_compute(*, as_of)` — live values from the registry, a list of four `IndicatorValue`;
- `kpi_compute_many(*, days)` — the same for several dates in a fixed number of queries;
- `snapshot_get_or_record(*, as_of)` — the values recorded for a monitoring date, recording the
  missing ones from the registry first (idempotent; a recorded value is never overwritten);
- `snapshot_record_due(*, today=None)` — records the latest monitoring date on or before today;
- `past_value_enter(...)` — an administrator's value for a date before the portal existed.
"""

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.text import strip_forbidden
from mentorship.selectors import KPI_CODES, kpi_counts

from .models import EnterpriseCount, Indicator, Snapshot, Target

ORGANIZATIONS_MENTORS = "organizations_mentors"
MONITORING_DAYS = ((6, 20), (12, 20))  # (month, day): mid-year and year values

LIVE = "live"
RECORDED = Snapshot.Source.RECORDED
ENTERED = Snapshot.Source.ENTERED


def percent(numerator, denominator):
    """numerator / denominator × 100 rounded half up to one decimal place; None when denominator is 0."""
    if numerator is None or not denominator:
        return None
    tenths = (2000 * numerator + denominator) // (2 * denominator)
    return Decimal(tenths).scaleb(-1)


def is_achieved(value, target):
    if value is None or target is None:
        return None
    return value >= target


def year_date(year):
    """The date a year's value is taken at: 20 December."""
    return datetime.date(year, *MONITORING_DAYS[-1])


def monitoring_dates(year):
    return [datetime.date(year, month, day) for month, day in MONITORING_DAYS]


def is_monitoring_date(day):
    return (day.month, day.day) in MONITORING_DAYS


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    short_name: str
    as_of: datetime.date
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    target: Decimal | None
    achieved: bool | None
    denominator_source: str = Snapshot.DenominatorSource.REGISTRY
    denominator_note: str = ""
    kind: str = LIVE  # "live", "recorded" or "entered"
    note: str = ""
    recorded_at: datetime.datetime | None = None

    @property
    def gap(self):
        """value − target in percentage points (negative when behind); None when either is empty."""
        if self.value is None or self.target is None:
            return None
        return self.value - self.target

    @property
    def is_live(self):
        return self.kind == LIVE

    def as_dict(self):
        return asdict(self)

    def as_json(self):
        """The object the `kpi` command prints for one indicator (shared/spec/kpi.md)."""
        return {
            "code": self.code,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": None if self.value is None else float(self.value),
            "target": None if self.target is None else float(self.target),
            "achieved": self.achieved,
        }


def _indicators():
    indicators = {i.code: i for i in Indicator.objects.all()}
    missing = [code for code in KPI_CODES if code not in indicators]
    if missing:
        raise RuntimeError(f"Indicators missing from the database: {', '.join(missing)}")
    return [indicators[code] for code in KPI_CODES]


def _targets(years):
    targets = Target.objects.filter(year__in=years).select_related("indicator")
    return {(t.indicator.code, t.year): t.value for t in targets}


def kpi_compute_many(*, days):
    """{day: [IndicatorValue × 4]} computed live from the registry; five queries whatever the data."""
    days = sorted(set(days))
    if not days:
        return {}
    years = {d.year for d in days}
    indicators = _indicators()
    targets = _targets(years)
    entered = {e.year: e for e in EnterpriseCount.objects.filter(year__in=years)}
    counts = kpi_counts(days)
    result = {}
    for day in days:
        values = []
        for indicator in indicators:
            numerator, denominator = counts[day][indicator.code]
            source, note = Snapshot.DenominatorSource.REGISTRY, ""
            if indicator.code == ORGANIZATIONS_MENTORS and day.year in entered:
                denominator = entered[day.year].count
                source, note = Snapshot.DenominatorSource.ENTERED, entered[day.year].source
            value = percent(numerator, denominator)
            target = targets.get((indicator.code, day.year))
            values.append(
                IndicatorValue(
                    code=indicator.code,
                    short_name=indicator.short_name,
                    as_of=day,
                    numerator=numerator,
                    denominator=denominator,
                    value=value,
                    target=target,
                    achieved=is_achieved(value, target),
                    denominator_source=source,
                    denominator_note=note,
                )
            )
        result[day] = values
    return result


def kpi_compute(*, as_of):
    """The four indicators as of `as_of`, live from the registry (a list in the spec's order)."""
    return kpi_compute_many(days=[as_of])[as_of]


def _from_snapshot(snapshot):
    return IndicatorValue(
        code=snapshot.indicator.code,
        short_name=snapshot.indicator.short_name,
        as_of=snapshot.as_of,
        numerator=snapshot.numerator,
        denominator=snapshot.denominator,
        value=snapshot.value,
        target=snapshot.target,
        achieved=snapshot.achieved,
        denominator_source=snapshot.denominator_source,
        denominator_note=snapshot.denominator_note,
        kind=snapshot.source,
        note=snapshot.note,
        recorded_at=snapshot.recorded_at,
    )


def snapshot_values(*, days):
    """{day: {code: IndicatorValue}} of what is recorded for these dates (one query)."""
    result = {}
    for snapshot in Snapshot.objects.filter(as_of__in=list(days)).select_related("indicator"):
        result.setdefault(snapshot.as_of, {})[snapshot.indicator.code] = _from_snapshot(snapshot)
    return result


@transaction.atomic
def snapshot_get_or_record(*, as_of):
    """The four values for the monitoring date `as_of` as recorded; missing ones are recorded first.

    Returns a list of four `IndicatorValue` in the spec's order, each with `kind` "recorded" or
    "entered". Calling it again changes nothing: a recorded value is never overwritten.
    """
    if not is_monitoring_date(as_of):
        raise ValueError(f"{as_of} is not a monitoring date (20 June or 20 December)")
    if as_of > timezone.localdate():
        raise ValueError(f"{as_of} is in the future: its values cannot be recorded yet")
    indicators = _indicators()
    existing = snapshot_values(days=[as_of]).get(as_of, {})
    if len(existing) < len(indicators):
        live = {v.code: v for v in kpi_compute(as_of=as_of)}
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
            existing[indicator.code] = _from_snapshot(snapshot)
    return [existing[i.code] for i in indicators]


def _fields(snapshot):
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


def last_monitoring_date(today):
    candidates = [d for year in (today.year - 1, today.year) for d in monitoring_dates(year) if d <= today]
    return max(candidates)


def snapshot_record_due(*, today=None):
    """Records the latest monitoring date on or before today (the Celery beat task calls this)."""
    today = today or timezone.localdate()
    as_of = last_monitoring_date(today)
    return as_of, snapshot_get_or_record(as_of=as_of)


def past_value_errors(*, indicator, as_of, note, numerator=None, denominator=None, value=None):
    """({field: message}, value): what is wrong with an administrator's value, and the value to keep."""
    errors = {}
    if as_of is not None and not is_monitoring_date(as_of):
        errors["as_of"] = _("Values are kept for the monitoring dates only: 20 June and 20 December.")
    elif as_of is not None and as_of > timezone.localdate():
        errors["as_of"] = _("This date has not come yet.")
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
def past_value_enter(*, indicator, as_of, note, numerator=None, denominator=None, value=None, user=None):
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
def enterprise_count_set(*, year, count, source, user=None):
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
