# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fingerprint of a database: for every table of the public schema that has rows, its row count
and an md5 of its rows ordered by all columns, leaving out what the wall clock fills.

Two generations with the same seed, made with the clock frozen (the generators read
``datetime.now()``), give the same fingerprint::

    faketime -f '2026-12-01 10:00:00' python3 bench/trace_generate.py ... --database A
    faketime -f '2026-12-01 10:00:00' python3 bench/trace_generate.py ... --database B
    python3 bench/lib/fingerprint.py --database A > a.txt
    python3 bench/lib/fingerprint.py --database B > b.txt
    diff a.txt b.txt

Left out: ``create_date`` and ``write_date`` (PostgreSQL's ``now()`` when the ORM writes a
record, and the faked clock does not reach the server), every column whose database default
reads the clock, the generation time the generators save in their marker parameter, and
``NOT_REPRODUCIBLE`` (the database name in notifications, default avatars coloured by their
partner's ``create_date``).
With ``--clock`` (the frozen time, earlier than the real one) the create and write dates are
compared too, up to that time: the generators write the ones of their bulk rows from the frozen
clock; later ones come from the server. ``--columns`` prints one md5 per column as well, to find
what differs.
"""

import argparse
import os
import sys

import psycopg2
from psycopg2 import sql

# Filled by the server's clock when the ORM creates or writes a record.
CLOCK_COLUMNS = ("create_date", "write_date")
# Other columns that differ between two databases generated alike: the notifications' channel
# holds the database name; the default avatar (SVG) of a partner created through the ORM takes
# its colour from the partner's create_date, so its attachment's content differs.
NOT_REPRODUCIBLE = {
    ("bus_bus", "channel"),
    ("ir_attachment", "checksum"),
    ("ir_attachment", "store_fname"),
    ("ir_attachment", "file_size"),
}
# (table, column) -> (regular expression, replacement): values that hold a duration measured
# while generating (the generators' summary in their ir.config_parameter marker).
MASKS = {
    ("ir_config_parameter", "value"): (
        r'"generation_seconds": [0-9.eE+-]+',
        '"generation_seconds": 0',
    ),
}


def clock_default_columns(cr):
    """(table, column) of the public schema whose database default reads the clock."""
    cr.execute(
        """SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public'
              AND (column_default ILIKE '%%now()%%' OR column_default ILIKE '%%current_%%'
                   OR column_default ILIKE '%%clock_timestamp%%')"""
    )
    return set(cr.fetchall())


def table_columns(cr):
    """{table: [column, ...]} of the ordinary tables of the public schema."""
    cr.execute(
        """SELECT c.relname, a.attname
             FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
         ORDER BY c.relname, a.attnum"""
    )
    columns = {}
    for table, column in cr.fetchall():
        columns.setdefault(table, []).append(column)
    return columns


def column_text(table, column, clock=None):
    """SQL: the column as text, masked when its values hold a measured duration; with
    ``clock``, a create or write date later than it reads 'clock'."""
    expression = sql.SQL("{}::text").format(sql.Identifier(column))
    if clock and column in CLOCK_COLUMNS:
        expression = sql.SQL("CASE WHEN {} > {}::timestamp THEN 'clock' ELSE {} END").format(
            sql.Identifier(column), sql.Literal(clock), expression
        )
    if (table, column) in MASKS:
        pattern, replacement = MASKS[(table, column)]
        expression = sql.SQL("regexp_replace({}, {}, {}, 'g')").format(
            expression, sql.Literal(pattern), sql.Literal(replacement)
        )
    return expression


def row_md5(cr, table, columns, clock=None):
    """md5 of the table's rows (the given columns), ordered by all of them."""
    row = sql.SQL("ROW({})::text").format(
        sql.SQL(", ").join(column_text(table, column, clock) for column in columns)
    )
    cr.execute(
        sql.SQL(
            "SELECT COUNT(*), md5(COALESCE(string_agg(r, E'\\n' ORDER BY r), '')) "
            "FROM (SELECT {} AS r FROM {}) t"
        ).format(row, sql.Identifier(table))
    )
    return cr.fetchone()


def fingerprint(cr, by_column=False, excluded=(), clock=None):
    """Lines ``table rows md5`` (and ``table.column md5`` with ``by_column``), in table order.
    With ``clock`` (the frozen time of the generation), create and write dates are kept up to
    it: the generators write theirs from the frozen clock, the server writes later ones."""
    clock_defaults = clock_default_columns(cr)
    lines = []
    for table, columns in sorted(table_columns(cr).items()):
        kept = [
            column
            for column in columns
            if (clock or column not in CLOCK_COLUMNS)
            and (table, column) not in clock_defaults
            and (table, column) not in NOT_REPRODUCIBLE
            and column not in excluded
            and "%s.%s" % (table, column) not in excluded
        ]
        if not kept:
            continue
        count, digest = row_md5(cr, table, kept, clock)
        if not count:
            continue
        lines.append("%s %d %s" % (table, count, digest))
        if by_column:
            for column in kept:
                digest = row_md5(cr, table, [column], clock)[1]
                lines.append("  %s.%s %s" % (table, column, digest))
    return lines


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True)
    parser.add_argument("--host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    parser.add_argument("--user", default=os.environ.get("PGUSER"))
    parser.add_argument(
        "--columns", action="store_true", help="also one md5 per column (to find a difference)"
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="[TABLE.]COLUMN",
        help="leave this column out as well (repeatable)",
    )
    parser.add_argument(
        "--clock",
        metavar="TIMESTAMP",
        help="the frozen time of the generation (earlier than the real time): compare the "
        "create and write dates up to it too, those after it read 'clock'",
    )
    args = parser.parse_args()
    connection = psycopg2.connect(
        dbname=args.database, host=args.host, port=args.port, user=args.user
    )
    try:
        with connection.cursor() as cr:
            cr.execute("SET TRANSACTION READ ONLY")
            for line in fingerprint(
                cr, by_column=args.columns, excluded=set(args.exclude), clock=args.clock
            ):
                print(line)
    finally:
        connection.rollback()
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
