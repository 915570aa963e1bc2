# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bulk rows in the shape the ORM would write them: COPY buffers, ``INSERT ... SELECT``, ids
above a table's current maximum, names from Odoo's sequences, indexes created after the rows."""

import io
import sys
import time
from datetime import datetime

from odoo.tools import SQL


class Timer:
    def __init__(self):
        self.start = time.perf_counter()
        self.last = self.start
        self.phases = []

    def lap(self, label):
        now = time.perf_counter()
        self.phases.append((label, now - self.last))
        print("  %-44s %8.1f s" % (label, now - self.last), flush=True)
        self.last = now

    def total(self):
        return time.perf_counter() - self.start


def _fmt(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


def not_null_without_default(cr, table):
    """The NOT NULL columns of ``table`` that the database doesn't fill by itself."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL""",
        [table],
    )
    return [name for (name,) in cr.fetchall()]


class Table:
    """Rows for one table, written with COPY when flushed (a writer flushes its tables in
    foreign-key order)."""

    def __init__(self, env, table, columns, model=None, constants=None):
        self.env = env
        self.cr = env.cr
        self.table = table
        self.constants = dict(constants or {})
        self.columns = list(columns)
        self._complete_not_null(model)
        self.all_columns = self.columns + list(self.constants)
        self._column_set = set(self.columns)
        self._const_text = "".join("\t" + _fmt(v) for v in self.constants.values())
        self.buffer = []
        self.count = 0

    def _complete_not_null(self, model):
        """Every NOT NULL column without a database default must be written: take the ORM
        default for the ones the generator doesn't set, fail clearly when there is none."""
        missing = [
            name
            for name in not_null_without_default(self.cr, self.table)
            if name not in self.columns and name not in self.constants
        ]
        if not missing:
            return
        defaults = self.env[model].default_get(missing) if model else {}
        unknown = [name for name in missing if defaults.get(name) in (None, False)]
        if unknown:
            sys.exit(
                "%s: NOT NULL columns %s have no value in the generator and no ORM default; "
                "a module adds required fields the generator doesn't know." % (self.table, unknown)
            )
        for name in missing:
            value = defaults[name]
            if isinstance(value, (list, tuple)):
                value = value[0]
            self.constants[name] = value

    def add(self, *values):
        """One row: a value for each of ``columns``, in their order."""
        self.buffer.append("\t".join(map(_fmt, values)) + self._const_text + "\n")

    def add_row(self, **values):
        """One row by column name; the columns left out are NULL."""
        unknown = values.keys() - self._column_set
        if unknown:
            raise ValueError("%s has no columns %s" % (self.table, sorted(unknown)))
        self.add(*[values.get(column) for column in self.columns])

    def flush(self):
        if not self.buffer:
            return
        data = io.StringIO("".join(self.buffer))
        self.cr._obj.copy_expert(
            "COPY %s (%s) FROM STDIN"
            % (self.table, ", ".join('"%s"' % c for c in self.all_columns)),
            data,
        )
        self.count += len(self.buffer)
        self.buffer = []


