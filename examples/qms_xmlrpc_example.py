#!/usr/bin/env python3
# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Drive an incoming inspection of quality_core over XML-RPC, from set-up to usage decision.

Creates a measurement and a pass/fail test, an incoming control point (inspection after
validation) for a new lot-tracked product, then receives two lots of it. Each lot gets its
own inspection and waits on hold (pending); one lot passes and is released, the other fails,
is blocked, and a Quality Manager releases it under concession, signed electronically with
their password (--sign-password, by default --password; an API key logs in but doesn't sign).

    python3 examples/qms_xmlrpc_example.py --url http://localhost:8069 --db qms \\
        --user admin --password admin

The user needs the Quality / Manager and Inventory / Administrator groups (admin has both).
Every step prints one line; any unexpected answer stops the script with exit status 1.
"""

import argparse
import sys
import time
import xmlrpc.client


class Surprise(Exception):
    """The server answered something the API contract does not promise."""


def expect(condition, message):
    if not condition:
        raise Surprise(message)


class Odoo:
    """The few calls of Odoo's external API the example needs."""

    def __init__(self, url, db, user, password):
        self.db, self.password = db, password
        self.signature = password  # the password that signs decisions (not an API key)
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        self.uid = common.authenticate(db, user, password, {})
        expect(self.uid, f"login refused for {user!r} on database {db!r}")
        self.object = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")

    def call(self, model, method, *args, **kwargs):
        return self.object.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def create(self, model, vals):
        record_id = self.call(model, "create", vals)
        expect(isinstance(record_id, int), f"{model}.create returned {record_id!r}, not an id")
        return record_id

    def read_one(self, model, record_id, fields):
        records = self.call(model, "read", [record_id], fields)
        expect(len(records) == 1, f"{model} {record_id} can't be read")
        return records[0]


def run(odoo, ref, out):
    def say(message):
        print(message, file=out, flush=True)

    say(f"Logged in as user id {odoo.uid}")
    user = odoo.read_one("res.users", odoo.uid, ["company_id"])
    company_id = user["company_id"][0]

    receipt_types = odoo.call(
        "stock.picking.type",
        "search_read",
        [("code", "=", "incoming"), ("company_id", "=", company_id)],
        fields=["name", "default_location_src_id", "default_location_dest_id"],
        order="sequence, id",
        limit=1,
    )
    expect(receipt_types, "no receipt operation type in the user's company")
    receipt_type = receipt_types[0]
    source_id = receipt_type["default_location_src_id"][0]
    dest_id = receipt_type["default_location_dest_id"][0]
    say(f"Receipt operation type: {receipt_type['name']} (id {receipt_type['id']})")

    diameter_id = odoo.create(
        "qms.test",
        {
            "name": f"Diameter {ref}",
            "test_type": "measure",
            "norm": 10.0,
            "tolerance_min": 9.95,
            "tolerance_max": 10.05,
        },
    )
    visual_id = odoo.create("qms.test", {"name": f"Visual {ref}", "test_type": "passfail"})
    say(f"Tests: Diameter {ref} 10.0 mm (9.95 - 10.05) id {diameter_id}, Visual id {visual_id}")

    product_id = odoo.create(
        "product.product", {"name": f"Bolt {ref}", "is_storable": True, "tracking": "lot"}
    )
    vendor_id = odoo.create("res.partner", {"name": f"Vendor {ref}", "is_company": True})
    point_id = odoo.create(
        "qms.control.point",
        {
            "name": f"IQC Bolt {ref}",
            "picking_type_ids": [(6, 0, [receipt_type["id"]])],
            "product_ids": [(6, 0, [product_id])],
            "test_ids": [(6, 0, [diameter_id, visual_id])],
            "timing": "after",
            "sampling_method": "fixed",
            "sample_qty": 5,
        },
    )
    say(f"Control point IQC Bolt {ref} (id {point_id}): product Bolt {ref}, after validation")

    # stock.lot.create fails over XML-RPC in Odoo 18.0: name the lots on the move lines.
    lots = {f"{ref}-A": 60.0, f"{ref}-B": 40.0}
    picking_id = odoo.create(
        "stock.picking",
        {
            "picking_type_id": receipt_type["id"],
            "partner_id": vendor_id,
            "location_id": source_id,
            "location_dest_id": dest_id,
            "move_ids": [
                (
                    0,
                    0,
                    {
                        "name": f"Bolt {ref}",
                        "product_id": product_id,
                        "product_uom_qty": sum(lots.values()),
                        "location_id": source_id,
                        "location_dest_id": dest_id,
                    },
                )
            ],
        },
    )
    expect(odoo.call("stock.picking", "action_confirm", [picking_id]) is True, "confirm failed")
    picking = odoo.read_one("stock.picking", picking_id, ["name", "move_ids", "move_line_ids"])
    if picking["move_line_ids"]:
        odoo.call("stock.move.line", "unlink", picking["move_line_ids"])
    for lot_name, qty in lots.items():
        odoo.create(
            "stock.move.line",
            {
                "move_id": picking["move_ids"][0],
                "picking_id": picking_id,
                "product_id": product_id,
                "lot_name": lot_name,
                "quantity": qty,
                "location_id": source_id,
                "location_dest_id": dest_id,
            },
        )
    validated = odoo.call("stock.picking", "button_validate", [picking_id])
    expect(validated is True, f"button_validate returned {validated!r}, not True")
    picking = odoo.read_one("stock.picking", picking_id, ["name", "state", "qms_inspection_ids"])
    expect(picking["state"] == "done", f"receipt is {picking['state']}, not done")
    say(f"Receipt {picking['name']} of lots {', '.join(lots)} validated")

    inspections = odoo.call(
        "qms.inspection",
        "read",
        picking["qms_inspection_ids"],
        ["name", "lot_id", "qty", "sample_size", "state", "line_ids"],
    )
    expect(len(inspections) == len(lots), f"{len(inspections)} inspections, not {len(lots)}")
    by_lot = {}
    for inspection in sorted(inspections, key=lambda i: i["lot_id"] and i["lot_id"][1]):
        expect(inspection["lot_id"], f"inspection {inspection['name']} has no lot")
        lot_id, lot_name = inspection["lot_id"]
        by_lot[lot_name] = inspection
        lot = odoo.read_one("stock.lot", lot_id, ["qms_state"])
        expect(lot["qms_state"] == "pending", f"lot {lot_name} is {lot['qms_state']}")
        expect(inspection["state"] == "todo", f"{inspection['name']} is {inspection['state']}")
        say(
            f"Inspection {inspection['name']}: lot {lot_name}, {inspection['qty']:g} units, "
            f"sample {inspection['sample_size']:g}, lot {lot['qms_state']}"
        )
    expect(set(by_lot) == set(lots), f"inspected lots {sorted(by_lot)}, not {sorted(lots)}")

    diameters = {f"{ref}-A": 10.02, f"{ref}-B": 10.2}
    expected = {
        f"{ref}-A": ("pass", "accept", "released"),
        f"{ref}-B": ("fail", "reject", "blocked"),
    }
    for lot_name, inspection in sorted(by_lot.items()):
        for line in odoo.call("qms.inspection.line", "read", inspection["line_ids"], ["test_type"]):
            if line["test_type"] == "measure":
                values = {"value": diameters[lot_name]}
            else:
                values = {"answer": "pass"}
            odoo.call("qms.inspection.line", "write", [line["id"]], values)
        done = odoo.call("qms.inspection", "action_done", [inspection["id"]])
        expect(done is True, f"action_done returned {done!r}, not True")
        decided = odoo.read_one("qms.inspection", inspection["id"], ["result", "decision"])
        lot = odoo.read_one("stock.lot", inspection["lot_id"][0], ["qms_state"])
        outcome = (decided["result"], decided["decision"], lot["qms_state"])
        expect(outcome == expected[lot_name], f"lot {lot_name}: {outcome}")
        say(
            f"Inspection {inspection['name']}: diameter {diameters[lot_name]}, result "
            f"{decided['result']}, decision {decided['decision']}, lot {lot['qms_state']}"
        )

    rejected = by_lot[f"{ref}-B"]
    try:
        odoo.call("qms.inspection", "action_done", [rejected["id"]])
    except xmlrpc.client.Fault as fault:
        expect(rejected["name"] in fault.faultString, f"unclear refusal: {fault.faultString}")
        say(f"Deciding {rejected['name']} twice is refused: {fault.faultString.splitlines()[0]}")
    else:
        raise Surprise(f"{rejected['name']} was decided twice")

    reason = "Diameter 10.2 mm accepted by engineering"
    granted = odoo.call(
        "qms.inspection", "action_concession", [rejected["id"]], reason, password=odoo.signature
    )
    expect(granted is True, f"action_concession returned {granted!r}, not True")
    decided = odoo.read_one("qms.inspection", rejected["id"], ["decision", "concession_reason"])
    lot = odoo.read_one("stock.lot", rejected["lot_id"][0], ["qms_state"])
    expect(decided["decision"] == "concession", f"decision is {decided['decision']}")
    expect(lot["qms_state"] == "released", f"lot {rejected['lot_id'][1]} is {lot['qms_state']}")
    say(f"Concession on {rejected['name']}, signed: lot {rejected['lot_id'][1]} {lot['qms_state']}")
    say("Incoming inspection flow completed")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069", help="Odoo server URL")
    parser.add_argument("--db", required=True, help="database name")
    parser.add_argument("--user", default="admin", help="login")
    parser.add_argument("--password", default="admin", help="password or API key")
    parser.add_argument(
        "--sign-password",
        help="the user's password, to sign the concession (default: --password)",
    )
    parser.add_argument(
        "--ref",
        default=time.strftime("X%Y%m%d%H%M%S"),
        help="suffix of the names of the records created (default: a timestamp)",
    )
    args = parser.parse_args(argv)
    try:
        odoo = Odoo(args.url.rstrip("/"), args.db, args.user, args.password)
        odoo.signature = args.sign_password or args.password
        run(odoo, args.ref, sys.stdout)
    except Surprise as surprise:
        print(f"Unexpected: {surprise}", file=sys.stderr)
        return 1
    except xmlrpc.client.Fault as fault:
        print(f"Server refused a call: {fault.faultString}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Can't reach {args.url}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
