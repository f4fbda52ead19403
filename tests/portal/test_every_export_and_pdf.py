"""Every export and every PDF of the portal, fed hostile records, answers a clean, safe file.

The records hold formula texts (`=HYPERLINK(...)`, `+`, `-`, `@`) and a character XML forbids
(`\\x07`). The test walks the URL conf: every URL an administrator can open is requested, and every one
that answers a file must be one the test knows (a new export or PDF cannot be added unseen). Each
known download is then checked: 200, `attachment`, `nosniff`, `no-store` (the public page's files:
`must-revalidate`), every text cell of every .xlsx is text (never a formula) without illegal characters,
every PDF opens with pdfium, every JSON parses — and the hostile text did reach the file.
"""

import datetime
import io
import json

import pypdfium2
import pytest
from django.urls import get_resolver, reverse
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from config.xlsx import FORMULA_PREFIXES, XLSX_CONTENT_TYPE
from exchange.document import digest, validate_document
from exchange.models import Delivery
from exchange.report import report_build
from indicators.models import Indicator
from mentorship.models import BestMentor, IndividualPlan, Organization, Person, PlanItem
from mentorship.purge import student_purge
from reports.models import AnalyticSummary
from reports.services import summary_generate, summary_request
from roadmap.models import Activity
from roadmap.services import evidence_add_file
from roster.columns import KIND_CODES
from tests.factories import MentorshipFactory, OrganizationFactory, StudentFactory
from tests.portal.test_access_matrix import _iter_names, _url
from tests.public.factories import DocumentFactory, pdf_upload

HOSTILE_SURNAME = '=HYPERLINK("http://x","y")'
BELL = "\x07"
AS_OF = datetime.date(2024, 12, 20)

# url name → what it answers. A URL that answers a file and is not here fails the test.
DOWNLOADS = {
    "exchange:document": "report",
    "hub:template": "xlsx",  # the hub's report template (its hostile school names: tests/hub/test_template.py)
    "indicators:drilldown_export": "xlsx",
    "mentorship:destruction_pdf": "pdf",
    "mentorship:import_template": "xlsx",
    "mentorship:person_export": "json",
    "mentorship:roster_export": "xlsx",
    "public:document_file": "stored",
    "public:manage_document_file": "stored",
    "public:manage_mentor_photo": "stored",
    "public:manage_news_picture": "stored",
    "public:mentor_photo": "stored",
    "public:news_picture": "stored",
    "reports:certificate_pdf": "pdf",
    "reports:download": "pdf",
    "reports:export": "xlsx",
    "reports:feedback_pdf": "pdf",
    "reports:order_list_pdf": "pdf",
    "reports:plan_pdf": "pdf",
    "roadmap:evidence_download": "stored",
    "roadmap:export": "xlsx",
}
# Pictures of the public page are shown inline, not downloaded; the world below has none (404).
INLINE = {"public:mentor_photo", "public:news_picture", "public:manage_mentor_photo", "public:manage_news_picture"}
# A response of these types is a file even without Content-Disposition (JSON is: health answers JSON).
FILE_TYPES = (XLSX_CONTENT_TYPE, "application/pdf", "application/octet-stream", "image/")


