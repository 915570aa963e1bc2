# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Generate a year of purchase receipts and incoming inspections for bench_scorecard.py.

The few setup records go through the ORM: the company's warehouse and receipt operation type,
the unit, 36 lot-tracked storable products (bought, no taxes), one ``qms.test`` and ONE
``qms.control.point`` on the receipt operation type (inspection after validation, whole
quantity). The bulk is written with COPY and ``INSERT ... SELECT`` in the shape Odoo's own code
writes it (checked column by column against a purchase order received and inspected through the
ORM; ``--verify`` recomputes the stored computed fields of sampled records with the ORM):

* 1,000 vendors (``res.partner``, companies, ``commercial_partner_id`` = own id), each with a
  catalogue of 4-12 products, a volume, an on-time rate (80-95 %) and a lot reject rate
  (0-6 %, ``0.06 * u**3``: a fifth of the vendors reject almost nothing);
* one confirmed purchase order per vendor and month (12,000) with its procurement group, its
  lines (28 on average, more for bigger vendors) and 1-4 receipts (the first picking, then the
  backorders) from Vendors to WH/Stock, fully received: done ``stock.move`` per order line
  (``purchase_line_id``), 2-4 lots per move, each with its own ``stock.lot`` and done
  ``stock.move.line``; the receipts fall in the 12 months ending now;
