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


def verify_operations(env, customer, product, bom):
    """A delivery of one unit of the first ``product`` (a domain) in stock to the first
    ``customer`` and a manufacturing order of one unit by the first ``bom`` through the ORM on
    the generated stock, then the quants must stay consistent; rolled back. Returns the number
    of problems."""
    problems = 0
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    customer = env["res.partner"].search(customer, limit=1)
    product = env["product.product"].search(product + [("qty_available", ">", 0)], limit=1)
    picking = env["stock.picking"].create(
        {
            "picking_type_id": warehouse.out_type_id.id,
            "partner_id": customer.id,
            "move_ids": [
                (
                    0,
                    0,
                    {
                        "name": product.name,
                        "product_id": product.id,
                        "product_uom_qty": 1.0,
                        "product_uom": product.uom_id.id,
                        "location_id": warehouse.lot_stock_id.id,
                        "location_dest_id": env.ref("stock.stock_location_customers").id,
                    },
                )
            ],
        }
    )
    picking.action_confirm()
    picking.action_assign()
    lots = picking.move_line_ids.lot_id
    picking.move_ids.picked = True
    ok = picking.button_validate() is True and picking.state == "done" and len(lots) == 1
    print(
        "  delivery of 1 %s: reserved lot %s, %s" % (product.default_code, lots.name, picking.state)
    )
    problems += not ok
    bom = env["mrp.bom"].search(bom, limit=1)
    production = env["mrp.production"].create(
        {"product_id": bom.product_id.id, "product_qty": 1.0, "bom_id": bom.id}
    )
    production.action_confirm()
    production.action_assign()
    production.lot_producing_id = env["stock.lot"].create(
        {"name": "VERIFY-1", "product_id": bom.product_id.id}
    )
    production.qty_producing = 1.0
    production.move_raw_ids.picked = True
    production.with_context(skip_consumption=True).button_mark_done()
    finished = production.move_finished_ids.move_line_ids
    consumed = finished.consume_line_ids.lot_id
    print(
        "  manufacturing order of 1 %s: %s, consumed lots %s"
        % (bom.product_id.default_code, production.state, ", ".join(consumed.mapped("name")))
    )
    problems += production.state != "done" or not consumed
    env.flush_all()
    env.cr.execute(
        """SELECT COUNT(*) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
            WHERE l.usage = 'internal' AND q.quantity < 0"""
    )
    negative = env.cr.fetchone()[0]
    env.cr.execute(
        """SELECT COUNT(*) FROM (SELECT 1 FROM stock_quant WHERE lot_id IS NOT NULL
            GROUP BY product_id, location_id, lot_id HAVING COUNT(*) > 1) duplicate"""
    )
    duplicates = env.cr.fetchone()[0]
    print("  quants: %d negative in internal locations, %d duplicated" % (negative, duplicates))
    problems += bool(negative) + bool(duplicates)
    env.cr.rollback()
    return problems


def verify_on_hand(env, rnd, sample, lot_names):
    """stock.lot.product_qty (from quants) of ``sample`` lots named like ``lot_names`` equals
    what the done lines brought to WH/Stock. Returns the number of lots that differ."""
    env.cr.execute("SELECT id FROM stock_lot WHERE name LIKE %s", [lot_names])
    lot_ids = rnd.sample([row[0] for row in env.cr.fetchall()], sample)
    stock = (
        env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1).lot_stock_id
    )
    env.cr.execute(
        """SELECT lot_id, SUM(CASE WHEN location_dest_id = %s THEN quantity ELSE 0 END)
                        - SUM(CASE WHEN location_id = %s THEN quantity ELSE 0 END)
             FROM stock_move_line WHERE lot_id = ANY(%s) AND state = 'done' GROUP BY lot_id""",
        [stock.id, stock.id, lot_ids],
    )
    by_lines = dict(env.cr.fetchall())
    wrong = [
        lot.id
        for lot in env["stock.lot"].browse(lot_ids)
        if abs(lot.product_qty - float(by_lines.get(lot.id, 0.0))) > 1e-6
    ]
    print(
        "  on hand of %d lots (quants) = their done move lines: %s"
        % (len(lot_ids), "%d differ" % len(wrong) if wrong else "same")
    )
    return len(wrong)
