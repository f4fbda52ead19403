import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from hub.keys import secret_for
from hub.models import Campaign, Member, Organisation, Report, SchoolKey
from hub.services import (
    CREATED,
    REPLACED,
    UNCHANGED,
    campaign_save,
    member_save,
    organisation_save,
    report_receive,
    school_key_issue,
    school_key_revoke,
)
from tests.factories import UserFactory
from tests.hub.ingest import DATE, changed, document, tree

pytestmark = pytest.mark.django_db


def test_a_municipality_must_be_part_of_a_region_and_a_school_of_a_municipality():
    region = organisation_save(kind="region", code="43", name="Кировская область")
    with pytest.raises(ValidationError, match="Муниципалитет должен входить в регион"):
        organisation_save(kind="municipality", code="m", name="М")
    town = organisation_save(kind="municipality", code="m", name="М", parent=region)
    with pytest.raises(ValidationError, match="Школа должна входить в муниципалитет"):
        organisation_save(kind="school", code="s", name="С", parent=region)
    with pytest.raises(ValidationError, match="Регион не входит"):
        organisation_save(kind="region", code="44", name="Другой", parent=town)
    assert organisation_save(kind="school", code="s", name="С", parent=town).parent == town


def test_a_key_is_issued_to_a_school_only_and_revoked_once():
    hub = tree()
    with pytest.raises(ValidationError):
        school_key_issue(organisation=hub["town"])
    key, secret = school_key_issue(organisation=hub["school"])
    assert secret == secret_for(key.key_id)
    assert school_key_revoke(key=key).revoked_at is not None
    first = SchoolKey.objects.get(pk=key.pk).revoked_at
    assert school_key_revoke(key=key).revoked_at == first


def test_the_campaign_window_is_checked_in_russian():
    with pytest.raises(ValidationError) as error:
        campaign_save(
            monitoring_date=datetime.date(2026, 12, 1),
            opens_on=datetime.date(2026, 12, 10),
            deadline=datetime.date(2026, 12, 5),
            closes_on=datetime.date(2026, 12, 1),
        )
    messages = error.value.message_dict
    assert messages["monitoring_date"] == ["Дата мониторинга — 20 июня или 20 декабря."]
    assert messages["deadline"] == ["Срок сдачи не может быть раньше открытия сбора."]
    assert messages["closes_on"] == ["Сбор не может закрыться раньше срока сдачи."]
    assert not Campaign.objects.exists()


def test_report_receive_is_idempotent_and_counts_revisions():
    hub = tree()
    report, outcome = report_receive(school=hub["school"], document=document())
    assert outcome == CREATED
    again, outcome = report_receive(school=hub["school"], document=document())
    assert (again.pk, outcome, again.revision) == (report.pk, UNCHANGED, 1)
    rebuilt = {**document(), "generated_at": "2026-12-21T09:00:00+03:00"}
    assert report_receive(school=hub["school"], document=rebuilt)[1] == UNCHANGED
    replaced, outcome = report_receive(school=hub["school"], document=changed(document()))
    assert (replaced.pk, outcome, replaced.revision) == (report.pk, REPLACED, 2)
    assert Report.objects.count() == 1


def test_a_late_correction_marks_the_report_late_and_a_resent_copy_does_not():
    hub = tree()
    campaign_save(
        monitoring_date=DATE,
        opens_on=datetime.date(2026, 12, 1),
        deadline=datetime.date(2026, 12, 25),
        closes_on=datetime.date(2027, 1, 31),
    )
    on_time = timezone.make_aware(datetime.datetime(2026, 12, 24, 23, 30))  # Europe/Kirov
    after = timezone.make_aware(datetime.datetime(2026, 12, 26, 0, 30))
    report, _outcome = report_receive(school=hub["school"], document=document(), received_at=on_time)
    assert report.late is False
    report, outcome = report_receive(school=hub["school"], document=document(), received_at=after)
    assert (outcome, report.late) == (UNCHANGED, False)
    report, outcome = report_receive(school=hub["school"], document=changed(document()), received_at=after)
    assert (outcome, report.late) == (REPLACED, True)
    report, outcome = report_receive(
        school=hub["school"], document=changed(document(), students_mentees=1), received_at=after
    )
    assert report.late is True