* ``date_planned`` of each order line set so that the line is on time (received between the
  promised date minus the company's early days and plus its late days) with the vendor's rate,
  else late (3/4) or early;
* one ``qms.inspection`` per (move, lot), done, with its ``qms.inspection.line`` (the test):
  accepted, or failed with the vendor's reject rate, then rejected (3/4) or accepted under
  concession (1/4); the lots follow (released; rejected lots blocked by hand, as the shipped
  automation rule leaves them; concession lots released by a manager);
* ``stock.quant`` per lot: the negative quant at Vendors and the one in WH/Stock;
* Odoo's sequences moved past the generated names, table sequences, ``ANALYZE``.

At scale 1: 1,000,000 done move lines, lots and inspections, about 333,000 receipt moves and
order lines, 12,000 orders and 35,000 receipts. ``--scale`` scales the move lines and the
vendors together (``--scale 0.01``: 10,000 lines, 10 vendors, seconds).

Not generated: returns to vendors and the buyers' activities the automation rules would add on
a rejection, vendor bills, stock valuation layers (manual periodic valuation), supplier
pricelists, messages. The generator refuses to run on a database it has already filled (the
``ir.config_parameter`` ``qms_scorecard_bench.generated`` holds what it generated); drop the
database to start again. Everything is written in one transaction.
"""

import random
import statistics
import sys
from collections import Counter
from datetime import datetime, timedelta
from datetime import time as dtime

from lib import purchase, stock
from lib.bulk import (
    DeferredIndexes,
    NameSequence,
    Timer,
    fill,
    insert_select,
    padded,
    staged,
    yearly_sequence_names,
)
from lib.session import (
    analyze,
    generated_before,
    generation_env,
    generator_parser,
    open_registry,
    save_summary,
    tune_for_bulk,
)
from lib.verify import verify_computed_fields
from lib.writer import Writer

MARKER = "qms_scorecard_bench.generated"
PREFIX = "SC"
LINES_PER_SCALE = 1_000_000
VENDORS_PER_SCALE = 1_000
PRODUCTS = 36
MONTHS = 12
DAYS = 365
CONCESSION_SHARE = 0.25
CHUNK = 200_000
TABLES = (
    "res_partner",
    "procurement_group",
    "purchase_order",
    "purchase_order_line",
    "stock_picking",
    "stock_move",
    "stock_lot",
    "stock_move_line",
    "qms_inspection",
    "qms_inspection_line",
    "stock_quant",
)
DECISIONS = {"a": "accept", "r": "reject", "c": "concession"}
# Lot names as the receipt types them (SC and the lot's number), unique per product.
LOT_NAME = "'SC' || " + padded("l.seq + 1", 7)
# The pass/fail answer of the control point's one test.
INSPECTION_LINE_VALUES = {
    "id": "%(insp_line0)s + l.seq",
    "inspection_id": "%(insp0)s + l.seq",
    "sequence": "0",
    "test_id": "%(test)s",
    "name": "%(test_name)s",
    "test_type": "'passfail'",
    "norm": "0.0",
    "tolerance_min": "0.0",
    "tolerance_max": "0.0",
    "answer": "CASE l.decision WHEN 'accept' THEN 'pass' ELSE 'fail' END",
    "result": "CASE l.decision WHEN 'accept' THEN 'pass' ELSE 'fail' END",
    "company_id": "%(company)s",
    "create_uid": "%(uid)s",
    "create_date": "m.date",
    "write_uid": "%(uid)s",
    "write_date": "l.decided",
}
# Their secondary indexes are built once after the load rather than row by row.
BULK_TABLES = (
    "purchase_order_line",
    "stock_move",
    "stock_lot",
    "stock_move_line",
    "qms_inspection",
    "qms_inspection_line",
    "stock_quant",
)


# ---------------------------------------------------------------------------------------------
# Setup records (ORM)


def create_setup(env, rnd):
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    unit = env.ref("uom.product_uom_unit")
    route_buy = env.ref("purchase_stock.route_warehouse0_buy", raise_if_not_found=False)
    lot_sizes = [10, 20, 25, 50, 100, 200, 250, 500]
    vals_list = []
    for i in range(PRODUCTS):
        vals = {
            "name": "%s Component %02d" % (PREFIX, i + 1),
            "default_code": "%s-%02d" % (PREFIX, i + 1),
            "is_storable": True,
            "tracking": "lot",
            "uom_id": unit.id,
            "uom_po_id": unit.id,
            "purchase_ok": True,
            "sale_ok": False,
            "standard_price": round(0.5 + 50 * rnd.random() ** 2, 2),
            "supplier_taxes_id": [(5, 0, 0)],
            "taxes_id": [(5, 0, 0)],
        }
        if route_buy:
            vals["route_ids"] = [(6, 0, route_buy.ids)]
        vals_list.append(vals)
    products = env["product.product"].create(vals_list)
    test = env["qms.test"].create(
        {"name": "%s Visual inspection" % PREFIX, "test_type": "passfail"}
    )
    point = env["qms.control.point"].create(
        {
            "name": "%s Incoming inspection" % PREFIX,
            "picking_type_ids": [(6, 0, warehouse.in_type_id.ids)],
            "test_ids": [(6, 0, test.ids)],
            "timing": "after",
            "sampling_method": "all",
        }
    )
    return {
        "company": company,
        "warehouse": warehouse,
        "in_type": warehouse.in_type_id,
        "unit": unit,
        "stock_loc": warehouse.lot_stock_id,
        "supplier_loc": env.ref("stock.stock_location_suppliers"),
        "products": [
            {
                "product": product,
                "name": product.display_name,
                "price": product.standard_price,
                "lot_size": rnd.choice(lot_sizes),
            }
            for product in products
        ],
        "test": test,
        "point": point,
    }


# ---------------------------------------------------------------------------------------------
# Plan (pure Python)


def plan_vendors(rnd, n_vendors):
    vendors = []
    for i in range(n_vendors):
        catalogue = rnd.sample(range(PRODUCTS), rnd.randint(4, 12))
        vendors.append(
            {
                "index": i,
                "name": "%s Vendor %04d" % (PREFIX, i + 1),
                "weight": rnd.lognormvariate(0.0, 0.6),
                "otd": 0.80 + 0.15 * rnd.random(),
                "reject": 0.06 * rnd.random() ** 3,
                "lead": rnd.randint(3, 14),
                "catalogue": catalogue,
                "price": {p: 0.9 + 0.25 * rnd.random() for p in catalogue},
            }
        )
    return vendors


def split_lots(rnd, n_lines):
    """Lots per move, 2-4 each, adding up to ``n_lines``."""
    sizes = []
    remaining = n_lines
    while remaining > 0:
        if remaining <= 4:
            k = remaining
        elif remaining == 5:
            k = 2
        else:
            k = rnd.randint(2, 4)
        sizes.append(k)
        remaining -= k
    return sizes


def work_time(rnd, day_start, end):
    """A time of day between 06:00 and 18:00 on the day of ``day_start``, never after ``end``."""
    value = datetime.combine(day_start.date(), dtime(rnd.randint(6, 17), rnd.randint(0, 59)))
    return min(value, end - timedelta(minutes=rnd.randint(1, 50)))


def plan_orders(rnd, vendors, lot_counts, start, end, early, late):
    """Orders (vendor, month) with lines, receipts, lots and decisions."""
    period = (end - start) / MONTHS
    slots = [(v, k) for v in vendors for k in range(MONTHS)]
    n_moves = len(lot_counts)
    if n_moves < len(slots):
        sys.exit("--scale too small: fewer receipt lines than orders")
    extra = Counter(
        rnd.choices(
            range(len(slots)), weights=[v["weight"] for v, _k in slots], k=n_moves - len(slots)
        )
    )
    orders = []
    move_index = 0
    for slot, (vendor, k) in enumerate(slots):
        count = 1 + extra[slot]
        begin = start + k * period
        receipts = sorted(
            work_time(rnd, begin + timedelta(seconds=rnd.random() * period.total_seconds()), end)
            for _r in range(min(count, 1 + count // 10, 4))
        )
        lines = []
        for n in range(count):
            j = n if n < len(receipts) else rnd.randrange(len(receipts))
            received = receipts[j]
            p = rnd.choice(vendor["catalogue"])
            if rnd.random() < vendor["otd"]:
                offset = rnd.randint(-early, late)
            elif rnd.random() < 0.75:
                offset = rnd.randint(late + 1, late + 20)
            else:
                offset = -rnd.randint(early + 1, early + 10)
            planned = datetime.combine(
                received.date() - timedelta(days=offset), dtime(rnd.randint(8, 16))
            )
            lots = []
            for _lot in range(lot_counts[move_index]):
                if rnd.random() < vendor["reject"]:
                    decision = "c" if rnd.random() < CONCESSION_SHARE else "r"
                else:
                    decision = "a"
                lots.append((decision, rnd.random()))
            move_index += 1
            lines.append([p, planned, j, lots])
        first = min(receipts[0], *(line[1] for line in lines))
        ordered = work_time(
            rnd, first - timedelta(days=vendor["lead"] + rnd.randint(0, 3)), first
        ).replace(second=rnd.randint(0, 59))
        orders.append({"vendor": vendor, "ordered": ordered, "receipts": receipts, "lines": lines})
    orders.sort(key=lambda order: order["ordered"])
    return orders


# ---------------------------------------------------------------------------------------------
# Writing


class ReceiptWriter(Writer):
    """Writes the plan: vendors, purchase orders, receipts, lots, inspections, quants."""

    TABLES = TABLES

    def __init__(self, env, rnd, setup, vendors, orders, start, end, timer):
        super().__init__(env, timer)
        self.rnd = rnd
        self.setup, self.vendors, self.orders = setup, vendors, orders
        self.start, self.end = start, end
        self.company = setup["company"]
        self.unit_id = setup["unit"].id
        self.stock_loc = setup["stock_loc"].id
        self.supplier_loc = setup["supplier_loc"].id
        self.in_type = setup["in_type"]

    # -- vendors
    def write_vendors(self):
        partners = self.table(
            "res_partner",
            [
                "id",
                "name",
                "complete_name",
                "commercial_company_name",
                "commercial_partner_id",
                "create_date",
                "write_date",
            ],
            model="res.partner",
            constants={
                "lang": self.env.lang or "en_US",
                "type": "contact",
                "active": True,
                "is_company": True,
                "partner_share": True,
                "color": 0,
                "message_bounce": 0,
                "supplier_rank": 1,
                "customer_rank": 0,
                "invoice_warn": "no-message",
                "picking_warn": "no-message",
                "purchase_warn": "no-message",
                "autopost_bills": "ask",
            },
        )
        created = self.start - timedelta(days=30)
        rows = []
        for vendor in self.vendors:
            vendor["id"] = self.first["res_partner"] + vendor["index"]
            name = vendor["name"]
            rows.append((vendor["id"], name, name, name, vendor["id"], created, created))
        self.stats["vendors"] = fill(partners, rows, CHUNK)
        self.timer.lap("vendors: %d" % self.stats["vendors"])

    # -- purchase orders, lines, receipts and moves
    def number(self):
        """Ids of orders, lines, moves and receipts: orders in order of their date (lines and
        moves follow their order, as confirming it creates them); receipts in order of their
        creation (the first at confirmation, each backorder when the previous one is done)."""
        pickings = []
        line_id = 0
        for rank, order in enumerate(self.orders):
            order["id"] = self.first["purchase_order"] + rank
            for line in order["lines"]:
                line.append(line_id)
                line_id += 1
            created = [order["ordered"], *order["receipts"][:-1]]
            order["pickings"] = []
            for j, done in enumerate(order["receipts"]):
                picking = {"order": order, "j": j, "created": created[j], "done": done}
                order["pickings"].append(picking)
                pickings.append(picking)
        pickings.sort(key=lambda picking: (picking["created"], picking["order"]["id"]))
        for rank, picking in enumerate(pickings):
            picking["id"] = self.first["stock_picking"] + rank
        self.pickings = pickings
        self.n_lines = line_id

    def write_orders(self):
        """A confirmed purchase order per vendor and month with its procurement group and lines,
        at the vendor's prices; names from the purchase order sequence."""
        groups, orders, lines = self._purchase_tables()
        po_names = NameSequence(
            self.env["ir.sequence"].search([("code", "=", "purchase.order")], limit=1)
        )
        group_rows, order_rows, line_rows = [], [], []
        for order in self.orders:
            order["name"] = po_names.next()
            order["group"] = (
                self.first["procurement_group"] + order["id"] - self.first["purchase_order"]
            )
            rows, amount = self._order_lines(order)
            line_rows.extend(rows)
            vendor_id, ordered = order["vendor"]["id"], order["ordered"]
            group_rows.append((order["group"], order["name"], vendor_id, ordered, ordered))
            order_rows.append(self._order_row(order, amount))
        po_names.save()
        self.stats["procurement_groups"] = fill(groups, group_rows, CHUNK)
        self.stats["purchase_orders"] = fill(orders, order_rows, CHUNK)
        self.stats["purchase_order_lines"] = fill(lines, line_rows, CHUNK)
        self.timer.lap(
            "purchase orders: %d, lines: %d"
            % (self.stats["purchase_orders"], self.stats["purchase_order_lines"])
        )

    def _purchase_tables(self):
        """procurement_group, purchase_order and purchase_order_line as bench/lib writes them,
        with this generator's columns (the order's group and access token)."""
        company, uid = self.company, self.uid
        groups = self.table(
            "procurement_group",
            ["id", "name", "partner_id", "create_date", "write_date"],
            model="procurement.group",
            constants={"move_type": "direct"},
        )
        orders = purchase.order_table(
            self.table,
            uid,
            company,
            self.in_type,
            extra_columns=["group_id", "access_token"],
            constants={
                "invoice_count": 0,
                "mail_reminder_confirmed": False,
                "mail_reception_confirmed": False,
            },
        )
        lines = purchase.line_table(
            self.table,
            uid,
            company,
            self.unit_id,
            constants={"product_packaging_qty": 0.0, "propagate_cancel": True},
        )
        return groups, orders, lines

    def _order_lines(self, order):
        """The order's line rows and its amount; each plan line gets its quantity and price."""
        products, vendor, ordered = self.setup["products"], order["vendor"], order["ordered"]
        rows = []
        amount = 0.0
        for seq, line in enumerate(order["lines"]):
            p, planned, _j, lots, line_index = line
            info = products[p]
            qty = float(sum(lot_qty(info, u) for _d, u in lots))
            price = round(info["price"] * vendor["price"][p], 2)
            amount += round(price * qty, 2)
            line.extend((qty, price))
            rows.append(
                purchase.line_values(
                    self.first["purchase_order_line"] + line_index,
                    order["id"],
                    seq,
                    info["product"].id,
                    info["name"],
                    qty,
                    price,
                    vendor["id"],
                    planned,
                    ordered,
                    order["receipts"][-1],
                )
            )
        return rows, round(amount, 2)

    def _order_row(self, order, amount):
        """Confirmed at ``ordered``, received from its first receipt on, its procurement group
        and access token."""
        return {
            **purchase.order_values(
                order["id"],
                order["name"],
                order["vendor"]["id"],
                order["ordered"],
                min(line[1] for line in order["lines"]),
                order["receipts"][0],
                amount,
                order["receipts"][-1],
            ),
            "group_id": order["group"],
            "access_token": "%032x" % self.rnd.getrandbits(128),
        }

    def write_receipts(self):
        """The receipts of each order: the first one and its backorders, from Vendors to
        WH/Stock, named in order of creation."""
        pickings = stock.picking_table(
            self.table,
            self.uid,
            self.company,
            extra_columns=["group_id", "backorder_id", "date_deadline"],
            constants={
                "location_id": self.supplier_loc,
                "location_dest_id": self.stock_loc,
                "picking_type_id": self.in_type.id,
            },
        )
        rel = purchase.order_picking_table(self.table)
        names = NameSequence(self.in_type.sequence_id)
        for picking in self.pickings:
            picking["name"] = names.next()
        names.save()
        self.stats["receipts"] = fill(pickings, map(self._receipt_row, self.pickings), CHUNK)
        fill(rel, ((p["order"]["id"], p["id"]) for p in self.pickings), CHUNK)
        self.timer.lap("receipts: %d" % self.stats["receipts"])

    def _receipt_row(self, picking):
        """A receipt created at its order's confirmation (the first) or when the previous one
        was done (a backorder), scheduled at the earliest planned date of its lines."""
        order, j = picking["order"], picking["j"]
        planned = min(line[1] for line in order["lines"] if line[2] == j)
        return {
            "id": picking["id"],
            "name": picking["name"],
            "origin": order["name"],
            "group_id": order["group"],
            "partner_id": order["vendor"]["id"],
            "backorder_id": order["pickings"][j - 1]["id"] if j else None,
            "scheduled_date": planned,
            "date_deadline": planned,
            "date": picking["created"],
            "date_done": picking["done"],
            "create_date": picking["created"],
            "write_date": picking["done"],
        }

    def write_moves(self):
        """A done move per order line, from Vendors to WH/Stock; then its lots are planned."""
        moves = stock.move_table(
            self.table,
            self.uid,
            self.company,
            self.unit_id,
            extra_columns=["group_id", "price_unit", "date_deadline"],
            constants={
                "location_id": self.supplier_loc,
                "location_dest_id": self.stock_loc,
                "location_final_id": self.stock_loc,
                "picking_type_id": self.in_type.id,
                "warehouse_id": self.setup["warehouse"].id,
                "propagate_cancel": True,
                "unit_factor": 1.0,
            },
        )
        plan_lots = []  # (received, move id, qty, decision, decided)
        self.stats["moves"] = fill(moves, self._move_rows(plan_lots), CHUNK)
        self.timer.lap("receipt moves: %d" % self.stats["moves"])
        self._stage_lots(plan_lots)

    def _move_rows(self, plan_lots):
        """The move rows, order by order; the lots of each move go to ``plan_lots``, decided
        30 minutes to 3 days after the receipt."""
        products = self.setup["products"]
        for order in self.orders:
            for seq, (p, planned, j, lots, index, qty, price) in enumerate(order["lines"]):
                picking = order["pickings"][j]
                received = picking["done"]
                move_id = self.first["stock_move"] + index
                info = products[p]
                for decision, u in lots:
                    decided = received + timedelta(minutes=self.rnd.randint(30, 72 * 60))
                    decided = min(decided, self.end + timedelta(minutes=50))
                    plan_lots.append((received, move_id, lot_qty(info, u), decision, decided))
                yield {
                    "id": move_id,
                    "name": info["name"],
                    "description_picking": info["name"],
                    "reference": picking["name"],
                    "origin": order["name"],
                    "product_id": info["product"].id,
                    "picking_id": picking["id"],
                    "group_id": order["group"],
                    # the first receipt's moves are created without partner; moving to a
                    # backorder recomputes it from the picking (the vendor)
                    "partner_id": order["vendor"]["id"] if j else None,
                    "sequence": 10 + seq,
                    "product_qty": qty,
                    "product_uom_qty": qty,
                    "quantity": qty,
                    "price_unit": price,
                    "date": received,
                    "date_deadline": planned,
                    "reservation_date": order["ordered"].date(),
                    "purchase_line_id": self.first["purchase_order_line"] + index,
                    "create_date": order["ordered"],
                    "write_date": received,
                }

    def _stage_lots(self, plan_lots):
        """The lots in the temporary table sc_lot, in time order: lots, lines and inspections
        are created from it, lot number ``seq`` of the load."""
        plan_lots.sort()
        staged(
            self.env,
            "sc_lot",
            [
                "seq integer",
                "move_id integer",
                "qty numeric",
                "decision varchar",
                "decided timestamp",
            ],
            (
                (seq, move_id, qty, DECISIONS[decision], decided)
                for seq, (_r, move_id, qty, decision, decided) in enumerate(plan_lots)
            ),
            CHUNK,
        )
        self.n_lots = len(plan_lots)
        self.timer.lap("lot plan staged: %d" % self.n_lots)

    # -- lots, move lines, inspections, quants (INSERT ... SELECT)
    def write_lots(self):
        """A lot per staged lot (named as the receipt types them, unique per product), held
        when rejected, and its done move line."""
        params = self.params()
        self.stats["lots"] = insert_select(
            self.env,
            "stock_lot",
            stock.lot_select(
                self.cr,
                self.uid,
                self.unit_id,
                {
                    "id": "%(lot0)s + l.seq",
                    "name": LOT_NAME,
                    "product_id": "m.product_id",
                    "location_id": "%(stock)s",
                    "qms_state": "CASE l.decision WHEN 'reject' THEN 'blocked' ELSE 'released' END",
                    "qms_hold_manual": "CASE l.decision WHEN 'accept' THEN NULL ELSE "
                    "l.decision = 'reject' END",
                    "create_date": "m.date",
                    "write_date": "l.decided",
                },
            ),
            "FROM sc_lot l JOIN stock_move m ON m.id = l.move_id",
            params,
        )
        self.timer.lap("lots: %d" % self.stats["lots"])
        self.stats["done_move_lines"] = insert_select(
            self.env,
            "stock_move_line",
            stock.line_select(
                self.cr,
                self.uid,
                self.company,
                self.unit_id,
                {
                    "id": "%(line0)s + l.seq",
                    "move_id": "m.id",
                    "picking_id": "m.picking_id",
                    "product_id": "m.product_id",
                    "lot_id": "%(lot0)s + l.seq",
                    "lot_name": LOT_NAME,
                    "location_id": "m.location_id",
                    "location_dest_id": "m.location_dest_id",
                    "reference": "m.reference",
                    "quantity": "l.qty",
                    "quantity_product_uom": "l.qty",
                    "date": "m.date",
                    "create_date": "m.date",
                    "write_date": "m.date",
                },
            ),
            "FROM sc_lot l JOIN stock_move m ON m.id = l.move_id",
            params,
        )
        self.timer.lap("done move lines: %d" % self.stats["done_move_lines"])

    def inspection_names(self):
        """Names from the inspection sequence (numbers in receipt order, the year of the
        receipt in the prefix), which is moved past them. Returns the SQL expression."""
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", "qms.inspection"), ("company_id", "in", [self.company.id, False])],
                order="company_id",
                limit=1,
            )
        )
        return yearly_sequence_names(
            self.cr,
            sequence,
            "l.seq",
            "m.date",
            range(self.start.year, self.end.year + 1),
            self.n_lots,
        )

    def write_inspections(self):
        """A done inspection of each lot by the control point, its pass/fail line, and the
        hold reason of the rejected lots."""
        params = self.params()
        point, test = self.setup["point"], self.setup["test"]
        params.update(point=point.id, test=test.id, test_name=test.name)
        self.stats["inspections"] = insert_select(
            self.env,
            "qms_inspection",
            self._inspection_values(),
            """FROM sc_lot l JOIN stock_move m ON m.id = l.move_id
                JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
                JOIN purchase_order po ON po.id = pol.order_id""",
            params,
        )
        self.timer.lap("inspections: %d" % self.stats["inspections"])
        self.stats["inspection_lines"] = insert_select(
            self.env,
            "qms_inspection_line",
            INSPECTION_LINE_VALUES,
            "FROM sc_lot l JOIN stock_move m ON m.id = l.move_id",
            params,
        )
        self._hold_reasons(params)
        self.timer.lap("inspection lines: %d" % self.stats["inspection_lines"])

    def _inspection_values(self):
        return {
            "id": "%(insp0)s + l.seq",
            "name": self.inspection_names().replace("%", "%%"),
            "control_point_id": "%(point)s",
            "timing": "'after'",
            "blocking": "false",
            "sampling_method": "'all'",
            "product_id": "m.product_id",
            "lot_id": "%(lot0)s + l.seq",
            "qty": "l.qty",
            "sample_size": "l.qty",
            "move_id": "m.id",
            "picking_id": "m.picking_id",
            "picking_type_id": "m.picking_type_id",
            "partner_id": "po.partner_id",
            "purchase_line_id": "pol.id",
            "purchase_id": "po.id",
            "company_id": "m.company_id",
            "state": "'done'",
            "result": "CASE l.decision WHEN 'accept' THEN 'pass' ELSE 'fail' END",
            # A failed inspection counts one defective unit at least, as quality_core computes.
            "defect_count": "CASE l.decision WHEN 'accept' THEN 0 ELSE 1 END",
            "decision": "l.decision",
            "concession_reason": "CASE l.decision WHEN 'concession' THEN "
            "'Usable after sorting: defects are cosmetic' END",
            "concession_user_id": "CASE l.decision WHEN 'concession' THEN %(uid)s END",
            "user_id": "%(uid)s",
            "date_done": "l.decided",
            "create_uid": "%(uid)s",
            "create_date": "m.date",
            "write_uid": "%(uid)s",
            "write_date": "l.decided",
        }

    def _hold_reasons(self, params):
        """The rule "keep rejected purchased lot blocked" writes why the lot is held."""
        self.cr.execute(
            """UPDATE stock_lot lot
                  SET qms_hold_reason = 'Rejected by ' || i.name || ' (' || rp.name || ', '
                                        || po.name || '): awaiting return to vendor'
                 FROM qms_inspection i
                 JOIN purchase_order po ON po.id = i.purchase_id
                 JOIN res_partner rp ON rp.id = i.partner_id
                WHERE i.id >= %(insp0)s AND i.decision = 'reject' AND lot.id = i.lot_id""",
            params,
        )

    def write_quants(self):
        """The quants the done lines leave (bench/lib/stock.py): a negative one at Vendors and
        one in WH/Stock per lot."""
        self.stats["quants"] = stock.write_quants(
            self.env, self.first["stock_move_line"], self.first["stock_quant"]
        )
        self.timer.lap("quants: %d" % self.stats["quants"])

    def params(self):
        return {
            "lot0": self.first["stock_lot"],
            "line0": self.first["stock_move_line"],
            "insp0": self.first["qms_inspection"],
            "insp_line0": self.first["qms_inspection_line"],
            "stock": self.stock_loc,
            "uid": self.uid,
            "company": self.company.id,
        }

    def run(self):
        indexes = DeferredIndexes(self.cr, BULK_TABLES)
        indexes.drop()
        self.write_vendors()
        self.number()
        self.write_orders()
        self.write_receipts()
        self.write_moves()
        self.write_lots()
        self.write_inspections()
        self.write_quants()
        count = indexes.create()
        self.timer.lap("indexes of the bulk tables: %d" % count)
        self.set_sequences()
        self.cr.execute(
            "SELECT decision, COUNT(*) FROM qms_inspection WHERE id >= %s GROUP BY decision",
            [self.first["qms_inspection"]],
        )
        self.stats["decisions"] = dict(self.cr.fetchall())
        self.stats.update(
            first_ids={table: self.first[table] for table in TABLES},
            vendor_ids=[
                self.first["res_partner"],
                self.first["res_partner"] + len(self.vendors) - 1,
            ],
            first_date=str(min(p["done"] for p in self.pickings)),
            last_date=str(max(p["done"] for p in self.pickings)),
        )
        return self.stats


