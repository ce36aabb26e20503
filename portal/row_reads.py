"""One row by its primary key, without the ORM's per-call query compilation.

Every signed-in request loads its user (and, on a session-cache miss, its
session) by primary key. `Model.objects.get(pk=...)` compiles the same SQL on
every call: measured, 0.50 ms a call against 0.07 ms for the statement itself,
a tenth of a cached signed-in page's whole cost. `PrimaryKeyReader` compiles
`Model.objects.filter(pk=...)` once per database connection, through the ORM
(same columns, same quoting, the same converters for the values that come
back), and then only runs it.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Model


@dataclass(frozen=True)
class _Compiled:
    sql: str
    attnames: list[str]
    compiler: Any
    converters: dict


class PrimaryKeyReader:
    """`reader.get(pk)`: the `model` row with that primary key, or None."""

    def __init__(self, model: type[Model], *, placeholder: object) -> None:
        # `placeholder`: any valid key value; the compiled statement takes the
        # real one as its only parameter.
        self.model = model
        self.placeholder = placeholder
        # Per connection object: a compiled statement's converters are bound
        # to the connection (and thread) that compiled it.
        self._compiled: dict[int, tuple[object, _Compiled]] = {}

    def _compile(self, connection, using: str) -> _Compiled:
        query = self.model._base_manager.using(using).filter(pk=self.placeholder).query
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if len(params) != 1:  # pragma: no cover - a model with a composite key
            raise ValueError(f"{self.model.__name__}: one key parameter expected")
        columns = [col for col, _alias, _name in compiler.select]
        return _Compiled(
            sql=sql,
            attnames=[col.target.attname for col in columns],
            compiler=compiler,
            converters=compiler.get_converters(columns),
        )

    def get(self, pk: object) -> Model | None:
        using = router.db_for_read(self.model)
        connection = connections[using]
        held = self._compiled.get(id(connection))
        if held is None or held[0] is not connection:
            held = (connection, self._compile(connection, using))
            self._compiled[id(connection)] = held
        compiled = held[1]
        field = self.model._meta.pk
        try:
            value = field.get_db_prep_value(field.to_python(pk), connection)
        except (ValidationError, TypeError, ValueError):
            return None  # not a key at all (a tampered session): no such row
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, [value])
            row = cursor.fetchone()
        if row is None:
            return None
        if compiled.converters:
            row = next(compiled.compiler.apply_converters([row], compiled.converters))
        return self.model.from_db(using, compiled.attnames, row)
