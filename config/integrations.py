"""What other apps offer the open API (api/) without the API importing them.

The API sits in the same layer as the public page and above the questionnaires, so it cannot import
`public`; an app that holds something the API shows registers a source here from its `AppConfig.ready()`:

- `register_checklist_source(name, source)`: `source(as_of)` returns the monitoring checklist's items it
  knows (documents present with their public links: the public page's documents);
- `register_aggregate_source(name, source)`: `source(start, end, as_of)` returns anonymised aggregates
  (counts only, never a person) — the questionnaires (monitoring) register theirs here when they come.

Living in config, any app can register whatever its layer (docs/architecture.md, like config/purge.py).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ChecklistItem:
    """One line of a monitoring checklist: a document or a fact, present or absent on the date."""

    code: str
    title: str
    present: bool
    count: int = 0
    links: list[dict[str, str]] = field(default_factory=list)  # [{"title", "date", "url"}], relative URLs


ChecklistSource = Callable[[datetime.date], list[ChecklistItem]]
AggregateSource = Callable[[datetime.date, datetime.date, datetime.date], dict[str, Any]]

_checklist_sources: dict[str, ChecklistSource] = {}
_aggregate_sources: dict[str, AggregateSource] = {}


def register_checklist_source(name: str, source: ChecklistSource) -> None:
    """Idempotent: a second call under the same name replaces the first."""
    _checklist_sources[name] = source


def register_aggregate_source(name: str, source: AggregateSource) -> None:
    """Idempotent: a second call under the same name replaces the first."""
    _aggregate_sources[name] = source


def checklist_sources() -> dict[str, ChecklistSource]:
    return dict(_checklist_sources)


def aggregate_sources() -> dict[str, AggregateSource]:
    return dict(_aggregate_sources)