def lot_qty(info, u):
    """Units in a lot: the product's lot size, 50-150 %."""
    return float(max(1, round(info["lot_size"] * (0.5 + u))))


# ---------------------------------------------------------------------------------------------
# Verification against Odoo's own code (--verify)

VERIFY_MODELS = (
    "res.partner",
    "procurement.group",
    "purchase.order",
    "purchase.order.line",
    "stock.picking",
    "stock.move",
    "stock.move.line",
    "stock.lot",
    "stock.quant",
    "qms.inspection",
    "qms.inspection.line",
)
# Set by Odoo's compute only when an inventory quantity is written (see trace_generate.py);
# the partner of a receipt move is only computed when the move goes to a backorder (purchase
# creates the moves of the first receipt with partner_id False, forced, it is the vendor).
VERIFY_SKIP = {("stock.quant", "inventory_quantity_set"), ("stock.move", "partner_id")}


def verify_receipt(env, summary):
    """A purchase order of a generated vendor received through the ORM (2 lots), inspected and
    decided: the scorecard counts of the vendor grow by exactly that. Returns problems."""
    Scorecard = env["qms.supplier.scorecard"]
    company = env.company
    today = datetime.now().date()
    vendor = env["res.partner"].browse(summary["vendor_ids"][0])
    product = env["product.product"].search([("default_code", "=like", PREFIX + "-%")], limit=1)

    def counts():
        rows = Scorecard._qms_fetch_counts(
            company, today - timedelta(days=400), today, partners=vendor, monthly=False
        )
        return rows[0] if rows else {}

    before = counts()
    order = env["purchase.order"].create(
        {
            "partner_id": vendor.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_qty": 30, "price_unit": 1})],
        }
    )
    order.button_confirm()
    move = order.picking_ids.move_ids
    move.move_line_ids.unlink()
    for n, qty in enumerate((18, 12)):
        env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": move.picking_id.id,
                "product_id": product.id,
                "lot_name": "VERIFY-%d" % n,
                "quantity": qty,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
            }
        )
    move.picked = True
    order.picking_ids.button_validate()
    inspections = env["qms.inspection"].search([("move_id", "=", move.id)])
    inspections.line_ids.answer = "pass"
    inspections.action_done()
    after = counts()
    expected = {"lines_received": 1, "lots_received": 2, "lots_inspected": 2, "qty_received": 30}
    grown = {key: float(after.get(key, 0)) - float(before.get(key, 0)) for key in expected}
    ok = len(inspections) == 2 and all(grown[key] == value for key, value in expected.items())
    print(
        "  receipt of 2 lots through the ORM for %s: %d inspections, scorecard counts grew by %s"
        " (%s)" % (vendor.name, len(inspections), grown, "as expected" if ok else "WRONG")
    )
    env.cr.rollback()
    return 0 if ok else 1


