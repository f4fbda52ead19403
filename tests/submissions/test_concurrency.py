"""A double click, for real: the same create form sent by several threads at once makes one record (PostgreSQL)."""

import pytest

from submissions.decorators import FIELD, submission_token_new
from tests.parallel import in_parallel, require_postgres
from tests.submissions.create_forms import CREATE_FORMS

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
N = 4


@pytest.fixture
def users(curator, admin_user_role):
    require_postgres()
    return {"curator": curator, "admin": admin_user_role}


@pytest.mark.parametrize("name", CREATE_FORMS)
def test_the_same_form_sent_four_times_at_once_creates_one_record_and_every_answer_leads_to_it(users, name):
    case = CREATE_FORMS[name](users)
    token = submission_token_new()
    responses = in_parallel(N, lambda client, i: client.post(case.url, {**case.data(), FIELD: token}), user=case.user)
    assert case.count() == 1
    assert [r.status_code for r in responses] == [302] * N
    assert len({r["Location"] for r in responses}) == 1
