"""Fire the same request from N threads at once, each thread with its own client and database connection."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client


def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")


def in_parallel(n, send, *, user=None):
    """Run `send(client, i)` in `n` threads released together by a barrier; returns their results in order.

    Each thread logs `user` in on a client of its own before the barrier, so the requests really overlap.
    """
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        try:
            client = Client()
            if user is not None:
                client.force_login(user)
            barrier.wait(timeout=60)
            results[i] = send(client, i)
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "a request hung (deadlock?)"
    if errors:
        raise errors[0]
    return results