def verify_return(env, summary):
    """A generated rejected lot returned to its vendor with Odoo's return wizard (the suite's
    action), the return validated: the lot leaves WH/Stock. Returns problems."""
    inspection = env["qms.inspection"].search(
        [("id", ">=", summary["first_ids"]["qms_inspection"]), ("decision", "=", "reject")],
        limit=1,
    )
    lot = inspection.lot_id
    stock = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    before = lot.with_context(location=stock.lot_stock_id.id).product_qty
    picking = env["stock.picking"].browse(inspection.action_qms_return_to_vendor())
    reserved = picking.move_line_ids.lot_id
    picking.move_ids.picked = True
    picking.button_validate()
    lot.invalidate_recordset()
    after = lot.with_context(location=stock.lot_stock_id.id).product_qty
    ok = reserved == lot and picking.state == "done" and before == inspection.qty and not after
    print(
        "  return of rejected lot %s (%s units) to %s: reserved %s, %s, %s left in stock (%s)"
        % (
            lot.name,
            before,
            inspection.partner_id.name,
            reserved.name,
            picking.state,
            after,
            "as expected" if ok else "WRONG",
        )
    )
    env.cr.rollback()
    return 0 if ok else 1


def verify_consistency(env, summary):
    """Names unique, quants summing to zero per lot, one inspection per received lot."""
    first = summary["first_ids"]
    checks = {
        "duplicate inspection names": (
            "SELECT COUNT(*) - COUNT(DISTINCT name) FROM qms_inspection",
            [],
        ),
        "duplicate lot names per product": (
            "SELECT COUNT(*) - COUNT(DISTINCT (product_id, name)) FROM stock_lot",
            [],
        ),
        "lots whose quants don't add up to zero": (
            """SELECT COUNT(*) FROM (SELECT lot_id FROM stock_quant WHERE lot_id >= %s
                GROUP BY lot_id HAVING SUM(quantity) != 0) q""",
            [first["stock_lot"]],
        ),
        "received lots without exactly one inspection": (
            """SELECT COUNT(*) FROM stock_move_line sml
                WHERE sml.id >= %s AND (SELECT COUNT(*) FROM qms_inspection i
                       WHERE i.move_id = sml.move_id AND i.lot_id = sml.lot_id) != 1""",
            [first["stock_move_line"]],
        ),
    }
    problems = 0
    for label, (query, params) in checks.items():
        env.cr.execute(query, params)
        count = env.cr.fetchone()[0]
        print("  %-46s %d" % (label, count))
        problems += bool(count)
    return problems


