"""A tiny hook registry for cross-app reactions: a lower app announces that something happened, a higher
app reacts, and the lower one never imports the higher.

`emit(name, **ids)` calls every function subscribed to `name` with the same keyword arguments — ids and
plain values only (never a name or any personal data), like a Celery task's arguments. Subscribers are
registered in their app's `AppConfig.ready()`. Inside a transaction the call waits for the commit (a
rolled-back import announces nothing); a subscriber's failure is logged and does not undo the emitter's
work.

Events of the portal (who emits → who subscribes):
- `roster_import_finished(job_id, user_id)` — roster, a job ended (done, preview ready or failed) → notifications
- `summary_ready(summary_id, user_id)` — reports, a summary's PDF is generated → notifications
- `campaign_results(campaign_id, user_id)` — monitoring's campaigns, results are in → notifications
- `pairs_need_attention(user_id, mentorship_ids)` — health, pairs of a curator newly need attention → notifications
- `meeting_written(mentorship_id)` — mentorship, a meeting logged or marked held → health (recomputed)
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

_subscribers: dict[str, list[Callable[..., Any]]] = defaultdict(list)

Value = int | str | bool | None | list[int]


def subscribe(name: str, fn: Callable[..., Any]) -> None:
    """Call `fn(**ids)` on every `emit(name, ...)`; subscribing the same function twice keeps one."""
    if fn not in _subscribers[name]:
        _subscribers[name].append(fn)


def subscribers(name: str) -> list[Callable[..., Any]]:
    return list(_subscribers.get(name, ()))


def _deliver(name: str, ids: dict[str, Value]) -> None:
    for fn in subscribers(name):
        try:
            fn(**ids)
        except Exception:
            logger.exception("Event %s: subscriber %s failed", name, getattr(fn, "__qualname__", fn))


def emit(name: str, **ids: Value) -> None:
    """Announce `name` with ids only; delivered after the current transaction commits (at once outside one)."""
    for key, value in ids.items():
        if not isinstance(value, int | bool | type(None) | list) and not (isinstance(value, str) and len(value) <= 40):
            raise TypeError(f"event {name}: {key} must be an id or a short code")
    transaction.on_commit(lambda: _deliver(name, dict(ids)))
