"""Reads for the public page «Наставничество»: aggregates only, never a person."""

from django.db.models import Count, Q

from ..models import Mentorship, MentorshipForm


def public_forms_in_use():
    """The forms of mentoring the school runs: [(form name, number of mentorships)], in the forms' order.

    A form is run when it has at least one active or completed mentorship; the count is of those
    mentorships (pairs and groups). One query.
    """
    running = Q(mentorship__status__in=(Mentorship.Status.ACTIVE, Mentorship.Status.COMPLETED))
    forms = MentorshipForm.objects.annotate(running=Count("mentorship", filter=running)).filter(running__gt=0)
    return [(form.name, form.running) for form in forms.order_by("order", "pk")]
