from django.core.paginator import Paginator

from config.forms import add_service_errors  # noqa: F401 — the views import it from here

PAGE_SIZE = 25


def paginate(request, queryset, per_page=PAGE_SIZE):
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


def querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
