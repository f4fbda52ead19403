"""Writes of the monitoring. Every answer — through a personal link, in the portal, or typed in from paper by
the curator — is stored by `response_submit`."""

import datetime
import secrets
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from config.text import validate_line
from mentorship.dates import is_monitoring_date, next_monitoring_date, validate_date
from mentorship.models import Mentorship, Person

from .models import Answer, Campaign, Invitation, Item, Purpose, Questionnaire, Response, Role, SwotAnalysis
from .selectors import current_items
from .swot import swot_draft


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


# --- Questionnaires adapted and added by the curators (issue 18, kit) -------------------------------------

QUESTIONNAIRE_FIELDS = ("title", "purpose", "role", "form", "intro", "is_active")
ITEM_FIELDS = ("kind", "text", "hint", "choices", "required")
ORDER_STEP = 10


def _lock_questionnaire(questionnaire: Questionnaire) -> Questionnaire:
    """Item changes of one questionnaire run one at a time (orders, versions)."""
    return Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)


def _item_rules(item: Item) -> None:
    choices = [str(c).strip() for c in item.choices or [] if str(c).strip()]
    if item.kind in (Item.Kind.ONE, Item.Kind.MANY):
        if len(choices) < 2:
            raise ValidationError({"choices": _("Give at least two options, one per line.")})
        if len(set(choices)) != len(choices):
            raise ValidationError({"choices": _("The options repeat.")})
        for choice in choices:
            try:
                validate_line(choice)
            except ValidationError as error:
                raise ValidationError({"choices": error.messages}) from None
            if len(choice) > 200:
                raise ValidationError({"choices": _("An option is at most 200 characters long.")})
        item.choices = choices
    elif choices:
        raise ValidationError({"choices": _("Options are only for a question with one or several choices.")})
    else:
        item.choices = []


@transaction.atomic
def questionnaire_create(*, data: Mapping[str, Any]) -> Questionnaire:
    """A questionnaire the curators add; it gets a code of its own (the kit's codes are taken)."""
    questionnaire = Questionnaire(code=f"custom-{secrets.token_hex(6)}")
    for name in QUESTIONNAIRE_FIELDS:
        if name in data:
            setattr(questionnaire, name, data[name])
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, data: Mapping[str, Any]) -> Questionnaire:
    """Title, introduction and «in use». Purpose, role and form are fixed once it has answers: they say what
    the answers mean."""
    questionnaire = _lock_questionnaire(questionnaire)
    answered = questionnaire.responses.exists()
    for name in ("title", "intro", "is_active"):
        if name in data:
            setattr(questionnaire, name, data[name])
    for name in ("purpose", "role", "form"):
        if name in data and data[name] != getattr(questionnaire, name):
            if answered:
                raise ValidationError(
                    {name: _("The questionnaire already has answers: its purpose, role and form stay.")}
                )
            setattr(questionnaire, name, data[name])
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def _free_key(questionnaire: Questionnaire) -> str:
    taken = set(Item.objects.filter(questionnaire=questionnaire).values_list("key", flat=True))
    n = len(taken) + 1
    while f"q{n}" in taken:
        n += 1
    return f"q{n}"