def verify(env, summary, sample=60):
    rnd = random.Random(7)
    print("Recomputing stored computed fields of generated records (rolled back):")
    problems = verify_computed_fields(
        env, rnd, sample, VERIFY_MODELS, VERIFY_SKIP, summary["first_ids"]
    )
    problems += verify_consistency(env, summary)
    print("Operations through the ORM on the generated data (rolled back):")
    problems += verify_receipt(env, summary)
    problems += verify_return(env, summary)
    print("verify: %s" % ("%d problem(s)" % problems if problems else "consistent with Odoo"))
    return 1 if problems else 0


# ---------------------------------------------------------------------------------------------


def generate(env, args, timer):
    rnd = random.Random(args.seed)
    tune_for_bulk(env.cr)
    setup = create_setup(env, rnd)
    env.flush_all()
    timer.lap("setup (ORM): %d products, control point" % len(setup["products"]))
    company = setup["company"]
    early, late = company.qms_otd_days_early, company.qms_otd_days_late
    end = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    start = end - timedelta(days=DAYS)
    n_lines = max(100, round(LINES_PER_SCALE * args.scale))
    vendors = plan_vendors(rnd, max(2, round(VENDORS_PER_SCALE * args.scale)))
    orders = plan_orders(rnd, vendors, split_lots(rnd, n_lines), start, end, early, late)
    timer.lap("plan: %d orders" % len(orders))
    writer = ReceiptWriter(env, rnd, setup, vendors, orders, start, end, timer)
    summary = writer.run()
    env.invalidate_all()
    summary.update(
        scale=args.scale,
        seed=args.seed,
        otd_window_days=[early, late],
        control_point_id=setup["point"].id,
        test_id=setup["test"].id,
        product_ids=[info["product"].id for info in setup["products"]],
        vendor_otd_median=round(statistics.median(v["otd"] for v in vendors), 3),
        vendor_reject_median=round(statistics.median(v["reject"] for v in vendors), 4),
    )
    return summary


