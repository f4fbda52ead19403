"""`{% submission_token %}`: the hidden token of a create form (see submissions/decorators.py)."""

from django import template
from django.utils.html import format_html

from submissions.decorators import FIELD, submission_token_new

register = template.Library()


@register.simple_tag
def submission_token():
    """A fresh token each time the form is shown; put it inside every form whose view is `@once_per_submission`."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, submission_token_new())
