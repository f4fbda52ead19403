"""The status of an occurrence: stored as planned / in progress / done; «overdue» is derived.

An occurrence is overdue when its due date has passed and it is not done. It is never stored, so it
cannot go stale: the date alone decides, and `timezone.localdate()` makes it the school's date.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    OVERDUE = "overdue", _("overdue")


# What a person can set; «overdue» only ever comes from the date.
STORED_CHOICES = [(value, label) for value, label in Status.choices if value != Status.OVERDUE]

# Bootstrap colours, matched by the status-* classes of static/css/portal.css.
BADGE_CLASSES = {
    Status.PLANNED: "text-bg-secondary",
    Status.IN_PROGRESS: "text-bg-primary",
    Status.DONE: "text-bg-success",
    Status.OVERDUE: "text-bg-danger",
}


def derive_status(stored, due_on, today):
    if stored != Status.DONE and due_on < today:
        return Status.OVERDUE
    return Status(stored)
