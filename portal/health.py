"""Checks behind /health/: each returns None when healthy or a short error text."""

import uuid

from django.conf import settings
from django.db import connection


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the check reports any failure rather than raising it
        return exc.__class__.__name__
    return None


def check_broker():
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return exc.__class__.__name__
    return None


def check_media():
    probe = settings.MEDIA_ROOT / f".health-{uuid.uuid4().hex}"
    try:
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        return exc.__class__.__name__
    return None


def health_status():
    checks = {"database": check_database(), "media": check_media()}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = check_broker()
    ok = all(error is None for error in checks.values())
    report = {name: ("ok" if error is None else f"error: {error}") for name, error in checks.items()}
    if not settings.CELERY_BROKER_URL:
        report["broker"] = "not configured (tasks run eagerly)"
    return ok, report