def main():
    parser = generator_parser(
        __doc__,
        scale_help="1 = 1,000,000 done receipt move lines (lots, inspections) and 1,000 vendors",
        verify_help="check generated data against Odoo's code (stored computed fields "
        "recomputed, names and quants, a receipt through the ORM counted by the scorecard, a "
        "rejected lot returned to its vendor), all rolled back",
    )
    args = parser.parse_args()
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = generation_env(cr)
        status = generated_before(env, args, MARKER, verify)
        if status is not None:
            return status
        if "qms.supplier.scorecard" not in env:
            print("module quality_supplier must be installed", file=sys.stderr)
            return 2
        timer = Timer()
        print(
            "Generating supplier receipts in %s (scale %g, seed %d)"
            % (args.database, args.scale, args.seed),
            flush=True,
        )
        summary = generate(env, args, timer)
        summary["generation_seconds"] = round(timer.total(), 1)
        save_summary(env, MARKER, summary, timer)
    analyze(registry, TABLES, timer)
    print("Generated in %.1f s:" % timer.total())
    for key in (
        "vendors",
        "purchase_orders",
        "purchase_order_lines",
        "receipts",
        "moves",
        "done_move_lines",
        "lots",
        "inspections",
        "inspection_lines",
        "quants",
    ):
        print("  %-22s %10d" % (key.replace("_", " "), summary[key]))
    print(
        "  decisions              %s"
        % ", ".join("%s %d" % item for item in sorted(summary["decisions"].items()))
    )
    print("  period                 %s .. %s" % (summary["first_date"], summary["last_date"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
