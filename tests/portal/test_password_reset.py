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


def _request(client, email, ip="10.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def _link(message):
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)", message.body).group(1)


def test_the_login_page_offers_the_reset_and_the_reset_page_is_russian(client):
    login = client.get(LOGIN).content.decode()
    assert "Забыли пароль?" in login and f'href="{RESET}"' in login
    page = client.get(RESET)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Введите адрес электронной почты" in html and "Отправить ссылку" in html


def test_a_curator_resets_the_password_by_mail_and_logs_in_with_the_new_one(client, curator):
    curator.email = "kuratorova@licey.example"
    curator.save()
    response = _request(client, "Kuratorova@Licey.example")
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


def test_an_unknown_address_gets_the_same_answer_and_no_letter(client, curator):
    curator.email = "kuratorova@licey.example"
    curator.save()
    known = _request(client, "kuratorova@licey.example")
    unknown = _request(client, "nobody@licey.example")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url) == (302, SENT)
    assert [m.to for m in mail.outbox] == [["kuratorova@licey.example"]]


@pytest.mark.parametrize("who", ["no_role", "inactive", "no_email"])
def test_only_active_staff_with_an_email_get_a_letter(client, director, who):
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
    response = _request(client, email)
    assert response.status_code in (200, 302)
    assert mail.outbox == []


def test_a_mentor_and_a_superuser_get_a_letter(client, mentor_user):
    mentor_user.email = "mentor@licey.example"
    mentor_user.save()
    get_user_model().objects.create_superuser("root", "root@licey.example", "Корень-пароль-123")
    _request(client, "mentor@licey.example")
    _request(client, "root@licey.example")
    assert sorted(m.to[0] for m in mail.outbox) == ["mentor@licey.example", "root@licey.example"]


def test_letters_to_one_address_are_throttled_with_the_same_answer(client, curator, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 3
    curator.email = "kuratorova@licey.example"
    curator.save()
    answers = [_request(client, "kuratorova@licey.example", ip=f"10.0.0.{i}") for i in range(5)]
    assert {(a.status_code, a.url) for a in answers} == {(302, SENT)}
    assert len(mail.outbox) == 3


def test_requests_from_one_ip_are_throttled_with_a_russian_message(client, settings):
    settings.PASSWORD_RESET_PER_IP = 4
    answers = [_request(client, f"someone{i}@licey.example", ip="10.0.0.9") for i in range(6)]
    assert [a.status_code for a in answers] == [302, 302, 302, 302, 429, 429]
    assert "Слишком много запросов на восстановление пароля" in answers[-1].content.decode()
    assert _request(client, "other@licey.example", ip="10.0.0.10").status_code == 302  # another computer


def test_the_throttle_keeps_no_address_in_the_cache_keys(client, curator):
    from portal.passwords import _key

    key = _key("address", "Kuratorova@licey.example")
    assert "kuratorova" not in key.lower() and "licey" not in key
    assert key == _key("address", " kuratorova@LICEY.example ")
