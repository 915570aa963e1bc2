# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Generate a large lot-genealogy database for bench_trace.py.

The small master data (vendors, customers, operators, work centres, lot-tracked products on
5 levels with their bills of materials and operations) is created with the ORM; the bulk is
written with COPY, in the shape Odoo's own code writes it (checked field by field against a
manufacturing order, a receipt and a delivery validated through the ORM):

* ``stock.lot``: one lot per manufacturing order or received raw-material batch;
* ``mrp.production`` (done) with one ``stock.move`` per component (WH/Stock -> Production,
  ``raw_material_production_id``, ``bom_line_id``) and one finished move (Production ->
  WH/Stock, ``production_id``), their done ``stock.move.line``, one done ``mrp.workorder``
  (with its calendar leave) and its productivity log (the operator) per order;
* ``stock_move_line_consume_rel``: every finished line linked to every consumed line of its
  order (``consume_line_id`` = finished line, ``produce_line_id`` = consumed line), as
  ``mrp.production._post_inventory`` does;
* receipts from vendors (pickings, moves, lines; purchase orders at the vendor's price and lead
  time for 80 % of them) for the raw lots, deliveries to customers for the finished lots;
* ``stock.quant`` per lot and location (vendors, production, WH/Stock, customers) matching the
  moves, ``stock.lot.location_id`` accordingly; the names from Odoo's sequences, which are moved
  past them; table sequences (``setval``); quality_trace's genealogy links
  (``qms.trace.edge._qms_rebuild()``) when it is installed; ``ANALYZE``.

Dates follow the genealogy: a component lot is always made or received before the order that
consumes it, a finished lot before its deliveries (Odoo's report only follows a consumed line
to the lines that brought its lot in before it).

