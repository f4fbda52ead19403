"""Password reset by e-mail for staff (portal/passwords.py): request → letter → link → new password → login;
the same answer for any address; only active staff with an e-mail get a letter; throttled in the cache."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
SENT = "/accounts/password/reset/sent/"
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """POST the reset form; the letters are queued on commit and sent by the (eager) task."""

    def post(email, ip="10.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)

    return post


def _link(message):
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)", message.body).group(1)


def test_the_login_page_offers_the_reset_and_the_reset_page_is_russian(client):
    login = client.get(LOGIN).content.decode()
    assert "Забыли пароль?" in login and f'href="{RESET}"' in login
    page = client.get(RESET)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Введите адрес электронной почты" in html and "Отправить ссылку" in html


def test_a_curator_resets_the_password_by_mail_and_logs_in_with_the_new_one(client, curator, ask):
    curator.email = "kuratorova@licey.example"
    curator.save()
    response = ask("Kuratorova@Licey.example")
    assert response.status_code == 302 and response.url == SENT
    assert "Проверьте почту" in client.get(SENT).content.decode()
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["kuratorova@licey.example"]
    assert letter.subject == "Восстановление пароля на портале «Наставничество»"
    assert "Здравствуйте!" in letter.body and "Ссылка действует один раз и 2 ч." in letter.body
    # Nothing personal in the letter but the link: no login, no name.
    for personal in (curator.username, curator.first_name, curator.last_name):
        assert personal not in letter.body and personal not in letter.subject
    # The link → Django moves the token into the session → the form → the new password.
    form_page = client.get(_link(letter), follow=True)
    assert form_page.status_code == 200 and "Новый пароль" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    assert "set-password" in set_url
    done = client.post(set_url, {"new_password1": "Ново-3ведённый-пароль", "new_password2": "Ново-3ведённый-пароль"})
    assert done.status_code == 302 and done.url == "/accounts/password/reset/complete/"
    assert "Новый пароль задан" in client.get(done.url).content.decode()
    # The old password no longer works, the new one does; the link works only once.
    assert client.post(LOGIN, {"username": curator.username, "password": "secret-pass-123"}).status_code == 200
    assert client.post(LOGIN, {"username": curator.username, "password": "Ново-3ведённый-пароль"}).status_code == 302
    client.logout()
    again = client.get(_link(letter), follow=True).content.decode()
    assert "Ссылка не действует" in again


def test_an_unknown_address_gets_the_same_answer_and_no_letter(client, curator, ask):
    curator.email = "kuratorova@licey.example"
    curator.save()
    known = ask("kuratorova@licey.example")
    unknown = ask("nobody@licey.example")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url) == (302, SENT)
    assert [m.to for m in mail.outbox] == [["kuratorova@licey.example"]]


@pytest.mark.parametrize("who", ["no_role", "inactive", "no_email"])
def test_only_active_staff_with_an_email_get_a_letter(client, director, who, ask):
    if who == "no_role":
        UserFactory(email="guest@licey.example")
        email = "guest@licey.example"
    elif who == "inactive":
        director.email, director.is_active = "gone@licey.example", False
        director.save()
        email = "gone@licey.example"
    else:
        director.email = ""
        director.save()
        email = ""
    response = ask(email)
    assert response.status_code in (200, 302)
    assert mail.outbox == []


def test_a_mentor_and_a_superuser_get_a_letter(client, mentor_user, ask):
    mentor_user.email = "mentor@licey.example"
    mentor_user.save()
    get_user_model().objects.create_superuser("root", "root@licey.example", "Корень-пароль-123")
    ask("mentor@licey.example")
    ask("root@licey.example")
    assert sorted(m.to[0] for m in mail.outbox) == ["mentor@licey.example", "root@licey.example"]


def test_letters_to_one_address_are_throttled_with_the_same_answer(client, curator, settings, ask):
    settings.PASSWORD_RESET_PER_ADDRESS = 3
    curator.email = "kuratorova@licey.example"
    curator.save()
    answers = [ask("kuratorova@licey.example", ip=f"10.0.0.{i}") for i in range(5)]
    assert {(a.status_code, a.url) for a in answers} == {(302, SENT)}
    assert len(mail.outbox) == 3


def test_requests_from_one_ip_are_throttled_with_a_russian_message(client, settings, ask):
    settings.PASSWORD_RESET_PER_IP = 4
    answers = [ask(f"someone{i}@licey.example", ip="10.0.0.9") for i in range(6)]
    assert [a.status_code for a in answers] == [302, 302, 302, 302, 429, 429]
    assert "Слишком много запросов на восстановление пароля" in answers[-1].content.decode()
    assert ask("other@licey.example", ip="10.0.0.10").status_code == 302  # another computer


def test_the_throttle_keeps_no_address_in_the_cache_keys(client, curator):
    from portal.passwords import _key

    key = _key("address", "Kuratorova@licey.example")
    assert "kuratorova" not in key.lower() and "licey" not in key
    assert key == _key("address", " kuratorova@LICEY.example ")


def test_the_letter_is_queued_after_commit_with_only_the_account_number_domain_and_scheme(
    client, curator, monkeypatch, django_capture_on_commit_callbacks
):
    from portal import tasks

    curator.email = "kuratorova@licey.example"
    curator.save()
    queued = []
    monkeypatch.setattr(tasks.send_password_reset, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(RESET, {"email": "kuratorova@licey.example"}).status_code == 302
        assert queued == [] and mail.outbox == []  # nothing is sent inside the request
    for callback in callbacks:
        callback()
    assert queued == [(curator.pk, "testserver", False)]


def test_a_late_task_for_an_account_no_longer_staff_sends_nothing(curator):
    from portal.passwords import password_reset_send

    curator.email = "kuratorova@licey.example"
    curator.save()
    assert password_reset_send(user_id=curator.pk, domain="portal.example", use_https=True)
    assert "https://portal.example/accounts/password/reset/" in mail.outbox[0].body
    curator.is_active = False
    curator.save()
    assert not password_reset_send(user_id=curator.pk, domain="portal.example", use_https=True)
    assert not password_reset_send(user_id=10**9, domain="portal.example", use_https=True)
    assert len(mail.outbox) == 1


def test_a_broker_outage_keeps_the_same_answer(client, curator, monkeypatch, ask):
    from portal import tasks

    curator.email = "kuratorova@licey.example"
    curator.save()

    def down(*args):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.send_password_reset, "delay", down)
    response = ask("kuratorova@licey.example")
    assert (response.status_code, response.url) == (302, SENT)