@transaction.atomic
def item_add(*, questionnaire: Questionnaire, data: Mapping[str, Any]) -> Item:
    """A new question at the end. Its key is given (to compare entry and exit answers) or made up; a key
    used before by a removed question continues that question's versions."""
    questionnaire = _lock_questionnaire(questionnaire)
    key = (data.get("key") or "").strip() or _free_key(questionnaire)
    if Item.objects.filter(questionnaire=questionnaire, key=key, retired_at__isnull=True).exists():
        raise ValidationError({"key": _("This questionnaire already has a question with this key.")})
    last = Item.objects.filter(questionnaire=questionnaire, retired_at__isnull=True).order_by("-order").first()
    previous = Item.objects.filter(questionnaire=questionnaire, key=key).order_by("-version").first()
    item = Item(
        questionnaire=questionnaire,
        key=key,
        version=previous.version + 1 if previous else 1,
        order=(last.order if last else 0) + ORDER_STEP,
    )
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    _item_rules(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_update(*, item: Item, data: Mapping[str, Any]) -> Item:
    """Change a question. One without answers is changed in place; one that already has answers is never
    changed: it is retired and version+1 with the same key takes its place (same order)."""
    _lock_questionnaire(item.questionnaire)
    item = Item.objects.get(pk=item.pk)
    if item.retired_at is not None:
        raise ValidationError(_("This version of the question has been replaced; open the current one."))
    changed = Item(
        questionnaire=item.questionnaire,
        key=item.key,
        version=item.version,
        order=item.order,
        **{name: getattr(item, name) for name in ITEM_FIELDS},
    )
    for name in ITEM_FIELDS:
        if name in data:
            setattr(changed, name, data[name])
    _item_rules(changed)
    if all(getattr(changed, name) == getattr(item, name) for name in ITEM_FIELDS):
        return item
    if not item.answers.exists():
        for name in ITEM_FIELDS:
            setattr(item, name, getattr(changed, name))
        item.full_clean()
        item.save()
        return item
    item.retired_at = timezone.now()
    item.save(update_fields=["retired_at"])
    latest = Item.objects.filter(questionnaire=item.questionnaire, key=item.key).aggregate(v=Max("version"))["v"]
    changed.version = (latest or item.version) + 1
    changed.full_clean()
    changed.save()
    return changed


@transaction.atomic
def item_remove(*, item: Item) -> Item:
    """Remove a question from the questionnaire: it is retired, its answers stay for the results."""
    _lock_questionnaire(item.questionnaire)
    item = Item.objects.get(pk=item.pk)
    if item.retired_at is None:
        item.retired_at = timezone.now()
        item.save(update_fields=["retired_at"])
    return item


@transaction.atomic
def item_move(*, item: Item, up: bool) -> list[Item]:
    """Move a question one place up or down; the current questions are renumbered 10, 20, 30…"""
    _lock_questionnaire(item.questionnaire)
    items = list(current_items(questionnaire=item.questionnaire))
    index = next((i for i, current in enumerate(items) if current.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("This version of the question has been replaced; open the current one."))
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, current in enumerate(items, start=1):
        if current.order != position * ORDER_STEP:
            current.order = position * ORDER_STEP
            current.save(update_fields=["order"])
    return items


ENDED = (Mentorship.Status.COMPLETED, Mentorship.Status.TERMINATED)


@transaction.atomic
def satisfaction_enter(
    *,
    mentorship: Mentorship,
    role: str,
    answers: Mapping[str, Any],
    person: Person | None = None,
    user: User | None = None,
    channel: str = Response.Channel.PAPER,
) -> Response:
    """A satisfaction questionnaire on the pair's page (what used to be the feedback): once the pair has ended,
    once per participant. A mentor's is the mentor's own; a mentee's names which mentee. Two parallel
    submissions: the second waits for the first on the pair's row, then finds it saved."""
    from .selectors import satisfaction_questionnaire

    list(Mentorship.objects.select_for_update().filter(pk=mentorship.pk).values_list("pk", flat=True))
    if mentorship.status not in ENDED:
        raise ValidationError(_("Feedback is given when the mentorship has ended."))
    if role == Role.MENTOR:
        person = mentorship.mentor
    elif role == Role.MENTEE:
        if person is None:
            raise ValidationError({"person": _("Choose which mentee gives this feedback.")})
        if not mentorship.mentees.filter(pk=person.pk).exists():
            raise ValidationError({"person": _("This person is not a mentee of the mentorship.")})
    else:
        raise ValidationError({"role": _("Feedback is given by the mentor or a mentee.")})
    questionnaire = satisfaction_questionnaire(role=role, form_id=mentorship.form_id)
    if questionnaire is None:
        raise ValidationError(_("There is no satisfaction questionnaire in use for this role."))
    if Response.objects.filter(
        mentorship=mentorship, person=person, role=role, questionnaire__purpose=Purpose.SATISFACTION
    ).exists():
        raise ValidationError(_("This feedback has already been given."))
    return response_submit(
        questionnaire=questionnaire,
        role=role,
        answers=answers,
        channel=channel,
        person=person,
        mentorship=mentorship,
        entered_by=user,
    )


def analysis_date_check(as_of: datetime.date, *, today: datetime.date | None = None) -> None:
    """Growth and SWOT are read for a monitoring date up to the end of the half-year under way (ValidationError)."""
    today = today or timezone.localdate()
    validate_date(
        as_of,
        today=next_monitoring_date(today),
        future_message=_("The analysis is made for a half-year that has begun."),
    )
    if not is_monitoring_date(as_of):
        raise ValidationError(_("The analysis is made for a monitoring date: 20 June or 20 December."))


@transaction.atomic
def swot_save(
    *,
    as_of: datetime.date,
    strengths: str,
    weaknesses: str,
    opportunities: str,
    threats: str,
    user: User | None = None,
    drafted: bool = False,
) -> SwotAnalysis:
    """The curator's SWOT analysis of a monitoring date (one per date: a second save, even in parallel, edits
    the same record)."""
    analysis_date_check(as_of)
    swot, _created = SwotAnalysis.objects.select_for_update().get_or_create(as_of=as_of)
    swot.strengths = strengths.strip()
    swot.weaknesses = weaknesses.strip()
    swot.opportunities = opportunities.strip()
    swot.threats = threats.strip()
    swot.updated_by = user
    if drafted:
        swot.drafted_at = timezone.now()
    swot.full_clean()
    swot.save()
    return swot


def swot_redraft(*, as_of: datetime.date, user: User | None = None) -> SwotAnalysis:
    """«Составить заново»: the draft composed from today's data replaces the saved texts."""
    analysis_date_check(as_of)
    return swot_save(as_of=as_of, user=user, drafted=True, **swot_draft(as_of=as_of).as_dict())
