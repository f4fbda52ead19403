"""Every URL answers only GET, HEAD and POST: any other method gets 405, anonymous or signed in.

The refusal comes from one middleware (config/methods.py) that runs before the login check, so an
anonymous PUT is a 405 too, not a login redirect.
"""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from config.methods import allowed_methods
from tests.portal import test_access_matrix as access_matrix
from tests.portal.test_access_matrix import _iter_names, _url

world = access_matrix.world  # the same registry, plans, files and jobs as the GET matrix

METHODS = ("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "BREW")


def _admin_urls(world):
    return [
        reverse("admin:index"),
        reverse("admin:mentorship_mentorship_changelist"),
        reverse("admin:mentorship_mentorship_add"),
        reverse("admin:mentorship_mentorship_change", args=[world["pk"]["mentorship"]]),
        reverse("admin:mentorship_mentorship_delete", args=[world["pk"]["mentorship"]]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:login"),
    ]


@pytest.mark.parametrize("who", ["anonymous", "admin_user_role", "curator"])
def test_every_url_refuses_methods_other_than_get_head_and_post(request, world, who):
    client = Client()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    urls = [_url(name, world) for name in sorted(set(_iter_names(get_resolver())))] + _admin_urls(world)
    assert len(urls) > 90
    answered = []
    for url in urls:
        for method in METHODS:
            response = client.generic(method, url)
            expected = ", ".join(allowed_methods(url))  # the open API (/api/) reads only: GET, HEAD
            if response.status_code != 405 or response["Allow"] != expected:
                answered.append(f"{method} {url}: {response.status_code}")
    assert not answered, "\n".join(answered)
    assert {allowed_methods(url) for url in urls} == {("GET", "HEAD", "POST"), ("GET", "HEAD")}


def test_get_head_and_post_still_reach_the_views(client_as, curator, world):
    client = client_as(curator)
    url = reverse("mentorship:mentorship_list")
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200
    assert client.post(reverse("mentorship:mentorship_activate", args=[world["pk"]["mentorship"]])).status_code == 302