Shape (scale 1, 5 levels): products RAW (12, bought), CMP (10), SUB (8), ASM (6), FIN (10) and
one COM raw material (an adhesive in every SUB bill of materials, bought in very large lots).
Bills of materials have 2-4 lines (3.3 on average); an order consumes one lot per line, now and
then two lots of one component when a lot runs out (2-4 component lots per order). Orders take
one of the 3 most recent lots of each component, so orders made about the same time share
sub-assembly lots: the backward tree of a finished lot has about 130 nodes, 50-90 distinct lots
(Odoo's report unfolds about 300 lines for it), a raw lot reaches a few hundred finished lots,
and each of the 7 COM lots reaches 8,000-27,000 finished lots (the recall case). About 100,000
finished lots, 200,000 lots and 1,100,000 done move lines at scale 1 (4-5 minutes);
``--scale 0.01`` takes seconds.

The generator refuses to run on a database it has already filled (the ``ir.config_parameter``
``qms_trace_bench.generated`` holds what it generated); drop the database to start again.
Everything is written in one transaction: a failed run leaves nothing behind.

Not generated: stock valuation layers and accounting (the products use manual periodic
valuation; inventory valuation reports are not meaningful on this data), procurement groups,
sale orders, packages.
"""

import bisect
import random
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta

from lib import mrp, purchase, stock
from lib.bulk import NameSequence, Timer
from lib.session import (
    analyze,
    generated_before,
    generation_env,
    generator_parser,
    open_registry,
    save_summary,
    tune_for_bulk,
)
from lib.verify import verify_computed_fields, verify_on_hand, verify_operations
from lib.writer import Writer

from odoo.tools import sql

MARKER = "qms_trace_bench.generated"
PREFIX = "TB"
LEVEL_NAMES = {5: ["RAW", "CMP", "SUB", "ASM", "FIN"]}
PRODUCTS_PER_LEVEL = {5: [12, 10, 8, 6, 10]}
SPAN_DAYS = 700.0  # production period of every level
LAG_DAYS = 3.0  # each level starts this much after the one below
GAP_DAYS = 0.25  # minimum age of a component lot when an order consumes it
FIN_LOTS_PER_SCALE = 100_000
COM_LOTS_PER_FIN = 14_000  # one COM lot per this many finished lots (each reaches > 10,000)


def level_names(levels):
    if levels in LEVEL_NAMES:
        return LEVEL_NAMES[levels]
    return ["RAW"] + ["L%d" % level for level in range(1, levels - 1)] + ["FIN"]


def products_per_level(levels):
    if levels in PRODUCTS_PER_LEVEL:
        return PRODUCTS_PER_LEVEL[levels]
    return [12] + [8] * (levels - 2) + [10]


def lot_ratio(level, top):
    """Lots of a level relative to finished lots: 1, 1/2, 1/4, ... but at least 1/10; raw
    materials 15 % (a raw lot then reaches a few hundred finished lots)."""
    return 0.15 if level == 0 else max(0.1, 0.5 ** (top - level))


# ---------------------------------------------------------------------------------------------
# Master data (ORM)


def create_master_data(env, rnd, levels):
    """Vendors, customers, operators, work centres, the products of every level and their
    bills of materials."""
    names = level_names(levels)
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    unit = env.ref("uom.product_uom_unit")
    vendors, customers = create_partners(env)
    operators = create_operators(env)
    workcenters = create_workcenters(env, names, levels)
    products = create_products(env, rnd, names, levels, unit, vendors)
    common_index = len(products) - 1
    by_level = defaultdict(list)
    for index, info in enumerate(products):
        info["index"] = index
        by_level[info["level"]].append(index)
    by_level[0].remove(common_index)
    common_level = min(2, levels - 1)
    create_boms(
        env, rnd, names, levels, products, by_level, common_index, common_level, workcenters
    )
    return {
        "company": company,
        "warehouse": warehouse,
        "unit": unit,
        "vendors": vendors,
        "customers": customers,
        "operators": operators,
        "products": products,
        "by_level": by_level,
        "common_index": common_index,
        "common_level": common_level,
    }


def create_partners(env):
    """15 vendors and 150 customers."""
    vendors = env["res.partner"].create(
        [
            {"name": "%s Vendor %02d" % (PREFIX, i + 1), "supplier_rank": 1, "is_company": True}
            for i in range(15)
        ]
    )
    customers = env["res.partner"].create(
        [
            {"name": "%s Customer %03d" % (PREFIX, i + 1), "customer_rank": 1, "is_company": True}
            for i in range(150)
        ]
    )
    return vendors, customers


def create_operators(env):
    """12 manufacturing users; work orders are shown to users with the "Work Orders" setting,
    operators log their time."""
    env.ref("base.group_user").sudo().write(
        {"implied_ids": [(4, env.ref("mrp.group_mrp_routings").id)]}
    )
    groups = [env.ref("base.group_user").id, env.ref("mrp.group_mrp_user").id]
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": "%s Operator %02d" % (PREFIX, i + 1),
                    "login": "%s_operator_%02d" % (PREFIX.lower(), i + 1),
                    "groups_id": [(6, 0, groups)],
                }
                for i in range(12)
            ]
        )
    )


def create_workcenters(env, names, levels):
    """Two work centres per manufactured level."""
    workcenters = {}
    for level in range(1, levels):
        workcenters[level] = env["mrp.workcenter"].create(
            [
                {
                    "name": "%s %s line %d" % (PREFIX, names[level], i + 1),
                    "code": "%s-%s-%d" % (PREFIX, names[level], i + 1),
                    "costs_hour": 40.0 + 5 * level,
                }
                for i in range(2)
            ]
        )
    return workcenters


def create_products(env, rnd, names, levels, unit, vendors):
    """The lot-tracked products, level by level, then the COM adhesive (last); the bought ones
    with two vendors each. Returns dicts: level, code, product, sellers."""
    counts = products_per_level(levels)
    top = levels - 1
    route_buy = env.ref("purchase_stock.route_warehouse0_buy", raise_if_not_found=False)
    route_mrp = env.ref("mrp.route_warehouse0_manufacture", raise_if_not_found=False)

    def make_product(level, code, name, bought):
        vals = {
            "name": name,
            "default_code": code,
            "is_storable": True,
            "tracking": "lot",
            "uom_id": unit.id,
            "uom_po_id": unit.id,
            "purchase_ok": bought,
            "sale_ok": level == top,
            "standard_price": 1.0 + level * 5,
        }
        routes = route_buy if bought else route_mrp
        if routes:
            vals["route_ids"] = [(6, 0, routes.ids)]
        sellers = {}
        if bought:
            for vendor in rnd.sample(list(vendors), 2):
                sellers[vendor.id] = (round(1.0 + rnd.random(), 2), rnd.choice([5, 7, 10, 14]))
            vals["seller_ids"] = [
                (0, 0, {"partner_id": vendor_id, "price": price, "delay": delay})
                for vendor_id, (price, delay) in sellers.items()
            ]
        product = env["product.product"].create(vals)
        return {"level": level, "code": code, "product": product, "sellers": sellers}

    products = []
    for level in range(levels):
        for i in range(counts[level]):
            code = "%s-%s-%02d" % (PREFIX, names[level], i + 1)
            name = "%s %s %02d" % (PREFIX, names[level], i + 1)
            products.append(make_product(level, code, name, level == 0))
    code = "%s-COM-01" % PREFIX
    products.append(make_product(0, code, "%s COM 01 adhesive (bulk)" % PREFIX, True))
    return products


def choose_components(rnd, products, by_level, level, common_index, common_level):
    """{parent: [child, ...]}: 2-4 lines from the level below (the COM adhesive in every
    level-2 BOM); every product of the level below is used by at least one parent."""
    parents = by_level[level]
    children = list(by_level[level - 1])
    rnd.shuffle(children)
    # 2-4 lines, 3.3 on average whatever the draw (the COM adhesive counts as one)
    pattern = [4, 3, 4, 2, 4, 3]
    offset = rnd.randrange(len(pattern))
    sizes = {p: pattern[(offset + i) % len(pattern)] for i, p in enumerate(parents)}
    chosen = {p: [] for p in parents}
    if level == common_level:
        for p in parents:
            chosen[p].append(common_index)
    for k, child in enumerate(children):
        open_parents = [p for p in parents if len(chosen[p]) < sizes[p]] or parents
        parent = open_parents[k % len(open_parents)]
        chosen[parent].append(child)
        sizes[parent] = max(sizes[parent], len(chosen[parent]))
    for p in parents:
        pool = [c for c in by_level[level - 1] if c not in chosen[p]]
        while len(chosen[p]) < sizes[p] and pool:
            chosen[p].append(pool.pop(rnd.randrange(len(pool))))
    return chosen


def create_boms(
    env, rnd, names, levels, products, by_level, common_index, common_level, workcenters
):
    """A bill of materials with one operation for every manufactured product; its info gets
    bom, operation, workcenter and components [(child index, BOM line id), ...]."""
    for level in range(1, levels):
        chosen = choose_components(rnd, products, by_level, level, common_index, common_level)
        for p in by_level[level]:
            info = products[p]
            workcenter = workcenters[level][p % 2]
            bom = env["mrp.bom"].create(
                {
                    "product_tmpl_id": info["product"].product_tmpl_id.id,
                    "product_id": info["product"].id,
                    "product_qty": 1.0,
                    "type": "normal",
                    "consumption": "warning",
                    "bom_line_ids": [
                        (0, 0, {"product_id": products[c]["product"].id, "product_qty": 1.0})
                        for c in chosen[p]
                    ],
                    "operation_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "%s assembly" % names[level],
                                "workcenter_id": workcenter.id,
                                "time_cycle_manual": 30.0 + 10 * level,
                            },
                        )
                    ],
                }
            )
            info["bom"] = bom
            info["operation"] = bom.operation_ids
            info["workcenter"] = workcenter
            line_by_product = {line.product_id.id: line for line in bom.bom_line_ids}
            info["components"] = [
                (c, line_by_product[products[c]["product"].id].id) for c in chosen[p]
            ]


# ---------------------------------------------------------------------------------------------
# Genealogy (pure Python)


def plan_lot_counts(rnd, master, levels, n_top):
    """Lots per product, top-down, proportional to how much each product is consumed."""
    products, by_level = master["products"], master["by_level"]
    top = levels - 1
    lots_of = {}
    weights = {p: 0.6 + 0.8 * rnd.random() for p in by_level[top]}
    total = sum(weights.values())
    for p in by_level[top]:
        lots_of[p] = max(2, round(n_top * weights[p] / total))
    for level in range(top - 1, -1, -1):
        demand = defaultdict(float)
        for parent in by_level[level + 1]:
            for child, _line in products[parent]["components"]:
                demand[child] += lots_of[parent]
        total = sum(demand[c] for c in by_level[level])
        for c in by_level[level]:
            lots_of[c] = max(2, round(n_top * lot_ratio(level, top) * demand[c] / total))
    lots_of[master["common_index"]] = max(2, round(n_top / COM_LOTS_PER_FIN))
    return lots_of


def plan_lot_times(rnd, master, lots_of):
    """Days: product p of level L makes lots over [L*LAG, L*LAG + SPAN], shifted one slot back
    so that the first lot of a level exists before the level above starts."""
    times = {}
    for p, n in lots_of.items():
        slot = SPAN_DAYS / n
        level = master["products"][p]["level"]
        times[p] = sorted(level * LAG_DAYS + (j + rnd.random() - 1.0) * slot for j in range(n))
    return times


def plan_consumption(rnd, master, levels, times):
    """Orders take, per BOM line, one of the 3 most recent lots of the component (of the COM
    adhesive: the current lot), sometimes the previous lot too (the current one ran out).

    An order can't be earlier than its components: a too-early first order is moved later.
    Returns {(p, j): [(bom_line_id, [(c, k), ...]), ...]} for lot j of product p.
    """
    products, by_level = master["products"], master["by_level"]
    consumption = {}
    for level in range(1, levels):
        for p in by_level[level]:
            comps = products[p]["components"]
            earliest = max(times[c][0] for c, _line in comps) + GAP_DAYS
            times[p] = sorted(
                t if t >= earliest else earliest + rnd.random() * GAP_DAYS for t in times[p]
            )
            for j, t in enumerate(times[p]):
                extra_line = -1
                if len(comps) < 4 and rnd.random() < 0.12:
                    extra_line = rnd.randrange(len(comps))
                picks = []
                for n_line, (c, line_id) in enumerate(comps):
                    last = bisect.bisect_right(times[c], t - GAP_DAYS) - 1
                    spread = 1 if c == master["common_index"] else 3
                    k = max(0, last - rnd.randrange(spread))
                    chosen = [(c, k - 1), (c, k)] if n_line == extra_line and k > 0 else [(c, k)]
                    picks.append((line_id, chosen))
                consumption[(p, j)] = picks
    return consumption


def plan_quantities(rnd, master, levels, lots_of, consumption):
    """Top-down: a finished lot makes 10-50 units; a component lot makes what its consumers
    took (every BOM line is 1 unit per unit) plus, now and then, a little more that stays in
    stock. Returns the quantity per lot and the quantity per consumed lot per BOM line."""
    by_level = master["by_level"]
    top = levels - 1
    qty = {}
    consumed = defaultdict(float)
    split = {}
    for level in range(top, -1, -1):
        level_products = by_level[level] + ([master["common_index"]] if level == 0 else [])
        for p in level_products:
            for j in range(lots_of[p]):
                if level == top:
                    q = float(rnd.randint(10, 50))
                elif consumed.get((p, j)):
                    q = consumed[(p, j)]
                    if rnd.random() < 0.1:
                        q += max(1.0, round(q * rnd.random() * 0.1))
                else:
                    q = float(rnd.randint(20, 200))
                qty[(p, j)] = q
        if level == 0:
            break
        for p in level_products:
            for j in range(lots_of[p]):
                need = qty[(p, j)]
                for line_id, chosen in consumption[(p, j)]:
                    if len(chosen) == 2 and need >= 2:
                        first = float(
                            max(1, min(need - 1, round(need * (0.2 + 0.6 * rnd.random()))))
                        )
                        parts = [first, need - first]
                    else:
                        chosen[:] = chosen[-1:]
                        parts = [need]
                    split[(p, j, line_id)] = parts
                    for lot, part in zip(chosen, parts, strict=True):
                        consumed[lot] += part
    return qty, split


def plan_deliveries(rnd, master, levels, lots_of, times, qty, end_day):
    """1-5 deliveries per finished lot, 1-31 days after it was made, most lots fully shipped;
    the recent ones are still (partly) in stock. Returns sorted (day, customer, p, j, qty)."""
    events = []
    customers = master["customers"].ids
    for p in master["by_level"][levels - 1]:
        for j in range(lots_of[p]):
            q = int(qty[(p, j)])
            n = rnd.choices([1, 2, 3, 4, 5], [0.15, 0.2, 0.3, 0.2, 0.15])[0]
            days = sorted(times[p][j] + 1.0 + 30.0 * rnd.random() for _k in range(n))
            days = [d for d in days if d < end_day]
            if not days:
                continue
            total = q if len(days) == n and rnd.random() < 0.85 else max(1, int(q * rnd.random()))
            days = days[:total]
            cuts = sorted(rnd.sample(range(1, total), len(days) - 1))
            bounds = [0, *cuts, total]
            for d, a, b in zip(days, bounds, bounds[1:], strict=False):
                events.append((d, rnd.choice(customers), p, j, float(b - a)))
    events.sort()
    return events


def plan_genealogy(rnd, master, levels, scale):
    n_top = max(10, round(FIN_LOTS_PER_SCALE * scale))
    lots_of = plan_lot_counts(rnd, master, levels, n_top)
    times = plan_lot_times(rnd, master, lots_of)
    consumption = plan_consumption(rnd, master, levels, times)
    qty, split = plan_quantities(rnd, master, levels, lots_of, consumption)
    # Operation cycle times so that a typical order of each product lasts about 4 hours.
    for p in sorted({p for p, _j in consumption}):
        info = master["products"][p]
        median = sorted(qty[(p, j)] for j in range(lots_of[p]))[lots_of[p] // 2]
        info["operation"].time_cycle_manual = round(240.0 / max(median, 1.0), 4)
    return {
        "lots_of": lots_of,
        "times": times,
        "consumption": consumption,
        "qty": qty,
        "split": split,
    }


# ---------------------------------------------------------------------------------------------
# Writing (COPY, bench/lib)


class GenealogyWriter(Writer):
    """Writes the planned genealogy: lots, done manufacturing orders, receipts with their
    purchase orders, deliveries and quants."""

    TABLES = (
        "stock_lot",
        "stock_move",
        "stock_move_line",
        "mrp_production",
        "stock_picking",
        "stock_quant",
        "mrp_workorder",
        "mrp_workcenter_productivity",
        "resource_calendar_leaves",
        "purchase_order",
        "purchase_order_line",
    )
    FLUSH_ORDER = (
        "stock_lot",
        *mrp.FLUSH_ORDER,
        "purchase_order",
        "purchase_order_line",
        "stock_picking",
        "purchase_order_stock_picking_rel",
        "stock_move",
        "stock_move_line",
        "stock_move_line_consume_rel",
        "stock_quant",
    )

    def __init__(self, env, rnd, master, plan, timer):
        super().__init__(env, timer)
        self.rnd, self.master, self.plan = rnd, master, plan
        self.products = master["products"]
        company, warehouse, unit_id = master["company"], master["warehouse"], master["unit"].id
        self.warehouse = warehouse
        self.stock_loc = warehouse.lot_stock_id.id
        self.supplier_loc = env.ref("stock.stock_location_suppliers").id
        self.customer_loc = env.ref("stock.stock_location_customers").id
        first_made = self.products[master["by_level"][1][0]]["product"]
        self._set_period()
        self.lot_id = {}
        # Moves vary in locations and operation types; some belong to a manufacturing order.
        self.transfers = stock.Transfers(
            self,
            company,
            unit_id,
            move_columns=mrp.MOVE_COLUMNS,
            line_columns=mrp.LINE_COLUMNS,
            picking_columns=["location_id", "location_dest_id", "picking_type_id"],
            picking_constants={"user_id": self.uid},
        )
        self.productions = mrp.Productions(
            self,
            self.transfers,
            company,
            warehouse,
            unit_id,
            first_made.property_stock_production.id,
        )
        self.orders = purchase.order_table(self.table, self.uid, company, warehouse.in_type_id)
        self.order_lines = purchase.line_table(
            self.table, self.uid, company, unit_id, constants={"discount": 0.0}
        )
        self.order_pickings = purchase.order_picking_table(self.table)
        self.lots = stock.lot_table(self.table, self.uid, unit_id)

    def _set_period(self):
        """The genealogy ends an hour ago and starts early enough for the plan's last day."""
        self.now = datetime.now().replace(microsecond=0)
        self.end = self.now - timedelta(hours=1)
        max_day = max(t for ts in self.plan["times"].values() for t in ts) + 31.0
        self.start = self.end - timedelta(seconds=int(max_day * 86400))
        self.end_day = (self.end - self.start).total_seconds() / 86400.0

    def at(self, days):
        return self.start + timedelta(seconds=int(days * 86400))

    def write_lots(self):
        """One lot per planned lot, created when it is made or received."""
        times = self.plan["times"]
        for p in sorted(self.plan["lots_of"], key=lambda p: (self.products[p]["level"], p)):
            info = self.products[p]
            for j in range(self.plan["lots_of"][p]):
                lot = self.take("stock_lot")
                self.lot_id[(p, j)] = lot
                date = self.at(times[p][j])
                self.lots.add(lot, lot_name(info, j), info["product"].id, date, date)
        self.flush()
        self.lap("lots: %d" % self.lots.count, lots=self.lots.count)

    def write_productions(self):
        """A done manufacturing order per lot above the raw materials, level by level."""
        names = NameSequence(self.warehouse.manu_type_id.sequence_id)
        count = 0
        for level in range(1, len(self.master["by_level"])):
            for p in self.master["by_level"][level]:
                for j in range(self.plan["lots_of"][p]):
                    self.write_production(names.next(), p, j)
                    count += 1
                    self.flush(force=False)
        self.flush()
        names.save()
        lines = self.transfers.lines.count
        self.lap(
            "manufacturing orders: %d (%d move lines)" % (count, lines),
            manufacturing_orders=count,
        )

    def write_production(self, name, p, j):
        """The order making lot j of product p from the planned component lots; an operator
        of the rota, the work order 80-130 % of its expected time."""
        info, q = self.products[p], self.plan["qty"][(p, j)]
        mo = self.take("mrp_production")
        done = self.at(self.plan["times"][p][j])
        expected = mrp.expected_minutes(info["operation"], q)
        operators = self.master["operators"]
        order = {
            "id": mo,
            "name": name,
            "product": info["product"],
            "lot": self.lot_id[(p, j)],
            "bom": info["bom"],
            "qty": q,
            "done": done,
            "started": mrp.started_before(done, expected, 0.8 + 0.5 * self.rnd.random()),
            "expected": expected,
            "operator": operators[(mo * 7 + info["level"]) % len(operators)],
            "operation": info["operation"],
            "workcenter": info["workcenter"],
        }
        components = [
            (
                bom_line_id,
                self.products[chosen[0][0]]["product"],
                [
                    (self.lot_id[lot], part)
                    for lot, part in zip(
                        chosen, self.plan["split"][(p, j, bom_line_id)], strict=True
                    )
                ],
            )
            for bom_line_id, chosen in self.plan["consumption"][(p, j)]
        ]
        self.productions.done_order(order, components)

    def write_receipts(self):
        """The raw lots received from vendors, 1-3 lots a receipt, 80 % of the receipts for a
        purchase order at the vendor's prices and lead time."""
        receipt_names = NameSequence(self.warehouse.in_type_id.sequence_id)
        po_names = NameSequence(
            self.env["ir.sequence"].search([("code", "=", "purchase.order")], limit=1)
        )
        n_receipts = n_orders = 0
        for vendor, batch in self._receipt_batches():
            received = self.at(batch[0][0])
            self.flush(force=False)
            picking = self.take("stock_picking")
            name = receipt_names.next()
            n_receipts += 1
            order = None
            if self.rnd.random() < 0.8:
                order = self._purchase_order(po_names.next(), vendor, batch, received, picking)
                n_orders += 1
            self._receipt(picking, name, vendor, batch, received, order)
        receipt_names.save()
        po_names.save()
        self.flush()
        self.lap(
            "receipts: %d (%d purchase orders)" % (n_receipts, n_orders),
            receipts=n_receipts,
            purchase_orders=n_orders,
        )

    def _receipt_batches(self):
        """(vendor, lots) in time order: 1-3 lots of products the same vendor sells."""
        lots_of, times = self.plan["lots_of"], self.plan["times"]
        raw = self.master["by_level"][0] + [self.master["common_index"]]
        raw_lots = sorted((times[p][j], p, j) for p in raw for j in range(lots_of[p]))
        i = 0
        while i < len(raw_lots):
            sellers = self.products[raw_lots[i][1]]["sellers"]
            vendor = self.rnd.choice(sorted(sellers))
            size = self.rnd.choice([1, 1, 2, 3])
            batch = [raw_lots[i]]
            for lot in raw_lots[i + 1 : i + size]:
                if vendor not in self.products[lot[1]]["sellers"]:
                    break
                batch.append(lot)
            i += len(batch)
            yield vendor, batch

    def _purchase_order(self, name, vendor, batch, received, picking):
        """The order of a receipt, ordered the vendor's lead time before it (-2..+10 days);
        returns what its lines need."""
        rnd, qty = self.rnd, self.plan["qty"]
        po = self.take("purchase_order")
        delay = self.products[batch[0][1]]["sellers"][vendor][1]
        ordered = received - timedelta(days=delay + rnd.randint(-2, 10), hours=rnd.randint(0, 8))
        terms = [self.products[p]["sellers"][vendor] for _t, p, _j in batch]
        prices = [price for price, _delay in terms]
        planned = [ordered + timedelta(days=delay) for _price, delay in terms]
        amount = round(
            sum(price * qty[(p, j)] for price, (_t, p, j) in zip(prices, batch, strict=True)), 2
        )
        self.orders.add_row(
            **purchase.order_values(
                po, name, vendor, ordered, min(planned), received, amount, received
            )
        )
        self.order_pickings.add(po, picking)
        return {"id": po, "name": name, "ordered": ordered, "prices": prices, "planned": planned}

    def _receipt(self, picking, name, vendor, batch, received, order):
        """The receipt from Vendors to WH/Stock, an order line, a move and a line per lot."""
        in_type_id = self.warehouse.in_type_id.id
        origin = order["name"] if order else None
        supplier, stock_loc = self.supplier_loc, self.stock_loc
        self.transfers.pickings.add_row(
            id=picking,
            name=name,
            origin=origin,
            location_id=supplier,
            location_dest_id=stock_loc,
            picking_type_id=in_type_id,
            partner_id=vendor,
            scheduled_date=received,
            date=received,
            date_done=received,
            create_date=received,
            write_date=received,
        )
        for seq, (_t, p, j) in enumerate(batch):
            info = self.products[p]
            product, q = info["product"], self.plan["qty"][(p, j)]
            order_line = None
            if order:
                order_line = self.take("purchase_order_line")
                self.order_lines.add_row(
                    **purchase.line_values(
                        order_line,
                        order["id"],
                        seq,
                        product.id,
                        product.display_name,
                        q,
                        order["prices"][seq],
                        vendor,
                        order["planned"][seq],
                        order["ordered"],
                        received,
                    )
                )
            self.transfers.transfer_line(
                picking,
                name,
                product,
                self.lot_id[(p, j)],
                q,
                supplier,
                stock_loc,
                received,
                lot_name=lot_name(info, j),
                origin=origin,
                partner_id=vendor,
                picking_type_id=in_type_id,
                purchase_line_id=order_line,
            )

    def write_deliveries(self):
        """The finished lots shipped to customers: a customer's deliveries of the same half
        day go in one picking of up to 4 lines."""
        out_type = self.warehouse.out_type_id
        names = NameSequence(out_type.sequence_id)
        events = plan_deliveries(
            self.rnd,
            self.master,
            len(self.master["by_level"]),
            self.plan["lots_of"],
            self.plan["times"],
            self.plan["qty"],
            self.end_day,
        )
        open_pickings = {}  # customer -> [picking id, name, day, lines, datetime]
        n_pickings = 0
        for day, customer, p, j, q in events:
            self.flush(force=False)
            current = open_pickings.get(customer)
            if current is None or current[3] >= 4 or day - current[2] > 0.5:
                name, shipped = names.next(), self.at(day)
                picking = self.transfers.picking(
                    name,
                    self.stock_loc,
                    self.customer_loc,
                    shipped,
                    picking_type_id=out_type.id,
                    partner_id=customer,
                )
                current = open_pickings[customer] = [picking, name, day, 0, shipped]
                n_pickings += 1
            current[3] += 1
            self.transfers.transfer_line(
                current[0],
                current[1],
                self.products[p]["product"],
                self.lot_id[(p, j)],
                q,
                self.stock_loc,
                self.customer_loc,
                current[4],
                partner_id=customer,
                picking_type_id=out_type.id,
            )
        names.save()
        self.flush()
        self.lap(
            "deliveries: %d pickings, %d lines" % (n_pickings, len(events)),
            deliveries=n_pickings,
            delivery_lines=len(events),
        )

    def write_quants(self):
        """The quants the done lines leave, one per lot and location (bench/lib/stock.py);
        lots with positive stock in a single location get it as their location."""
        count = stock.write_quants(
            self.env, self.first["stock_move_line"], self.first["stock_quant"]
        )
        stock.lot_locations(self.cr, min(self.lot_id.values()))
        self.lap("quants: %d" % count, quants=count)

    def run(self):
        self.write_lots()
        self.write_productions()
        self.write_receipts()
        self.write_deliveries()
        self.write_quants()
        self.set_sequences()
        self.stats.update(
            done_move_lines=self.transfers.lines.count,
            moves=self.transfers.moves.count,
            consume_links=self.productions.consume_rel.count,
            lot_id_min=min(self.lot_id.values()),
            lot_id_max=max(self.lot_id.values()),
            first_date=str(self.start),
            last_date=str(self.end),
        )
        return self.stats


def lot_name(info, j):
    return "%s-%06d" % (info["code"], j + 1)


# ---------------------------------------------------------------------------------------------
# Verification against Odoo's own code (--verify)

VERIFY_MODELS = (
    "stock.lot",
    "mrp.production",
    "stock.move",
    "stock.move.line",
    "stock.picking",
    "stock.quant",
    "purchase.order",
    "purchase.order.line",
    "mrp.workorder",
    "mrp.workcenter.productivity",
)
# Set by Odoo's compute only when an inventory quantity is written; quants that moves create
# keep False (the compute, forced, would say True).
VERIFY_SKIP = {("stock.quant", "inventory_quantity_set")}


def verify(env, sample=60):
    rnd = random.Random(7)
    print("Recomputing stored computed fields of generated records (rolled back):")
    problems = verify_computed_fields(env, rnd, sample, VERIFY_MODELS, VERIFY_SKIP)
    problems += verify_on_hand(env, rnd, 300, PREFIX + "-%")
    print("Operations through the ORM on the generated stock (rolled back):")
    problems += verify_operations(
        env,
        customer=[("name", "=like", PREFIX + " Customer %")],
        product=[("default_code", "=like", PREFIX + "-FIN-%")],
        bom=[("product_id.default_code", "=like", PREFIX + "-ASM-%")],
    )
    print("verify: %s" % ("%d problem(s)" % problems if problems else "consistent with Odoo"))
    return 1 if problems else 0


def has_edges(env):
    """quality_trace's genealogy links exist (model loaded and table created)."""
    return "qms.trace.edge" in env and sql.table_exists(env.cr, "qms_trace_edge")


def rebuild_edges(env, done):
    """The generator writes stock_move_line_consume_rel with COPY, past the ORM hooks that keep
    quality_trace's links: rebuild them when their table is empty."""
    if not done or not has_edges(env):
        return 0
    env.cr.execute("SELECT EXISTS (SELECT 1 FROM qms_trace_edge)")
    if env.cr.fetchone()[0]:
        return 0
    start = time.perf_counter()
    count = env["qms.trace.edge"]._qms_rebuild()
    env.cr.commit()  # pylint: disable=invalid-commit
    env.cr.execute("ANALYZE qms_trace_edge")
    env.cr.commit()  # pylint: disable=invalid-commit
    print("Rebuilt the genealogy links: %d in %.1f s" % (count, time.perf_counter() - start))
    return 0


def main():
    parser = generator_parser(
        __doc__,
        scale_help="1 = 100,000 finished lots, ~200,000 lots, ~1,000,000 done move lines",
        verify_help="check generated data against Odoo's code (stored computed fields "
        "recomputed, on-hand quantities, a delivery and a manufacturing order), all rolled back",
    )
    parser.add_argument(
        "--levels", type=int, default=5, help="product levels, raw materials included"
    )
    parser.add_argument(
        "--rebuild-edges",
        action="store_true",
        help="only rebuild quality_trace's genealogy links of generated data when "
        "their table is empty (quality_trace installed or updated afterwards)",
    )
    args = parser.parse_args()
    if not 3 <= args.levels <= 8:
        parser.error("--levels must be between 3 and 8")
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = generation_env(cr)
        if args.rebuild_edges and not args.status:
            return rebuild_edges(env, env["ir.config_parameter"].sudo().get_param(MARKER))
        status = generated_before(env, args, MARKER, lambda env, _summary: verify(env))
        if status is not None:
            return status
        for module in ("mrp", "purchase_stock"):
            if not env["ir.module.module"].search_count(
                [("name", "=", module), ("state", "=", "installed")]
            ):
                print("module %s must be installed" % module, file=sys.stderr)
                return 2
        timer = Timer()
        print(
            "Generating lot genealogy in %s (scale %g, %d levels, seed %d)"
            % (args.database, args.scale, args.levels, args.seed),
            flush=True,
        )
        summary = generate(env, args, timer)
        summary["generation_seconds"] = round(timer.total(), 1)
        save_summary(env, MARKER, summary, timer)
        tables = list(GenealogyWriter.TABLES) + ["stock_move_line_consume_rel"]
        if has_edges(env):
            tables.append("qms_trace_edge")
    analyze(registry, tables, timer)
    print("Generated in %.1f s:" % timer.total())
    for key in (
        "lots",
        "manufacturing_orders",
        "done_move_lines",
        "consume_links",
        "moves",
        "receipts",
        "purchase_orders",
        "deliveries",
        "delivery_lines",
        "quants",
    ):
        print("  %-22s %10d" % (key.replace("_", " "), summary[key]))
    print("  period                 %s .. %s" % (summary["first_date"], summary["last_date"]))
    return 0


def generate(env, args, timer):
    rnd = random.Random(args.seed)
    tune_for_bulk(env.cr)
    master = create_master_data(env, rnd, args.levels)
    env.flush_all()
    timer.lap("master data (ORM): %d products" % len(master["products"]))
    plan = plan_genealogy(rnd, master, args.levels, args.scale)
    timer.lap("genealogy plan")
    summary = GenealogyWriter(env, rnd, master, plan, timer).run()
    env.invalidate_all()
    products = master["products"]
    summary.update(
        {
            "scale": args.scale,
            "levels": args.levels,
            "seed": args.seed,
            "level_names": level_names(args.levels),
            "products": {info["code"]: info["product"].id for info in products},
            "finished_product_ids": [
                products[p]["product"].id for p in master["by_level"][args.levels - 1]
            ],
            "raw_product_ids": [products[p]["product"].id for p in master["by_level"][0]],
            "common_product_id": products[master["common_index"]]["product"].id,
        }
    )
    if has_edges(env):
        summary["genealogy_links"] = env["qms.trace.edge"]._qms_rebuild()
        timer.lap("qms.trace.edge._qms_rebuild(): %d links" % summary["genealogy_links"])
    return summary


if __name__ == "__main__":
    sys.exit(main())
