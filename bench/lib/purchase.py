# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Confirmed, fully received purchase orders and their lines, in the columns Odoo's
``button_confirm`` and the receipt's validation leave them (no taxes, nothing invoiced).

``make_table(name, columns, model=..., constants=...)`` is the writer's way to make a
``bulk.Table`` (it may register it for flushing in foreign-key order). A generator adds its own
columns after the shared ones and its own constants."""

ORDER_COLUMNS = [
    "id",
    "name",
    "partner_id",
    "date_order",
    "date_approve",
    "date_planned",
    "date_calendar_start",
    "effective_date",
    "amount_untaxed",
    "amount_total",
    "amount_total_cc",
    "create_date",
    "write_date",
]
LINE_COLUMNS = [
    "id",
    "order_id",
    "sequence",
    "product_id",
    "name",
    "product_qty",
    "product_uom_qty",
    "price_unit",
    "price_subtotal",
    "price_total",
    "qty_received",
    "qty_to_invoice",
    "partner_id",
    "date_planned",
    "create_date",
    "write_date",
]


def order_table(make_table, uid, company, picking_type, extra_columns=(), constants=None):
    """purchase_order rows: ``ORDER_COLUMNS`` then ``extra_columns``."""
    return make_table(
        "purchase_order",
        ORDER_COLUMNS + list(extra_columns),
        model="purchase.order",
        constants={
            "currency_id": company.currency_id.id,
            "company_id": company.id,
            "user_id": uid,
            "picking_type_id": picking_type.id,
            "state": "purchase",
            "invoice_status": "to invoice",
            "receipt_status": "full",
            "priority": "0",
            "currency_rate": 1.0,
            "amount_tax": 0.0,
            "create_uid": uid,
            "write_uid": uid,
            **(constants or {}),
        },
    )


def line_table(make_table, uid, company, unit_id, constants=None):
    """purchase_order_line rows: ``LINE_COLUMNS``."""
    return make_table(
        "purchase_order_line",
        LINE_COLUMNS,
        model="purchase.order.line",
        constants={
            "product_uom": unit_id,
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "state": "purchase",
            "qty_received_method": "stock_moves",
            "qty_invoiced": 0.0,
            "price_tax": 0.0,
            "create_uid": uid,
            "write_uid": uid,
            **(constants or {}),
        },
    )


def order_picking_table(make_table):
    """purchase_order_stock_picking_rel: an order's receipts."""
    return make_table("purchase_order_stock_picking_rel", ["purchase_order_id", "stock_picking_id"])


def order_values(order_id, name, vendor, ordered, planned, effective, amount, written):
    """A purchase_order row (``ORDER_COLUMNS``) of an order confirmed at ``ordered``, planned
    for ``planned``, received from ``effective`` on, of ``amount`` without taxes."""
    return {
        "id": order_id,
        "name": name,
        "partner_id": vendor,
        "date_order": ordered,
        "date_approve": ordered,
        "date_planned": planned,
        "date_calendar_start": ordered,
        "effective_date": effective,
        "amount_untaxed": amount,
        "amount_total": amount,
        "amount_total_cc": amount,
        "create_date": ordered,
        "write_date": written,
    }


def line_values(
    line_id, order_id, seq, product_id, name, qty, price, vendor, planned, ordered, written
):
    """A purchase_order_line row (``LINE_COLUMNS``) of ``qty`` units at ``price``, fully
    received, nothing invoiced yet."""
    subtotal = round(price * qty, 2)
    return {
        "id": line_id,
        "order_id": order_id,
        "sequence": 10 + seq,
        "product_id": product_id,
        "name": name,
        "product_qty": qty,
        "product_uom_qty": qty,
        "price_unit": price,
        "price_subtotal": subtotal,
        "price_total": subtotal,
        "qty_received": qty,
        "qty_to_invoice": qty,
        "partner_id": vendor,
        "date_planned": planned,
        "create_date": ordered,
        "write_date": written,
    }
