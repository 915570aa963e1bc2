# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Purchase order → receipt → inspection → rejection → return and bill hold → release."""

import xmlrpc.client

import pytest


def _receive(warehouse, picking_id, product_id, lots):
    """Name the lots of a receipt on its move lines and validate it."""
    picking = warehouse.read(
        "stock.picking",
        picking_id,
        ["move_ids", "move_line_ids", "location_id", "location_dest_id"],
    )
    if picking["move_line_ids"]:
        warehouse("stock.move.line", "unlink", picking["move_line_ids"])
    for lot_name, qty in lots.items():
        warehouse(
            "stock.move.line",
            "create",
            {
                "move_id": picking["move_ids"][0],
                "picking_id": picking_id,
                "product_id": product_id,
                "lot_name": lot_name,
                "quantity": qty,
                "location_id": picking["location_id"][0],
                "location_dest_id": picking["location_dest_id"][0],
            },
        )
    assert warehouse("stock.picking", "button_validate", [picking_id]) is True


def test_rejected_purchase_goes_back_to_the_vendor_and_its_bill_waits(admin, login):
    inspector = login(
        "journey_inspector", ["quality_core.group_qms_user", "stock.group_stock_user"]
    )
    buyer = login("journey_buyer", ["purchase.group_purchase_user", "stock.group_stock_user"])
    manager = login(
        "journey_quality_manager", ["quality_core.group_qms_manager", "stock.group_stock_user"]
    )
    accountant = login("journey_accountant", ["account.group_account_manager"])

    # Set-up, as the Quality Manager and the administrator would do it in the forms.
    receipt_type = admin(
        "stock.picking.type", "search", [("code", "=", "incoming")], order="sequence, id", limit=1
    )[0]
    diameter = admin(
        "qms.test",
        "create",
        {
            "name": "Journey diameter",
            "test_type": "measure",
            "norm": 10.0,
            "tolerance_min": 9.9,
            "tolerance_max": 10.1,
        },
    )
    product = admin(
        "product.product",
        "create",
        {
            "name": "Journey bolt",
            "is_storable": True,
            "tracking": "lot",
            "purchase_method": "receive",
        },
    )
    vendor = admin(
        "res.partner",
        "create",
        {"name": "Journey Steelworks", "is_company": True, "email": "q@steel.example.com"},
    )
    manager(
        "qms.control.point",
        "create",
        {
            "name": "Journey IQC",
            "picking_type_ids": [(6, 0, [receipt_type])],
            "product_ids": [(6, 0, [product])],
            "test_ids": [(6, 0, [diameter])],
            "timing": "after",
        },
    )

    # The buyer orders, the warehouse receives two lots.
    order = buyer(
        "purchase.order",
        "create",
        {
            "partner_id": vendor,
            "order_line": [(0, 0, {"product_id": product, "product_qty": 30, "price_unit": 4.0})],
        },
    )
    buyer("purchase.order", "button_confirm", [order])
    [receipt] = buyer.read("purchase.order", order, ["picking_ids"])["picking_ids"]
    _receive(admin, receipt, product, {"JRN-A": 20, "JRN-B": 10})

    # Accounting posts the bill: the goods are still to inspect, so it waits.
    admin("purchase.order", "action_create_invoice", [order])
    [bill] = admin.read("purchase.order", order, ["invoice_ids"])["invoice_ids"]
    admin("account.move", "write", [bill], {"invoice_date": "2026-12-01"})
    admin("account.move", "action_post", [bill])
    assert admin.read("account.move", bill, ["qms_payment_hold"])["qms_payment_hold"] is True

    # The inspector decides: lot A passes, lot B fails.
    inspections = {
        i["lot_id"][1]: i
        for i in inspector(
            "qms.inspection",
            "search_read",
            [("picking_id", "=", receipt)],
            fields=["lot_id", "line_ids", "state"],
        )
    }
    assert sorted(inspections) == ["JRN-A", "JRN-B"]
    for lot_name, value in (("JRN-A", 10.0), ("JRN-B", 10.4)):
        inspection = inspections[lot_name]
        inspector("qms.inspection.line", "write", inspection["line_ids"], {"value": value})
        inspector("qms.inspection", "action_done", [inspection["id"]])
    rejected = inspector.read(
        "qms.inspection", inspections["JRN-B"]["id"], ["decision", "return_picking_id", "lot_id"]
    )
    assert rejected["decision"] == "reject"
    lots = {
        lot["name"]: lot["qms_state"]
        for lot in admin(
            "stock.lot", "search_read", [("product_id", "=", product)], fields=["name", "qms_state"]
        )
    }
    assert lots == {"JRN-A": "released", "JRN-B": "blocked"}

    # The automation rules return the rejected lot, and only it, and tell the buyer.
    assert rejected["return_picking_id"], "the rejection made a return to the vendor"
    return_id = rejected["return_picking_id"][0]
    returned = admin(
        "stock.move.line",
        "search_read",
        [("picking_id", "=", return_id)],
        fields=["lot_id", "quantity"],
    )
    assert [(line["lot_id"][1], line["quantity"]) for line in returned] == [("JRN-B", 10)]
    activities = buyer(
        "mail.activity",
        "search_read",
        [("res_model", "=", "purchase.order"), ("res_id", "=", order)],
        fields=["user_id", "summary"],
    )
    assert any(a["user_id"][1] == "Journey Buyer" and "JRN-B" in a["summary"] for a in activities)

    # The bill stays on hold; the accountant can't lift it, the Quality Manager can.
    assert admin.read("account.move", bill, ["qms_payment_hold"])["qms_payment_hold"] is True
    with pytest.raises(xmlrpc.client.Fault, match="Quality Manager"):
        accountant("account.move", "action_qms_release_payment_hold", [bill], "Pay it")
    with pytest.raises(xmlrpc.client.Fault, match="qms_payment_hold|Payment Hold|directly"):
        admin("account.move", "write", [bill], {"qms_payment_hold": False})
    # Releasing it is signed: a wrong password is refused and changes nothing.
    with pytest.raises(xmlrpc.client.Fault, match="Signature refused"):
        manager(
            "account.move",
            "action_qms_release_payment_hold",
            [bill],
            "Credit note agreed for JRN-B",
            password="not my password",
        )
    assert admin.read("account.move", bill, ["qms_payment_hold"])["qms_payment_hold"] is True
    assert manager(
        "account.move",
        "action_qms_release_payment_hold",
        [bill],
        "Credit note agreed for JRN-B",
        password=manager.password,
    )
    signatures = manager(
        "qms.signature",
        "search_read",
        [("res_model", "=", "account.move"), ("res_id", "=", bill)],
        fields=["signer_login", "meaning", "reason"],
    )
    assert [(s["signer_login"], s["meaning"], s["reason"]) for s in signatures] == [
        (manager.login, "approval", "Credit note agreed for JRN-B")
    ]
    assert admin.read("account.move", bill, ["qms_payment_hold"])["qms_payment_hold"] is False
