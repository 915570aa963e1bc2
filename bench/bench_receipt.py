# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Validate a 100-lot receipt with and without an `after` control point (3 tests).

Run through bench/run.sh, which prepares the database. Everything happens in one transaction
that is rolled back, so the database is left as it was.
"""

import argparse
import statistics
import sys
import time

import odoo
from odoo.modules.registry import Registry


def build_receipt(env, product, lot_prefix, lots, vendor):
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    source = env.ref("stock.stock_location_suppliers")
    picking = env["stock.picking"].create(
        {
            "picking_type_id": warehouse.in_type_id.id,
            "location_id": source.id,
            "location_dest_id": warehouse.lot_stock_id.id,
            "partner_id": vendor.id,
            "move_ids": [
                (
                    0,
                    0,
                    {
                        "name": product.name,
                        "product_id": product.id,
                        "product_uom_qty": 10.0 * lots,
                        "product_uom": product.uom_id.id,
                        "location_id": source.id,
                        "location_dest_id": warehouse.lot_stock_id.id,
                    },
                )
            ],
        }
    )
    picking.action_confirm()
    move = picking.move_ids
    move.move_line_ids.unlink()
    env["stock.move.line"].create(
        [
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": product.id,
                "lot_name": "%s-%04d" % (lot_prefix, index),
                "quantity": 10.0,
                "location_id": source.id,
                "location_dest_id": warehouse.lot_stock_id.id,
            }
            for index in range(lots)
        ]
    )
    env.flush_all()
    return picking


def validate(env, picking):
    """Seconds and SQL queries that validating ``picking`` takes."""
    env.invalidate_all()
    cr = env.cr
    queries = cr.sql_log_count
    start = time.perf_counter()
    picking.button_validate()
    env.flush_all()
    return time.perf_counter() - start, cr.sql_log_count - queries


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--lots", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        vendor = env["res.partner"].create({"name": "Bench Vendor"})
        product = env["product.product"].create(
            {"name": "Bench Rod", "is_storable": True, "tracking": "lot"}
        )
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        tests = env["qms.test"].create(
            [
                {"name": "Visual", "test_type": "passfail"},
                {
                    "name": "Diameter",
                    "test_type": "measure",
                    "norm": 10,
                    "tolerance_min": 9.9,
                    "tolerance_max": 10.1,
                },
                {
                    "name": "Length",
                    "test_type": "measure",
                    "norm": 100,
                    "tolerance_min": 99.5,
                    "tolerance_max": 100.5,
                },
            ]
        )
        point = env["qms.control.point"].create(
            {
                "name": "Bench IQC",
                "picking_type_ids": [(6, 0, warehouse.in_type_id.ids)],
                "product_ids": [(6, 0, product.ids)],
                "test_ids": [(6, 0, tests.ids)],
                "timing": "after",
            }
        )
        # Warm the registry and caches once with each kind of receipt.
        validate(env, build_receipt(env, product, "WARM-QC", 5, vendor))
        point.active = False
        validate(env, build_receipt(env, product, "WARM-PLAIN", 5, vendor))

        timings = {"with control point": [], "without control point": []}
        queries = {}
        for round_ in range(args.rounds):
            for label, active in (("with control point", True), ("without control point", False)):
                point.active = active
                lot_prefix = "R%d-%s" % (round_, active)
                picking = build_receipt(env, product, lot_prefix, args.lots, vendor)
                seconds, count = validate(env, picking)
                timings[label].append(seconds)
                queries[label] = count
                inspections = env["qms.inspection"].search_count([("picking_id", "=", picking.id)])
                expected = args.lots if active else 0
                if inspections != expected:
                    sys.exit("expected %d inspections, found %d" % (expected, inspections))
        print("Validate a %d-lot receipt (%d rounds, alternating)" % (args.lots, args.rounds))
        for label, values in timings.items():
            print(
                "  %-22s median %6.3f s  min %6.3f s  %5d SQL queries"
                % (label, statistics.median(values), min(values), queries[label])
            )
        with_point, without_point = timings.values()
        print(
            "  ratio                  median %5.2fx  min %5.2fx (target <= 1.30x)"
            % (
                statistics.median(with_point) / statistics.median(without_point),
                min(with_point) / min(without_point),
            )
        )
        extra = queries["with control point"] - queries["without control point"]
        print("  extra SQL queries      %d (%.1f per lot)" % (extra, extra / args.lots))
        cr.rollback()


if __name__ == "__main__":
    main()
