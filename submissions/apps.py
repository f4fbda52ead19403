from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """Once-only create forms: the token each form carries, claimed once (submissions/decorators.py)."""

    name = "submissions"
    verbose_name = _("Form submissions")

    def ready(self):
        # Takes part in every purge of a child's personal data (mentorship/purge.py): nothing to remove.
        from config.purge import register_participant

        register_participant(
            app_label="submissions",
            handler=lambda ctx: None,
            decisions={
                "submissions.SubmittedForm": "a form's one-time token, the account's number and the result's address "
                "(numbers only)",
            },
        )
