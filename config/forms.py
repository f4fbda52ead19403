"""Form helpers shared by the pages and the admin."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList


def add_service_errors(form, error: ValidationError):
    """Show a service's ValidationError under the matching fields, the rest at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        form._errors.setdefault("__all__", ErrorList()).extend(error.messages)