def next_id(cr, table):
    cr.execute(SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM %s", SQL.identifier(table)))
    return cr.fetchone()[0]


def set_sequence(cr, table):
    cr.execute(
        SQL(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            "(SELECT COALESCE(MAX(id), 1) FROM %s))",
            table,
            SQL.identifier(table),
        )
    )


def lock_tables(cr, tables):
    """Nobody else writes the tables while ids are taken above their maximum."""
    for table in tables:
        cr.execute(SQL("LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE", SQL.identifier(table)))


def fill(table, rows, chunk):
    """COPY ``rows`` (tuples in column order, or dicts by column name) into ``table`` by
    chunks; returns the table's row count."""
    for row in rows:
        if isinstance(row, dict):
            table.add_row(**row)
        else:
            table.add(*row)
        if len(table.buffer) >= chunk:
            table.flush()
    table.flush()
    return table.count


def copy_dicts(env, table, model, rows, constants=None, chunk=200_000):
    """COPY ``rows``, dicts by column name, into ``table`` (of ``model``, for its defaults)
    with ``constants``; the columns are the first row's keys but those starting with ``_``
    (the generator's own). Returns the row count."""
    if not rows:
        return 0
    columns = [key for key in rows[0] if not key.startswith("_")]
    writer = Table(env, table, columns, model=model, constants=constants)
    return fill(writer, ([row[column] for column in columns] for row in rows), chunk)


def check_not_null(env, table, columns):
    """Every NOT NULL column without a database default must be written."""
    missing = sorted(
        name for name in not_null_without_default(env.cr, table) if name not in columns
    )
    if missing:
        sys.exit(
            "%s: NOT NULL columns %s have no value in the generator; a module adds required "
            "fields the generator doesn't know." % (table, missing)
        )


def sql_literals(cr, constants):
    """{column: SQL literal} of ``constants``, for ``insert_select`` (percent signs doubled for
    its parameters)."""
    return {
        column: cr.mogrify("%s", [value]).decode().replace("%", "%%")
        for column, value in constants.items()
    }


def insert_select(env, table, values, from_clause, params):
    """``INSERT INTO table (columns) SELECT expressions FROM ...``; ``values`` maps each column
    to its SQL expression. Returns the number of rows."""
    check_not_null(env, table, values)
    env.cr.execute(
        "INSERT INTO %s (%s) SELECT %s %s"
        % (
            table,
            ", ".join('"%s"' % column for column in values),
            ", ".join(values.values()),
            from_clause,
        ),
        params,
    )
    return env.cr.rowcount


def padded(expression, width):
    """SQL: the integer ``expression`` zero-padded to at least ``width`` digits, as Odoo's
    sequences format numbers (lpad alone would cut longer numbers)."""
    return "lpad((%s)::text, GREATEST(%d, length((%s)::text)), '0')" % (
        expression,
        width,
        expression,
    )


def yearly_sequence_names(cr, sequence, number, date, years, count):
    """SQL: names from the ``ir.sequence`` for ``count`` rows, the SQL ``number`` (0 ..
    count - 1) after the sequence's next number, the prefix and suffix of the year of the SQL
    ``date`` (one of ``years``); the sequence is moved past them."""
    first = sequence.number_next_actual
    cases = []
    for year in years:
        prefix, suffix = sequence._get_prefix_suffix(date="%d-06-30" % year)
        cases.append(
            cr.mogrify(
                "WHEN %%s THEN %%s || %s || %%s"
                % padded("%d + %s" % (first, number), sequence.padding),
                [year, prefix, suffix],
            ).decode()
        )
    sequence.write({"number_next": first + count})
    return "CASE extract(year FROM %s)::int %s END" % (date, " ".join(cases))


def staged(env, name, columns, rows, chunk):
    """A temporary table ``name`` (dropped at commit) of ``columns`` ("name type"), filled with
    ``rows``, its first column the primary key, analyzed."""
    env.cr.execute("CREATE TEMP TABLE %s (%s) ON COMMIT DROP" % (name, ", ".join(columns)))
    names = [column.split()[0] for column in columns]
    fill(Table(env, name, names), rows, chunk)
    env.cr.execute("ALTER TABLE %s ADD PRIMARY KEY (%s)" % (name, names[0]))
    env.cr.execute("ANALYZE %s" % name)


class NameSequence:
    """Names from an ir.sequence (prefix + padded number), saved back once at the end."""

    def __init__(self, sequence):
        self.sequence = sequence
        self.number = sequence.number_next_actual if sequence else 1
        self.prefix = (sequence.prefix if sequence else "") or ""
        self.padding = (sequence.padding if sequence else 5) or 5
        self._affixes = {}

    def next(self, date=None):
        """The next name. With ``date`` (the record's), the prefix and suffix are those of that
        day, as ``next_by_code`` gives them then (``NC/%(year)s/`` -> ``NC/2025/``)."""
        prefix, suffix = self.prefix, ""
        if date is not None and self.sequence:
            day = date.date() if isinstance(date, datetime) else date
            if day not in self._affixes:
                self._affixes[day] = self.sequence._get_prefix_suffix(date=day)
            prefix, suffix = self._affixes[day]
        name = "%s%s%s" % (prefix, str(self.number).zfill(self.padding), suffix)
        self.number += 1
        return name

    def save(self):
        if self.sequence:
            self.sequence.sudo().write({"number_next": self.number})


class DeferredIndexes:
    """Drop the non-unique indexes of the bulk tables inside the transaction and create them
    again, with their own definitions, once the rows are in (primary keys and unique indexes
    stay: foreign keys and constraints are checked as usual)."""

    def __init__(self, cr, tables):
        self.cr = cr
        cr.execute(
            """SELECT c.relname, pg_get_indexdef(i.indexrelid)
                 FROM pg_index i
                 JOIN pg_class c ON c.oid = i.indexrelid
                 JOIN pg_class t ON t.oid = i.indrelid
                 JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema() AND t.relname = ANY(%s)
                  AND NOT i.indisprimary AND NOT i.indisunique
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
             ORDER BY t.relname, c.relname""",
            [list(tables)],
        )
        self.indexes = cr.fetchall()

    def drop(self):
        for name, _definition in self.indexes:
            self.cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))

    def create(self):
        for _name, definition in self.indexes:
            self.cr.execute(definition)
        return len(self.indexes)