@pytest.fixture
def hostile(db, admin_user_role, settings):
    settings.HUB_SCHOOL_CODE = "licey-1"
    mentorship = MentorshipFactory(status="completed", end_date=datetime.date(2024, 5, 1))
    mentee = mentorship.mentees.first()
    Person.objects.filter(pk=mentee.pk).update(
        last_name=HOSTILE_SURNAME, first_name=f"Иван{BELL}", patronymic="@SUM(A1)"
    )
    Person.objects.filter(pk=mentorship.mentor_id).update(last_name=f"-Наставник{BELL}", position="+cmd|' /C calc'!A0")
    OrganizationFactory(contacts="-CONTACTS")
    for organization in Organization.objects.all():
        Organization.objects.filter(pk=organization.pk).update(name=f"=ORG({organization.pk}){BELL}")
    plan = IndividualPlan.objects.get(mentorship=mentorship)
    IndividualPlan.objects.filter(pk=plan.pk).update(goal=f"=GOAL{BELL}")
    PlanItem.objects.create(plan=plan, task=f"@TASK{BELL}", result="-result")
    mentorship.__class__.objects.filter(pk=mentorship.pk).update(request=f"=REQUEST(){BELL}")
    activity = Activity.objects.order_by("pk").first()
    Activity.objects.filter(pk=activity.pk).update(title=f"=1+1{BELL}", key_result="@KEY", documents="+DOCS")
    evidence = evidence_add_file(
        occurrence=activity.occurrences.order_by("due_on").first(),
        uploaded_file=pdf_upload("protocol.pdf"),
        user=admin_user_role,
    )
    award = BestMentor.objects.create(person=mentorship.mentor, year=2024, citation=f"=CITATION{BELL}")
    gone = StudentFactory()
    record = student_purge(
        person=gone, withdrawn_on=datetime.date(2024, 1, 10), user=admin_user_role, reason=f"=REASON(){BELL}"
    )
    summary, _queued = summary_request(as_of=AS_OF, enqueue=False)
    AnalyticSummary.objects.filter(pk=summary.pk).update(conclusions=f"=CONCLUSIONS(){BELL}", decisions="+DECISIONS")
    summary = summary_generate(summary_id=summary.pk)
    assert summary.status == AnalyticSummary.Status.DONE, summary.error
    report = report_build(as_of=AS_OF)
    delivery = Delivery.objects.create(
        monitoring_date=AS_OF, document=report, digest=digest(report), queued_at=datetime.datetime.now(datetime.UTC)
    )
    return {
        "delivery": delivery.pk,
        "mentee": mentee.pk,
        "mentorship": mentorship.pk,
        "plan": plan.pk,
        "record": record.pk,
        "evidence": evidence.pk,
        "award": award.pk,
        "document": DocumentFactory(title=f"=Положение{BELL}").pk,
    }


def _urls(name, world):
    """Every URL of `name` (one per roster kind or indicator code where the route takes one)."""
    if name == "indicators:drilldown_export":
        kwargs = [{"code": code} for code in Indicator.objects.values_list("code", flat=True)]
    elif name in ("mentorship:import_template", "mentorship:roster_export"):
        kwargs = [{"kind": kind} for kind in KIND_CODES]
    elif name in ("reports:download", "reports:export"):
        kwargs = [{"as_of": AS_OF}]
    elif name in ("reports:order_list_pdf", "roadmap:export", "hub:template"):
        kwargs = [{}]
    else:
        key = {
            "mentorship:person_export": "mentee",
            "mentorship:destruction_pdf": "record",
            "reports:certificate_pdf": "award",
            "reports:feedback_pdf": "mentorship",
            "reports:plan_pdf": "plan",
            "roadmap:evidence_download": "evidence",
            "public:document_file": "document",
            "public:manage_document_file": "document",
            "exchange:document": "delivery",
        }.get(name)
        kwargs = [{"pk": world[key]}] if key else []
    return [reverse(name, kwargs=k) for k in kwargs]


def _texts_of_workbook(content):
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _check_headers(name, url, response):
    assert response.status_code == 200, f"{url}: {response.status_code}"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), f"{url}: {disposition}"
    assert "\r" not in disposition and "\n" not in disposition and BELL not in disposition
    assert 'filename="' in disposition
    assert response["X-Content-Type-Options"] == "nosniff", url
    cache = response["Cache-Control"]
    if name == "public:document_file":
        assert "must-revalidate" in cache, f"{url}: {cache}"
    else:
        assert "no-store" in cache and "private" in cache, f"{url}: {cache}"


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_url_that_answers_a_file_is_a_known_download(client, admin_user_role, curator, hostile):
    """Walk the URL conf (as the administrator and as a curator, who between them open every page):
    anything answering a file (attachment or a file type) must be in DOWNLOADS."""
    files = set()
    names = sorted(set(_iter_names(get_resolver())))
    world_like = _matrix_world(hostile)
    for user in (admin_user_role, curator):
        client.force_login(user)
        for name in names:
            response = client.get(_url(name, world_like))
            content_type = response.get("Content-Type", "")
            if response.has_header("Content-Disposition") or content_type.startswith(FILE_TYPES):
                files.add(name)
    unknown = files - set(DOWNLOADS)
    assert not unknown, f"downloads this test does not check: {sorted(unknown)}"
    assert {n for n, kind in DOWNLOADS.items() if kind in ("xlsx", "pdf", "json", "report")} <= files
    assert set(DOWNLOADS) <= set(names), f"gone from the URL conf: {sorted(set(DOWNLOADS) - set(names))}"


