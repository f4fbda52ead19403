import pytest
from django.test import Client

from api.models import Scope
from api.services import token_create


@pytest.fixture
def make_token(db):
    def make(scopes=tuple(Scope.values), name=None):
        token, key = token_create(name=name or "интеграция " + ",".join(scopes), scopes=list(scopes), created_by=None)
        return token, key

    return make


@pytest.fixture
def api(make_token):
    """A client whose requests carry a token with every scope (or those given)."""

    def client_for(scopes=tuple(Scope.values), name=None):
        _token, key = make_token(scopes, name)
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    return client_for
