import pytest


@pytest.mark.django_db
def test_health_answers_200_for_anonymous_when_everything_works(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["media"] == "ok"


@pytest.mark.django_db
def test_health_answers_503_when_media_storage_is_not_writable(client, settings, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["media"].startswith("error")


@pytest.mark.django_db
def test_health_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")


@pytest.mark.django_db
def test_health_answers_503_when_the_database_fails(client, monkeypatch):
    from portal import health

    def broken_cursor():
        raise OSError("database is down")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("error")
