"""The hub's reads for the collection campaigns: who has submitted and who has not (docs/hub.md)."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentorship.dates import last_monitoring_date

from .models import Campaign, Organisation, Report


@dataclass
class CampaignState:
    campaign: Campaign
    submitted: list[Report]
    missing: list[Organisation]

    @property
    def on_time(self) -> int:
        return sum(1 for report in self.submitted if not report.late)

    @property
    def late(self) -> int:
        return sum(1 for report in self.submitted if report.late)


def campaigns_list() -> QuerySet[Campaign]:
    return Campaign.objects.order_by("-monitoring_date")


def campaign_get(*, pk: int) -> Campaign:
    return get_object_or_404(Campaign, pk=pk)


def campaign_state(*, campaign: Campaign, schools: QuerySet[Organisation]) -> CampaignState:
    """The reports of the campaign's date from `schools` (the user's visible ones) and the schools without one.
    Two queries."""
    submitted = list(
        Report.objects.filter(monitoring_date=campaign.monitoring_date, organisation__in=schools)
        .select_related("organisation__parent")
        .defer("document")
        .order_by("organisation__parent__name", "organisation__name")
    )
    missing = list(
        schools.exclude(reports__monitoring_date=campaign.monitoring_date)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
    return CampaignState(campaign=campaign, submitted=submitted, missing=missing)


def default_report_date(*, today: datetime.date | None = None) -> datetime.date:
    """The date a template is made for: the campaign open today (the latest), else the last monitoring date."""
    today = today or timezone.localdate()
    campaign = Campaign.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("-monitoring_date").first()
    return campaign.monitoring_date if campaign else last_monitoring_date(today)
