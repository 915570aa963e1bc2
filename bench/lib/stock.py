# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Done transfers, moves and move lines, lots and quants, in the columns Odoo's own code leaves
them when a transfer or a manufacturing order is validated.

``make_table(name, columns, model=..., constants=...)`` is the writer's way to make a
``bulk.Table``, as in ``purchase.py``: each ``*_table`` gives the shared columns then the
generator's ``extra_columns``, and the constants of a done record updated with the generator's
own. A generator writing with ``bulk.insert_select`` takes the same constants as SQL literals
from ``*_select`` and gives an expression for each shared column."""

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


def quant_table(make_table, uid, extra_columns=(), constants=None):
    """stock_quant rows: ``QUANT_COLUMNS`` then ``extra_columns``."""
    return _table(
        make_table,
        "stock_quant",
        "stock.quant",
        QUANT_COLUMNS,
        extra_columns,
        quant_constants(uid),
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
