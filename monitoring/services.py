"""Writes of the monitoring. Every answer — through a personal link, in the portal, or typed in from paper by
the curator — is stored by `response_submit`."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.models import Mentorship, Person

from .models import Answer, Campaign, Invitation, Item, Questionnaire, Response
from .selectors import current_items


def _answer_for(item: Item, value: Any) -> Answer | None:
    """The Answer for one item's value, or None when it was left empty; ValidationError names the item."""
    empty = value in (None, "", [], ())
    if empty:
        if item.required:
            raise ValidationError({item.key: _("Answer this question.")})
        return None
    answer = Answer(item=item)
    if item.kind == Item.Kind.SCALE:
        try:
            answer.number = int(value)
        except (TypeError, ValueError):
            raise ValidationError({item.key: _("Choose a score from 1 to 10.")}) from None
    elif item.kind == Item.Kind.YES_NO:
        if not isinstance(value, bool):
            raise ValidationError({item.key: _("Answer yes or no.")})
        answer.flag = value
    elif item.kind in (Item.Kind.ONE, Item.Kind.MANY):
        chosen = [value] if item.kind == Item.Kind.ONE else list(value)
        try:
            indexes = sorted({int(v) for v in chosen})
        except (TypeError, ValueError):
            raise ValidationError({item.key: _("Choose one of the options.")}) from None
        if any(i < 0 or i >= len(item.choices) for i in indexes) or (item.kind == Item.Kind.ONE and len(indexes) != 1):
            raise ValidationError({item.key: _("Choose one of the options.")})
        answer.chosen = indexes
    else:
        answer.text = str(value).strip()
    return answer


@transaction.atomic
def response_submit(
    *,
    questionnaire: Questionnaire,
    role: str,
    answers: Mapping[str, Any],
    channel: str,
    person: Person | None = None,
    mentorship: Mentorship | None = None,
    campaign: Campaign | None = None,
    invitation: Invitation | None = None,
    entered_by: User | None = None,
    submitted_at: datetime.datetime | None = None,
) -> Response:
    """Store one filled-in questionnaire. `answers` maps an item's key to its value (an int for a scale, a bool
    for yes/no, an option index or a list of them, a string). An invitation is used once: a second answer
    through it, even in parallel, is refused."""
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answered_at is not None:
            raise ValidationError(_("This questionnaire has already been answered through this link."))
        if invitation.campaign.status == Campaign.Status.CLOSED or timezone.now() >= invitation.expires_at:
            raise ValidationError(_("The campaign is over: the questionnaire can no longer be answered."))
    items = list(current_items(questionnaire=questionnaire))
    built: list[Answer] = []
    errors: dict[str, list[str]] = {}
    for item in items:
        try:
            answer = _answer_for(item, answers.get(item.key))
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
            continue
        if answer is not None:
            built.append(answer)
    if errors:
        raise ValidationError(errors)
    response = Response(
        questionnaire=questionnaire,
        role=role,
        person=person,
        mentorship=mentorship,
        campaign=campaign,
        invitation=invitation,
        channel=channel,
        entered_by=entered_by,
        submitted_at=submitted_at or timezone.now(),
    )
    response.full_clean()
    response.save()
    for answer in built:
        answer.response = response
        try:
            answer.full_clean(exclude=["response", "item"])
        except ValidationError as error:
            raise ValidationError({answer.item.key: [m for ms in error.message_dict.values() for m in ms]}) from None
    Answer.objects.bulk_create(built)
    if invitation is not None:
        invitation.answered_at = response.submitted_at
        invitation.save(update_fields=["answered_at"])
    return response