def test_the_deadline_day_is_counted_in_europe_kirov():
    hub = tree()
    campaign_save(
        monitoring_date=DATE,
        opens_on=datetime.date(2026, 12, 1),
        deadline=datetime.date(2026, 12, 25),
        closes_on=datetime.date(2027, 1, 31),
    )
    # 21:30 UTC on the 25th is 00:30 of the 26th in Kirov (UTC+3): late.
    received = datetime.datetime(2026, 12, 25, 21, 30, tzinfo=datetime.UTC)
    report, _outcome = report_receive(school=hub["school"], document=document(), received_at=received)
    assert report.late is True


def test_another_schools_document_is_refused_by_the_service():
    hub = tree()
    with pytest.raises(ValidationError, match="Отчёт другой школы"):
        report_receive(school=hub["school"], document=document(code="sch-9"))
    assert not Report.objects.exists()


def test_member_save_links_a_user_to_one_organisation():
    hub = tree()
    user = UserFactory()
    member_save(user=user, organisation=hub["town"])
    member_save(user=user, organisation=hub["region"])
    assert Member.objects.get(user=user).organisation == hub["region"]


def test_hub_school_registers_a_school_and_prints_its_key_once():
    region = organisation_save(kind="region", code="43", name="Кировская область")
    organisation_save(kind="municipality", code="43-01", name="Город", parent=region)
    out = io.StringIO()

    call_command("hub_school", code="sch-5", name="Школа № 5", municipality="43-01", stdout=out)

    text = out.getvalue()
    key = SchoolKey.objects.get(organisation__code="sch-5")
    assert "Школа зарегистрирована" in text
    assert f"HUB_KEY_ID={key.key_id}" in text
    assert f"HUB_KEY_SECRET={secret_for(key.key_id)}" in text
    assert "HUB_SCHOOL_CODE=sch-5" in text


def test_hub_school_without_a_portal_gets_no_key_and_a_wrong_municipality_is_an_error():
    region = organisation_save(kind="region", code="43", name="Кировская область")
    organisation_save(kind="municipality", code="43-01", name="Город", parent=region)
    out = io.StringIO()
    call_command("hub_school", code="sch-6", name="Школа № 6", municipality="43-01", no_portal=True, stdout=out)
    assert not SchoolKey.objects.exists()
    assert Organisation.objects.get(code="sch-6").has_portal is False
    with pytest.raises(CommandError, match="Нет муниципалитета"):
        call_command("hub_school", code="sch-7", name="Школа № 7", municipality="nope")


def test_hub_organisation_registers_a_region_and_its_municipality():
    call_command("hub_organisation", kind="region", code="43", name="Кировская область", stdout=io.StringIO())
    call_command("hub_organisation", kind="municipality", code="43-01", name="Город", parent="43", stdout=io.StringIO())
    assert Organisation.objects.get(code="43-01").parent.code == "43"
    with pytest.raises(CommandError, match="Муниципалитет должен входить в регион"):
        call_command("hub_organisation", kind="municipality", code="43-02", name="Район")


def test_the_admin_issues_a_key_showing_the_secret_once_and_revokes_it(client, admin_user_role):
    hub = tree()
    client.force_login(admin_user_role)
    for name in ("organisation", "schoolkey", "campaign", "report", "member"):
        assert client.get(f"/admin/hub/{name}/").status_code == 200, name

    response = client.post(
        "/admin/hub/organisation/",
        {"action": "issue_key", "_selected_action": [hub["paper"].pk]},
        follow=True,
    )

    key = SchoolKey.objects.get(organisation=hub["paper"])
    assert secret_for(key.key_id) in response.content.decode()
    client.post("/admin/hub/schoolkey/", {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_the_admin_form_of_an_organisation_goes_through_the_service(client, admin_user_role):
    hub = tree()
    client.force_login(admin_user_role)

    response = client.post(
        "/admin/hub/organisation/add/",
        {"kind": "school", "code": "sch-3", "name": "Школа № 3", "parent": hub["region"].pk, "has_portal": "on"},
    )

    assert response.status_code == 200
    assert "Школа должна входить в муниципалитет." in response.content.decode()
    assert not Organisation.objects.filter(code="sch-3").exists()