def _matrix_world(hostile):
    """The shape test_access_matrix._url expects, pointing at the hostile records."""
    first_organization = Organization.objects.order_by("pk").first()
    return {
        "pk": {
            "person": hostile["mentee"],
            "organization": first_organization.pk,
            "mentorship": hostile["mentorship"],
            "record": hostile["record"],
            "job": 0,
            "activity": Activity.objects.order_by("pk").first().pk,
            "occurrence": Activity.objects.order_by("pk").first().occurrences.first().pk,
            "evidence": hostile["evidence"],
            "award": hostile["award"],
            "news": 0,
            "document": hostile["document"],
            "best": 0,
            "open": hostile["mentorship"],
            "questionnaire": 0,  # no questionnaire page answers a file
            "session": 0,  # no matching page answers a file
            "campaign": 0,  # the campaign's sheets are a PDF answered to a POST (tests/monitoring)
            "invitation": 0,
            "application": 0,  # no application page answers a file
            "notification": 0,  # nor a notification
            "delivery": hostile["delivery"],
            "hub_campaign": 0,  # no hub campaign page answers a file
        },
        "question": 0,
        "plan": hostile["plan"],
        "item": PlanItem.objects.filter(plan_id=hostile["plan"]).first().pk,
        "meeting": 0,  # no meeting page answers a file
        "open_plan": hostile["plan"],
        "open_item": PlanItem.objects.filter(plan_id=hostile["plan"]).first().pk,
    }


def test_every_export_and_pdf_of_hostile_records_is_a_safe_clean_file(client, admin_user_role, hostile):
    client.force_login(admin_user_role)
    checked = {"xlsx": 0, "pdf": 0, "json": 0, "stored": 0, "report": 0}
    neutralised_seen = set()
    for name, kind in DOWNLOADS.items():
        urls = _urls(name, hostile)
        if name in INLINE:
            continue
        assert urls, f"no URL to check for {name}"
        for url in urls:
            response = client.get(url)
            _check_headers(name, url, response)
            body = _body(response)
            if kind == "xlsx":
                assert response["Content-Type"] == XLSX_CONTENT_TYPE
                for cell in _texts_of_workbook(body):
                    if isinstance(cell.value, str):
                        assert cell.data_type != "f", f"{url} {cell.coordinate}: formula {cell.value!r}"
                        assert not cell.value.startswith(FORMULA_PREFIXES), f"{url} {cell.coordinate}: {cell.value!r}"
                        assert not ILLEGAL_CHARACTERS_RE.search(cell.value), f"{url} {cell.coordinate}"
                        if cell.value.startswith("'") and cell.value[1:2] in FORMULA_PREFIXES:
                            neutralised_seen.add(name)
            elif kind == "pdf":
                assert body.startswith(b"%PDF-")
                document = pypdfium2.PdfDocument(body)
                assert len(document) >= 1, url
                document.close()
            elif kind == "json":
                data = json.loads(body)
                assert data["person"]["last_name"] == HOSTILE_SURNAME
            elif kind == "report":  # the report to the hub: valid, and no person in it (exchange/document.py)
                assert response["Content-Type"].startswith("application/json")
                assert validate_document(json.loads(body)) == []
                assert HOSTILE_SURNAME.encode() not in body and b"HYPERLINK" not in body
            checked[kind] += 1
    # Every kind of file was checked, over every roster kind and indicator.
    assert checked["xlsx"] >= 2 * len(KIND_CODES) + Indicator.objects.count() + 2
    assert checked["pdf"] == sum(kind == "pdf" for kind in DOWNLOADS.values()) == 6
    assert checked["json"] == 1 and checked["stored"] == 3 and checked["report"] == 1
    # The hostile texts reached the exports (and came out as text).
    assert {"mentorship:roster_export", "roadmap:export", "reports:export"} <= neutralised_seen


def test_the_registry_export_writes_the_hostile_surname_as_text(client, admin_user_role, hostile):
    client.force_login(admin_user_role)
    response = client.get(reverse("mentorship:roster_export", kwargs={"kind": "students"}))
    values = [c.value for c in _texts_of_workbook(_body(response)) if isinstance(c.value, str)]
    assert "'" + HOSTILE_SURNAME in values
    assert "Иван" in values  # the bell character dropped, the name kept


def test_the_summary_pdf_prints_the_hostile_conclusions_as_text(client, admin_user_role, hostile):
    client.force_login(admin_user_role)
    response = client.get(reverse("reports:download", kwargs={"as_of": AS_OF}))
    document = pypdfium2.PdfDocument(_body(response))
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "=CONCLUSIONS()" in text
