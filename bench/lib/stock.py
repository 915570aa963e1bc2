# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Done transfers, moves and move lines, lots and quants, in the columns Odoo's own code leaves
them when a transfer or a manufacturing order is validated; the quants the done move lines leave
(``write_quants``).

``make_table(name, columns, model=..., constants=...)`` is the writer's way to make a
``bulk.Table``, as in ``purchase.py``: each ``*_table`` gives the shared columns then the
generator's ``extra_columns``, and the constants of a done record updated with the generator's
own. A generator writing with ``bulk.insert_select`` takes the same constants as SQL literals
from ``*_select`` and gives an expression for each shared column."""

import sys

from . import bulk

PICKING_COLUMNS = [
    "id",
    "name",
    "origin",
    "partner_id",
    "scheduled_date",
    "date",
    "date_done",
    "create_date",
    "write_date",
]
MOVE_COLUMNS = [
    "id",
    "name",
    "description_picking",
    "reference",
    "origin",
    "product_id",
    "partner_id",
    "picking_id",
    "sequence",
    "product_qty",
    "product_uom_qty",
    "quantity",
    "date",
    "reservation_date",
    "purchase_line_id",
    "create_date",
    "write_date",
]
LINE_COLUMNS = [
    "id",
    "move_id",
    "picking_id",
    "product_id",
    "lot_id",
    "lot_name",
    "location_id",
    "location_dest_id",
    "reference",
    "quantity",
    "quantity_product_uom",
    "date",
    "create_date",
    "write_date",
]
LOT_COLUMNS = ["id", "name", "product_id", "create_date", "write_date"]
QUANT_COLUMNS = [
    "id",
    "product_id",
    "company_id",
    "location_id",
    "lot_id",
    "quantity",
    "inventory_diff_quantity",
    "inventory_date",
    "in_date",
    "create_date",
    "write_date",
]


def _by(uid):
    return {"create_uid": uid, "write_uid": uid}


def picking_constants(uid, company):
    """A validated transfer."""
    return {
        "company_id": company.id,
        "move_type": "direct",
        "state": "done",
        "priority": "0",
        "is_locked": True,
        "has_deadline_issue": False,
        **_by(uid),
    }


def move_constants(uid, company, unit_id):
    """A done move, in units, picked and not scrapped."""
    return {
        "company_id": company.id,
        "product_uom": unit_id,
        "state": "done",
        "priority": "0",
        "procure_method": "make_to_stock",
        "picked": True,
        "scrapped": False,
        "additional": False,
        "is_done": True,
        "manual_consumption": False,
        **_by(uid),
    }


def line_constants(uid, company, unit_id):
    """A done, picked move line in units."""
    return {
        "company_id": company.id,
        "product_uom_id": unit_id,
        "state": "done",
        "picked": True,
        **_by(uid),
    }


def lot_constants(uid, unit_id):
    return {"product_uom_id": unit_id, **_by(uid)}


def quant_constants(uid):
    """A quant that moves made: nothing reserved, no inventory quantity set."""
    return {"reserved_quantity": 0.0, "inventory_quantity_set": False, **_by(uid)}


def _table(make_table, name, model, columns, extra_columns, constants, own_constants):
    return make_table(
        name,
        columns + list(extra_columns),
        model=model,
        constants={**constants, **(own_constants or {})},
    )


def picking_table(make_table, uid, company, extra_columns=(), constants=None):
    """stock_picking rows: ``PICKING_COLUMNS`` then ``extra_columns``."""
    return _table(
        make_table,
        "stock_picking",
        "stock.picking",
        PICKING_COLUMNS,
        extra_columns,
        picking_constants(uid, company),
        constants,
    )


def move_table(make_table, uid, company, unit_id, extra_columns=(), constants=None):
    """stock_move rows: ``MOVE_COLUMNS`` then ``extra_columns``."""
    return _table(
        make_table,
        "stock_move",
        "stock.move",
        MOVE_COLUMNS,
        extra_columns,
        move_constants(uid, company, unit_id),
        constants,
    )


def line_table(make_table, uid, company, unit_id, extra_columns=(), constants=None):
    """stock_move_line rows: ``LINE_COLUMNS`` then ``extra_columns``."""
    return _table(
        make_table,
        "stock_move_line",
        "stock.move.line",
        LINE_COLUMNS,
        extra_columns,
        line_constants(uid, company, unit_id),
        constants,
    )


def lot_table(make_table, uid, unit_id, extra_columns=(), constants=None):
    """stock_lot rows: ``LOT_COLUMNS`` then ``extra_columns``."""
    return _table(
        make_table,
        "stock_lot",
        "stock.lot",
        LOT_COLUMNS,
        extra_columns,
        lot_constants(uid, unit_id),
        constants,
    )


def _select(cr, columns, constants, values):
    """``bulk.insert_select`` values: the constants as SQL literals, then ``values``, which
    must give every one of ``columns``."""
    missing = [column for column in columns if column not in values]
    if missing:
        raise ValueError("no SQL expression for %s" % missing)
    return {**bulk.sql_literals(cr, constants), **values}


def line_select(cr, uid, company, unit_id, values):
    """Done stock_move_line rows with ``insert_select``."""
    return _select(cr, LINE_COLUMNS, line_constants(uid, company, unit_id), values)


def lot_select(cr, uid, unit_id, values):
    """stock_lot rows with ``insert_select``."""
    return _select(cr, LOT_COLUMNS, lot_constants(uid, unit_id), values)


def quant_select(cr, uid, values):
    """stock_quant rows with ``insert_select``."""
    return _select(cr, QUANT_COLUMNS, quant_constants(uid), values)


def write_quants(env, first_line, first_quant):
    """The quants the done move lines from id ``first_line`` on leave, as
    ``_update_available_quantity`` keeps them: one per lot, location and product whose quantity
    isn't zero, ids from ``first_quant`` in the order the lines first reach them (a line leaves
    its source before it reaches its destination); the company of the location (none for the
    partner locations), the next inventory date in internal locations, the lot's creation as
    the incoming date. Returns the number of quants; stops if an internal quant is negative."""
    cr = env.cr
    cr.execute(
        """SELECT DISTINCT l.id FROM stock_location l
            WHERE l.usage = 'internal' AND l.id IN (SELECT location_dest_id FROM stock_move_line
                                                     WHERE id >= %s)""",
        [first_line],
    )
    internal = env["stock.location"].browse(sorted(row[0] for row in cr.fetchall()))
    inventory_date = (
        "CASE loc.id %s END"
        % " ".join(
            cr.mogrify("WHEN %s THEN %s::date", [location.id, location._get_next_inventory_date()])
            .decode()
            .replace("%", "%%")
            for location in internal
        )
        if internal
        else "NULL::date"
    )
    count = bulk.insert_select(
        env,
        "stock_quant",
        quant_select(
            cr,
            env.uid,
            {
                "id": "%(quant0)s - 1 + row_number() OVER (ORDER BY q.reached)",
                "product_id": "q.product_id",
                "company_id": "loc.company_id",
                "location_id": "q.location_id",
                "lot_id": "q.lot_id",
                "quantity": "q.quantity",
                "inventory_diff_quantity": "-q.quantity",
                "inventory_date": inventory_date,
                "in_date": "lot.create_date",
                "create_date": "lot.create_date",
                "write_date": "lot.create_date",
            },
        ),
        """FROM (SELECT lot_id, location_id, product_id, SUM(quantity) AS quantity,
                        MIN(reached) AS reached
                   FROM (SELECT lot_id, location_id, product_id, -quantity AS quantity,
                                2 * id AS reached
                           FROM stock_move_line WHERE id >= %(line0)s
                         UNION ALL
                         SELECT lot_id, location_dest_id, product_id, quantity, 2 * id + 1
                           FROM stock_move_line WHERE id >= %(line0)s) moved
                  GROUP BY lot_id, location_id, product_id
                 HAVING SUM(quantity) != 0) q
           JOIN stock_location loc ON loc.id = q.location_id
           JOIN stock_lot lot ON lot.id = q.lot_id""",
        {"quant0": first_quant, "line0": first_line},
    )
    cr.execute(
        """SELECT MIN(q.lot_id) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
            WHERE q.id >= %s AND l.usage = 'internal' AND q.quantity < 0""",
        [first_quant],
    )
    negative = cr.fetchone()[0]
    if negative:
        sys.exit("internal error: negative stock for lot %d" % negative)
    return count


def lot_locations(cr, first_lot):
    """The lots from id ``first_lot`` on with stock in a single location get it as their
    location."""
    cr.execute(
        """UPDATE stock_lot l SET location_id = s.location_id
             FROM (SELECT lot_id, MIN(location_id) AS location_id FROM stock_quant
                    WHERE lot_id >= %s AND quantity > 0 GROUP BY lot_id
                   HAVING COUNT(DISTINCT location_id) = 1) s
            WHERE l.id = s.lot_id""",
        [first_lot],
    )


class Transfers:
    """Done transfers, moves and move lines written through a ``writer.Writer`` (its ids and
    COPY tables): ``*_columns`` are the generator's own columns after the shared ones."""

    def __init__(
        self,
        writer,
        company,
        unit_id,
        move_columns=(),
        line_columns=(),
        picking_columns=(),
        picking_constants=None,
    ):
        self.take = writer.take
        uid = writer.uid
        self.moves = move_table(writer.table, uid, company, unit_id, extra_columns=move_columns)
        self.lines = line_table(writer.table, uid, company, unit_id, extra_columns=line_columns)
        self.pickings = picking_table(
            writer.table,
            uid,
            company,
            extra_columns=picking_columns,
            constants=picking_constants,
        )

    def picking(self, name, source, dest, date, **values):
        """A transfer created, scheduled and done at ``date``; returns its id."""
        picking = self.take("stock_picking")
        self.pickings.add_row(
            id=picking,
            name=name,
            location_id=source,
            location_dest_id=dest,
            scheduled_date=date,
            date=date,
            date_done=date,
            create_date=date,
            write_date=date,
            **values,
        )
        return picking

    def move(self, product, quantity, source, dest, date, **values):
        """One done move of ``quantity`` units; ``values``: its other columns."""
        move_id = self.take("stock_move")
        self.moves.add_row(
            id=move_id,
            product_id=product.id,
            location_id=source,
            location_dest_id=dest,
            product_qty=quantity,
            product_uom_qty=quantity,
            quantity=quantity,
            date=date,
            reservation_date=date.date(),
            **values,
        )
        return move_id

    def transfer_move(self, picking, name, product, quantity, source, dest, date, **values):
        """A done move of a receipt or a delivery, created and done at ``date``."""
        return self.move(
            product,
            quantity,
            source,
            dest,
            date,
            name=product.display_name,
            description_picking=product.display_name,
            reference=name,
            picking_id=picking,
            sequence=10,
            unit_factor=1.0,
            propagate_cancel=True,
            create_date=date,
            write_date=date,
            **values,
        )

    def line(
        self, move_id, product, lot, source, dest, reference, quantity, date, created, **values
    ):
        """One done move line of ``lot``, created at ``created``."""
        line_id = self.take("stock_move_line")
        self.lines.add_row(
            id=line_id,
            move_id=move_id,
            product_id=product.id,
            lot_id=lot,
            location_id=source,
            location_dest_id=dest,
            reference=reference,
            quantity=quantity,
            quantity_product_uom=quantity,
            date=date,
            create_date=created,
            write_date=date,
            **values,
        )
        return line_id

    def transfer_line(
        self, picking, name, product, lot, quantity, source, dest, date, lot_name=None, **values
    ):
        """A move of a transfer and its one line of ``lot`` (typed as ``lot_name`` on a
        receipt); ``values``: the move's other columns. Returns the move's id."""
        move = self.transfer_move(picking, name, product, quantity, source, dest, date, **values)
        self.line(
            move,
            product,
            lot,
            source,
            dest,
            name,
            quantity,
            date,
            date,
            picking_id=picking,
            lot_name=lot_name,
        )
        return move
