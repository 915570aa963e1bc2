# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Receipt → manufacturing order → delivery → trace both ways → recall → quarantine."""

import xmlrpc.client

import pytest

from .test_supplier_journey import _receive


def _ids(records):
    return {record["id"] if isinstance(record, dict) else record for record in records}


def test_a_suspect_component_lot_is_traced_to_the_customer_and_quarantined(admin, login):
    analyst = login("journey_analyst", ["quality_trace.group_qms_trace_user"])
    manager = login(
        "journey_trace_manager", ["quality_core.group_qms_manager", "stock.group_stock_manager"]
    )

    vendor = admin("res.partner", "create", {"name": "Journey Mill", "is_company": True})
    customer = admin("res.partner", "create", {"name": "Journey Garage", "is_company": True})
    steel, shaft = (
        admin("product.product", "create", {"name": name, "is_storable": True, "tracking": "lot"})
        for name in ("Journey steel bar", "Journey shaft")
    )
    shaft_tmpl = admin.read("product.product", shaft, ["product_tmpl_id"])["product_tmpl_id"][0]
    admin(
        "mrp.bom",
        "create",
        {
            "product_tmpl_id": shaft_tmpl,
            "product_qty": 1,
            "bom_line_ids": [(0, 0, {"product_id": steel, "product_qty": 2})],
        },
    )

    # Steel lot BAR-J arrives from the mill on a purchase order.
    order = admin(
        "purchase.order",
        "create",
        {
            "partner_id": vendor,
            "order_line": [(0, 0, {"product_id": steel, "product_qty": 10, "price_unit": 3.0})],
        },
    )
    admin("purchase.order", "button_confirm", [order])
    [receipt] = admin.read("purchase.order", order, ["picking_ids"])["picking_ids"]
    _receive(admin, receipt, steel, {"BAR-J": 10})
    [bar] = admin("stock.lot", "search", [("name", "=", "BAR-J")])

    # Two shafts are made of it, as lot SHAFT-J.
    production = admin("mrp.production", "create", {"product_id": shaft, "product_qty": 2})
    admin("mrp.production", "action_confirm", [production])
    # As the web client's "Create" in a lot field: name_create with the product as default
    # (stock.lot.create itself can't be called over XML-RPC in Odoo 18.0).
    shaft_lot, _name = admin(
        "stock.lot", "name_create", "SHAFT-J", context={"default_product_id": shaft}
    )
    admin(
        "mrp.production", "write", [production], {"qty_producing": 2, "lot_producing_id": shaft_lot}
    )
    raw = admin.read("mrp.production", production, ["move_raw_ids"])["move_raw_ids"]
    admin("stock.move", "write", raw, {"quantity": 4, "picked": True})
    assert admin("mrp.production", "button_mark_done", [production]) is True
    assert admin.read("mrp.production", production, ["state"])["state"] == "done"

    # One shaft is shipped to the garage.
    out_type = admin(
        "stock.picking.type", "search", [("code", "=", "outgoing")], order="sequence, id", limit=1
    )[0]
    out_defaults = admin.read(
        "stock.picking.type", out_type, ["default_location_src_id", "default_location_dest_id"]
    )
    source, dest = (
        out_defaults["default_location_src_id"][0],
        out_defaults["default_location_dest_id"][0],
    )
    delivery = admin(
        "stock.picking",
        "create",
        {
            "picking_type_id": out_type,
            "partner_id": customer,
            "location_id": source,
            "location_dest_id": dest,
            "move_ids": [
                (
                    0,
                    0,
                    {
                        "name": "Journey shaft",
                        "product_id": shaft,
                        "product_uom_qty": 1,
                        "location_id": source,
                        "location_dest_id": dest,
                    },
                )
            ],
        },
    )
    admin("stock.picking", "action_confirm", [delivery])
    admin("stock.picking", "action_assign", [delivery])
    moves = admin.read("stock.picking", delivery, ["move_ids"])["move_ids"]
    admin("stock.move", "write", moves, {"picked": True})
    assert admin("stock.picking", "button_validate", [delivery]) is True

    # Traced both ways by the analyst.
    backward = analyst("stock.lot", "qms_trace", [shaft_lot], "backward")
    assert {lot["lot_id"] for lot in backward["lots"]} == {shaft_lot, bar}
    assert _ids(backward["suppliers"]) == {vendor}
    assert _ids(backward["purchase_orders"]) == {order}
    assert _ids(backward["productions"]) == {production}
    forward = analyst("stock.lot", "qms_trace", [bar], "forward")
    assert {lot["lot_id"] for lot in forward["lots"]} == {bar, shaft_lot}
    assert _ids(forward["deliveries"]) == {delivery}
    assert _ids(forward["customers"]) == {customer}
    with pytest.raises(xmlrpc.client.Fault, match="backward|forward"):
        analyst("stock.lot", "qms_trace", [bar], "sideways")

    # The recall finds the shipped shaft and the stock left, and the manager quarantines it.
    recall = analyst("qms.recall", "create", {"lot_ids": [(6, 0, [bar])]})
    assert analyst("qms.recall", "action_compute", [recall]) is True
    computed = analyst.read(
        "qms.recall", recall, ["state", "affected_lot_ids", "delivery_ids", "partner_ids"]
    )
    assert computed["state"] == "computed"
    assert set(computed["affected_lot_ids"]) == {bar, shaft_lot}
    assert (computed["delivery_ids"], computed["partner_ids"]) == ([delivery], [customer])
    with pytest.raises(xmlrpc.client.Fault):
        analyst("qms.recall", "action_quarantine", [recall])
    manager("qms.recall", "action_quarantine", [recall])
    states = {
        lot["id"]: lot["qms_state"]
        for lot in admin("stock.lot", "read", [bar, shaft_lot], ["qms_state"])
    }
    assert states == {bar: "blocked", shaft_lot: "blocked"}, "6 bars and 1 shaft left in stock"
    stock = admin(
        "qms.recall.stock.line",
        "search_read",
        [("recall_id", "=", recall)],
        fields=["lot_id", "quantity", "reserved_quantity"],
    )
    assert sorted((line["lot_id"][0], line["quantity"]) for line in stock) == sorted(
        [(bar, 6.0), (shaft_lot, 1.0)]
    )
    assert all(line["reserved_quantity"] == 0 for line in stock)
