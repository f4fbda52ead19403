"""`{% load health_tags %}{% attention_panel %}`: «Требуют внимания» on a dashboard, without the dashboard's
app importing health."""

from django import template

from ..selectors import attention_rows, can_see_attention

register = template.Library()


@register.inclusion_tag("health/attention_panel.html", takes_context=True)
def attention_panel(context, limit=5):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not can_see_attention(user):
        return {"panel": None}
    return {"panel": attention_rows(user=user, limit=limit)}
