"""The SWOT draft of a monitoring date, composed as sentences from the aggregates (stage 1 of the target model's
monitoring, summed up). The curator edits it before saving (monitoring/services.py swot_save).

Rules (docs/monitoring.md, «Рост, SWOT и выводы справки»):
- strengths: scale items with a mean of HIGH_MEAN or more;
- weaknesses: scale items with a mean of LOW_MEAN or less;
- opportunities: the share who would become a mentor or would continue (yes/no items), items with growth;
- threats: campaigns with low response, mentorships whose ratings declined between two satisfaction answers,
  mentorships without a held meeting in the half-year, items where the participants' exit is below their entry,
  participants with no exit questionnaire.
Items with fewer than MIN_ANSWERS answers are left out: too few to say anything.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.text import number_ru
from mentorship.dates import monitoring_period
from mentorship.selectors import report_without_meetings

from .models import Item
from .selectors import (
    AnswerFilter,
    CampaignRate,
    GrowthReport,
    ItemAggregate,
    declining_ratings,
    growth_report,
    item_aggregates,
    response_rates,
)

HIGH_MEAN = Decimal("8.0")
LOW_MEAN = Decimal("6.0")
MIN_ANSWERS = 3
OPPORTUNITY_KEYS = ("would_become_mentor", "would_continue")


@dataclass(frozen=True)
class SwotInputs:
    aggregates: list[ItemAggregate]
    rates: list[CampaignRate]
    growth: GrowthReport
    declining: int
    without_meetings: int
    mentorships: int


@dataclass(frozen=True)
class SwotDraft:
    strengths: str
    weaknesses: str
    opportunities: str
    threats: str

    def as_dict(self) -> dict[str, str]:
        return {
            "strengths": self.strengths,
            "weaknesses": self.weaknesses,
            "opportunities": self.opportunities,
            "threats": self.threats,
        }


def swot_inputs(*, as_of: datetime.date) -> SwotInputs:
    """Everything the draft reads, in a fixed number of queries (aggregates 3, rates 1, growth 3, declining 1,
    meetings 1)."""
    start, end = monitoring_period(as_of)
    meetings = report_without_meetings(start, end)
    return SwotInputs(
        aggregates=item_aggregates(where=AnswerFilter(as_of=as_of)),
        rates=response_rates(as_of=as_of),
        growth=growth_report(where=AnswerFilter(as_of=as_of)),
        declining=len(declining_ratings(as_of=as_of)),
        without_meetings=meetings["without"],
        mentorships=meetings["total"],
    )


def _percent(share: Decimal | None) -> str:
    return number_ru(None if share is None else share * 100)


def _mean_sentence(agg: ItemAggregate) -> str:
    return _("«%(text)s» (%(questionnaire)s): on average %(mean)s of 10, %(count)s answers.") % {
        "text": agg.text,
        "questionnaire": agg.questionnaire,
        "mean": number_ru(agg.mean),
        "count": agg.answers,
    }


def _lines(lines: list[str], empty: str) -> str:
    return "\n".join(f"— {line}" for line in lines) if lines else empty


def swot_compose(inputs: SwotInputs) -> SwotDraft:
    """The four parts as sentences, one per line, in the portal's language (Russian)."""
    with translation.override(settings.LANGUAGE_CODE):
        scored = [
            (a.mean, a)
            for a in inputs.aggregates
            if a.kind == Item.Kind.SCALE and a.mean is not None and a.answers >= MIN_ANSWERS
        ]
        strengths = [_mean_sentence(a) for mean, a in sorted(scored, key=lambda p: -p[0]) if mean >= HIGH_MEAN]
        weaknesses = [_mean_sentence(a) for mean, a in sorted(scored, key=lambda p: p[0]) if mean <= LOW_MEAN]
        opportunities = []
        for agg in inputs.aggregates:
            if agg.key in OPPORTUNITY_KEYS and agg.kind == Item.Kind.YES_NO and agg.answers >= MIN_ANSWERS and agg.yes:
                opportunities.append(
                    _("«%(text)s» (%(questionnaire)s): yes — %(yes)s of %(count)s (%(share)s %%).")
                    % {
                        "text": agg.text,
                        "questionnaire": agg.questionnaire,
                        "yes": agg.yes,
                        "count": agg.answers,
                        "share": _percent(agg.yes_share),
                    }
                )
        threats = []
        for row in inputs.growth.totals:
            change = row.mean_change
            if change is None:
                continue
            values = {
                "text": row.text,
                "change": number_ru(change),
                "compared": row.compared,
                "improved": _percent(row.improved_share),
            }
            if change > 0:
                opportunities.append(
                    _(
                        "Growth «%(text)s»: on average +%(change)s between entry and exit for %(compared)s "
                        "participants; improved: %(improved)s %%."
                    )
                    % values
                )
            elif change < 0:
                threats.append(
                    _("Decline «%(text)s»: on average %(change)s between entry and exit for %(compared)s participants.")
                    % values
                )
        for rate in inputs.rates:
            if rate.is_low:
                threats.append(
                    _("Low response in «%(title)s»: %(answered)s of %(invited)s invited answered (%(share)s %%).")
                    % {
                        "title": rate.title,
                        "answered": rate.answered,
                        "invited": rate.invited,
                        "share": _percent(rate.rate),
                    }
                )
        if inputs.declining:
            threats.append(
                ngettext(
                    "%(count)s mentorship where the ratings declined between two satisfaction questionnaires.",
                    "%(count)s mentorships where the ratings declined between two satisfaction questionnaires.",
                    inputs.declining,
                )
                % {"count": inputs.declining}
            )
        if inputs.without_meetings:
            threats.append(
                _("%(count)s of %(total)s mentorships held no meeting in the half-year.")
                % {"count": inputs.without_meetings, "total": inputs.mentorships}
            )
        if inputs.growth.missing_exit_total:
            threats.append(
                _("No exit questionnaire: %(count)s participants who answered on entry.")
                % {"count": inputs.growth.missing_exit_total}
            )
        return SwotDraft(
            strengths=_lines(
                strengths, _("No item has an average of %(mean)s or more yet.") % {"mean": number_ru(HIGH_MEAN)}
            ),
            weaknesses=_lines(
                weaknesses, _("No item has an average of %(mean)s or less.") % {"mean": number_ru(LOW_MEAN)}
            ),
            opportunities=_lines(opportunities, _("The answers do not show opportunities yet.")),
            threats=_lines(threats, _("The data do not show threats.")),
        )


def swot_draft(*, as_of: datetime.date) -> SwotDraft:
    """The SWOT draft of the half-year ending at `as_of`."""
    return swot_compose(swot_inputs(as_of=as_of))
