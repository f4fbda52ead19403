"""The open API, /api/v1/: read-only endpoints, each needing one scope of the caller's token.

Every endpoint: GET and HEAD only (config/methods.py), a token (`Authorization: Bearer …`), its scope
(`required_scope`), the token's rate limit, an ETag (a conditional GET answers 304), Russian errors.
"""

import datetime
import hashlib
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics, pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.dates import year_date

from . import selectors
from .models import Scope
from .serializers import (
    AggregatesSerializer,
    ChangedSinceFilterSerializer,
    ChecklistSerializer,
    DateFilterSerializer,
    ErrorSerializer,
    KpiByYearSerializer,
    KpiSerializer,
    OccurrenceSerializer,
    PairsFilterSerializer,
    PeopleFilterSerializer,
    RegistryPairSerializer,
    RegistryPersonSerializer,
    RoadmapExecutionSerializer,
    YearFilterSerializer,
)
from .services import registry_read_record

ERRORS = {
    code: OpenApiResponse(ErrorSerializer, description=description)
    for code, description in (
        (400, "Неверный параметр"),
        (401, "Нет токена или он отозван"),
        (403, "У токена нет этой области доступа"),
        (404, "Не найдено"),
        (429, "Слишком много запросов"),
    )
}


def _responses(serializer: Any) -> dict:
    return {200: serializer, **ERRORS}


class Pagination(pagination.PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        """?page_size=1…500; anything else is a 400 (DRF would silently use the default)."""
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        if len(raw) > 1 or not raw[0].isdigit() or not 1 <= int(raw[0]) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: _("a whole number from 1 to 500")})
        return int(raw[0])

    def get_page_number(self, request, paginator):
        """?page=1, 2, …; anything else is a 400 (DRF would take an empty one as the first page)."""
        raw = request.query_params.getlist(self.page_query_param)
        if not raw:
            return 1
        if len(raw) > 1 or not raw[0].isdigit() or int(raw[0]) < 1:
            raise ValidationError({self.page_query_param: _("a whole number from 1")})
        return int(raw[0])

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1})
        return parameters


class ApiMixin:
    """Scope, login-free (the token is the login), ETag and revalidation for every API view."""

    required_scope: str = ""

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))  # type: ignore[misc]

    def filters(self, serializer_class: type) -> dict[str, Any]:
        params = self.request.query_params  # type: ignore[attr-defined]
        serializer = serializer_class(data=params)
        for name in serializer.fields:
            if name in params and (len(params.getlist(name)) > 1 or not params[name]):
                raise ValidationError({name: _("give one value")})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            # A client may keep the answer but must ask again (If-None-Match) before using it.
            patch_cache_control(response, private=True, no_cache=True)
            conditional = get_conditional_response(request, etag=response["ETag"], response=response)
            if conditional is not response:
                patch_cache_control(conditional, private=True, no_cache=True)
                return conditional
        return response


def _as_of_or_year(filters: dict[str, Any]) -> datetime.date:
    """?as_of=ГГГГ-ММ-ДД, or ?year=Г (its 20 December, or today while that is still to come), else today."""
    today = timezone.localdate()
    if "as_of" in filters:
        return filters["as_of"]
    if "year" in filters:
        return min(year_date(filters["year"]), today) if filters["year"] == today.year else year_date(filters["year"])
    return today


class KpiView(ApiMixin, APIView):
    required_scope = Scope.KPI

    @extend_schema(
        summary="Четыре показателя на дату",
        parameters=[DateFilterSerializer],
        responses=_responses(KpiSerializer),
    )
    def get(self, request: Request) -> Response:
        as_of = _as_of_or_year(self.filters(DateFilterSerializer))
        values = selectors.kpi_on(as_of=as_of)
        return Response(KpiSerializer({"as_of": as_of, "indicators": values}).data)


class KpiByYearView(ApiMixin, APIView):
    required_scope = Scope.KPI

    @extend_schema(
        summary="План и факт показателей по годам",
        parameters=[YearFilterSerializer],
        responses=_responses(KpiByYearSerializer),
    )
    def get(self, request: Request) -> Response:
        filters = self.filters(YearFilterSerializer)
        today = timezone.localdate()
        indicators = selectors.kpi_by_year(today=today, year=filters.get("year"))
        return Response(KpiByYearSerializer({"today": today, "indicators": indicators}).data)


