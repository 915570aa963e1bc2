# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The base of a generator's writer: ids taken above the tables' maximum (the tables locked
meanwhile), COPY tables registered and flushed in foreign-key order, the table sequences moved
past the generated ids at the end."""

from .bulk import Table, lock_tables, next_id, set_sequence


class Writer:
    """``TABLES``: the tables whose ids the writer takes; ``FLUSH_ORDER``: every table it
    writes with COPY, in foreign-key order (``TABLES`` when not set)."""

    TABLES = ()
    FLUSH_ORDER = ()
    CHUNK = 100_000

    def __init__(self, env, timer):
        self.env, self.cr, self.timer = env, env.cr, timer
        self.uid = env.uid
        self.tables = []
        self.stats = {}
        lock_tables(self.cr, self.TABLES)
        self.next = {table: next_id(self.cr, table) for table in self.TABLES}
        self.first = dict(self.next)

    def table(self, name, columns, model=None, constants=None):
        """A COPY table flushed with the others (``make_table`` of ``stock``, ``purchase``
        and ``mrp``); a model's rows are created and written by the generating user."""
        if model:
            constants = {"create_uid": self.uid, "write_uid": self.uid, **(constants or {})}
        table = Table(self.env, name, columns, model=model, constants=constants)
        self.tables.append(table)
        return table

    def flush(self, force=True):
        """COPY the buffered rows of every table in foreign-key order; unless ``force``, only
        once one of them holds ``CHUNK`` rows."""
        if not force and all(len(t.buffer) < self.CHUNK for t in self.tables):
            return
        order = self.FLUSH_ORDER or self.TABLES
        for table in sorted(self.tables, key=lambda t: order.index(t.table)):
            table.flush()

    def take(self, table):
        """The next id of ``table``."""
        value = self.next[table]
        self.next[table] += 1
        return value

    def set_sequences(self):
        for table in self.TABLES:
            set_sequence(self.cr, table)

    def lap(self, label, **stats):
        """Record ``stats`` and print the phase's time."""
        self.stats.update(stats)
        self.timer.lap(label)
