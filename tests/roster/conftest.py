import pytest


@pytest.fixture
def run_import(db):
    from roster.importer import roster_import

    def run(kind, path, **kwargs):
        return roster_import(kind=kind, path=path, **kwargs)

    return run
