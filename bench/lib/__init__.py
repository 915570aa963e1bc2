# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benchmark generators and benchmarks share.

* ``bulk``: rows written with COPY or ``INSERT ... SELECT`` (NOT NULL columns completed from
  the ORM defaults), ids above a table's maximum, Odoo's name sequences, deferred indexes;
* ``writer``: the base of a generator's writer (ids, COPY tables in foreign-key order);
* ``purchase``: confirmed, received purchase orders and lines in the columns Odoo writes;
* ``stock``: done transfers, moves, move lines, lots and quants in the columns Odoo writes;
* ``mrp``: done manufacturing orders with their moves, lines, work orders and time logs;
* ``verify``: stored computed fields of generated records recomputed with the ORM, on-hand
  quantities, a delivery and a manufacturing order through the ORM;
* ``session``: the command line and database handling of a generator ("generate once, tell
  what was generated"), and "open the generated database, run, roll back" for a benchmark;
* ``figures``: how the benchmarks print times and verdicts;
* ``fingerprint``: row counts and md5s of a database's tables, to check that a generator still
  generates the same data.
"""
