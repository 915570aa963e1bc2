# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Generated rows checked against Odoo's own computations."""

from odoo.tools import SQL


def verify_computed_fields(env, rnd, sample, models, skip=(), first_ids=None):
    """Recompute every stored computed field of sampled generated records with the ORM and
    compare with what was written (``skip``: (model, field) pairs left out). Returns the
    number of differences.

    ``first_ids`` maps a table to the first id generated in it (records before it are left
    out of the sample).
    """
    differences = 0
    for model in models:
        table = env[model]._table
        env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id >= %s ORDER BY md5(id::text || %s) LIMIT %s",
                SQL.identifier(table),
                (first_ids or {}).get(table, 0),
                str(rnd.random()),
                sample,
            )
        )
        records = env[model].browse(row[0] for row in env.cr.fetchall())
        fields_ = [
            field
            for field in records._fields.values()
            if field.store
            and field.compute
            and field.type not in ("one2many", "many2many")
            and not field.company_dependent
            and (model, field.name) not in skip
        ]
        records.invalidate_recordset()
        stored = {(r.id, f.name): r[f.name] for r in records for f in fields_}
        for field in fields_:
            env.add_to_compute(field, records)
        found = []
        for record in records:
            for field in fields_:
                old, new = stored[(record.id, field.name)], record[field.name]
                if old != new and not (isinstance(old, float) and abs(old - new) < 1e-6):
                    found.append("%s(%d).%s: %r != %r" % (model, record.id, field.name, old, new))
        print(
            "  %-28s %3d records, %2d stored computed fields: %s"
            % (model, len(records), len(fields_), "%d differ" % len(found) if found else "same")
        )
        for line in found[:5]:
            print("      " + line)
        differences += len(found)
        env.invalidate_all()
        env.cr.rollback()
    return differences
