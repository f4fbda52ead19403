"""Shared pieces of the reception's tests (hubingest): a hub's tree, its users, a valid report, a signed push."""

import copy
import datetime
import json

from django.contrib.auth.models import Group
from django.urls import reverse

from exchange.document import FORMAT, KPI_CODES, VERSION, canonical_bytes, empty_questionnaires
from exchange.signing import signed_headers
from hub.models import Member
from hub.services import organisation_save, school_key_issue
from portal.roles import HUB_ANALYST, SCHOOL_REPORTER
from tests.factories import UserFactory

DATE = datetime.date(2026, 12, 20)


def tree():
    """A region with a municipality of two schools (a portal one with a key, one without) and another municipality."""
    region = organisation_save(kind="region", code="43", name="Кировская область")
    town = organisation_save(kind="municipality", code="43-01", name="Город", parent=region)
    other_town = organisation_save(kind="municipality", code="43-02", name="Район", parent=region)
    school = organisation_save(kind="school", code="sch-1", name="Школа № 1", parent=town)
    paper = organisation_save(kind="school", code="sch-2", name="Школа № 2", parent=town, has_portal=False)
    far = organisation_save(kind="school", code="sch-9", name="Школа № 9", parent=other_town)
    key, secret = school_key_issue(organisation=school)
    return {
        "region": region,
        "town": town,
        "other_town": other_town,
        "school": school,
        "paper": paper,
        "far": far,
        "key": key,
        "secret": secret,
    }


def hub_user(role, organisation, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    Member.objects.create(user=user, organisation=organisation)
    return user


def analyst(organisation):
    return hub_user(HUB_ANALYST, organisation)


def reporter(organisation):
    return hub_user(SCHOOL_REPORTER, organisation)


def document(code="sch-1", date=DATE, figures=((3, 10, 50), (1, 10, None), (0, 0, None), (2, 4, 25))):
    """A valid report of the school `code` at `date`."""
    kpi = []
    for kpi_code, (numerator, denominator, target) in zip(KPI_CODES, figures, strict=True):
        value = round(numerator * 100 / denominator, 1) if denominator else None
        kpi.append(
            {
                "code": kpi_code,
                "numerator": numerator,
                "denominator": denominator,
                "value": value,
                "target": target,
                "achieved": None if value is None or target is None else value >= target,
            }
        )
    people = {"mentorships": 2, "mentors": 2, "mentees": 3}
    plans = {
        "plans": 2,
        "items": 10,
        "done": 4,
        "in_progress": 3,
        "planned": 2,
        "overdue": 1,
        "average_progress": 40,
        "fully_done": 0,
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "monitoring_date": date.isoformat(),
        "generated_at": "2026-12-20T10:00:00+03:00",
        "school": {
            "code": code,
            "name": "Школа № 1",
            "short_name": "Ш1",
            "town": "Киров",
            "district": "",
            "website": "https://school.example",
        },
        "period": {"start": f"{date.year}-01-01", "end": date.isoformat()},
        "kpi": kpi,
        "participation": {
            "rows": [{"form": "Ученик — ученик", "role_model": "Успевающий — неуспевающий", **people}],
            "forms": [{"form": "Ученик — ученик", **people}],
            "total": people,
        },
        "pairs_by_status": [
            {"form": "Ученик — ученик", "role_model": "Успевающий — неуспевающий", "status": "active", "mentorships": 2}
        ],
        "movements": {
            "forms": [{"form": "Ученик — ученик", "started": 2, "completed": 0, "terminated": 0}],
            "total": {"started": 2, "completed": 0, "terminated": 0},
        },
        "plans": {"forms": [{"form": "Ученик — ученик", **plans}], "total": plans},
        "roadmap": {"total": 3, "by_status": {"planned": 1, "in_progress": 1, "done": 1, "overdue": 0}},
        "questionnaires": empty_questionnaires(),
        "checklist": [
            {
                "code": "regulation",
                "title": "Положение о наставничестве",
                "present": True,
                "count": 1,
                "links": [{"title": "Положение", "date": "2026-09-01", "url": "https://school.example/doc/1"}],
            }
        ],
    }


def changed(doc, **kpi_numerators):
    doc = copy.deepcopy(doc)
    doc["kpi"][0]["numerator"] = kpi_numerators.get("students_mentees", doc["kpi"][0]["numerator"] + 1)
    doc["kpi"][0]["value"] = round(doc["kpi"][0]["numerator"] * 100 / doc["kpi"][0]["denominator"], 1)
    doc["kpi"][0]["achieved"] = doc["kpi"][0]["value"] >= doc["kpi"][0]["target"]
    return doc


def push(client, body, *, key_id, secret, now=None, headers=None):
    """POST `body` (a document or bytes) signed with the key to the reception."""
    raw = body if isinstance(body, bytes) else canonical_bytes(body)
    signed = signed_headers(key_id=key_id, secret=secret, body=raw, now=now)
    signed.update(headers or {})
    return client.post(
        reverse("hub:reception"),
        data=raw,
        content_type="application/json",
        headers=signed,
    )


def answer(response):
    return json.loads(response.content)
