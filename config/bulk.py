"""Many new rows of one model written at once: PostgreSQL `COPY`, `bulk_create` elsewhere.

`insert_rows(model, rows)` takes {attname: value} for every concrete field but the primary key (the values
already validated: nothing here checks or converts them, exactly as `bulk_create` does not call `save()` or
send signals) and returns the new primary keys in the order of the rows (with `keys=False` they are not
needed: an empty list, and on PostgreSQL the table's default gives them).

On PostgreSQL the keys are taken from the table's sequence in one query and the rows are streamed with
`COPY … FROM STDIN (FORMAT BINARY)` (psycopg 3's `cursor.copy()`, typed by the table's own column types):
no SQL text, no parameter arrays to quote (docs/benchmarks.md has the figures). Elsewhere (SQLite)
`bulk_create` in batches.
"""

import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connections, models, router


def insert_rows(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, batch_size: int = 1000, keys: bool = True
) -> list[int]:
    attnames = _attnames(model)
    values = operator.itemgetter(*attnames)  # one row's values in one call (in C)
    if len(attnames) == 1:
        return _insert(model, attnames, len(rows), ((values(row),) for row in rows), batch_size, keys)
    return _insert(model, attnames, len(rows), map(values, rows), batch_size, keys)


def insert_columns(
    model: type[models.Model],
    columns: Mapping[str, Sequence[Any]],
    constants: Mapping[str, Any],
    *,
    batch_size: int = 1000,
    keys: bool = True,
) -> list[int]:
    """The same for rows given by column: each attname is in `columns` (one value per row, all of one length)
    or in `constants` (one value for every row), e.g. a preview's plan applied without building a row each."""
    attnames = _attnames(model)
    count = len(next(iter(columns.values()))) if columns else 0
    values = [columns[a] if a in columns else itertools.repeat(constants[a], count) for a in attnames]
    return _insert(model, attnames, count, zip(*values, strict=True), batch_size, keys)


def _attnames(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if not f.primary_key]


def _insert(
    model: type[models.Model],
    attnames: list[str],
    count: int,
    rows: Iterable[Sequence[Any]],
    batch_size: int,
    keys: bool,
) -> list[int]:
    if not count:
        return []
    opts = model._meta
    pk = opts.pk
    assert pk is not None
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
        model._default_manager.using(using).bulk_create(objects, batch_size=batch_size)
        return [o.pk for o in objects] if keys else []
    quote = connection.ops.quote_name
    fields = {f.attname: f for f in opts.concrete_fields}
    names = [fields[a].column for a in attnames]
    columns = ", ".join(quote(str(c)) for c in ([pk.column, *names] if keys else names))
    with connection.cursor() as cursor:
        if keys:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [opts.db_table, pk.column, count],
            )
            pks = [row[0] for row in cursor.fetchall()]
        else:
            pks = []  # the table's own default (its sequence) gives the keys: no keys to fetch and send
        cursor.execute(f"SELECT {columns} FROM {quote(opts.db_table)} LIMIT 0")  # noqa: S608 (quoted names)
        oids = [column.type_code for column in cursor.description]
        with cursor.cursor.copy(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(oids)  # the binary format, typed by the table itself: no text to build or parse
            if keys:
                for key, row in zip(pks, rows, strict=True):
                    copy.write_row((key, *row))
            else:
                for row in rows:
                    copy.write_row(row)
    return pks
