"""The OpenAPI schema is valid, documents every endpoint with its errors, and carries nothing personal
outside the registry."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests.api.test_access import SCOPE_OF

pytestmark = pytest.mark.django_db

# Field names that would carry a person: a name, a birth date, a roster ID, a contact, a category, a free
# text about someone. (The aggregates' «mentors» and «mentees» are counts: integers, checked below.)
PERSONAL = {
    "last_name",
    "first_name",
    "patronymic",
    "full_name",
    "name_of",
    "birth_date",
    "roster_id",
    "email",
    "phone",
    "categories",
    "category",
    "person",
    "request",
    "goal",
    "termination_reason",
    "responsible",
}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _properties(node, components, seen):
    """Every property name reachable from `node`, following $ref."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                yield from _properties(components[name], components, seen)
        for key, value in node.items():
            if key == "properties":
                yield from value
            yield from _properties(value, components, seen)
    elif isinstance(node, list):
        for item in node:
            yield from _properties(item, components, seen)


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def test_the_schema_documents_every_endpoint_with_its_russian_errors(schema):
    paths = {reverse(name) for name in SCOPE_OF}
    assert paths <= set(schema["paths"])
    for path in paths:
        responses = schema["paths"][path]["get"]["responses"]
        assert {"200", "400", "401", "403", "404", "429"} <= set(responses), path
    assert set(schema["paths"][reverse("api:kpi")]) == {"get"}  # GET only (HEAD follows it)


def test_no_field_outside_the_registry_can_carry_a_person(schema):
    components = schema["components"]["schemas"]
    registry = {reverse(n) for n, scope in SCOPE_OF.items() if scope == "registry"}
    checked = 0
    for path, operations in schema["paths"].items():
        if path in registry or not path.startswith("/api/v1/"):
            continue
        names = set(_properties(operations, components, set()))
        checked += len(names)
        assert not names & PERSONAL, f"{path}: {sorted(names & PERSONAL)}"
    assert checked > 50  # the walk reaches the nested answers
    counts = components["CountsSerializer" if "CountsSerializer" in components else "Counts"]["properties"]
    assert counts["mentees"]["type"] == counts["mentors"]["type"] == "integer"
    # The walk does see personal fields where they are allowed.
    people = set(_properties(schema["paths"][reverse("api:registry_people")], components, set()))
    assert {"last_name", "roster_id"} <= people
    assert not people & {"birth_date", "email", "phone", "categories"}


def test_the_schema_and_its_docs_page_are_served_from_the_portal_itself(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower() and "//unpkg" not in html
    assert "/static/drf_spectacular_sidecar/" in html


def test_the_schema_builds_without_a_single_warning(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "bearer" in (tmp_path / "schema.yaml").read_text()
