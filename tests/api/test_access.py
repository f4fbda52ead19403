"""Every endpoint needs a token with its scope; a revoked or unknown token is refused; errors are Russian."""

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from api.models import Scope, Token
from api.services import key_digest, token_revoke

pytestmark = pytest.mark.django_db

# Each data endpoint and the one scope that opens it. An endpoint added without an entry here fails
# test_every_api_url_is_listed_with_its_scope, and one whose view forgets its scope fails the next test.
SCOPE_OF = {
    "api:kpi": Scope.KPI,
    "api:kpi_years": Scope.KPI,
    "api:roadmap_occurrences": Scope.ROADMAP,
    "api:roadmap_execution": Scope.ROADMAP,
    "api:aggregates": Scope.AGGREGATES,
    "api:checklist": Scope.CHECKLIST,
    "api:registry_people": Scope.REGISTRY,
    "api:registry_pairs": Scope.REGISTRY,
}
OPEN = {"api:schema", "api:docs"}  # describe the API, hold no data


def api_names():
    resolver = get_resolver().namespace_dict["api"][1]
    return {f"api:{p.name}" for p in resolver.url_patterns if isinstance(p, URLPattern)}


def test_every_api_url_is_listed_with_its_scope():
    assert api_names() == set(SCOPE_OF) | OPEN


def test_every_data_view_declares_the_scope_listed_here():
    resolver = get_resolver().namespace_dict["api"][1]
    for pattern in resolver.url_patterns:
        name = f"api:{pattern.name}"
        if name in SCOPE_OF:
            assert pattern.callback.view_class.required_scope == SCOPE_OF[name], name


@pytest.mark.parametrize("name", sorted(SCOPE_OF))
def test_an_endpoint_refuses_a_token_without_its_scope_and_answers_one_with_it(api, name):
    others = [s for s in Scope.values if s != SCOPE_OF[name]]
    refused = api(others, name="без " + SCOPE_OF[name]).get(reverse(name))
    assert refused.status_code == 403
    assert refused.json() == {"detail": f"У токена нет доступа к области «{SCOPE_OF[name]}»."}
    assert api([SCOPE_OF[name]], name="только " + SCOPE_OF[name]).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", sorted(SCOPE_OF))
def test_an_endpoint_refuses_a_request_without_a_token_in_russian(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {"detail": "Нужен токен: заголовок «Authorization: Bearer <токен>»."}


def test_a_session_login_is_no_token(client_as, admin_user_role):
    assert client_as(admin_user_role).get(reverse("api:kpi")).status_code == 401


def test_a_revoked_token_is_refused_at_once(make_token):
    token, key = make_token()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(reverse("api:kpi")).status_code == 200
    token_revoke(token=token)
    response = client.get(reverse("api:kpi"))
    assert response.status_code == 401
    assert response.json() == {"detail": "Токен не найден или отозван."}


def test_an_unknown_token_is_refused(client):
    response = client.get(reverse("api:kpi"), HTTP_AUTHORIZATION="Bearer nst_not-a-token")
    assert response.status_code == 401
    assert response.json() == {"detail": "Токен не найден или отозван."}


def test_only_the_digest_of_the_key_is_stored_and_the_use_is_recorded(make_token):
    token, key = make_token()
    assert token.digest == key_digest(key) and key not in {token.digest, token.prefix, token.name}
    assert token.last_used_at is None
    Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(reverse("api:kpi"))
    assert Token.objects.get(pk=token.pk).last_used_at is not None


def test_a_wrong_parameter_answers_400_in_russian(api):
    response = api().get(reverse("api:kpi"), {"as_of": "2024-13-40"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Неверный параметр «as_of»:")


def test_a_page_past_the_end_answers_404_in_russian(api):
    response = api().get(reverse("api:registry_people"), {"page": 99})
    assert response.status_code == 404
    assert response.json() == {"detail": "Не найдено."}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_the_api_answers_only_get_and_head(api, method):
    client = api()
    response = getattr(client, method)(reverse("api:kpi"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head(reverse("api:kpi")).status_code == 200


def test_the_throttle_answers_429_in_russian(api, settings):
    settings.API_RATE_LIMIT = "3/min"
    client = api()
    statuses = [client.get(reverse("api:checklist")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(reverse("api:checklist"))
    assert response.json()["detail"].startswith("Слишком много запросов: повторите через ")
    assert int(response["Retry-After"]) > 0
    # Another token has its own count.
    assert api(name="другая").get(reverse("api:checklist")).status_code == 200


@pytest.mark.parametrize("params", [{"page": ""}, {"page": "x"}, {"page": "0"}, {"page_size": "501"}, {"as_of": ""}])
def test_an_empty_or_wrong_page_or_date_is_a_400(api, params):
    url = reverse("api:registry_people") if "as_of" not in params else reverse("api:kpi")
    response = api().get(url, params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"Неверный параметр «{next(iter(params))}»:")