class RoadmapOccurrencesView(ApiMixin, generics.ListAPIView):
    required_scope = Scope.ROADMAP
    serializer_class = OccurrenceSerializer
    pagination_class = Pagination

    def get_queryset(self):
        filters = self.filters(ChangedSinceFilterSerializer)
        return selectors.roadmap_occurrences(year=filters.get("year"), changed_since=filters.get("changed_since"))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": timezone.localdate()}

    @extend_schema(
        summary="Этапы дорожной карты со статусами на сегодня",
        parameters=[ChangedSinceFilterSerializer],
        responses=_responses(OccurrenceSerializer(many=True)),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RoadmapExecutionView(ApiMixin, APIView):
    required_scope = Scope.ROADMAP

    @extend_schema(
        summary="Выполнение дорожной карты за год",
        parameters=[DateFilterSerializer],
        responses=_responses(RoadmapExecutionSerializer),
    )
    def get(self, request: Request) -> Response:
        as_of = _as_of_or_year(self.filters(DateFilterSerializer))
        start, end = datetime.date(as_of.year, 1, 1), datetime.date(as_of.year, 12, 31)
        execution = selectors.roadmap_execution_of(start=start, end=end, as_of=as_of)
        return Response(RoadmapExecutionSerializer({"start": start, "end": end, "as_of": as_of, **execution}).data)


class AggregatesView(ApiMixin, APIView):
    required_scope = Scope.AGGREGATES

    @extend_schema(
        summary="Обезличенные сводные данные с начала года по дату",
        parameters=[DateFilterSerializer],
        responses=_responses(AggregatesSerializer),
    )
    def get(self, request: Request) -> Response:
        as_of = _as_of_or_year(self.filters(DateFilterSerializer))
        start = datetime.date(as_of.year, 1, 1)
        data = selectors.aggregates(start=start, end=as_of, as_of=as_of)
        return Response(AggregatesSerializer({"start": start, "end": as_of, "as_of": as_of, **data}).data)


class ChecklistView(ApiMixin, APIView):
    required_scope = Scope.CHECKLIST

    @extend_schema(
        summary="Чек-лист мониторинга на дату",
        parameters=[DateFilterSerializer],
        responses=_responses(ChecklistSerializer),
    )
    def get(self, request: Request) -> Response:
        as_of = _as_of_or_year(self.filters(DateFilterSerializer))
        items = [
            {
                "code": item.code,
                "title": item.title,
                "present": item.present,
                "count": item.count,
                "links": [{**link, "url": request.build_absolute_uri(link["url"])} for link in item.links],
            }
            for item in selectors.checklist(as_of=as_of)
        ]
        return Response(ChecklistSerializer({"as_of": as_of, "items": items}).data)


class RegistryMixin(ApiMixin):
    """Registry reads: scope `registry` only, and every answered request leaves a journal row."""

    required_scope = Scope.REGISTRY
    pagination_class = Pagination

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)  # type: ignore[misc]
        registry_read_record(
            token=request.auth,
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
            count=len(response.data.get("results", [])),
        )
        return response


class RegistryPeopleView(RegistryMixin, generics.ListAPIView):
    serializer_class = RegistryPersonSerializer

    def get_queryset(self):
        filters = self.filters(PeopleFilterSerializer)
        return selectors.registry_people(kind=filters.get("kind"), changed_since=filters.get("changed_since"))

    @extend_schema(
        summary="Реестр: люди (без категорий, дат рождения и контактов; каждое чтение в журнале)",
        parameters=[PeopleFilterSerializer],
        responses=_responses(RegistryPersonSerializer(many=True)),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RegistryPairsView(RegistryMixin, generics.ListAPIView):
    serializer_class = RegistryPairSerializer

    def get_queryset(self):
        filters = self.filters(PairsFilterSerializer)
        return selectors.registry_pairs(changed_since=filters.get("changed_since"))

    @extend_schema(
        summary="Реестр: наставничества (номера записей людей, без текстов; каждое чтение в журнале)",
        parameters=[PairsFilterSerializer],
        responses=_responses(RegistryPairSerializer(many=True)),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema as a page to read (drf-spectacular would answer it as a file attachment)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.has_header("Content-Disposition"):
            del response["Content-Disposition"]
        return response
