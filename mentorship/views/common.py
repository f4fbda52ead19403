from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorList

PAGE_SIZE = 25


def paginate(request, queryset, per_page=PAGE_SIZE):
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


def querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def add_service_errors(form, error: ValidationError):
    """Show a service's ValidationError under the matching fields, the rest at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        form._errors.setdefault("__all__", ErrorList()).extend(error.messages)
