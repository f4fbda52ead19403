"""docker-compose.yml stays true to the production path that make smoke runs."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_names_the_five_services_with_their_volumes():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    assert "gunicorn -c config/gunicorn.py config.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")
    assert set(compose["volumes"]) == {"pgdata", "media"}
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert services["web"]["environment"]["CELERY_BROKER_URL"].startswith("redis://")


def test_every_variable_the_compose_file_sets_is_documented_in_the_readme():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    readme = (ROOT / "README.md").read_text()
    for name in compose["x-portal"]["environment"]:
        assert f"`{name}`" in readme, name


def test_gunicorn_logs_paths_without_query_strings():
    namespace = {}
    exec((ROOT / "config" / "gunicorn.py").read_text(), namespace)  # noqa: S102 — our own config file
    assert "%(U)s" in namespace["access_log_format"]
    assert "%(r)s" not in namespace["access_log_format"] and "%(q)s" not in namespace["access_log_format"]
